"""Our publish settings, with the build's caches where the benchmark says.

``bench/run.py`` empties that folder before each full build, so a full build
reads and renders everything, and keeps it for the one-item rebuild, as an
editor's machine would.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publishconf import *  # noqa: E402,F403

THEME = str(ROOT / "theme")
CACHE_PATH = os.environ["BRIEFING_BENCH_CACHE"]
