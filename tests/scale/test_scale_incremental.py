"""After any incremental build the output is byte-identical to a clean build.

One site is built again and again, incrementally, with scripts/build.py; after
each change a clean build of the same input (new output folder, empty reader
and incremental caches) must give exactly the same files and bytes. The
changes are the ones a newsroom makes: a body edit, a headline edit, a new
story, a deleted story, a template change, a settings change that changes how
Markdown is read, an embargo that lifts between two builds, a replaced photo.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from benchlib.corpus import Corpus, Story, add_story, edit_body, extra_story, index_md, write_text
from benchlib.snapshot import snapshot_code
from scale_support import Site, differences, make_corpus

# The clock of the corpus ("YYYY-MM-DD HH:MM", as LINTAS_NOW takes it).
CLOCK = "%Y-%m-%d %H:%M"


@dataclass
class Lab:
    root: Path
    corpus: Corpus
    site: Site
    now: str
    clean_builds: int = 0

    def build(self) -> None:
        self.site.build(self.now)

    def clean_output(self) -> Path:
        """A clean build of the current input, in a folder of its own."""
        self.clean_builds += 1
        site = self.site
        clean = Site(
            self.root / f"clean-{self.clean_builds}",
            site.code,
            site.content,
            site.photo_cache,
            site.lines,
        )
        clean.build(self.now)
        return clean.output

    def check(self) -> None:
        """Build incrementally, then compare with a clean build of the same input."""
        self.build()
        found = differences(self.site.output, self.clean_output())
        assert not found, found

    def story_page(self, story: Story) -> Path:
        return self.site.output / story.folder.removeprefix("articles/") / "index.html"

    def stories(self) -> list[Story]:
        return sorted(self.corpus.stories, key=lambda s: s.date)


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Lab:
    root = tmp_path_factory.mktemp("scale")
    corpus = make_corpus(root / "corpus")
    code = snapshot_code(root / "code")
    # Keys worked out in two forked workers, as on a large site (thousands of pages).
    forked = ["INCREMENTAL_WORKERS = 2", "INCREMENTAL_PARALLEL_MIN_KEYS = 1"]
    site = Site(root / "incremental", code, corpus.content, root / "photos", forked)
    lab = Lab(root, corpus, site, "")
    lab.now = corpus.now
    lab.build()
    return lab


def test_a_first_build_is_a_clean_build(lab):
    found = differences(lab.site.output, lab.clean_output())
    assert not found, found


def test_the_plugin_changes_no_byte_of_the_site(lab):
    """Pelican's own writer and code paths (plugin off) make the same site as
    the incremental writer with its speed-ups and caches."""
    plain = Site(
        lab.root / "plugin-off",
        lab.site.code,
        lab.site.content,
        lab.site.photo_cache,
        [*lab.site.lines, "INCREMENTAL = False", "CACHE_CONTENT = False"],
    )
    plain.build(lab.now)
    found = differences(lab.clean_output(), plain.output)
    assert not found, found


def test_nothing_changed_publishes_nothing(lab):
    before = lab.site.output.stat().st_ino
    pages = {p: p.stat().st_ino for p in lab.site.output.rglob("*.html")}
    lab.build()
    # No new output folder was swapped in: the build stopped before Pelican ran.
    assert lab.site.output.stat().st_ino == before
    assert {p: p.stat().st_ino for p in lab.site.output.rglob("*.html")} == pages


def test_body_edit(lab):
    stories = lab.stories()
    edited, untouched = stories[20], stories[2]
    kept = lab.story_page(untouched).stat().st_ino
    edit_body(lab.corpus.index_md(edited), "ZQXBODYEDIT")
    lab.check()
    assert "ZQXBODYEDIT" in lab.story_page(edited).read_text(encoding="utf-8")
    # Only changed bytes are written: an unrelated story keeps its very file.
    assert lab.story_page(untouched).stat().st_ino == kept


def test_headline_edit(lab):
    story = lab.stories()[-3]
    path = lab.corpus.index_md(story)
    text = path.read_text(encoding="utf-8")
    write_text(path, text.replace(f"Title: {story.title}", "Title: Judul Baru ZQXTITLEEDIT", 1))
    lab.check()
    home = (lab.site.output / "index.html").read_text(encoding="utf-8")
    assert "ZQXTITLEEDIT" in home


def test_new_story(lab):
    archive = {p: p.stat().st_ino for p in lab.site.output.rglob("halaman/*/index.html")}
    newest: dict[Path, int] = {}  # list folder → its highest archive page
    for page in archive:
        folder = page.parent.parent
        newest[folder] = max(newest.get(folder, 0), int(page.parent.name))
    story = extra_story(lab.corpus, 1)
    add_story(lab.corpus, story)
    lab.check()
    assert lab.story_page(story).is_file()
    # Archive pages are numbered from the oldest story: none of them gets the
    # new story; only the newest one of a list may change its "Newer" link.
    assert len(archive) >= 3
    touched = [p for p, ino in archive.items() if not p.exists() or p.stat().st_ino != ino]
    assert all(int(p.parent.name) == newest[p.parent.parent] for p in touched), touched


def test_deleted_story_and_its_topic(lab):
    story = extra_story(lab.corpus, 2)
    story.tags = ["topik sekali pakai"]
    add_story(lab.corpus, story)
    lab.build()
    topic = lab.site.output / "topik" / "topik-sekali-pakai"
    assert (topic / "index.html").is_file()
    path = lab.corpus.index_md(story)
    for item in path.parent.iterdir():
        item.unlink()
    path.parent.rmdir()
    lab.check()
    assert not lab.story_page(story).exists()
    assert not topic.exists()  # its page and its feeds are gone


def test_template_change(lab):
    template = lab.site.code / "lintas" / "theme" / "templates" / "article.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{% endblock %}", "<!-- ZQXTEMPLATE -->{% endblock %}", 1))
    lab.check()
    assert "ZQXTEMPLATE" in lab.story_page(lab.stories()[0]).read_text(encoding="utf-8")


def card_prints(lab: Lab, marker: str, expression: str) -> None:
    """Edit the listing card (``_macros.html``, used by every list, the home page,
    related stories and the 404 page) of the frozen code to print ``expression``."""
    macros = lab.site.code / "lintas" / "theme" / "templates" / "_macros.html"
    text = macros.read_text(encoding="utf-8")
    anchor = '<h{{ level }} class="card__title">'
    assert text.count(anchor) == 1
    macros.write_text(
        text.replace(anchor, f'<p class="{marker}">{expression}</p>' + anchor), encoding="utf-8"
    )


def pages_showing(output: Path, text: str) -> list[Path]:
    return [p for p in output.rglob("*.html") if text in p.read_text(encoding="utf-8")]


def test_a_card_that_starts_to_print_a_field(lab):
    """Dependencies cannot drift: a card starts to print the Byline code, which
    no card printed before, and no other file changes. Changing only that field
    of one story renders its page and every list, card and feed that shows it:
    byte-identical to a clean build."""
    card_prints(lab, "zqx-card-byline", "{{ article.byline }}")
    lab.check()
    story = lab.stories()[-2]  # on the home page, its lists and the feeds
    path = lab.corpus.index_md(story)
    text = path.read_text(encoding="utf-8")
    assert f"Byline: {story.byline}\n" in text
    write_text(path, text.replace(f"Byline: {story.byline}\n", "Byline: zqx/byl\n", 1))
    lab.check()
    showing = pages_showing(lab.site.output, "zqx/byl")
    assert (lab.site.output / "index.html") in showing
    assert len(showing) >= 4, showing  # its page and lists (home, section, author, topics)
    # The feeds carry the byline too (plugins/syndication): they were made again.
    feeds = [p for p in lab.site.output.rglob("*") if p.is_file() and "feed" in p.parts]
    assert any("zqx/byl" in p.read_text(encoding="utf-8") for p in feeds)


def test_a_card_that_starts_to_print_what_the_old_map_kept_off_cards(lab):
    """The same with a field the hand-kept map left off cards on purpose (the
    body, through Pelican's ``content`` property): a card shows the story's
    word count; editing only the body changes it on every list."""
    card_prints(lab, "zqx-card-words", "{{ article.content|striptags|wordcount }} kata")
    lab.check()
    story = lab.stories()[-3]
    edit_body(lab.corpus.index_md(story), "ZQXWORDS satu dua tiga empat lima")
    lab.check()
    assert "ZQXWORDS" in lab.story_page(story).read_text(encoding="utf-8")


def test_settings_change_reaches_markdown(lab):
    # Headings get ids: every cached Markdown result is stale, not only the pages.
    assert any("\n## " in lab.corpus.index_md(s).read_text("utf-8") for s in lab.corpus.stories)
    # A portal names its whole MARKDOWN; the engine adds its own extensions to it.
    lab.site.lines.append(
        'MARKDOWN = {"extension_configs": {"markdown.extensions.extra": {}, '
        '"markdown.extensions.toc": {}}, "output_format": "html"}'
    )
    lab.check()
    pages = (p.read_text(encoding="utf-8") for p in lab.site.output.rglob("index.html"))
    assert any(re.search(r'<h2 id="', page) for page in pages)


def test_embargo_lifts_between_two_builds(lab):
    now = datetime.strptime(lab.now, CLOCK)
    story = extra_story(lab.corpus, 3)
    story.date = now + timedelta(hours=2)
    story.body += "\n\nZQXLATEEMBARGO"
    add_story(lab.corpus, story)
    lab.check()
    assert not lab.story_page(story).exists()
    pages = lab.site.output.rglob("*.html")
    assert not any("ZQXLATEEMBARGO" in p.read_text("utf-8") for p in pages)
    # Nothing in the content changes; only the clock passes the embargo.
    lab.now = (now + timedelta(hours=3)).strftime(CLOCK)
    lab.check()
    assert "ZQXLATEEMBARGO" in lab.story_page(story).read_text(encoding="utf-8")


def test_replaced_photo(lab):
    from bench_photos import synthetic_photo

    with_photo = next(s for s in lab.corpus.stories if s.photo)
    photo = lab.corpus.content / with_photo.folder / with_photo.photo
    tmp = photo.with_name("new.tmp")
    synthetic_photo(seed=987654, size=(480, 640)).save(tmp, "JPEG", quality=80)
    os.replace(tmp, photo)
    lab.check()


def test_corpus_text_is_the_bundle_format(lab):
    """The generator writes what docs/content-format.md describes."""
    story = lab.stories()[0]
    text = lab.corpus.index_md(story).read_text(encoding="utf-8")
    assert text == index_md(story)
    header = text.split("\n\n", 1)[0]
    assert re.search(r"^Date: \d{4}-\d{2}-\d{2} \d{2}:\d{2}$", header, re.MULTILINE)
