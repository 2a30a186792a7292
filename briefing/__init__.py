"""Briefing: a static site generator for curated news briefings, on Pelican."""

__version__ = "0.1.0"
