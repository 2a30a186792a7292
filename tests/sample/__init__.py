"""Tests of this repository's own site (marker-free): a package, so that its
``conftest.py`` is ``sample.conftest`` and never shadows ``tests/conftest.py``."""
