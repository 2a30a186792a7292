"""Our development settings (``make devserver``), with the build's caches where the
benchmark says (``bench/preview.py``)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pelicanconf import *  # noqa: E402,F403

THEME = str(ROOT / "theme")
CACHE_PATH = os.environ["BRIEFING_BENCH_CACHE"]
