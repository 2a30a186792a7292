"""Search: the shards, the Pagefind bundle, running Pagefind.  Pure:
briefing.pelican.search plans and builds the index during a build.
"""
