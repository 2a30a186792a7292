"""Generate a synthetic briefing archive of N items that follows the contract.

Deterministic for a given N and seed: realistic lengths (5-8 article
paragraphs, 1-3 paragraphs of notes), Zipf-distributed tags over a pool that
grows with the archive, annotations on about half the items, a few items
per day going back from a fixed date.  The text is pseudo-words from a small
syllable table: what matters for the benchmark is volume and shape, not sense.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

SYLLABLES = ("ka", "lo", "ri", "me", "tu", "sa", "no", "vi", "de", "ra", "po", "li", "an",
             "or", "es", "ul", "im", "ta", "ge", "bo")
CATEGORIES = ("Intelligence", "Geopolitics", "Technology", "Economy", "Energy", "Defence",
              "Cybersecurity")
OUTLETS = ("Meridian Ledger", "Northsea Monitor", "Baltic Wire", "Pacific Review",
           "Harbour Gazette", "Example Daily")
FIRST_DAY = dt.datetime(2026, 11, 27, 8, 0)


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4)))


def sentence(rng: random.Random) -> str:
    words = [word(rng) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def tag_pool(count: int, rng: random.Random) -> list[str]:
    return [f"{word(rng).capitalize()} {word(rng)}" for _ in range(count)]


def zipf_tags(rng: random.Random, pool: list[str], weights: list[float]) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < rng.randint(2, 5):
        tag = rng.choices(pool, weights)[0]
        if tag not in chosen:
            chosen.append(tag)
    return chosen


def item(number: int, rng: random.Random, pool: list[str], weights: list[float]) -> str:
    when = FIRST_DAY - dt.timedelta(hours=7 * number + rng.randint(0, 5))
    outlet = rng.choice(OUTLETS)
    article = [paragraph(rng) for _ in range(rng.randint(5, 8))]
    notes = [f"Why it matters: {paragraph(rng)}"] + [paragraph(rng)
                                                    for _ in range(rng.randint(0, 2))]
    annotated = rng.random() < 0.5
    if annotated:
        article[1] += "[^a]"
        notes.append("[^a]: " + sentence(rng))
    header = [
        f"Title: {sentence(rng)[:-1][:90]}",
        f"Date: {when:%Y-%m-%d %H:%M}",
        f"Tags: {', '.join(zipf_tags(rng, pool, weights))}",
        f"Category: {rng.choice(CATEGORIES)}",
        f"Source: {outlet}",
        f"Source_URL: https://{outlet.lower().replace(' ', '-')}.example/{number}/",
    ]
    return "\n".join(header) + "\n\n" + "\n\n".join(article) + "\n\n## Editor's notes\n\n" + \
        "\n\n".join(notes) + "\n"


def generate(count: int, target: Path, seed: int = 2026) -> None:
    rng = random.Random(seed)
    pool = tag_pool(max(50, count // 10), rng)
    weights = [1 / (rank + 1) for rank in range(len(pool))]
    for number in range(count):
        path = target / f"{number // 1000:03d}" / f"item-{number:06d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(item(number, rng, pool, weights), encoding="utf-8")
    about = target / "pages" / "about.md"
    about.parent.mkdir(parents=True, exist_ok=True)
    about.write_text("Title: About\n\nA synthetic archive.\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    generate(args.count, args.target)


if __name__ == "__main__":
    main()
