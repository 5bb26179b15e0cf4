"""Two outputs on one path is an error (lintas/core/outputs.py).

A tiny portal (two sample stories, one page) gets a page whose output file is
one the site makes itself — one case per kind of generated page — and is
built twice: a preview build warns with the page's `path:line` and leaves the
page out (the generated page keeps its bytes); a publish build holds the page
back and publishes the rest (exit 3). Generated pages colliding among themselves refuse any build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitebuild import ROOT, run_build, write_settings

from lintas.core.messages import msg
from lintas.core.outputs import Claim, OutputCollision, Reserved, check_reserved, plan

# The builds' logs are read in English; the Indonesian is checked once, below.
ENGLISH = {"MESSAGES_LANGUAGE": "en"}

STORIES = (
    "2016/09/pemkot-kotamobagu-bahas-persiapan-provinsi-bmr",  # Pemerintahan, Rahmat
    "2016/09/rsud-kotamobagu-buka-layanan-hemodialisis",  # Kesehatan, Yusuf, Kotamobagu
)

# (case, page slug, settings overrides, the generated file it collides with, its name)
CASES = [
    ("search", "cari", {}, "cari/index.html", "'search' page"),
    ("feeds page", "feeds", {}, "feeds/index.html", "'feeds' page"),
    ("archive", "arsip", {}, "arsip/index.html", "'archives' page"),
    ("section list", "kategori", {}, "kategori/index.html", "'categories' page"),
    ("tag list", "topik", {}, "topik/index.html", "'tags' page"),
    ("author list", "penulis", {}, "penulis/index.html", "'authors' page"),
    ("region list", "wilayah", {}, "wilayah/index.html", "list of regions"),
    (
        "section page",
        "kesehatan",
        {"PAGE_SAVE_AS": "kategori/{slug}/index.html", "PAGE_URL": "kategori/{slug}/"},
        "kategori/kesehatan/index.html",
        "category page of 'Kesehatan'",
    ),
    (
        "tag page",
        "dprd",
        {"PAGE_SAVE_AS": "topik/{slug}/index.html", "PAGE_URL": "topik/{slug}/"},
        "topik/dprd/index.html",
        "tag page of 'dprd'",
    ),
    (
        "author page",
        "yusuf-mamonto",
        {"PAGE_SAVE_AS": "penulis/{slug}/index.html", "PAGE_URL": "penulis/{slug}/"},
        "penulis/yusuf-mamonto/index.html",
        "author page of 'Yusuf Mamonto'",
    ),
    (
        "region page",
        "kotamobagu",
        {"PAGE_SAVE_AS": "wilayah/{slug}/index.html", "PAGE_URL": "wilayah/{slug}/"},
        "wilayah/kotamobagu/index.html",
        "region page of 'Kotamobagu'",
    ),
    (
        "month archive",
        "09",
        {"PAGE_SAVE_AS": "arsip/2016/{slug}/index.html", "PAGE_URL": "arsip/2016/{slug}/"},
        "arsip/2016/09/index.html",
        "archive of 2016-09",
    ),
    (
        "sitemap",
        "sitemap",
        {"PAGE_SAVE_AS": "{slug}.xml", "PAGE_URL": "{slug}.xml"},
        "sitemap.xml",
        "the sitemap",
    ),
    (
        "robots.txt",
        "robots",
        {"PAGE_SAVE_AS": "{slug}.txt", "PAGE_URL": "{slug}.txt"},
        "robots.txt",
        "robots.txt",
    ),
    ("404", "404", {"PAGE_SAVE_AS": "{slug}.html", "PAGE_URL": "{slug}.html"}, "404.html", "'404'"),
    ("a feed folder", "feed", {}, "feed/rss.xml", "feeds of"),
    ("older home pages", "halaman", {}, None, "'index' page (older pages)"),
    ("the search index", "pagefind", {}, None, "the search index"),
    ("the photo renditions", "media", {}, None, "the photo renditions"),
]


def make_portal(folder: Path, slug: str) -> Path:
    content = folder / "content"
    for story in STORIES:
        shutil.copytree(ROOT / "content" / "articles" / story, content / "articles" / story)
    pages = content / "pages"
    pages.mkdir(parents=True)
    shutil.copy(ROOT / "content" / "pages" / "pedoman-media-siber.md", pages)
    (pages / "tabrakan.md").write_text(
        f"Title: Halaman yang bertabrakan\nSlug: {slug}\n\nIsi halaman ZQXCOLLIDE.\n",
        encoding="utf-8",
    )
    return content


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_a_page_on_a_generated_path_is_a_problem_never_an_overwrite(tmp_path, case):
    _name, slug, overrides, generated, owner = case
    content = make_portal(tmp_path, slug)
    preview = run_build(
        write_settings(tmp_path, content, **ENGLISH, **overrides), tmp_path / "preview"
    )
    assert preview.returncode == 0, preview.log
    # One line, with the file and the line of its Slug: header, and what to do.
    lines = [line for line in preview.log.splitlines() if "tabrakan.md" in line]
    assert len(lines) == 1, preview.log
    assert "pages/tabrakan.md:2: this page would be written to" in lines[0]
    assert owner in lines[0] and "another 'Slug:'" in lines[0]
    # The generated file was written and is not the page.
    output = preview.output
    if generated:
        assert (output / generated).is_file()
    assert not any(
        "ZQXCOLLIDE" in p.read_text(encoding="utf-8", errors="replace")
        for p in output.rglob("*")
        if p.is_file() and p.suffix in {".html", ".xml", ".txt", ".json"}
    )

    # A publish holds the page back and publishes the rest (exit 3: "published,
    # some held back"); the generated file is the site's own.
    strict = run_build(
        write_settings(tmp_path, content, **ENGLISH, base="publishconf", **overrides),
        tmp_path / "publish",
    )
    assert strict.returncode == 3, strict.log
    assert "pages/tabrakan.md:2: this page would be written to" in strict.log
    published = tmp_path / "publish"
    assert (published / "index.html").is_file()
    if generated:
        assert (published / generated).is_file()
    assert not any(
        "ZQXCOLLIDE" in p.read_text(encoding="utf-8", errors="replace")
        for p in published.rglob("*")
        if p.is_file() and p.suffix in {".html", ".xml", ".txt", ".json"}
    )


def test_without_the_page_the_site_builds_and_the_check_can_fail(tmp_path):
    """The control: the same portal with a harmless slug publishes."""
    content = make_portal(tmp_path, "halaman-biasa")
    result = run_build(
        write_settings(tmp_path, content, **ENGLISH, base="publishconf"), tmp_path / "out"
    )
    assert result.returncode == 0, result.log
    page = tmp_path / "out" / "halaman-biasa" / "index.html"
    assert "ZQXCOLLIDE" in page.read_text(encoding="utf-8")


def test_a_page_on_a_story_path_loses_to_the_story(tmp_path):
    story = STORIES[1]
    content = make_portal(tmp_path, story.rsplit("/", 1)[1])
    settings = write_settings(
        tmp_path,
        content,
        **ENGLISH,
        PAGE_SAVE_AS="2016/09/{slug}/index.html",
        PAGE_URL="2016/09/{slug}/",
    )
    result = run_build(settings, tmp_path / "out")
    assert result.returncode == 0, result.log
    assert f"which is already content/articles/{story}/index.md" in result.log.replace(
        str(content), "content"
    )
    page = tmp_path / "out" / story.removeprefix("2016/09/").join(["2016/09/", "/index.html"])
    assert "ZQXCOLLIDE" not in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "overrides",
    [
        # A tag and a section with one slug, under one URL pattern.
        {"TAG_SAVE_AS": "kategori/{slug}/index.html", "TAG_URL": "kategori/{slug}/"},
        # Two of the site's own pages on one file.
        {"SEARCH_SAVE_AS": "feeds/index.html"},
    ],
    ids=["tag-on-section", "search-on-feeds"],
)
def test_generated_pages_on_one_path_refuse_the_whole_build(tmp_path, overrides):
    content = make_portal(tmp_path, "halaman-biasa")
    (content / "articles" / STORIES[1] / "index.md").write_text(
        (content / "articles" / STORIES[1] / "index.md")
        .read_text(encoding="utf-8")
        .replace("Tags: kesehatan,", "Tags: pemerintahan, kesehatan,"),
        encoding="utf-8",
    )
    result = run_build(write_settings(tmp_path, content, **ENGLISH, **overrides), tmp_path / "out")
    assert result.returncode == 1, result.log
    assert "two of the site's own pages would be written to one file" in result.log
    assert "Traceback" not in result.log
    assert not (tmp_path / "out").exists()


def test_the_problem_and_the_refusal_are_in_both_languages():
    """What an editor reads by default (Indonesian), and the same in English."""
    search = Reserved("cari/index.html", msg("the site's '%(name)s' page", name="search"))
    claim = Claim("cari/index.html", "content/pages/tabrakan.md", 2, "page")
    (problem,) = plan([claim], check_reserved([search])).values()
    assert problem.render("id") == (
        "content/pages/tabrakan.md:2: halaman ini akan ditulis ke cari/index.html, padahal itu "
        "halaman 'search' situs — beri 'Slug:' lain agar punya alamat sendiri"
    )
    assert problem.render("en") == (
        "content/pages/tabrakan.md:2: this page would be written to cari/index.html, which is "
        "the site's 'search' page — give it another 'Slug:' so that it gets a URL of its own"
    )
    feeds = Reserved("cari/index.html", msg("the feeds of the whole site"))
    with pytest.raises(OutputCollision) as refused:
        check_reserved([search, feeds])
    assert refused.value.render("id").splitlines() == [
        "dua halaman bawaan situs akan ditulis ke satu berkas yang sama — ubah pengaturan URL "
        "agar masing-masing punya berkas sendiri:",
        "  cari/index.html: halaman 'search' situs dan feed seluruh situs",
    ]
    assert "cari/index.html: the site's 'search' page and the feeds of the whole site" in (
        refused.value.render("en")
    )
