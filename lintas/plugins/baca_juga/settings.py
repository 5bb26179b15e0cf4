"""The baca_juga plugin has no settings; it contributes its Markdown extension."""

from __future__ import annotations

SETTINGS = ()


def markdown_extensions(settings: dict) -> dict[str, dict]:  # noqa: ARG001 - the hook's signature
    return {"lintas.plugins.baca_juga.markdown": {}}
