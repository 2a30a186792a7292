"""A site lists one plugin; every module of its pipeline registers (Pelican only logs failures)."""

from __future__ import annotations

import pytest
from blinker import Signal
from conftest import PELICANCONF, ROOT
from pelican import Pelican, signals
from pelican.settings import read_settings

from briefing.pelican.pipeline import PIPELINE


def configured_plugins() -> list[str]:
    return read_settings(PELICANCONF)["PLUGINS"]


def connected() -> list[tuple[Signal, object]]:
    """Every receiver connected to any of Pelican's signals, with its signal."""
    pairs = ((signal, receiver()) for name in dir(signals)
             if isinstance(signal := getattr(signals, name), Signal)
             for receiver in list(signal.receivers.values()))
    return [(signal, receiver) for signal, receiver in pairs if receiver is not None]


def test_a_site_lists_one_plugin():
    assert configured_plugins() == ["briefing"]


def test_pipeline_lists_every_plugin_module_once():
    """A plugin module left out of the pipeline would silently never run."""
    folder = ROOT / "briefing" / "pelican"
    modules = {f"briefing.pelican.{path.stem}" for path in folder.glob("*.py")
               if "\ndef register(" in path.read_text("utf-8")}
    assert len(PIPELINE) == len(set(PIPELINE))
    assert modules - {"briefing.pelican.pipeline"} == set(PIPELINE)


@pytest.mark.parametrize("name", PIPELINE)
def test_every_plugin_registered(name, tmp_path):
    settings = read_settings(PELICANCONF,
                             override={"OUTPUT_PATH": str(tmp_path)})
    for signal, receiver in connected():  # earlier builds' receivers stay connected
        if receiver.__module__.startswith("briefing."):
            signal.disconnect(receiver)
    site = Pelican(settings)
    assert "briefing" in {plugin.__name__ for plugin in site.plugins}
    assert name in {receiver.__module__ for _signal, receiver in connected()}


def test_pelican_feed_writer_is_off():
    settings = read_settings(PELICANCONF)
    for key in ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM",
                "CATEGORY_FEED_RSS", "TAG_FEED_ATOM", "TAG_FEED_RSS", "AUTHOR_FEED_ATOM",
                "AUTHOR_FEED_RSS", "TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS"):
        assert not settings.get(key), key
