"""Our publish settings without the search index, to show what Pagefind costs."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ours_publishconf import *  # noqa: F403

BRIEFING_SEARCH = False
