"""Plain Pelican 4.12 as the benchmark's baseline: default theme, its own feeds.

The same content as ours, read by Pelican's own Markdown reader and written
with its ``notmyidea`` theme, with the site feed, category feeds and per-tag
RSS feeds on, as the benchmark issue asks.
"""

SITENAME = "Plain Pelican"
SITEURL = "http://127.0.0.1:8000"
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "en"
ARTICLE_EXCLUDES = ["pages"]
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag-{slug}.rss.xml"
