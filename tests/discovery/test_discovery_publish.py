"""Link previews as WhatsApp and Google see the public site: the sample built
once with publishconf.py (strict: any content problem fails the build)."""

from __future__ import annotations

import json

import pytest
from discovery_support import (
    SEED_PAGE,
    article_pages,
    canonical_links,
    html_pages,
    json_ld,
    local_file,
    meta,
    of_type,
    parse,
    root_conftest,
)
from PIL import Image

PUBLIC_SITE = "https://totabuan.lintas.example"
PREVIEW_SIZE = (1200, 630)
PREVIEW_MAX_BYTES = 300 * 1000  # WhatsApp drops previews above ~300 KB
RATIOS = {(16, 9), (4, 3), (1, 1)}


@pytest.fixture(scope="module")
def publish_output(tmp_path_factory):
    conftest = root_conftest()
    folder = tmp_path_factory.mktemp("publish")
    result = conftest.run_build(
        conftest.ROOT / "publishconf.py",
        folder / "output",
        extra_env={"LINTAS_SITEURL": PUBLIC_SITE},
    )
    assert result.returncode == 0, result.log
    return result.output


def _image_file(output, url):
    assert url.startswith(PUBLIC_SITE + "/"), f"not an absolute https URL of the site: {url}"
    path = local_file(output, url, PUBLIC_SITE)
    assert path.is_file(), url
    return path


def test_every_article_preview_is_a_small_1200x630_jpeg_at_an_https_url(publish_output):
    pages = article_pages(publish_output)
    assert len(pages) >= 10
    for page in pages:
        tags = meta(parse(page))
        (url,) = tags["og:image"]
        assert tags["og:image:secure_url"] == [url]
        assert tags["twitter:image"] == [url]
        path = _image_file(publish_output, url)
        assert path.stat().st_size <= PREVIEW_MAX_BYTES, (url, path.stat().st_size)
        with Image.open(path) as image:
            assert image.format == "JPEG", url
            assert image.size == PREVIEW_SIZE, url
        assert tags["og:image:type"] == ["image/jpeg"]
        assert (int(tags["og:image:width"][0]), int(tags["og:image:height"][0])) == PREVIEW_SIZE


def test_a_story_with_photos_previews_its_own_photo(publish_output):
    tags = meta(parse(publish_output / SEED_PAGE))
    (url,) = tags["og:image"]
    assert "/theme/img/" not in url, "the seed story has photos: its preview must be one"


def test_json_ld_offers_the_lead_photo_in_16_9_4_3_and_1_1(publish_output):
    (article,) = of_type(json_ld(parse(publish_output / SEED_PAGE)), "AdvertiserContentArticle")
    images = article["image"]
    ratios = set()
    for image in images:
        assert image["@type"] == "ImageObject"
        path = _image_file(publish_output, image["url"])
        with Image.open(path) as file:
            assert file.size == (image["width"], image["height"]), image["url"]
            assert file.format == "JPEG"
        assert image["width"] * image["height"] >= 50_000  # Google's minimum
        for ratio in RATIOS:
            if image["width"] * ratio[1] == image["height"] * ratio[0]:
                ratios.add(ratio)
    assert ratios == RATIOS
    assert len(images) == len(RATIOS)


def test_every_machine_readable_url_is_absolute_https(publish_output):
    for page in html_pages(publish_output):
        doc = parse(page)
        for link in canonical_links(doc):
            assert link.startswith(PUBLIC_SITE + "/"), page
        for key, values in meta(doc).items():
            if key in ("og:url", "og:image", "twitter:image", "article:author"):
                assert all(v.startswith("https://") for v in values), (page, key, values)
        text = json.dumps(json_ld(doc))
        assert "http://" not in text, page


def test_publish_build_has_the_search_index(publish_output):
    entry = json.loads((publish_output / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["id"]["page_count"] == len(article_pages(publish_output))
