"""The package list: Briefing's modules, and the default theme as ``briefing.theme``.

The theme's source is the top-level ``theme/`` folder (``[tool.setuptools.package-dir]``
in pyproject.toml maps it); it holds no Python, so ``find_packages`` would not
list it.  Everything else is configured in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["briefing", "briefing.*"]), "briefing.theme"])
