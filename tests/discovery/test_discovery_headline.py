"""Headline length: a title over Google's 110 characters is a `path:line`
warning naming the limit (the story still goes out), and `SEO-Title:` gives
search engines and link previews a shorter headline while the page keeps Title."""

from __future__ import annotations

from pathlib import Path

import pytest
from discovery_support import json_ld, meta, of_type, parse
from sitebuild import ROOT, run_build, write_settings

from lintas.core.frontmatter import parse_front_matter
from lintas.core.problems import errors
from lintas.core.schema import HEADLINE_MAX_CHARS, normalise
from lintas.settings import read_settings  # the engine's: reporters and sections as content

# 126 characters, like the production title that prompted the rule.
LONG_TITLE = (
    "Pemerintah Kota Kotamobagu dan Pemerintah Kabupaten Bolaang Mongondow Sepakati "
    "Kerja Sama Pengelolaan Air Bersih Lintas Daerah"
)
SHORT_HEADLINE = "Kotamobagu dan Bolmong Sepakati Kerja Sama Air Bersih"
STORY = """Title: {title}
{extra}Date: 2016-09-05 09:00
Category: Pemerintahan
Author: Sitti Paputungan
Summary: Dua daerah berbagi sumber air.

Kedua pemerintah daerah menandatangani kesepakatan pengelolaan air bersih.
"""


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("headline-settings")
    return read_settings(str(write_settings(folder, ROOT / "content")))


def check(settings: dict, text: str) -> tuple[dict, list]:
    source = ROOT / "content" / "articles" / "uji" / "index.md"
    front = parse_front_matter(text)
    return normalise(front, source, "uji/index.md", "article", settings)


def test_the_long_title_really_is_over_the_limit():
    assert len(LONG_TITLE) == 126 > HEADLINE_MAX_CHARS == 110


def test_a_long_title_is_a_warning_on_its_line_naming_the_limit(settings):
    meta_, problems = check(settings, STORY.format(title=LONG_TITLE, extra=""))
    assert meta_["title"] == LONG_TITLE
    (warning,) = problems
    assert warning.is_warning
    assert not errors(problems)
    text = warning.render("en")
    assert text.startswith("uji/index.md:1: warning: ")
    assert "126 characters" in text and "110" in text
    assert "SEO-Title" in text


def test_a_title_of_110_characters_is_fine(settings):
    title = ("Kotamobagu " * 11)[:110]
    assert len(title) == 110
    _meta, problems = check(settings, STORY.format(title=title, extra=""))
    assert problems == []


def test_seo_title_silences_the_warning_and_is_kept(settings):
    meta_, problems = check(
        settings, STORY.format(title=LONG_TITLE, extra=f"SEO-Title: {SHORT_HEADLINE}\n")
    )
    assert problems == []
    assert meta_["title"] == LONG_TITLE
    assert meta_["seo_title"] == SHORT_HEADLINE


def test_a_long_seo_title_is_warned_about_on_its_own_line(settings):
    _meta, problems = check(
        settings, STORY.format(title="Pendek", extra=f"SEO-Title: {LONG_TITLE}\n")
    )
    (warning,) = problems
    assert warning.is_warning and warning.line == 2
    assert "SEO-Title is 126 characters" in warning.render("en")
    assert "SEO-Title 126 karakter" in warning.render("id")


def test_a_misspelt_seo_title_is_still_an_error(settings):
    _meta, problems = check(settings, STORY.format(title="Pendek", extra="SEO-Titel: Pendek\n"))
    assert errors(problems)
    assert "did you mean 'SEO-Title'?" in problems[0].render("en")


@pytest.fixture(scope="module")
def headline_site(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("headline")
    content = folder / "content"
    stories = {
        "judul-panjang": STORY.format(title=LONG_TITLE, extra=""),
        "judul-seo": STORY.format(title=LONG_TITLE, extra=f"SEO-Title: {SHORT_HEADLINE}\n"),
    }
    for slug, text in stories.items():
        bundle = content / "articles" / slug
        bundle.mkdir(parents=True)
        (bundle / "index.md").write_text(text, encoding="utf-8")
    (content / "pages").mkdir()
    # Strict, as a publish build: a warning must not refuse the build.
    settings = write_settings(
        folder,
        content,
        SEARCH_INDEX_ENABLED=False,
        NEWSROOM_STRICT=True,
        MESSAGES_LANGUAGE="en",  # the log is read in English
    )
    result = run_build(settings, folder / "output")
    assert result.returncode == 0, result.log
    return result.output, result.log


def _head(output: Path, slug: str) -> tuple[str, dict, dict]:
    doc = parse(output / "2016" / "09" / slug / "index.html")
    (article,) = of_type(json_ld(doc), "NewsArticle")
    return doc.xpath("string(//h1)").strip(), article, meta(doc)


def test_a_strict_build_publishes_the_long_title_and_logs_the_warning(headline_site):
    output, log = headline_site
    h1, article, _tags = _head(output, "judul-panjang")
    assert h1 == LONG_TITLE
    assert article["headline"] == LONG_TITLE
    assert "judul-panjang/index.md:1: warning: the title is 126 characters" in log
    assert "judul-seo/index.md" not in log


def test_seo_title_is_the_headline_of_json_ld_og_and_twitter(headline_site):
    output, _log = headline_site
    h1, article, tags = _head(output, "judul-seo")
    assert h1 == LONG_TITLE  # the page shows the full title
    assert article["headline"] == SHORT_HEADLINE
    assert tags["og:title"] == [SHORT_HEADLINE]
    assert tags["twitter:title"] == [SHORT_HEADLINE]
