"""The Markdown side (plugins/photos/figures.py): placeholders, photo_refs, and
problems with the real line in index.md. Real Python-Markdown, real photo files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from markdown import Markdown
from photo_samples import marked
from PIL import Image

from lintas.core.problems import ArticleContext
from lintas.plugins.photos.refs import (
    COVER_BLOCK,
    PhotoRef,
    clean_credit,
    relative_path,
    split_title,
)
from lintas.plugins.photos.site import PLACEHOLDER

HEADER_LINES = 6  # the tests pretend the body starts on line 7 of index.md
FIRST_BODY_LINE = HEADER_LINES + 1


def photo(folder: Path, name: str, size: tuple[int, int] = (120, 80)) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    marked(size).save(path, "PNG" if name.endswith(".png") else "JPEG")
    return path


def convert(folder: Path, body: str, header: dict | None = None, lines: dict | None = None):
    md = Markdown(
        extensions=["markdown.extensions.extra", "lintas.plugins.photos.figures"],
        extension_configs={"lintas.plugins.photos.figures": {"max_megapixels": 1}},
        output_format="html",
    )
    ctx = ArticleContext(
        source_path=str(folder / "index.md"),
        display_path="content/articles/x/index.md",
        header=header or {},
        header_lines=lines or {},
        body_first_line=FIRST_BODY_LINE,
    )
    md.newsroom_context = ctx
    html = md.convert(body)
    return html, ctx


def messages(ctx) -> list[str]:
    return [str(p) for p in ctx.problems]


# --- figures and galleries --------------------------------------------------------------


def test_a_photo_alone_becomes_one_placeholder_with_its_ref(tmp_path):
    photo(tmp_path, "pasar.jpg")
    body = 'Paragraf.\n\n![Pedagang cabai](pasar.jpg "Pasar Serasi pagi hari")\n\nPenutup.'
    html, ctx = convert(tmp_path, body, header={"photo-credit": "Budi"})
    assert ctx.problems == []
    (match,) = PLACEHOLDER.finditer(html)
    assert match.group(1) == "0"
    assert 'src="pasar.jpg"' in match.group(0)  # a plain <img> until the build resolves it
    (ref,) = ctx.extras["photo_refs"]
    assert ref == PhotoRef(
        name="pasar.jpg",
        path="pasar.jpg",
        alt="Pedagang cabai",
        caption="Pasar Serasi pagi hari",
        credit="Budi",
        line=FIRST_BODY_LINE + 2,
        block=0,
        gallery=False,
    )
    assert "<p>Paragraf.</p>" in html and "<p>Penutup.</p>" in html


def test_a_paragraph_of_photos_is_a_gallery_and_credits_override(tmp_path):
    for name in ("a.jpg", "b.jpg", "c.jpg"):
        photo(tmp_path, name)
    body = (
        '![Satu](a.jpg "Keterangan satu") ![Dua](b.jpg "Keterangan dua | Foto: Sari")\n'
        "![Tiga](c.jpg)\n\n"
        '![Empat](a.jpg "Sendiri")'
    )
    html, ctx = convert(tmp_path, body, header={"photo-credit": "Foto: Humas"})
    assert ctx.problems == []
    assert [m.group(1) for m in PLACEHOLDER.finditer(html)] == ["0", "1"]
    refs = ctx.extras["photo_refs"]
    assert [(r.path, r.block, r.gallery) for r in refs] == [
        ("a.jpg", 0, True),
        ("b.jpg", 0, True),
        ("c.jpg", 0, True),
        ("a.jpg", 1, False),
    ]
    # "Foto:" typed by the editor is dropped: templates print the label.
    assert [r.credit for r in refs] == ["Humas", "Sari", "Humas", "Humas"]
    assert [r.caption for r in refs] == ["Keterangan satu", "Keterangan dua", "", "Sendiri"]
    assert [r.line for r in refs] == [FIRST_BODY_LINE] * 2 + [FIRST_BODY_LINE + 1] * 1 + [
        FIRST_BODY_LINE + 3
    ]


def test_a_caption_with_quotes_and_brackets_is_kept_whole(tmp_path):
    """Python-Markdown's own parser ends a title at any quote followed by ')'."""
    photo(tmp_path, "foto.jpg")
    body = "![Alt](foto.jpg \"<script>alert('keterangan')</script> | Foto: <b>Budi</b>\")"
    html, ctx = convert(tmp_path, body)
    assert ctx.problems == []
    (ref,) = ctx.extras["photo_refs"]
    assert ref.caption == "<script>alert('keterangan')</script>"
    assert ref.credit == "<b>Budi</b>"
    assert "<script>" not in html  # the placeholder carries it escaped, in an attribute


def test_file_names_with_spaces_in_angle_brackets(tmp_path):
    photo(tmp_path, "Foto Kegiatan (1) Kafé.JPG")
    _html, ctx = convert(tmp_path, '![Nama aneh](<Foto Kegiatan (1) Kafé.JPG> "Keterangan")')
    assert ctx.problems == []
    (ref,) = ctx.extras["photo_refs"]
    assert ref.path == "Foto Kegiatan (1) Kafé.JPG"


def test_photos_in_a_subfolder_of_the_bundle_are_fine(tmp_path):
    photo(tmp_path, "foto/pasar.jpg")
    _html, ctx = convert(tmp_path, "![Pasar](foto/../foto/pasar.jpg)")
    assert ctx.problems == []
    assert ctx.extras["photo_refs"][0].path == "foto/pasar.jpg"


def test_a_cover_not_in_the_body_is_recorded_for_the_header(tmp_path):
    photo(tmp_path, "sampul.jpg")
    photo(tmp_path, "isi.jpg")
    _html, ctx = convert(
        tmp_path,
        "![Isi](isi.jpg)",
        header={"cover": "sampul.jpg", "photo-credit": "Humas"},
        lines={"cover": 4},
    )
    assert ctx.problems == []
    body, cover = ctx.extras["photo_refs"]
    assert body.path == "isi.jpg"
    assert (cover.path, cover.block, cover.line, cover.credit) == (
        "sampul.jpg",
        COVER_BLOCK,
        4,
        "Humas",
    )


def test_a_cover_in_the_body_is_not_recorded_twice(tmp_path):
    photo(tmp_path, "sampul.jpg")
    _html, ctx = convert(tmp_path, "![Sampul](sampul.jpg)", header={"cover": "sampul.jpg"})
    assert [r.block for r in ctx.extras["photo_refs"]] == [0]


def test_without_the_newsroom_context_images_are_left_alone(tmp_path):
    md = Markdown(extensions=["lintas.plugins.photos.figures"], output_format="html")
    html = md.convert("![Alt](x.jpg)")
    assert html == '<p><img alt="Alt" src="x.jpg"></p>'


# --- problems, with the line in index.md ---------------------------------------------


def test_missing_alt_text_names_the_real_line(tmp_path):
    photo(tmp_path, "x.jpg")
    photo(tmp_path, "y.jpg")
    body = 'Satu.\n\nDua.\n\n![Ada](x.jpg)\n\nTiga.\n\n![](y.jpg "Keterangan")\n'
    _html, ctx = convert(tmp_path, body)
    assert messages(ctx) == [
        f"content/articles/x/index.md:{FIRST_BODY_LINE + 8}: photo 'y.jpg' has no alt text"
        " — describe what the photo shows: ![description](y.jpg)"
    ]


def test_the_same_photo_twice_gets_the_line_of_each_use(tmp_path):
    photo(tmp_path, "x.jpg")
    body = "![Pertama](x.jpg)\n\nTeks.\n\n![](x.jpg)\n"
    _html, ctx = convert(tmp_path, body)
    assert [p.line for p in ctx.problems] == [FIRST_BODY_LINE + 4]


@pytest.mark.parametrize(
    ("src", "message"),
    [
        (
            "../../../../etc/passwd",
            "photo '../../../../etc/passwd' is outside the article's folder",
        ),
        ("/etc/hostname", "photo '/etc/hostname' is outside the article's folder"),
        ("https://foto.example/x.jpg", "photo 'https://foto.example/x.jpg' is not a file in"),
        ("//foto.example/x.jpg", "is not a file in the article's folder"),
        ("tidak-ada.jpg", "photo 'tidak-ada.jpg' does not exist"),
    ],
)
def test_references_that_are_not_photos_of_the_bundle(tmp_path, src, message):
    body = f'Pembuka.\n\n![Foto]({src} "Keterangan")\n'
    _html, ctx = convert(tmp_path, body)
    (problem,) = ctx.problems
    assert problem.line == FIRST_BODY_LINE + 2
    assert message in str(problem)
    assert str(problem.hint)


def test_a_link_to_a_photo_outside_the_bundle_is_refused(tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    outside = photo(tmp_path, "rahasia.jpg")
    os.symlink(outside, bundle / "tautan.jpg")
    _html, ctx = convert(bundle, "![Foto](tautan.jpg)")
    (problem,) = ctx.problems
    assert problem.line == FIRST_BODY_LINE
    assert "photo 'tautan.jpg' is a link to a file outside the article's folder" in str(problem)


def test_damaged_and_oversized_photos_give_the_engine_message(tmp_path):
    (tmp_path / "rusak.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"noise" * 50)
    photo(tmp_path, "besar.png", (1200, 1000))  # 1.2 MP over the 1 MP limit set above
    (tmp_path / "teks.jpg").write_text("bukan foto")
    body = "![Rusak](rusak.jpg)\n\n![Besar](besar.png)\n\n![Teks](teks.jpg)\n"
    _html, ctx = convert(tmp_path, body)
    found = messages(ctx)
    assert len(found) == 3
    assert f":{FIRST_BODY_LINE}: photo 'rusak.jpg': the photo file is damaged" in found[0]
    assert "copy or export it again" in found[0]
    assert f":{FIRST_BODY_LINE + 2}: photo 'besar.png': the photo is too large" in found[1]
    assert "limit 1" in found[1]
    assert f":{FIRST_BODY_LINE + 4}: photo 'teks.jpg': this file is not an image" in found[2]


def test_animated_gif_is_refused_clearly(tmp_path):
    frames = [Image.new("RGB", (40, 30), c) for c in ("red", "blue")]
    frames[0].save(tmp_path / "gerak.gif", save_all=True, append_images=frames[1:])
    _html, ctx = convert(tmp_path, "![Gerak](gerak.gif)")
    (problem,) = ctx.problems
    assert "photo 'gerak.gif': animated GIFs are not supported" in str(problem)
    assert "export a still JPEG" in str(problem)


def test_a_photo_inside_a_line_of_text_is_refused(tmp_path):
    photo(tmp_path, "x.jpg")
    _html, ctx = convert(tmp_path, "Pembuka.\n\nTeks ![Foto](x.jpg) teks.\n")
    (problem,) = ctx.problems
    assert problem.line == FIRST_BODY_LINE + 2
    assert "photo 'x.jpg' is inside a line of text" in str(problem)
    assert "line of its own" in str(problem.hint)


def test_raw_img_html_is_refused(tmp_path):
    _html, ctx = convert(tmp_path, 'Pembuka.\n\n<img src="x.jpg" alt="x">\n')
    (problem,) = ctx.problems
    assert problem.line == FIRST_BODY_LINE + 2
    assert "raw HTML <img>" in str(problem)


def test_a_damaged_cover_not_in_the_body_is_reported_on_the_cover_line(tmp_path):
    (tmp_path / "sampul.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"x" * 40)
    _html, ctx = convert(tmp_path, "Teks.", header={"cover": "sampul.jpg"}, lines={"cover": 5})
    (problem,) = ctx.problems
    assert problem.line == 5
    assert "cover 'sampul.jpg': the photo file is damaged" in str(problem)


# --- the helpers ---------------------------------------------------------------------


def test_title_and_credit_helpers():
    assert split_title("Keterangan | Foto: Budi", "Humas") == ("Keterangan", "Budi")
    assert split_title("a | b | c", "") == ("a | b", "c")
    assert split_title("Keterangan", "Kredit: Humas") == ("Keterangan", "Humas")
    assert split_title(None, "") == ("", "")
    assert split_title("Keterangan |", "Humas") == ("Keterangan", "Humas")
    assert clean_credit("photo:  Budi ") == "Budi"
    assert relative_path("a/./b.jpg") == ("a/b.jpg", "", "")
    assert relative_path("foto%20pasar.jpg")[0] == "foto pasar.jpg"
    assert relative_path("C:\\foto.jpg")[0] is None
