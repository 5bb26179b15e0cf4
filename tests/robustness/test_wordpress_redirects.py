"""A WordPress portal moved without losing its readers: every old link answers 301.

tests/data/wordpress/moved.xml is imported (two older permalink structures
given as options), one story is then renamed in Lintas, the portal is built
for production, and Debian's nginx runs deploy/nginx.conf over it with the
generated maps: each old URL — ?p= and other query links, permalinks of three
structures, an old WordPress slug, categories (nested, mapped, turned into a
tag), tags, authors, feeds, attachment pages, uploads and their resized
copies — must answer 301 with the right new URL, and that URL 200.

Fails, never skips, when nginx is missing (`make system-deps`).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from sitebuild import LINTAS, ROOT, run_build, write_settings

from .serving import free_port, get, start_nginx, stop_nginx

EXPORT = ROOT / "tests" / "data" / "wordpress" / "moved.xml"
UPLOADS = {
    "2016/09/cabai.jpg": (2000, 1333),
    "2016/09/cabai-1024x683.jpg": (1024, 683),
    "2016/09/pasar.jpg": (1700, 1133),
    "2016/09/festival.jpg": (1200, 800),
}
CABAI = "/2016/09/harga-cabai-naik-lagi/"  # renamed in Lintas after the import
FESTIVAL = "/2016/09/festival-kotamobagu-dibuka/"
PHOTO = r"/media/[0-9a-f]{{2}}/{stem}-{width}w-[0-9a-f]+\.jpg"
CABAI_PHOTO = PHOTO.format(stem="cabai", width=1600)
PASAR_PHOTO = PHOTO.format(stem="pasar", width=1600)  # not the lead: read from the markup
FESTIVAL_PHOTO = PHOTO.format(stem="festival", width=1200)

OLD_TO_NEW = {
    # the post id, and query links with other parameters around them
    "/?p=201": CABAI,
    "/?utm_source=wa&p=202": FESTIVAL,
    "/index.php?p=202": FESTIVAL,
    # today's WordPress permalink (= Lintas's URL before the rename), AMP, no slash
    "/2016/09/harga-cabai-naik/": CABAI,
    "/2016/09/harga-cabai-naik": CABAI,
    "/2016/09/harga-cabai-naik/amp/": CABAI,
    # older structures, with today's slug and with the slug it had before
    "/2016/09/10/harga-cabai-naik/": CABAI,
    "/2016/09/10/harga-cabai-melonjak/": CABAI,
    "/ekonomi/harga-cabai-naik/": CABAI,
    "/daerah/bolmong/festival-kotamobagu-dibuka/": FESTIVAL,
    "/harga-cabai-melonjak/": CABAI,
    "/2016/09/12/festival-kotamobagu-dibuka/": FESTIVAL,
    # attachment pages
    "/2016/09/harga-cabai-naik/cabai/": CABAI,
    "/?attachment_id=302": FESTIVAL,
    # pages, a child page
    "/?page_id=204": "/tentang-kami/",
    "/tentang-kami/susunan-redaksi/": "/susunan-redaksi/",
    # sections: mapped, nested and mapped, turned into a tag
    "/category/ekonomi/": "/kategori/ekonomi/",
    "/?cat=3": "/kategori/ekonomi/",
    "/category/daerah/bolmong/": "/kategori/pemerintahan/",
    "/category/berita-daerah/": "/topik/berita-daerah/",
    "/tag/pasar/": "/topik/pasar/",
    "/?tag=umkm": "/topik/umkm/",
    "/author/sitti/": "/penulis/sitti-paputungan/",
    "/?author=1": "/penulis/rahmat-mokodompit/",
    # feeds
    "/feed/": "/feed/rss.xml",
    "/?feed=rss2": "/feed/rss.xml",
    "/category/ekonomi/feed/": "/kategori/ekonomi/feed/rss.xml",
    "/category/berita-daerah/feed/": "/topik/berita-daerah/feed/rss.xml",
    "/tag/pasar/feed/": "/topik/pasar/feed/rss.xml",
    "/author/rahmat/feed/": "/penulis/rahmat-mokodompit/feed/rss.xml",
}
OLD_TO_PHOTO = {
    "/wp-content/uploads/2016/09/cabai.jpg": CABAI_PHOTO,
    "/wp-content/uploads/2016/09/cabai-1024x683.jpg": CABAI_PHOTO,
    "/wp-content/uploads/2016/09/cabai-150x150.jpg": CABAI_PHOTO,  # a size never seen
    "/wp-content/uploads/2016/09/pasar-800x533.jpg": PASAR_PHOTO,
    "/wp-content/uploads/2016/09/festival.jpg": FESTIVAL_PHOTO,
}
# Live pages of the new site are never redirected away, and a draft had no URL.
NOT_REDIRECTED = ["/", "/tentang-kami/", FESTIVAL, CABAI, "/?p=206", "/kategori/ekonomi/"]


def make_uploads(folder: Path) -> Path:
    for number, (relative, size) in enumerate(UPLOADS.items()):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, (40 * number, 120, 160)).save(path, quality=85)
    return folder


def run_import(folder: Path, content: Path, settings: Path, *extra: str):
    return subprocess.run(
        [LINTAS, "import-wordpress", str(EXPORT), "--uploads",
         str(folder / "uploads"), "--content", str(content), "--settings", str(settings),
         "--report", str(folder / "laporan.md"), "--language", "en", *extra],
        capture_output=True, text=True, cwd=folder, timeout=120,
    )  # fmt: skip


IMPORT_OPTIONS = (
    "--permalink-structure", "/%year%/%monthnum%/%day%/%postname%/",
    "--permalink-structure", "/%category%/%postname%/",
    "--map-category", "Bolaang Mongondow=Pemerintahan",
)  # fmt: skip


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    folder = tmp_path_factory.mktemp("moved")
    make_uploads(folder / "uploads")
    content = folder / "content"
    (content / "pages").mkdir(parents=True)
    result = run_import(folder, content, write_settings(folder, content), *IMPORT_OPTIONS)
    assert result.returncode == 0, result.stdout + result.stderr
    # An editor renames a story after the move: its old links must follow it.
    index = content / "articles" / "2016" / "09" / "harga-cabai-naik" / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("\nDate:", "\nSlug: harga-cabai-naik-lagi\nDate:", 1), "utf-8")
    return folder, content


@pytest.fixture(scope="module")
def server(portal):
    folder, content = portal
    port = free_port()
    settings = write_settings(folder, content, base="publishconf")
    result = run_build(
        settings, folder / "output", extra_env={"LINTAS_SITEURL": f"http://127.0.0.1:{port}"}
    )
    assert result.returncode == 0, result.log
    server = start_nginx(folder / "nginx", result.output, port)
    yield server
    stop_nginx(server)


def test_every_old_url_answers_301_to_its_new_url_which_answers_200(server):
    wrong = {}
    for old, new in OLD_TO_NEW.items():
        status, headers, _body = get(server, old)
        if status != 301 or headers.get("location") != new:
            wrong[old] = (status, headers.get("location"), new)
            continue
        status, _headers, _body = get(server, new)
        if status != 200:
            wrong[old] = ("new URL answers", status, new)
    assert not wrong, wrong


def test_old_upload_urls_answer_the_largest_rendition(server):
    for old, pattern in OLD_TO_PHOTO.items():
        status, headers, _body = get(server, old)
        assert status == 301, old
        assert re.fullmatch(pattern, headers["location"]), (old, headers["location"])
        status, headers, body = get(server, headers["location"])
        assert status == 200 and headers["content-type"] == "image/jpeg"
        assert body[:3] == b"\xff\xd8\xff"


def test_live_pages_and_unknown_links_are_not_redirected(server):
    for path in NOT_REDIRECTED:
        status, _headers, _body = get(server, path)
        assert status == 200, path
    status, _headers, _body = get(server, "/2016/09/10/tidak-pernah-ada/")
    assert status == 404
    status, _headers, body = get(server, "/_redirects/nginx/path.map")
    assert status == 404 and body == (server.root / "404.html").read_bytes()


def test_the_plain_list_for_other_servers(server):
    text = (server.root / "_redirects" / "redirects.txt").read_text(encoding="utf-8")
    pairs = dict(line.split(" ") for line in text.splitlines())
    assert pairs["/?p=201"] == CABAI
    assert pairs["/2016/09/10/harga-cabai-melonjak/"] == CABAI
    assert re.fullmatch(CABAI_PHOTO, pairs["/wp-content/uploads/2016/09/cabai.jpg"])
    assert "/?p=206" not in pairs


def test_a_gone_target_is_a_warning_with_its_line(portal, tmp_path):
    _folder, content = portal
    gone = tmp_path / "content"
    subprocess.run(["cp", "-a", str(content), str(gone)], check=True)
    subprocess.run(
        ["rm", "-r", str(gone / "articles" / "2016" / "09" / "festival-kotamobagu-dibuka")],
        check=True,
    )
    mapping = (gone / "redirects" / "wordpress.tsv").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(mapping, 1) if text.startswith("/?p=202\t"))
    target = "articles/2016/09/festival-kotamobagu-dibuka/index.md"
    expected = f"wordpress.tsv:{line}: warning: redirect target {target} does not exist"
    for base in ("pelicanconf", "publishconf"):  # a warning: nothing is held back for it
        settings = write_settings(tmp_path, gone, base=base, MESSAGES_LANGUAGE="en")
        build = run_build(settings, tmp_path / base)
        assert build.returncode == 0, build.log
        assert expected in build.log
        listed = (build.output / "_redirects" / "redirects.txt").read_text("utf-8")
        assert "/?p=202 " not in listed and "/?p=201 " in listed
