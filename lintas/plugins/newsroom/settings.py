"""The newsroom plugin reads the core's settings (``lintas.core.settings``);
here it declares where withdrawn stories are listed for the web server, and
derives Pelican's draft addresses."""

from __future__ import annotations

from lintas.core.config import setting

SETTINGS = (
    setting(
        "NEWSROOM_WITHDRAWN_DIR",
        "_withdrawn",
        str,
        doc="output folder of the withdrawn stories' nginx map (410) and list"
        " (deploy/nginx.conf includes it)",
    ),
)

# Pelican writes drafts to DRAFT_SAVE_AS; the engine sets it to "" (never written).
_DRAFT_ADDRESSES = {
    "DRAFT_URL": "ARTICLE_URL",
    "DRAFT_SAVE_AS": "ARTICLE_SAVE_AS",
    "DRAFT_PAGE_URL": "PAGE_URL",
    "DRAFT_PAGE_SAVE_AS": "PAGE_SAVE_AS",
}


class PreviewInStrictBuild(ValueError):
    pass


def assemble(settings: dict) -> None:
    """A preview build (``NEWSROOM_PREVIEW``, set by ``lintas serve`` only)
    writes drafts and embargoed stories at the address they will have once
    released, so the reporter sees the real page. A strict (publish) build
    refuses the setting: nothing unreleased may reach a published site."""
    if not settings.get("NEWSROOM_PREVIEW"):
        return
    if settings.get("NEWSROOM_STRICT"):
        raise PreviewInStrictBuild(
            "NEWSROOM_PREVIEW = True in a strict (publish) build: drafts and embargoed "
            "stories would be published; only `lintas serve` sets it"
        )
    for draft, published in _DRAFT_ADDRESSES.items():
        settings[draft] = settings[published]
