"""Settings for a public build (``make publish``): pelicanconf plus the differences.

Set SITEURL to the site's public address; ``make publish SITEURL=...``
overrides it for staging builds.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = "http://127.0.0.1:8000"
RELATIVE_URLS = False

# No preview of a draft or scheduled item, anywhere in the output
# (briefing publish turns them off whatever this file says).
BRIEFING_PREVIEWS = False

# For the servers and CDNs the site is deployed to (docs/deploying.md):
# .gz and .br copies of text files, and the _headers file of Netlify and
# Cloudflare Pages.
BRIEFING_PRECOMPRESS = True
BRIEFING_HEADERS_SAVE_AS = "_headers"

# Old addresses of moved and withdrawn pages, for Netlify / Cloudflare Pages
# and for nginx (docs/deploying.md, "Cool addresses").
BRIEFING_REDIRECTS_SAVE_AS = "_redirects"
BRIEFING_NGINX_REDIRECTS_SAVE_AS = "_redirects.map"
