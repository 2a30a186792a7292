"""An edition's running order, its lead, and when it is complete (closed).

Running order.  Editors set it with two item fields: ``Lead: yes`` marks the
edition's lead story, which opens the edition whatever its ``Order``;
``Order: N`` places an item.  After the lead come the items with an Order,
smallest first, then those without one in time order (Date, then file
path), which is the whole order of an edition nobody arranged.  Two leads,
or two items with the same Order, in one edition are errors
(:func:`clashes`): the order would otherwise depend on a tie.

Closing.  The site shows an edition as it grows, but the editions feed and
the e-mail edition carry only a complete one, so that no subscriber is sent
half a day.  An edition is closed:

1. when its note (``content/editions/YYYY-MM-DD.md``) says ``Closed: yes``
   (and held open, whatever the clock says, while it says ``Closed: no``);
2. else from ``BRIEFING_EDITION_CLOSES`` (``"HH:MM"``) on its day, on the
   site's clock (``TIMEZONE``);
3. else once its day has ended on the site's clock (midnight after it).

Nothing here reads the clock by itself: callers pass ``now``
(:func:`site_now`), so the rules are pure and tests set the time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

#: The form of ``BRIEFING_EDITION_CLOSES``: a time of day, 24-hour clock.
_CLOCK_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def site_now(timezone: str) -> dt.datetime:
    """The present moment on the site's clock."""
    return dt.datetime.now(ZoneInfo(timezone))


def parse_closing_time(value: object) -> dt.time | None:
    """``"18:00"`` as a time; None for a value that is not ``HH:MM``."""
    match = _CLOCK_TIME.match(value) if isinstance(value, str) else None
    return dt.time(int(match[1]), int(match[2])) if match else None


def running_order(items) -> list:
    """``items`` of one edition in the editors' running order (module docstring)."""
    return sorted(items, key=lambda item: (
        not getattr(item, "lead", False),
        getattr(item, "order", None) is None,
        getattr(item, "order", None) or 0,
        item.date,
        item.relative_source_path,
    ))


def clashes(items) -> list[tuple[str, object, object]]:
    """``(field, first, second)`` for each item that repeats a lead or an Order.

    ``items`` are in running order, so ``first`` is the item that keeps its
    place and ``second`` the one reported; a third item with the same Order
    is reported against the first as well.
    """
    found = []
    lead = None
    orders: dict[int, object] = {}
    for item in items:
        if getattr(item, "lead", False):
            if lead is None:
                lead = item
            else:
                found.append(("lead", lead, item))
        order = getattr(item, "order", None)
        if order is not None:
            if order in orders:
                found.append(("order", orders[order], item))
            else:
                orders[order] = item
    return found


@dataclass(frozen=True)
class Closing:
    """Whether an edition is closed, and what decided it, in words for ``make check``."""

    closed: bool
    closes_at: dt.datetime | None  # by the clock; None when the note's mark decides
    reason: str


#: A closed edition with nothing to say about why: an edition built by hand.
CLOSED = Closing(True, None, "")


def closing(day: dt.date, mark: bool | None, closes: dt.time | None, timezone: str,
            now: dt.datetime) -> Closing:
    """Whether the edition of ``day`` is closed at ``now`` (module docstring).

    ``mark`` is its note's ``Closed`` (None without one); ``closes`` the
    ``BRIEFING_EDITION_CLOSES`` setting, read with :func:`parse_closing_time`.
    """
    if mark is not None:
        said = "yes" if mark else "no"
        return Closing(mark, None, f"its note says Closed: {said}")
    zone = ZoneInfo(timezone)
    if closes is not None:
        moment = dt.datetime.combine(day, closes, tzinfo=zone)
        reason = f"BRIEFING_EDITION_CLOSES is {closes:%H:%M} on the site's clock ({timezone})"
    else:
        moment = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        reason = f"its day ends at midnight on the site's clock ({timezone})"
    return Closing(now >= moment, moment, reason)


def open_notice(day: dt.date, state: Closing) -> str:
    """The line ``make check`` prints about an open edition."""
    when = f"; it closes at {state.closes_at:%Y-%m-%d %H:%M}" if state.closes_at else ""
    return (f"edition {day.isoformat()} is open ({state.reason}{when}): the editions feed "
            "and the e-mail edition leave it out until it closes")
