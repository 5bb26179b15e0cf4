"""Live preview settings; only ``lintas serve`` turns the plugin on."""

from __future__ import annotations

from lintas.core.config import setting

SETTINGS = (
    setting("LIVE_PREVIEW", False, bool, doc="set by the preview server for its own builds"),
    setting(
        "LIVE_PREVIEW_DIR",
        "_pratinjau",
        str,
        doc="output folder of the reload script, banner styles, status and 404",
    ),
    setting(
        "LIVE_PREVIEW_DESK",
        "meja",
        str,
        doc="folder of the desk page (drafts, embargoes, held back) under LIVE_PREVIEW_DIR",
    ),
    setting("LIVE_PREVIEW_POLL_MS", 1000, int, doc="how often an open page asks for a newer build"),
)
