"""The newsroom plugin reads the core's settings (``lintas.core.settings``);
here it derives Pelican's draft addresses from them."""

from __future__ import annotations

SETTINGS = ()

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
