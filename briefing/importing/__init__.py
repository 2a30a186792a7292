"""Turning a pasted article or a web page into an item: where the text comes
from, the page's article and metadata, the boilerplate rules and cleaning.
"""
