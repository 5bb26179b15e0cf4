"""Messages to editors: one Problem, rendered in Indonesian (default) or English;
every message has its Indonesian translation; the guide quotes real ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from sitebuild import ROOT

from lintas.core import messages
from lintas.core.frontmatter import parse_front_matter
from lintas.core.messages import msg, msgn
from lintas.core.problems import ContentError, Problem
from lintas.core.schema import normalise
from lintas.settings import read_settings

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
CATALOG = ROOT / "lintas/theme/translations/id/LC_MESSAGES/editor.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%\((\w+)\)\.\d+f")


def problems_of(text: str) -> list[Problem]:
    _meta, problems = normalise(
        parse_front_matter(text),
        Path("/x/berita/index.md"),
        "content/articles/berita/index.md",
        "article",
        SETTINGS,
    )
    return problems


BAD = "Title: Judul\nDate: kemarin\nCategory: Ekonommi\nAuthor: Sitti Paputungan\n\nIsi.\n"


def test_one_problem_renders_in_both_languages():
    date, category = problems_of(BAD)
    assert date.render("id") == (
        "content/articles/berita/index.md:2: Date 'kemarin' bukan tanggal — "
        "tulis TTTT-BB-HH JJ:MM dalam WITA, mis. Date: 2016-09-02 10:00"
    )
    assert date.render("en") == (
        "content/articles/berita/index.md:2: Date 'kemarin' is not a date — "
        "write it as YYYY-MM-DD HH:MM in WITA, e.g. Date: 2016-09-02 10:00"
    )
    assert category.render("id").endswith("rubrik 'Ekonommi' tidak dikenal — maksudnya 'Ekonomi'?")
    assert category.render("en").endswith("unknown category 'Ekonommi' — did you mean 'Ekonomi'?")


def test_str_follows_the_messages_language():
    problem = problems_of(BAD)[0]
    try:
        messages.set_language("en")
        assert "is not a date" in str(problem)
        messages.use_settings({**SETTINGS, "MESSAGES_LANGUAGE": "id"})
        assert "bukan tanggal" in str(problem)
    finally:
        messages.set_language(messages.DEFAULT_LANGUAGE)


def test_a_message_inside_a_message_is_translated_too():
    inner = msg("the photo file is truncated or damaged")
    outer = Problem(
        "a/index.md", 9, msg("photo '%(name)s': %(problem)s", name="x.jpg", problem=inner)
    )
    assert outer.render("id") == "a/index.md:9: foto 'x.jpg': berkas foto terpotong atau rusak"
    assert (
        outer.render("en") == "a/index.md:9: photo 'x.jpg': the photo file is truncated or damaged"
    )


def test_counts_in_both_languages():
    one = msgn("%(count)d problem", "%(count)d problems", 1)
    three = msgn("%(count)d problem", "%(count)d problems", 3)
    assert (one.render("en"), three.render("en")) == ("1 problem", "3 problems")
    assert (one.render("id"), three.render("id")) == ("1 masalah", "3 masalah")


def test_a_refused_publish_lists_one_line_per_problem_in_the_language():
    problems = problems_of(BAD)
    try:
        messages.set_language("id")
        lines = str(ContentError(problems)).splitlines()
    finally:
        messages.set_language(messages.DEFAULT_LANGUAGE)
    assert lines[0] == "2 masalah naskah; tidak ada yang diterbitkan:"
    assert lines[1:] == [p.render("id") for p in sorted(problems)]


def test_plain_strings_still_work():
    """A plugin that has not marked its message yet still gets one line."""
    assert str(Problem("a.md", 3, "something odd", "fix it")) == "a.md:3: something odd — fix it"


def _catalog() -> dict:
    with CATALOG.open("rb") as handle:
        return {
            (m.id if isinstance(m.id, str) else m.id[0]): m
            for m in read_po(handle, locale="id")
            if m.id
        }


def _extracted() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "lintas"),
        method_map=[("**.py", "python")],
        keywords={"msg": None, "msgn": (1, 2)},
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_has_an_indonesian_translation_with_the_same_placeholders():
    catalog = _catalog()
    extracted = _extracted()
    assert len(extracted) > 100
    missing = sorted(m for m in extracted if m not in catalog or not catalog[m].string)
    assert missing == [], "run pybabel extract/update (docs/content-format.md, Messages)"
    for msgid in extracted:
        translated = catalog[msgid].string
        translated = translated if isinstance(translated, str) else translated[0]
        wanted = sorted(PLACEHOLDER.findall(msgid))
        assert sorted(PLACEHOLDER.findall(translated)) == wanted, msgid
    assert not [m for m in catalog.values() if m.fuzzy], "fuzzy translations are not used"


def _extracted_by(config: str, keywords: dict) -> set[str]:
    """What ``pybabel extract -F <config>`` finds, run from the repository root
    (the commands in docs/content-format.md, "Messages")."""
    with (ROOT / config).open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    return {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords
        )
    }


def _msgids(catalog: Path, language: str) -> set[str]:
    with catalog.open("rb") as handle:
        return {
            m.id if isinstance(m.id, str) else m.id[0]
            for m in read_po(handle, locale=language)
            if m.id
        }


def test_the_editor_catalog_is_exactly_what_babel_editor_cfg_extracts():
    """No msgid without its translation, no translation left of a message gone."""
    extracted = _extracted_by("babel-editor.cfg", {"msg": None, "msgn": (1, 2)})
    assert extracted == _extracted()  # the config covers every msg() in lintas/
    assert extracted == _msgids(CATALOG, "id")


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_theme_catalog_is_exactly_what_babel_cfg_extracts(language):
    """babel.cfg names the templates and modules that hold the theme's words
    (it once pointed at paths from before the package move and found none)."""
    keywords = {**DEFAULT_KEYWORDS, "t": None, "language": None}  # the importer's markers
    extracted = _extracted_by("babel.cfg", keywords)
    assert {"Latest news", "Read also", "Play the %(platform)s video", "Photo: %(credit)s"} <= (
        extracted
    )
    catalog = ROOT / f"lintas/theme/translations/{language}/LC_MESSAGES/messages.po"
    assert extracted == _msgids(catalog, language)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_message_renders(language):
    """Each msgid formats with values for its placeholders, in either language."""
    for msgid in _extracted():
        names = {a or b for a, b in PLACEHOLDER.findall(msgid)}
        values = {name: 1 for name in names}
        assert messages.Text(msgid, tuple(sorted(values.items()))).render(language)


def test_the_guide_quotes_messages_that_exist():
    """The guide's table of messages quotes what the checker really says."""
    guide = (ROOT / "docs/panduan-redaksi.md").read_text(encoding="utf-8")
    table = guide[guide.index("| pesan | artinya |") :]
    table = table[: table.index("\n\n")]
    quoted = [
        q for row in table.splitlines()[2:] for q in re.findall(r"`([^`]+)`", row.split("|")[1])
    ]
    assert len(quoted) > 20
    translations = [
        m.string if isinstance(m.string, str) else m.string[0] for m in _catalog().values()
    ]
    for quote in [q for q in quoted if " " in q]:  # not the tag names (`<iframe>`)
        # "foto '…': berkas foto rusak" is two messages, one inside the other:
        # each fixed piece must be (part of) a translation.
        fixed = [p.strip(" ':") for p in re.split(r"…|'[^']*'", quote) if p.strip(" ':")]
        for piece in fixed:
            assert any(piece in t or _matches(t, piece) for t in translations), (
                f"{piece!r} of {quote!r}"
            )


def _matches(translation: str, text: str) -> bool:
    """``text`` is (part of) ``translation`` with its placeholders filled in:
    ``berkas JPEG rusak`` of ``berkas %(format)s rusak``, ``(batas 50)`` of
    ``(batas %(limit)s)``."""
    pattern = ".+".join(re.escape(part) for part in PLACEHOLDER.split(translation)[::3])
    if re.fullmatch(pattern, text):
        return True
    bare = PLACEHOLDER.sub("", translation)
    return re.sub(r"\d+", "", text) in bare
