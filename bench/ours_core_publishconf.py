"""Our publish settings without the search index and the .gz/.br copies.

What is left is the build the benchmark issue first weighed against plain
Pelican (items with notes, sanitizing, every feed and page): the two
features left out came with later issues and cost a build the most.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ours_nosearch_publishconf import *  # noqa: F403

BRIEFING_PRECOMPRESS = False
