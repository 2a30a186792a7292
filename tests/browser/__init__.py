"""Browser and checker tests (marker ``browser``): a package, so that its
``conftest.py`` is ``browser.conftest`` and never shadows ``tests/conftest.py``,
which the other test modules import as ``conftest``."""
