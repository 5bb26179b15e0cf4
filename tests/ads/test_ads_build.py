"""Ads in real builds of the sample portal (``lintas build``, incremental and
atomic swap, as editors and the scheduled rebuild run it):

- a changed banner rewrites the slot fragments only: every page keeps its
  file (same inode and mtime: the staging folder's hard link of the live
  page), and the incremental output equals a clean build byte for byte;
- an ad that ends (or starts) with no file edited: the build clock passing
  its End/Start makes the scheduled rebuild run (``valid_until``) and empties
  (fills) the fragment, again without touching a page;
- ads never reach feeds, sitemaps, the search index or JSON-LD;
- ADS_NETWORK is off by default; set, its script fills the empty slots;
- a bad ad is a path:line problem in Indonesian and is left out;
- real nginx (deploy/nginx.conf) includes the fragment, hides it as a URL
  of its own and serves the banners immutable.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from PIL import Image
from sitebuild import ROOT, BuildResult, run_lintas, write_settings

STORY = "2016/09/rsud-kotamobagu-buka-layanan-hemodialisis/index.html"
NOW = "2016-10-01 09:00"
KEPT = re.compile(r"(\d+) page\(s\) kept, (\d+) rendered")


def copy_content(folder: Path, keep_ads: bool = True) -> Path:
    content = folder / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns(".terbit"))
    if not keep_ads:
        shutil.rmtree(content / "iklan")
    return content


def pages(output: Path) -> dict[str, tuple[int, int]]:
    """Every HTML page but the fragments: (inode, mtime_ns)."""
    return {
        p.relative_to(output).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in output.rglob("*.html")
        if "_iklan" not in p.relative_to(output).parts
    }


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def settings_for(folder: Path, content: Path, **overrides) -> Path:
    """The project's settings on ``content``, with caches of the test's own: the
    incremental manifests folder is shared by default, and another build
    running at the same time (pytest -n) may tidy away a manifest it sees no
    output for yet (``forget_gone_outputs``)."""
    return write_settings(
        folder, content, INCREMENTAL_CACHE_DIR=str(folder / "incremental"), **overrides
    )


def build(settings: Path, output: Path, now: str = NOW) -> BuildResult:
    """``lintas build -v`` (the incremental layer's counts are INFO lines)."""
    proc = run_lintas(
        "build",
        "-v",
        "--settings",
        settings,
        "--output",
        output,
        env={**os.environ, "LINTAS_NOW": now},
    )
    result = BuildResult(proc.returncode, proc.stdout, proc.stderr, output)
    assert result.returncode == 0, result.log
    return result


def redraw_banner(path: Path, colour: str) -> None:
    size = Image.open(path).size
    Image.new("RGB", size, colour).save(path, "JPEG", quality=80)


@pytest.fixture(scope="module")
def changed_banner(tmp_path_factory):
    """The sample portal built, its article banner replaced, built again."""
    root = tmp_path_factory.mktemp("banner")
    content = copy_content(root)
    settings = settings_for(root, content)
    output = root / "output"
    first = build(settings, output)
    before_pages = pages(output)
    before_fragments = {p.name: p.read_bytes() for p in (output / "_iklan").glob("*.html")}
    ad = content / "iklan" / "roti-mokodompit"
    redraw_banner(ad / "banner.jpg", "#2f6f4f")
    index = ad / "index.md"
    index.write_text(
        index.read_text("utf-8").replace(
            "roti-mokodompit.example/", "roti-mokodompit.example/promo"
        ),
        "utf-8",
    )
    second = build(settings, output)
    return {
        "root": root,
        "content": content,
        "output": output,
        "first": first,
        "second": second,
        "before_pages": before_pages,
        "before_fragments": before_fragments,
    }


def test_a_changed_banner_rewrites_the_fragment_and_no_page(changed_banner):
    output = changed_banner["output"]
    after = pages(output)
    assert len(after) > 60
    assert after == changed_banner["before_pages"], "a page was written again"
    fragment = (output / "_iklan" / "artikel.html").read_text("utf-8")
    assert changed_banner["before_fragments"]["artikel.html"].decode() != fragment
    assert 'href="https://roti-mokodompit.example/promo"' in fragment
    assert (output / "_iklan" / "beranda.html").read_bytes() == changed_banner["before_fragments"][
        "beranda.html"
    ]
    # The build's own count: every page kept, none rendered (the fragments are
    # the ads plugin's own files, not pages).
    kept, rendered = map(int, KEPT.search(changed_banner["second"].log).groups())
    assert (kept, rendered) == (len(after), 0), changed_banner["second"].log
    # The page links the fragment, never the banner: the new banner is served by the same page.
    story = (output / STORY).read_text("utf-8")
    assert '<!--# include virtual="/_iklan/artikel.html" -->' in story
    assert "roti-mokodompit" not in story


def test_the_incremental_output_equals_a_clean_build(changed_banner, tmp_path):
    clean_settings = settings_for(tmp_path, changed_banner["content"])
    clean = tmp_path / "output"
    build(clean_settings, clean)
    built, expected = tree(changed_banner["output"]), tree(clean)
    assert sorted(built) == sorted(expected)
    differing = sorted(name for name in built if built[name] != expected[name])
    assert differing == []


def test_ads_never_reach_feeds_sitemaps_search_index_or_json_ld(changed_banner):
    output = changed_banner["output"]
    markers = ("_iklan", "roti-mokodompit.example", "kopi-kotamobagu.example", "Iklan")
    for path in output.rglob("*"):
        if path.suffix in (".xml", ".json", ".txt") and "pagefind" not in path.parts:
            text = path.read_text("utf-8")
            assert not any(m in text for m in markers[:3]), path
    for path in (output / "pagefind").rglob("*.pf_fragment"):
        text = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        assert not any(m in text for m in markers), path
    for path in output.rglob("*.html"):
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', path.read_text("utf-8"), re.S
        ):
            assert not any(m in block for m in markers[:3]), path


def test_no_request_elsewhere_by_default(changed_banner):
    """ADS_NETWORK is None: what a fragment loads (scripts, images, styles) is ours."""
    for fragment in (changed_banner["output"] / "_iklan").glob("*.html"):
        tree = lxml.html.fragment_fromstring(
            fragment.read_text("utf-8") or "<i></i>", create_parent=True
        )
        assert not tree.xpath("//script"), fragment
        loaded = tree.xpath("//img/@src | //link/@href")
        loaded += [c.split()[0] for s in tree.xpath("//img/@srcset") for c in s.split(",")]
        assert loaded, fragment
        outside = [url for url in loaded if not url.startswith(("/", "http://127.0.0.1:8000/"))]
        assert outside == [], fragment


@pytest.fixture(scope="module")
def timed(tmp_path_factory):
    """Only two ads: one ends at 12:00, the other starts at 15:00 (same slot)."""
    root = tmp_path_factory.mktemp("timed")
    content = copy_content(root, keep_ads=False)
    for slug, start, end in (
        ("pagi", "2016-09-30 08:00", "2016-10-01 12:00"),
        ("sore", "2016-10-01 15:00", "2016-10-02 00:00"),
    ):
        folder = content / "iklan" / slug
        folder.mkdir(parents=True)
        Image.new("RGB", (600, 500), "#806040").save(folder / "banner.jpg", "JPEG")
        (folder / "index.md").write_text(
            f"Sponsor: Toko {slug}\nLink: https://{slug}.example/\nSlot: artikel\n"
            f"Image: banner.jpg\nStart: {start}\nEnd: {end}\n",
            "utf-8",
        )
    return root, settings_for(root, content), root / "output"


def test_an_ad_ends_and_another_starts_with_no_file_edited(timed):
    _root, settings, output = timed
    fragment = output / "_iklan" / "artikel.html"
    build(settings, output, now="2016-10-01 09:00")
    assert "https://pagi.example/" in fragment.read_text("utf-8")
    site, before = output.stat().st_ino, pages(output)

    quiet = build(settings, output, now="2016-10-01 11:59")
    assert "nothing changed" in quiet.log
    assert output.stat().st_ino == site  # nothing was swapped in

    ended = build(settings, output, now="2016-10-01 12:00")
    assert "nothing changed" not in ended.log
    assert output.stat().st_ino != site  # a new build was swapped in
    assert fragment.read_text("utf-8").strip() == ""
    assert pages(output) == before, "an ending ad wrote a page"

    assert "nothing changed" in build(settings, output, now="2016-10-01 14:59").log
    started = build(settings, output, now="2016-10-01 15:00")
    assert "nothing changed" not in started.log
    assert "https://sore.example/" in fragment.read_text("utf-8")
    assert pages(output) == before, "a starting ad wrote a page"


def test_a_network_fills_empty_slots_and_a_bad_ad_is_left_out(tmp_path):
    content = copy_content(tmp_path, keep_ads=False)
    bad = content / "iklan" / "rusak"
    bad.mkdir(parents=True)
    (bad / "index.md").write_text(
        "Sponsor: Toko Rusak\nLink: https://rusak.example/\nSlot: beranda\nImage: tidak-ada.jpg\n"
        "Start: 2016-09-01 08:00\nEnd: 2016-08-01 08:00\n",
        "utf-8",
    )
    network = {
        "script": "https://ads.network.example/tag.js",
        "hosts": ["https://ads.network.example"],
    }
    settings = settings_for(tmp_path, content, ADS_NETWORK=network)
    result = build(settings, tmp_path / "output")
    shown = bad.relative_to(content).as_posix()
    assert re.search(
        rf"{shown}/index.md:4: banner 'tidak-ada.jpg' tidak ada di folder iklan ini", result.log
    ), result.log
    assert re.search(
        rf"{shown}/index.md:6: iklan berakhir \(2016-08-01 08:00\) sebelum mulai", result.log
    )
    for slot in ("beranda", "artikel", "rubrik"):
        text = (tmp_path / "output" / "_iklan" / f"{slot}.html").read_text("utf-8")
        assert '<script src="https://ads.network.example/tag.js" async></script>' in text
        assert "rusak" not in text
    home = (tmp_path / "output" / "index.html").read_text("utf-8")
    assert "ads.network.example" not in home  # the page holds the SSI directive only


def test_nginx_includes_the_fragment_and_hides_it(changed_banner, tmp_path):
    from robustness.serving import free_port, get, start_nginx, stop_nginx

    output = changed_banner["output"]
    server = start_nginx(tmp_path / "nginx", output, free_port())
    try:
        status, headers, body = get(server, "/" + STORY.removesuffix("index.html"))
        assert status == 200
        assert b"<!--#" not in body
        assert b'<aside class="iklan">' in body and b'rel="sponsored noopener"' in body
        assert "content-security-policy" in headers
        status, _headers, body = get(server, "/_iklan/artikel.html")
        assert status == 404 and b"iklan" not in body.split(b"<main", 1)[-1][:200]
        banner = re.search(
            rb'src="(/_iklan/img/[^"]+)"', (output / "_iklan" / "artikel.html").read_bytes()
        )
        status, headers, _body = get(server, banner.group(1).decode())
        assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable"
        assert headers["content-type"] == "image/jpeg"
    finally:
        stop_nginx(server)
    assert "[error]" not in server.error_log.read_text("utf-8")
