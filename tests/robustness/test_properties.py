"""Property tests (hypothesis): the header parser, the slug maker, and the
reader's Markdown pipeline with photos never crash, keep markup as text, and
give stable, valid slugs, whatever the editor typed."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from sitebuild import ROOT

from lintas.settings import read_settings

from . import scan
from .images import jpeg_bytes, picture

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FAST = settings(max_examples=300, deadline=None)
SLOW = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Text as editors produce it, hostile parts included: markup, quotes,
# ampersands, control characters (Word's \x0b), RTL marks, emoji, CJK.
HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '"',
        "'",
        "&",
        "&amp;",
        "]]>",
        "-->",
        "\x0b",
        "\x1b[31m",
        "\x00",
        "\u202e",
        "\u200b",
        "🇮🇩",
        "👍🏽",
        "ß",
        "İ",
        "日本",
        "عاجل",
        "\t",
        "  ",
        ":",
        "|",
        "\\",
        "`",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
        "#",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=12), HOSTILE), max_size=8).map("".join)
LINE_TEXT = TEXT.map(lambda t: t.replace("\n", " ").replace("\r", " "))


# --- header parser -------------------------------------------------------------------


@FAST
@given(st.text(max_size=400))
def test_the_header_parser_never_crashes_and_numbers_lines_within_the_file(text):
    from lintas.core.frontmatter import parse_front_matter

    front = parse_front_matter(text)
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for item in front.fields:
        assert 1 <= item.line <= len(lines)
        assert item.key == item.key.lower() and item.key[0].isalpha()
    for line, _raw in front.malformed:
        assert 1 <= line <= len(lines)
    assert 1 <= front.body_first_line <= len(lines) + 1


FIELD_NAMES = st.sampled_from(
    ["Title", "Date", "Category", "Tags", "Author", "Summary", "Byline", "Dateline", "X-Extra"]
)
VALUE = st.text(
    alphabet=st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=40
).map(str.strip)


@FAST
@given(st.lists(st.tuples(FIELD_NAMES, VALUE), min_size=1, max_size=8), TEXT)
def test_a_written_header_reads_back_field_by_field(fields, body):
    from lintas.core.frontmatter import parse_front_matter

    assume(body.strip() and not body.startswith(("\n", "\r")))
    text = "".join(f"{name}: {value}\n" for name, value in fields) + "\n" + body
    front = parse_front_matter(text)
    assert [(f.name, f.value, f.line) for f in front.fields] == [
        (name, value, number) for number, (name, value) in enumerate(fields, start=1)
    ]
    assert front.malformed == []
    assert front.body_first_line == len(fields) + 2


@FAST
@given(st.text(max_size=200))
def test_control_characters_are_stripped_once_and_for_all(text):
    from lintas.core.frontmatter import strip_control_characters

    once = strip_control_characters(text)
    assert not CONTROL.search(once)
    assert strip_control_characters(once) == once


def _header(title: str, tags: str, summary: str, author: str) -> str:
    return (
        f"Title: {title}\nDate: 2016-09-20 10:00\nCategory: Ekonomi\nTags: {tags}\n"
        f"Author: {author}\nSummary: {summary}\n\nIsi berita.\n"
    )


@FAST
@given(LINE_TEXT, LINE_TEXT, LINE_TEXT, st.sampled_from([*SETTINGS["NEWSROOM_AUTHORS"], "X"]))
@example("<script>alert(1)</script>", "a, b", "&", "X")
def test_normalise_never_raises_and_names_lines_in_the_file(title, tags, summary, author):
    """Any header gives metadata or problems (each on a line of the file)."""
    from lintas.core.frontmatter import parse_front_matter
    from lintas.core.schema import normalise

    text = _header(title, tags, summary, author)
    front = parse_front_matter(text)
    meta, problems = normalise(front, Path("/x/berita/index.md"), "berita", "article", SETTINGS)
    line_count = len(text.split("\n"))
    for problem in problems:
        assert 0 <= problem.line <= line_count
        assert str(problem).startswith("berita")
    if "title" in meta:
        assert not CONTROL.search(meta["title"])
    if "summary" in meta:  # Pelican treats summary as HTML: ours is escaped text
        assert "<" not in meta["summary"]


# --- slug maker ----------------------------------------------------------------------------


@FAST
@given(TEXT)
@example("")
@example("🇮🇩🔥")
@example("a" * 500)
@example("Bupati Resmikan Jalan Ruas Doloduo–Molibagu")
def test_slugs_are_ascii_valid_bounded_and_stable(title):
    from lintas.core.schema import SLUG_PATTERN
    from lintas.core.slugs import MAX_SLUG_LENGTH, slugify_title

    slug = slugify_title(title)
    assert slug.isascii()
    assert SLUG_PATTERN.match(slug), slug
    assert 1 <= len(slug) <= MAX_SLUG_LENGTH
    assert slugify_title(title) == slug  # no hidden state
    assert slugify_title(slug) == slug  # a slug is its own slug


@FAST
@given(
    st.lists(
        st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=10),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from([" ", "  ", " - ", "! ", ", ", "\t", " — "]),
)
def test_slugs_ignore_case_punctuation_and_spacing(words, separator):
    from lintas.core.slugs import slugify_title

    plain = slugify_title(" ".join(words))
    assert slugify_title(separator.join(words)) == plain
    assert slugify_title(" ".join(words).upper()) == plain
    assert slugify_title(f"  {' '.join(words)}!?  ") == plain


# --- the reader's Markdown pipeline, photos included ----------------------------------------


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    """The reader as a build sets it up: Pelican initialised with the project's
    plugins (one of which may add the photos Markdown extension)."""
    from pelican import Pelican

    from lintas.plugins.newsroom.reader import NewsroomReader

    folder = tmp_path_factory.mktemp("properties")
    content = folder / "content"
    bundle = content / "articles" / "berita-foto"
    bundle.mkdir(parents=True)
    (content / "pages").mkdir()
    (bundle / "foto.jpg").write_bytes(jpeg_bytes(picture(640, 480, seed=31)))
    overrides = {
        "PATH": str(content),
        "OUTPUT_PATH": str(folder / "out"),
        "CACHE_PATH": str(folder / "cache"),
    }
    pelican = Pelican(read_settings(str(ROOT / "pelicanconf.py"), override=overrides))
    return NewsroomReader(pelican.settings), bundle


def photo_extension_classes(reader) -> list[str]:
    md = reader._md
    registries = [
        md.preprocessors,
        md.parser.blockprocessors,
        md.inlinePatterns,
        md.treeprocessors,
        md.postprocessors,
    ]
    return [
        f"{type(item).__module__}.{type(item).__name__}"
        for registry in registries
        for item in registry
        if type(item).__module__.startswith("lintas.plugins.photos")
    ]


def test_the_photos_markdown_extension_is_in_the_pipeline(pipeline):
    reader, _bundle = pipeline
    if not photo_extension_classes(reader):
        pytest.xfail(
            "pending: plugins/photos has no Markdown extension in the reader yet; the "
            "property test below runs over the pipeline as it is (plain Markdown images)"
        )


ALT = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=["Cc", "Cs", "Zl", "Zp"], blacklist_characters="[]\\`*_!"
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
CAPTION = st.text(
    alphabet=st.characters(
        blacklist_categories=["Cc", "Cs", "Zl", "Zp"], blacklist_characters='"\\`*_|'
    ),
    max_size=40,
).map(str.strip)


@SLOW
@given(ALT, CAPTION, st.sampled_from(["", " | Foto: Budi <b>x</b>"]))
@example("<img src=x onerror=alert(1)>", "<script>alert('keterangan')</script>", "")
@example('Wali kota & "wakil"', "Keterangan 'kutip' & <b>tebal</b>", " | Foto: <i>Humas</i>")
def test_a_photo_in_the_body_never_crashes_and_keeps_markup_as_text(pipeline, alt, caption, credit):
    reader, bundle = pipeline
    title = f' "{caption}{credit}"' if caption or credit else ""
    (bundle / "index.md").write_text(
        "Title: Berita foto\nDate: 2016-09-20 10:00\nCategory: Ekonomi\n"
        f"Author: Sitti Paputungan\n\nParagraf pembuka.\n\n![{alt}](foto.jpg{title})\n",
        encoding="utf-8",
    )
    content, _metadata = reader.read(str(bundle / "index.md"))
    assert scan.html_fragment_findings(content, "body") == []
    root = lxml_html.fragment_fromstring(content, create_parent="div")
    alts = [" ".join(el.get("alt", "").split()) for el in root.iter("img")]
    assert " ".join(alt.split()) in alts, (alt, content)
    shown = scan.page_text_of(root)
    # Python-Markdown cuts a title short at "(" + a quote (e.g. alert('x')):
    # the result is mangled but still escaped (checked above), so only plain
    # captions must come through whole.
    if caption and not credit and not set("()'") & set(caption):
        assert " ".join(caption.split()) in " ".join(shown.split()), (caption, content)
