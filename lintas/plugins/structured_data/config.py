"""The plugin's view of the site settings, read once per build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image


@dataclass(frozen=True)
class ImageRef:
    """One image file of the built site, as metadata describes it."""

    url: str  # absolute
    width: int
    height: int
    mime: str
    length: int | None = None  # bytes, when known
    alt: str = ""


@dataclass(frozen=True)
class SiteFacts:
    site_url: str  # no trailing slash
    site_name: str
    description: str
    publisher_name: str  # the legal publisher (Organization legalName)
    language: str  # BCP 47 / ISO 639-1, e.g. "id"
    og_locale: str  # Open Graph's ll_CC form, e.g. "id_ID"
    timezone: str
    logo: ImageRef
    default_image: ImageRef  # link preview of pages without a photo of their own
    twitter_site: str | None  # "@handle", or None when the portal has none
    same_as: tuple[str, ...]  # the portal's own profiles elsewhere
    home_label: str  # first BreadcrumbList item
    advertorial_label: str
    search_url_template: str | None  # absolute, with {search_term_string}; None: no search
    press_guideline_url: str | None  # absolute URL of the Pedoman Media Siber page


def _theme_asset(settings: dict, relative: str, alt: str, site_url: str) -> ImageRef:
    """A file of ``lintas/theme/static`` as Pelican will publish it, with its real size."""
    source = Path(settings["THEME"]) / "static" / relative
    with Image.open(source) as image:
        width, height = image.size
        mime = Image.MIME.get(image.format or "", "application/octet-stream")
    url = f"{site_url}/{settings['THEME_STATIC_DIR']}/{relative}"
    return ImageRef(url, width, height, mime, source.stat().st_size, alt)


def read_facts(settings: dict, press_guideline_url: str | None = None) -> SiteFacts:
    site_url = settings["SITEURL"].rstrip("/")
    search_url = settings.get("SEARCH_URL")
    search_template = None
    if search_url and "search" in settings.get("DIRECT_TEMPLATES", ()):
        parameter = settings.get("SEARCH_QUERY_PARAMETER", "q")
        search_template = f"{site_url}/{search_url}?{parameter}={{search_term_string}}"
    return SiteFacts(
        site_url=site_url,
        site_name=settings["SITENAME"],
        description=settings.get("SITE_DESCRIPTION", ""),
        publisher_name=settings.get("PUBLISHER_NAME", settings["SITENAME"]),
        language=settings["DEFAULT_LANG"],
        og_locale=settings.get("OG_LOCALE", settings["DEFAULT_LANG"]),
        timezone=settings["TIMEZONE"],
        logo=_theme_asset(
            settings, settings["STRUCTURED_DATA_LOGO"], settings["SITENAME"], site_url
        ),
        default_image=_theme_asset(
            settings, settings["STRUCTURED_DATA_DEFAULT_IMAGE"], settings["SITENAME"], site_url
        ),
        twitter_site=settings.get("TWITTER_SITE") or None,
        same_as=tuple(settings.get("STRUCTURED_DATA_SAME_AS", ())),
        home_label=settings.get("STRUCTURED_DATA_HOME_LABEL", settings["SITENAME"]),
        advertorial_label=settings.get("ADVERTORIAL_LABEL", "Advertorial"),
        search_url_template=search_template,
        press_guideline_url=press_guideline_url,
    )


def absolute(site_url: str, url: str) -> str:
    """``url`` as an absolute URL of the site (Pelican URLs are relative to SITEURL)."""
    if urlsplit(url).scheme:
        return url
    return f"{site_url}/{url.lstrip('/')}"
