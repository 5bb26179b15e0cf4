"""An article's images for JSON-LD and link previews, as the photos plugin made them.

Image rendering has one home, ``lintas/plugins/photos``. For an article with a photo it
sets, after reading and before any page is written:

- ``lead_photo``: the Cover (else the first photo), with its ``alt``;
- ``social_image``: the 1200x630 link-preview crop (PHOTOS_SOCIAL_SIZE);
- ``photo_crops``: more crops of the lead photo (PHOTOS_CROP_SIZES: Google's
  16:9, 4:3 and 1:1 for JSON-LD, widest first),

all cropped around the article's ``Focus``, published under ``/media/`` and
described by ``src``, ``width``, ``height``, ``mime`` and ``length``. This
module only turns them into ``ImageRef``; an article without a photo gets the
site's default preview image.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import ImageRef, SiteFacts, absolute


@dataclass(frozen=True)
class ArticleImages:
    social: ImageRef  # og:image / twitter:image
    structured: tuple[ImageRef, ...]  # JSON-LD "image"; empty: none


def image_ref(image, site: SiteFacts, alt: str = "") -> ImageRef:
    """One file published by the photos plugin (``ImageFile``) as an ``ImageRef``."""
    return ImageRef(
        url=absolute(site.site_url, image.src),
        width=int(image.width),
        height=int(image.height),
        mime=image.mime,
        length=image.length or None,  # 0: not rendered (yet)
        alt=alt,
    )


def article_images(article, site: SiteFacts) -> ArticleImages:
    """The preview image and the JSON-LD images of one article."""
    lead = getattr(article, "lead_photo", None)
    social = getattr(article, "social_image", None)
    if not social:
        return ArticleImages(site.default_image, ())
    # A Cover not in the body has no alt of its own: the headline stands in.
    alt = (lead.alt if lead else "") or article.title
    social_ref = image_ref(social, site, alt)
    crops = tuple(image_ref(crop, site) for crop in getattr(article, "photo_crops", ()))
    # No crops configured (PHOTOS_CROP_SIZES empty): the preview is still the story's photo.
    return ArticleImages(social_ref, crops or (social_ref,))
