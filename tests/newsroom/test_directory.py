"""Reporters, sections and regions as content files (lintas.core.directory)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image
from sitebuild import ROOT, run_build, write_settings

from lintas.core.directory import load_directory
from lintas.settings import read_settings

AUTHOR = """\
Name: Nur Ain Damopolii
Code: nad
Role: Reporter magang
Photo: nur-ain.jpg
Email: nurain@totabuan.example
Links: https://x.com/nurain

Meliput pendidikan di Kotamobagu.
"""
ARTICLE = """\
Title: Sekolah Baru di Lolak
Date: 2016-09-05 09:00
Category: Pendidikan
Author: Nur Ain Damopolii

Sekolah baru diresmikan di Lolak.
"""


def portal(folder: Path) -> Path:
    """A content tree with its own reporters, sections and regions: the
    sample's, plus a new reporter added as a file, with a photo."""
    content = folder / "content"
    for part in ("authors", "sections", "regions"):
        shutil.copytree(ROOT / "content" / part, content / part)
    (content / "authors" / "nur-ain-damopolii.md").write_text(AUTHOR, encoding="utf-8")
    photo = Image.linear_gradient("L").resize((600, 800)).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "ZQXCAMERA"  # Make: must not survive into the output
    photo.save(content / "authors" / "nur-ain.jpg", exif=exif.tobytes())
    bundle = content / "articles" / "sekolah-baru-di-lolak"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text(ARTICLE, encoding="utf-8")
    (content / "pages").mkdir()
    return content


def test_the_sample_portal_reads_its_people_and_places_from_content():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    assert settings["NEWSROOM_CATEGORIES"][0] == "Smart City"  # Order: 1
    assert settings["NEWSROOM_CATEGORIES"][-1] == "Advertorial"
    assert "Bolaang Mongondow Utara" in settings["NEWSROOM_REGIONS"]
    assert settings["NEWSROOM_AUTHORS"]["Sitti Paputungan"]["code"] == "sp"
    assert "NEWSROOM_AUTHORS" not in (ROOT / "pelicanconf.py").read_text(encoding="utf-8")


def test_bad_files_get_path_line_messages(tmp_path):
    authors = tmp_path / "authors"
    authors.mkdir()
    (authors / "a.md").write_text("Name: Ani\nKode: x\nPhoto: tidak-ada.jpg\n\nBio.\n", "utf-8")
    (authors / "b.md").write_text("Code: y\n\nBio.\n", "utf-8")
    (authors / "c.md").write_text("Name: Ani\n\nBio.\n", "utf-8")
    sections = tmp_path / "sections"
    sections.mkdir()
    (sections / "x.md").write_text("Name: Ekonomi\nOrder: dua\n", "utf-8")
    found = sorted(p.render("en") for p in load_directory(tmp_path).problems)
    shown = (
        str(tmp_path.relative_to(Path.cwd()))
        if tmp_path.is_relative_to(Path.cwd())
        else str(tmp_path)
    )
    assert found == sorted(
        [
            f"{shown}/authors/a.md:2: unknown field 'Kode' — did you mean 'Code'?",
            f"{shown}/authors/a.md:3: photo 'tidak-ada.jpg' does not exist — put the photo "
            "beside this file and give just its file name",
            f"{shown}/authors/b.md:1: the name is missing — add a line 'Name: …' at the top "
            "of the file",
            f"{shown}/authors/c.md:1: name 'Ani' is already used by {shown}/authors/a.md — "
            "each file needs its own name",
            f"{shown}/sections/x.md:2: order 'dua' is not a whole number — e.g. 'Order: 3' "
            "(smaller numbers come first)",
        ]
    )


def test_a_reporter_added_as_a_file_is_credited_with_photo_and_bio(tmp_path):
    content = portal(tmp_path)
    result = run_build(write_settings(tmp_path, content, base="publishconf"), tmp_path / "out")
    assert result.returncode == 0, result.log
    page = (result.output / "penulis" / "nur-ain-damopolii" / "index.html").read_text("utf-8")
    assert "Meliput pendidikan di Kotamobagu." in page
    assert "Reporter magang" in page and 'href="https://x.com/nurain"' in page
    photos = list((result.output / "penulis" / "nur-ain-damopolii").glob("foto-*.jpg"))
    assert len(photos) == 1
    assert f"/penulis/nur-ain-damopolii/{photos[0].name}" in page
    with Image.open(photos[0]) as published:
        assert published.size == (256, 256)
        assert not published.getexif()
    assert b"ZQXCAMERA" not in photos[0].read_bytes()


def test_the_checker_reports_a_bad_author_file(tmp_path):
    content = portal(tmp_path)
    (content / "authors" / "nur-ain-damopolii.md").write_text(
        AUTHOR.replace("Role:", "Peran:"), encoding="utf-8"
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "lintas",
            "check",
            "--settings",
            str(write_settings(tmp_path, content)),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "content/authors/nur-ain-damopolii.md:3: kolom 'Peran' tidak dikenal — "
        "kolom yang dikenal: Name, Code, Role, Photo, Email, Links"
    ]
