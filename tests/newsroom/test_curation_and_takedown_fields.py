"""The header fields of issue 15's newsroom rules: ``Headline-Until`` and
``Pick-Until`` (front-page curation), ``Withdrawn`` (takedown) and
``Hak-Jawab`` (right of reply); and what the reader theme and the incremental
layer make of the curation at a given clock."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sitebuild import ROOT

from lintas.core.frontmatter import parse_front_matter
from lintas.core.messages import render
from lintas.core.schema import WITHDRAWN_LINE_KEY, normalise
from lintas.plugins.newsroom import BuildState, review
from lintas.plugins.reader_theme.listing import front_curation
from lintas.settings import read_settings

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
HEAD = "Title: Judul\nDate: 2016-09-02 10:00\nCategory: Ekonomi\nAuthor: Sitti Paputungan\n"
WITA = ZoneInfo("Asia/Makassar")


def read(extra: str, head: str = HEAD) -> tuple[dict, list]:
    front = parse_front_matter(head + extra + "\nIsi berita.\n")
    return normalise(front, Path("/x/judul/index.md"), "x/judul/index.md", "article", SETTINGS)


def english(problems) -> list[tuple[int, str, str]]:
    return [(p.line, render(p.message, "en"), render(p.hint, "en")) for p in problems]


def test_curation_fields_are_read_in_wita():
    meta, problems = read("Headline-Until: 2016-09-03 18:00\nPick-Until: 2016-09-05 08:00\n")
    assert problems == []
    assert meta["headline_until"] == datetime(2016, 9, 3, 18, 0, tzinfo=WITA)
    assert meta["pick_until"] == datetime(2016, 9, 5, 8, 0, tzinfo=WITA)


def test_bad_curation_fields_are_problems_at_their_line():
    _meta, problems = read("Headline-Until: besok sore\nPick-Until: 2016-09-01 08:00\n")
    found = english(problems)
    assert found[0][:2] == (5, "Headline-Until 'besok sore' is not a date")
    assert found[1][:2] == (6, "Pick-Until is not after Date")
    assert "Pick-Until: 2016-09-02 10:00" in found[1][2]


def test_an_advertorial_is_never_curated():
    head = HEAD.replace("Category: Ekonomi", "Category: Advertorial") + "Sponsor: Bank\n"
    meta, problems = read("Pick-Until: 2016-09-05 08:00\n", head)
    assert "pick_until" not in meta
    assert english(problems)[0][1] == "an advertorial cannot be the headline or an editors' pick"


def test_right_of_reply_is_repeatable_and_raises_modified():
    meta, problems = read(
        "Hak-Jawab: 2016-09-04 09:00 | Kedua.\nHak-Jawab: 2016-09-03 09:00 | Pertama.\n"
    )
    assert problems == []
    assert [r.text for r in meta["rights_of_reply"]] == ["Pertama.", "Kedua."]
    assert meta["modified"] == datetime(2016, 9, 4, 9, 0, tzinfo=WITA)


def test_a_right_of_reply_needs_time_and_text_after_the_story():
    _meta, problems = read("Hak-Jawab: 2016-09-03 09:00\nHak-Jawab: 2016-09-01 09:00 | Dini.\n")
    assert [(line, message) for line, message, _hint in english(problems)] == [
        (5, "a right of reply needs a time and a text"),
        (6, "the right of reply is dated before the article"),
    ]


def test_withdrawn_needs_time_and_reason():
    meta, problems = read("Withdrawn: 2016-09-10 08:00 | Putusan Dewan Pers.\n")
    assert problems == []
    assert meta["withdrawn"].reason == "Putusan Dewan Pers."
    assert meta[WITHDRAWN_LINE_KEY] is True
    meta, problems = read("Withdrawn: 2016-09-10 08:00\n")
    assert "withdrawn" not in meta and meta[WITHDRAWN_LINE_KEY] is True
    assert english(problems)[0][:2] == (5, "a withdrawal needs a time and a reason")


def _reviewed(tmp_path: Path, extra: str) -> tuple[dict, BuildState]:
    """The newsroom's reader and rules over one story with ``extra`` header lines."""
    from lintas.plugins.newsroom.reader import NewsroomReader

    settings = {**SETTINGS, "PATH": str(tmp_path), "NEWSROOM_NOW": "2016-10-01 09:00"}
    source = tmp_path / "articles" / "judul" / "index.md"
    source.parent.mkdir(parents=True)
    source.write_text(HEAD + extra + "\nIsi berita.\n", encoding="utf-8")
    _content, metadata = NewsroomReader(settings).read(str(source))
    state = BuildState(settings)
    review(metadata, "article", state)
    return metadata, state


def test_a_withdrawn_story_is_skipped_and_remembered_for_its_notice(tmp_path):
    metadata, state = _reviewed(tmp_path, "Withdrawn: 2016-09-30 10:00 | Putusan Dewan Pers.\n")
    assert metadata["status"] == "skip"
    assert [m["slug"] for m in state.withdrawn] == ["judul"]
    assert state.blocking == []


def test_a_broken_withdrawal_is_never_stood_in_for_by_the_last_good_version(tmp_path):
    metadata, state = _reviewed(tmp_path, "Withdrawn: kemarin\n")
    assert metadata["status"] == "skip"
    assert state.withdrawn == []
    problems, intended = state.reviewed[metadata["newsroom_source"]]
    assert problems and intended == "withdrawn"  # newsroom: no last-good stand-in
    assert state.blocking  # and the publish reports it


def _story(day: int, headline: int | None = None, pick: int | None = None, ad=False):
    def at(d):
        return datetime(2016, 9, d, 12, 0, tzinfo=WITA) if d else None

    return SimpleNamespace(
        date=at(day), headline_until=at(headline), pick_until=at(pick), is_advertorial=ad
    )


def test_the_newest_pin_leads_until_it_expires():
    old_pin, new_pin, newest = _story(1, headline=20), _story(3, headline=10), _story(5)
    stories = [old_pin, new_pin, newest]
    assert front_curation(stories, at(9), 5).headline is new_pin
    assert front_curation(stories, at(10), 5).headline is old_pin  # new_pin expired
    assert front_curation(stories, at(20), 5).headline is None


def test_picks_are_newest_first_bounded_and_expire():
    a, b, c = _story(1, pick=10), _story(2, pick=12), _story(3, pick=12)
    assert front_curation([a, b, c], at(9), 2).picks == [c, b]
    assert front_curation([a, b, c], at(11), 5).picks == [c, b]
    assert front_curation([a, b, c], at(12), 5).picks == []


def at(day: int) -> datetime:
    return datetime(2016, 9, day, 12, 0, tzinfo=WITA)
