"""Briefing: a static site generator for curated news briefings, on Pelican.

Also the one Pelican plugin a site lists: ``PLUGINS = ["briefing"]``.
"""

__version__ = "0.1.0"


def register() -> None:
    """Pelican's plugin entry point: connect the whole pipeline.

    Imported here, not at the top: ``import briefing`` (the command, the
    deploy tools) must not load Pelican.
    """
    from briefing.pelican.pipeline import register as register_pipeline

    register_pipeline()
