"""`lintas import-wordpress` on tests/data/wordpress/export.xml: one post per case.

The uploads folder is generated here with Pillow; one featured image and one
body image are deliberately missing from it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image
from sitebuild import LINTAS, PYTHON, ROOT, all_files, run_build, write_settings

from lintas.core.frontmatter import parse_front_matter
from lintas.wordpress.convert import Converter, autop

EXPORT = ROOT / "tests" / "data" / "wordpress" / "export.xml"
UPLOADS = {  # what the old site's wp-content/uploads holds
    "2016/09/penandatanganan.jpg": (2000, 1333),
    "2016/09/penandatanganan-300x200.jpg": (300, 200),  # WordPress's resized copy
    "2016/09/jabat-tangan-1024x683.jpg": (1024, 683),  # only the resized copy survived
    "2016/09/galeri-1.jpg": (1200, 800),
    "2016/09/galeri-2.jpg": (1200, 800),
    "2016/09/galeri-3.jpg": (1200, 800),
}
WP_TIMEZONE = "Asia/Jakarta"  # the old site ran on WIB
MOU = "2016/09/pemkot-kotamobagu-teken-mou-smart-city"
TERMINAL = "2016/09/rencana-pembangunan-terminal-tipe-b"
CPNS = "2016/10/hasil-seleksi-cpns-bolmut-diumumkan"
BOROKO = "2016/09/kabar-terkini-dari-boroko-bolmut"
PRIVATE = "2016/09/catatan-internal-redaksi"
CUP = "2016/09/bupati-cup-edition-2016"
MOU_EARLIER = "2016/08/pemkot-kotamobagu-teken-mou-smart-city-2"
WRITTEN = [MOU, TERMINAL, CPNS, BOROKO, PRIVATE, CUP, MOU_EARLIER]


def make_uploads(folder: Path) -> Path:
    for number, (relative, size) in enumerate(UPLOADS.items()):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, (40 * number, 120, 160)).save(path, quality=85)
    return folder


def run_import(folder: Path, content: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINTAS, "import-wordpress", *extra,
         "--uploads", str(folder / "uploads"), "--content", str(content),
         "--settings", str(write_settings(folder, content)), "--wp-timezone", WP_TIMEZONE,
         "--report", str(folder / "laporan.md"), "--language", "en"],
        capture_output=True, text=True, cwd=folder, timeout=120,
    )  # fmt: skip


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wordpress")
    make_uploads(folder / "uploads")
    content = folder / "content"
    (content / "pages").mkdir(parents=True)
    result = run_import(folder, content, str(EXPORT))
    assert result.returncode == 0, result.stdout + result.stderr
    reports = {code: (folder / f"laporan.{code}.md").read_text("utf-8") for code in ("id", "en")}
    return folder, content, result.stdout, reports  # the reports before a second run


def bundle(imported, relative: str) -> Path:
    return imported[1] / "articles" / relative


def header(imported, relative: str) -> dict[str, str]:
    text = (bundle(imported, relative) / "index.md").read_text(encoding="utf-8")
    return {f.name: f.value for f in parse_front_matter(text).fields}


def body(imported, relative: str) -> str:
    text = (bundle(imported, relative) / "index.md").read_text(encoding="utf-8")
    return parse_front_matter(text).body


def report_of(imported, post_id: str) -> str:
    """The lines the importer printed for one post."""
    lines = imported[2].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"[{post_id}] "))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), None)
    return "\n".join(lines[start:end])


def test_every_post_is_written_or_said_not_to_be(imported):
    articles = imported[1] / "articles"
    assert sorted(
        str(p.parent.relative_to(articles)) for p in articles.rglob("index.md")
    ) == sorted(WRITTEN)
    assert "not imported" in report_of(imported, "16") and "trash" in report_of(imported, "16")
    page = (imported[1] / "pages" / "tentang-kami.md").read_text(encoding="utf-8")
    assert page == "Title: Tentang Kami\n\nPortal berita Bolaang Mongondow Raya.\n"
    content_text = "".join(p.read_text(encoding="utf-8") for p in articles.rglob("index.md"))
    assert "ZQXTRASHMARKER" not in content_text


def test_dates_are_written_in_wita(imported):
    assert header(imported, MOU)["Date"] == "2016-09-02 09:30"  # from the GMT date, not WIB 08:30
    assert header(imported, TERMINAL)["Date"] == "2016-09-20 15:00"  # draft: WIB 14:00, no GMT
    assert header(imported, CPNS)["Date"] == "2016-10-05 06:00"


def test_metadata_is_mapped(imported):
    mou = header(imported, MOU)
    assert mou["Title"] == "Pemkot Kotamobagu Teken MoU Smart City dengan Bandung"
    assert mou["Category"] == "Smart City"  # "smart city" in WordPress
    assert mou["Tags"] == "Kotamobagu, Bandung, Pemerintahan"  # second category kept as a tag
    assert mou["Author"] == "Rahmat Mokodompit"
    assert mou["Summary"] == (
        "Wali Kota Kotamobagu & Wali Kota Bandung menandatangani nota kesepahaman."
    )
    assert mou["Cover"] == "penandatanganan.jpg"
    assert "Status" not in mou
    assert header(imported, TERMINAL)["Author"] == "Sitti Paputungan"  # "sitti paputungan"
    assert header(imported, CPNS)["Category"] == "Pendidikan"  # "PENDIDIKAN"
    assert header(imported, BOROKO)["Title"] == "Kabar “Terkini” dari Boroko – Bolmut"


def test_draft_future_and_private_status(imported):
    assert header(imported, TERMINAL)["Status"] == "draft"
    assert header(imported, PRIVATE)["Status"] == "draft"
    assert "a private post: imported as a draft" in report_of(imported, "15")
    assert "Status" not in header(imported, CPNS)  # the future Date is the embargo
    assert "embargo until 2016-10-05 06:00" in report_of(imported, "13")


def test_slugs(imported):
    assert "WordPress slug 'bupati-cup-édition-2016' became 'bupati-cup-edition-2016'" in (
        report_of(imported, "17")
    )
    assert "is taken by another article" in report_of(imported, "18")
    assert header(imported, CUP)["Tags"] == "sepak bola, bupati cup, Boltim"


def test_photos_are_copied_preferring_the_original(imported):
    with Image.open(bundle(imported, MOU) / "penandatanganan.jpg") as photo:
        assert photo.size == UPLOADS["2016/09/penandatanganan.jpg"]  # not the 300x200 copy
    assert sorted(p.name for p in bundle(imported, MOU).iterdir()) == [
        "index.md",
        "penandatanganan.jpg",  # the [caption] photo and the featured image: one file
    ]
    # Only the resized copy exists: it is used, under the original's name.
    assert (bundle(imported, TERMINAL) / "jabat-tangan.jpg").is_file()


def test_captions_figures_and_galleries(imported):
    caption = "Penandatanganan MoU di Bandung"
    assert f'![Wali kota menandatangani naskah MoU](penandatanganan.jpg "{caption}")' in (
        body(imported, MOU).splitlines()
    )
    # <figure><img alt=""><figcaption>: the alt text comes from the attachment.
    caption = "Lokasi rencana terminal di Poyowa Kecil"
    assert f'![Lahan kosong di Poyowa Kecil](jabat-tangan.jpg "{caption}")' in (
        body(imported, TERMINAL).splitlines()
    )
    assert "had no alt text" in report_of(imported, "12")
    gallery = (
        '![Peserta duduk berbaris di aula](galeri-1.jpg "Peserta tes di aula kantor bupati")\n'
        '![Dua panitia membaca berkas](galeri-2.jpg "Panitia memeriksa berkas")\n'
        '![Papan pengumuman di kantor bupati](galeri-3.jpg "Pengumuman ditempel di papan")'
    )
    assert f"\n\n{gallery}\n\n" in body(imported, CPNS)  # one paragraph: a gallery
    assert "[gallery]: attachment 999 is not in the export" in report_of(imported, "13")


def test_html_becomes_clean_markdown(imported):
    text = body(imported, MOU)
    for expected in (
        "**Kotamobagu** – Upaya Pemerintah Kota Kotamobagu mewujudkan *smart city* terus",
        "Wali Kota menandatangani nota kesepahaman.  \nBaris kedua paragraf yang sama.",
        "## Pertukaran teknologi",
        "- ekonomi kreatif;\n- sumber daya manusia, lewat "
        "[program beasiswa](https://kotamobagu.example/sdm);",
        "1. tahap pertama\n2. tahap kedua",
        "> Dengan pertukaran teknologi, pelayanan lebih **maksimal**.",
        "### Forum dua hari",
        "Kegiatan ini dihadiri 38 wali kota dan bupati. (adve/man)",
    ):
        assert expected in text, f"{expected!r} not in:\n{text}"
    assert "<" not in text and "[caption" not in text
    assert "#### Anggaran" in body(imported, TERMINAL)
    assert "wp:paragraph" not in body(imported, TERMINAL)
    boroko = body(imported, BOROKO)
    assert "2016\\. Tahun yang sibuk bagi \\*warga\\* Boroko." in boroko  # text, not a list
    assert "alert(1)" not in boroko and "youtube.com/embed" not in boroko
    # An embed is a line of its own the newsroom renders; a table stays a table.
    assert "\n\n!embed[https://www.youtube.com/watch?v=abc123XYZ_0]\n\n" in boroko
    assert "| Desa | Jumlah |\n| --- | --- |\n| Boroko | 120 |" in boroko


def test_what_could_not_be_converted_is_reported(imported):
    report = report_of(imported, "14")
    for expected in (
        "image https://old.example/wp-content/uploads/2016/08/foto-hilang.jpg is missing "
        "from the uploads folder",
        "featured image https://old.example/wp-content/uploads/2016/09/hilang-sampul.jpg "
        "is missing from the uploads folder",
        "image https://cdn.other.example/luar.jpg is not in WordPress's uploads",
        "embed https://www.youtube.com/watch?v=abc123XYZ_0 written as !embed[…]",
        "formatting not converted, text kept: <u>",
        "left out with their content: <script>",
        "author 'Penulis Tamu' is not a known author",
    ):
        assert expected in report, f"{expected!r} not in:\n{report}"
    assert "Cover" not in header(imported, BOROKO)  # the missing photo is left out
    assert "foto-hilang" not in body(imported, BOROKO)
    assert "category 'Berita Daerah' is not one of the portal's categories" in report_of(
        imported, "12"
    )


def test_the_checker_stops_exactly_the_posts_the_report_flagged(imported):
    folder, content, *_ = imported
    result = subprocess.run(
        [PYTHON, "-m", "lintas", "check", "--settings",
         str(write_settings(folder, content)), "content/articles"],
        capture_output=True, text=True, cwd=folder, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert sorted(result.stdout.splitlines()) == [
        f"content/articles/{BOROKO}/index.md:4: penulis 'Penulis Tamu' tidak dikenal — "
        "daftarkan wartawan itu sebagai berkas di content/authors/ (lihat panduan)",
        f"content/articles/{TERMINAL}/index.md:3: rubrik 'Berita Daerah' tidak dikenal — "
        "pakai salah satu: Smart City, Pemerintahan, Ekonomi, Pendidikan, Kesehatan, Olahraga, "
        "Advertorial",
    ]


def test_imported_posts_build(imported, tmp_path):
    _folder, content, *_ = imported
    result = run_build(write_settings(tmp_path, content), tmp_path / "output")
    assert result.returncode == 0, result.log
    pages = {str(p.parent.relative_to(result.output)) for p in all_files(result.output)}
    assert {MOU, CUP, MOU_EARLIER} <= pages
    # Drafts, the embargo (the build clock is 2016-10-01) and the flagged posts stay out.
    assert not {TERMINAL, CPNS, PRIVATE, BOROKO} & pages


def test_a_second_run_keeps_what_is_there(imported):
    folder, content, *_ = imported
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    result = run_import(folder, content, str(EXPORT))
    assert result.returncode == 0
    assert f"{bundle(imported, MOU)}/index.md exists: skipped" in result.stdout
    assert "0 post(s) and 0 page(s) written" in result.stdout
    after = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    assert after == before  # no "-2" copies, nothing rewritten, no redirect twice


def test_an_interrupted_import_is_resumed(tmp_path):
    """An import killed half-way (here: a story and its redirects gone as if never
    written) is completed by running the same command again."""
    make_uploads(tmp_path / "uploads")
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    assert run_import(tmp_path, content, str(EXPORT)).returncode == 0
    mapping = content / "redirects" / "wordpress.tsv"
    whole = mapping.read_text(encoding="utf-8")
    lines = whole.splitlines(keepends=True)
    cut = next(i for i, line in enumerate(lines) if line.startswith("/?p=17\t"))
    mapping.write_text("".join(lines[:cut]), encoding="utf-8")
    for later in (
        "2016/09/bupati-cup-edition-2016",
        "2016/08/pemkot-kotamobagu-teken-mou-smart-city-2",
    ):
        (content / "articles" / later / "index.md").unlink()
    result = run_import(tmp_path, content, str(EXPORT))
    assert "2 post(s) and 0 page(s) written" in result.stdout, result.stdout
    assert (content / "articles" / CUP / "index.md").is_file()
    assert sorted(mapping.read_text(encoding="utf-8").splitlines()) == sorted(whole.splitlines())


def test_authors_become_author_files(imported):
    authors = imported[1] / "authors"
    assert (authors / "rahmat-mokodompit.md").read_text(encoding="utf-8") == (
        "Name: Rahmat Mokodompit\nCode: man\n\n"
        "Redaktur pelaksana. Meliput pemerintahan dan pembangunan kota.\n"
    )
    assert (authors / "penulis-tamu.md").read_text(encoding="utf-8") == "Name: Penulis Tamu\n"


def test_the_migration_report_in_both_languages(imported):
    english, indonesian = imported[3]["en"], imported[3]["id"]
    assert "| Posts imported | 7 |" in english and "| Pages imported | 1 |" in english
    assert "| Berita diimpor | 7 |" in indonesian and "| Halaman diimpor | 1 |" in indonesian
    boroko = f"content/articles/{BOROKO}/index.md"
    for text, heading in (
        (english, "### Unknown authors (1)"),
        (indonesian, "### Penulis tak dikenal (1)"),
    ):
        section = text.split(heading, 1)[1].split("###", 1)[0]
        assert boroko in section and "Penulis Tamu" in section
    assert "### Embeds (1)" in english and "### Sematan (1)" in indonesian
    assert (
        "https://old.example/2016/09/02/pemkot-kotamobagu-teken-mou-smart-city/"
        not in (english.split("## Needs an editor", 1)[1].split("### Missing images", 1)[0])
    )
    assert "Berita Yang Dibuang" in english.split("## Not imported", 1)[1]


def test_an_unreadable_export_exits_1(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("<rss><channel><item></channel>", encoding="utf-8")
    (tmp_path / "content" / "pages").mkdir(parents=True)
    result = run_import(tmp_path, tmp_path / "content", str(broken))
    assert result.returncode == 1
    assert f"cannot read {broken}" in result.stderr


# The converter on its own, for the cases an export rarely shows all at once.


def convert(markup: str):
    converter = Converter(lambda url, _what: Path(url).name, {}, None, "Judul")
    return converter.convert(markup), converter.notes


def test_nested_lists_are_indented_four_spaces():
    text, _ = convert("<ul><li>satu<ul><li>satu a</li></ul></li><li>dua</li></ul>")
    assert text == "- satu\n    - satu a\n- dua\n"


def test_an_image_inside_a_sentence_gets_its_own_paragraph():
    text, _ = convert('<p>Sebelum <img src="/wp-content/uploads/a.jpg" alt="A"> sesudah.</p>')
    assert text == "Sebelum\n\n![A](a.jpg)\n\nsesudah.\n"


def test_a_block_editor_gallery_keeps_each_caption():
    text, _ = convert(
        '<figure class="wp-block-gallery"><figure class="wp-block-image">'
        '<img src="/a.jpg" alt="A"><figcaption>Satu</figcaption></figure>'
        '<figure class="wp-block-image"><img src="/b.jpg" alt="B"></figure>'
        "<figcaption>Galeri</figcaption></figure>"
    )
    assert text == '![A](a.jpg "Satu")\n![B](b.jpg)\n\nGaleri\n'


def test_caption_quotes_and_bars_cannot_break_the_photo_syntax():
    text, _ = convert(
        '<figure><img src="/a.jpg" alt="A"><figcaption>Kata "x" | y</figcaption></figure>'
    )
    assert text == "![A](a.jpg \"Kata 'x' / y\")\n"


def test_markdown_characters_in_text_stay_text():
    text, _ = convert("<p>- bukan daftar, [bukan tautan] dan 5*3 &lt;b&gt;</p>")
    assert text == "\\- bukan daftar, \\[bukan tautan\\] dan 5\\*3 &lt;b>\n"


def test_autop_makes_paragraphs_and_line_breaks_like_wordpress():
    assert autop("Satu\ndua\n\n<h2>Judul</h2>\n\nTiga") == (
        "<p>Satu<br>\ndua</p>\n\n<h2>Judul</h2>\n\n<p>Tiga</p>"
    )


def test_embeds_of_every_kind_become_one_line_each():
    text, notes = convert(
        '<iframe src="https://www.youtube.com/embed/abc123XYZ_-"></iframe>'
        '<blockquote class="instagram-media" data-instgrm-permalink='
        '"https://www.instagram.com/p/C0de/?utm_source=ig_embed"><p>x</p></blockquote>'
        '<blockquote class="twitter-tweet"><p>t</p><a href="https://twitter.com/bupati/status/'
        '1234567890123456789">Sept 2016</a></blockquote>'
        '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@pemkot/video/'
        '7123456789012345678"></blockquote>'
        '<iframe src="https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com'
        '%2Fpemkot%2Fvideos%2F123456789%2F"></iframe>'
        "\n\nhttps://x.com/pemkot/status/9876543210987654321\n\n"
        '<!-- wp:embed {"url":"https://youtu.be/zz9zz9zz9zz"} --><figure class="wp-block-embed">'
        '<div class="wp-block-embed__wrapper">https://youtu.be/zz9zz9zz9zz</div></figure>'
        "<!-- /wp:embed -->"
        "[embed]https://www.youtube.com/watch?v=q1q1q1q1q1q[/embed]"
        "[embed]https://www.facebook.com/pemkot/posts/9[/embed]"
        '<iframe src="https://maps.example/peta"></iframe>'
    )
    assert text == (
        "!embed[https://www.youtube.com/watch?v=abc123XYZ_-]\n\n"
        "!embed[https://www.instagram.com/p/C0de/]\n\n"
        "!embed[https://twitter.com/bupati/status/1234567890123456789]\n\n"
        "!embed[https://www.tiktok.com/@pemkot/video/7123456789012345678]\n\n"
        "!embed[https://www.facebook.com/pemkot/videos/123456789/]\n\n"
        "!embed[https://x.com/pemkot/status/9876543210987654321]\n\n"
        "!embed[https://youtu.be/zz9zz9zz9zz]\n\n"
        "!embed[https://www.youtube.com/watch?v=q1q1q1q1q1q]\n\n"
        # a post the newsroom cannot embed: a link, and a note, never a refused line
        "<https://www.facebook.com/pemkot/posts/9>\n"
    )
    assert len(notes.embeds) == 8
    kinds = [(n.kind, n.value("url")) for n in notes.all() if n.kind != "embed"]
    assert kinds == [
        ("embed_unsupported", "https://www.facebook.com/pemkot/posts/9"),
        ("dropped_source", "https://maps.example/peta"),
        ("dropped", ""),
    ]
