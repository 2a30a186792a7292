"""The content model: the contract, Markdown rendering and the editor's-notes
extension, sanitizing, tag spelling, limits, editions' rules.  No Pelican here.
"""
