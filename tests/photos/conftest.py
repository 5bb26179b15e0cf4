"""Fixtures for the rendition-engine tests (plugins/photos, no Pelican involved)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
# Makes photo_samples importable under any pytest import mode.
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from lintas.plugins.photos.renditions import RenditionConfig  # noqa: E402

# Small widths keep every test image small and the module fast.
SMALL_WIDTHS = (100, 200)


@pytest.fixture
def config() -> RenditionConfig:
    return RenditionConfig(widths=SMALL_WIDTHS)


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture(autouse=True)
def messages_in_english():
    """The photos tests read their messages in English (the msgids); the
    Indonesian renderings are tested in tests/newsroom/test_messages.py."""
    from lintas.core import messages

    messages.set_language("en")
    yield
    messages.set_language(messages.DEFAULT_LANGUAGE)
