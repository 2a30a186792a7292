"""Start a new briefing: a site folder with content, settings and a Makefile.

``briefing init DIR --name NAME --url URL --timezone TZ --language LANG``
writes DIR with one example item and an About page under ``content/``, a
``theme/templates/`` folder for the site's own templates, ``pelicanconf.py``
holding only what an editor chooses (each setting commented; Briefing's
engine settings come from the installed package), ``publishconf.py``, a
``Makefile`` with the same targets as Briefing's own, calling the installed
``briefing``, a README and a ``.gitignore``.  Values missing from the command
line are asked for when it runs in a terminal.  Every value is checked
before anything is written; DIR must not exist or be empty.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from string import Template
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import briefing

SKELETON = Path(__file__).resolve().parent.parent / "skeleton"
#: A language tag as in BCP 47, the form DEFAULT_LANG and ``lang`` take: en, pt-BR, zh-Hant.
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
#: Skeleton files whose names change when written.
_RENAMED = {"gitignore": ".gitignore", "pelicanconf.py.in": "pelicanconf.py",
            "publishconf.py.in": "publishconf.py", "Makefile.in": "Makefile"}
#: What is asked for, in order: (option, question).
QUESTIONS = (("name", "Site name"), ("url", "Public address (https://...)"),
             ("timezone", "Time zone (e.g. Europe/Berlin)"), ("language", "Language (e.g. en)"))


class InitError(ValueError):
    """A value the new site cannot be made with, or a folder it must not touch."""


@dataclass(frozen=True)
class Site:
    name: str
    url: str
    timezone: str
    language: str
    description: str
    author: str


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", help="the new site's folder (must not exist, or be empty)")
    parser.add_argument("--name", help="the site's name, e.g. 'The Morning Memo'")
    parser.add_argument("--url", help="the site's public address, e.g. https://memo.example.org")
    parser.add_argument("--timezone", help="the editors' time zone, e.g. Europe/Berlin")
    parser.add_argument("--language", help="the site's language, e.g. en or pt-BR")
    parser.add_argument("--description", default="",
                        help="one line under the name (default: none)")
    parser.add_argument("--author", default="",
                        help="who signs items that name no author (default: the site's name)")


def checked(values: dict) -> Site:
    """A :class:`Site` from the values, or :class:`InitError` naming the bad one."""
    name = (values.get("name") or "").strip()
    if not name or "\n" in name:
        raise InitError(f"--name: the site needs a name on one line (got {name!r})")
    url = (values.get("url") or "").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InitError(f"--url: must be an absolute address starting with https:// or "
                        f"http:// (got {url!r})")
    timezone = (values.get("timezone") or "").strip()
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InitError(f"--timezone: not a known time zone; use a name such as "
                        f"Europe/Berlin or UTC (got {timezone!r})") from None
    language = (values.get("language") or "").strip()
    if not _LANGUAGE.match(language):
        raise InitError(f"--language: must be a language tag such as en or pt-BR "
                        f"(got {language!r})")
    description = (values.get("description") or "").strip()
    author = (values.get("author") or "").strip() or name
    for option, value in (("--description", description), ("--author", author)):
        if "\n" in value:
            raise InitError(f"{option}: must be one line (got {value!r})")
    return Site(name, url, timezone, language, description, author)


def site_id(name: str) -> str:
    """A BRIEFING_SITE_ID from the name: letters and digits joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", name.lower().encode("ascii", "ignore").decode())
    return "-".join(words) or "briefing"


def fill(site: Site) -> dict[str, str]:
    # The example item is yesterday's, so that its edition is closed at once:
    # make newsletter and the editions feed have an edition to show.
    yesterday = dt.datetime.now(ZoneInfo(site.timezone)).date() - dt.timedelta(days=1)
    plain = {"name": site.name, "url": site.url, "description": site.description or site.name,
             "first_date": f"{yesterday:%Y-%m-%d} 09:00",
             "bin": str(Path(sys.executable).parent), "version": briefing.__version__,
             # The name inside a single-quoted shell word in a make recipe.
             "name_echo": site.name.replace("$", "$$").replace("'", "'\\''")}
    quoted = {f"{key}_repr": repr(value) for key, value in {
        "name": site.name, "description": site.description, "url": site.url,
        "timezone": site.timezone, "language": site.language, "author": site.author,
        "site_id": site_id(site.name)}.items()}
    return {**plain, **quoted}


def write_site(folder: Path, site: Site) -> None:
    """Write the site into a new folder beside ``folder``, then move it in place.

    A failure half-way leaves nothing at ``folder``.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitError(f"{folder}: already exists and is not empty; nothing was written "
                        "(choose a new folder)")
    values = fill(site)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for source in sorted(SKELETON.rglob("*")):
            relative = source.relative_to(SKELETON)
            target = staging / relative.parent / _RENAMED.get(source.name, source.name)
            if source.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            text = source.read_text("utf-8")
            if source.suffix in (".in", ".md"):
                text = Template(text).substitute(values)
            target.write_text(text, "utf-8")
        staging.chmod(0o777 & ~_umask())  # mkdtemp's folder is private
        if folder.exists():
            folder.rmdir()  # empty, checked above
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def ask(values: dict) -> dict:
    """Ask for each missing value, when a person is at the terminal."""
    if not sys.stdin.isatty():
        return values
    asked = dict(values)
    for option, question in QUESTIONS:
        if not asked.get(option):
            asked[option] = input(f"{question}: ")
    return asked


def run(args: argparse.Namespace) -> int:
    values = ask({option: getattr(args, option) for option in
                  ("name", "url", "timezone", "language", "description", "author")})
    missing = [f"--{option}" for option, _ in QUESTIONS if not values.get(option)]
    if missing:
        print(f"init: missing {', '.join(missing)} (give them as options, or run "
              "briefing init in a terminal to be asked)", file=sys.stderr)
        return 2
    folder = Path(args.folder)
    try:
        write_site(folder, checked(values))
    except InitError as problem:
        print(f"init: {problem}", file=sys.stderr)
        return 1
    print(f"made {folder}: cd {folder} && make publish (make help lists every command)")
    return 0
