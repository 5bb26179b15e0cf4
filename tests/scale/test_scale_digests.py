"""The story digests of the last build are reused only for the same story files
and status (plugins/incremental/dependencies.py, ``ArticleDigests``)."""

from __future__ import annotations

import copy
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from lintas.plugins.incremental import readercache
from lintas.plugins.incremental.dependencies import ArticleDigests

SOURCE = "/content/articles/2016/09/mou/index.md"
WHEN = datetime(2016, 9, 2, 9, 30, tzinfo=ZoneInfo("Asia/Makassar"))


def story(body: str = "<p>Isi berita.</p>", status: str = "published") -> Article:
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["PATH"] = "/content"
    metadata = {"title": "MoU Smart City", "date": WHEN, "status": status}
    context = {"generated_content": {}, "static_content": {}, "static_links": set()}
    return Article(body, metadata=metadata, settings=settings, source_path=SOURCE, context=context)


@pytest.fixture
def stamp():
    readercache.stamps_taken.clear()
    readercache.stamps_taken[SOURCE] = (("index.md", 120, 1),)
    yield readercache.stamps_taken
    readercache.stamps_taken.clear()


def test_an_unchanged_story_takes_its_digests_from_the_last_build(stamp):
    first = ArticleDigests()
    card, body = first.card(story()), first.body(story())
    assert set(first.remembered) == {SOURCE}

    # Same files, same status: the memo answers, even for an object that
    # (against the contract) differs: proof that nothing was digested again.
    again = ArticleDigests(recall=lambda: first.remembered)
    other = story("<p>Isi lain.</p>")
    assert (again.card(other), again.body(other)) == (card, body)
    assert again.remembered == first.remembered

    fresh = ArticleDigests()
    assert fresh.body(other) != body


def test_other_files_or_another_status_are_digested_again(stamp):
    first = ArticleDigests()
    card = first.card(story())

    stamp[SOURCE] = (("index.md", 121, 2),)  # the story was saved again
    edited = ArticleDigests(recall=lambda: first.remembered)
    assert edited.body(story("<p>Isi baru.</p>")) != first.body(story())

    stamp[SOURCE] = (("index.md", 120, 1),)
    lifted = ArticleDigests(recall=lambda: first.remembered)
    assert lifted.card(story(status="draft")) != card


def test_a_story_linking_to_another_is_never_remembered(stamp):
    digests = ArticleDigests()
    digests.body(story('<p><a href="{filename}/articles/lain/index.md">lain</a></p>'))
    assert digests.remembered == {}


def test_a_story_read_without_the_reader_cache_is_never_remembered(stamp):
    stamp.clear()
    digests = ArticleDigests()
    digests.card(story())
    assert digests.remembered == {}
