"""JSON-LD images: the lead photo cropped to 16:9, 4:3 and 1:1 (placeholder)."""

from __future__ import annotations

from .config import ImageRef, SiteFacts


class CropMaker:
    def __init__(self, settings: dict, site: SiteFacts):
        self.settings = settings
        self.site = site
        self.prepared = False

    def prepare(self, articles: list) -> None:  # noqa: ARG002
        self.prepared = True

    def crops_for(self, article) -> tuple[ImageRef, ...]:  # noqa: ARG002
        return ()
