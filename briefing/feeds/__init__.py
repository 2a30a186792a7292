"""Feeds: entries, entry HTML, the formats (Atom, RSS, JSON Feed) and the
feedgen extension.  Pure: briefing.pelican.feeds writes them.
"""
