"""Period archives in one pass: what Pelican's own grouping gives, item for item."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from conftest import FIXTURES, build_site
from pelican.generators import ArticlesGenerator

from briefing.pelican.period_archives import build_period_archives

BERLIN = ZoneInfo("Europe/Berlin")


class Item(SimpleNamespace):
    """An item as the archives see it; equal only to itself, as Pelican's are."""

    __eq__ = object.__eq__
    __hash__ = object.__hash__


def archive_settings(*granularities: str) -> dict:
    settings = {}
    for granularity in ("year", "month", "day"):
        wanted = granularity in granularities
        settings[f"{granularity.upper()}_ARCHIVE_SAVE_AS"] = \
            f"{granularity}/{{date:%Y-%m-%d}}/index.html" if wanted else ""
        settings[f"{granularity.upper()}_ARCHIVE_URL"] = \
            f"{granularity}/{{date:%Y-%m-%d}}/" if wanted else ""
    return settings


def items() -> list[Item]:
    """Items every 29 hours over three years, in a site order that is not date order."""
    start = dt.datetime(2024, 1, 1, 0, 30, tzinfo=BERLIN)
    made = [Item(date=start + dt.timedelta(hours=29 * number), number=number)
            for number in range(1000)]
    return sorted(made, key=lambda item: (item.number % 7, item.number))


@pytest.mark.parametrize("newest_first", [True, False])
@pytest.mark.parametrize("granularities", [("month",), ("year", "month", "day"), ()])
def test_the_same_archives_as_pelicans_own(granularities, newest_first):
    articles = items()
    dates = sorted(articles, key=lambda item: item.date, reverse=newest_first)
    settings = archive_settings(*granularities)
    theirs = ArticlesGenerator._build_period_archives(None, dates, articles, settings)
    ours = build_period_archives(dates, articles, settings)
    assert list(ours) == list(theirs) == list(granularities)
    for granularity in granularities:
        assert ours[granularity] == theirs[granularity]
        for mine, pelicans in zip(ours[granularity], theirs[granularity], strict=True):
            assert [id(item) for item in mine["articles"]] == \
                [id(item) for item in pelicans["articles"]]


def test_a_build_makes_its_month_archives_without_pelicans_grouping(tmp_path, monkeypatch):
    def quadratic(*_args):
        raise AssertionError("Pelican's own period archives were built")

    monkeypatch.setattr(ArticlesGenerator, "_build_period_archives", quadratic)
    site = build_site(FIXTURES / "model", tmp_path / "output")
    assert site.report.ok, site.report.errors
    assert list((tmp_path / "output").glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html"))
