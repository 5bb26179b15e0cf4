"""`lintas new` (a known author, a slug free in the whole archive, the preview
address) and `lintas terbit` (the release time written at release)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from sitebuild import LINTAS, write_settings

from lintas.core.frontmatter import parse_front_matter

NOW = "2026-12-08 14:00"


def lintas(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINTAS, *args, "--settings", str(folder / "settings_pelicanconf.py")],
        capture_output=True,
        text=True,
        cwd=folder,
        env={**os.environ, "LINTAS_NOW": NOW},
        timeout=120,
    )


@pytest.fixture
def portal(tmp_path) -> Path:
    content = tmp_path / "content"
    (content / "articles" / "2016" / "09").mkdir(parents=True)
    (content / "pages").mkdir()
    taken = content / "articles" / "2016" / "09" / "pasar-serasi-direnovasi"
    taken.mkdir()
    (taken / "index.md").write_text(
        "Title: Lama\nDate: 2016-09-01 08:00\nCategory: Ekonomi\n"
        "Author: Sitti Paputungan\n\nIsi.\n",
        encoding="utf-8",
    )
    write_settings(tmp_path, content)
    return tmp_path


def test_new_refuses_an_unknown_author_with_a_suggestion(portal):
    result = lintas(portal, "new", "Pasar Serasi Direnovasi", "--author", "Siti Paputungan")
    assert result.returncode != 0
    assert (
        "penulis 'Siti Paputungan' tidak dikenal — maksudnya 'Sitti Paputungan'?" in result.stderr
    )
    assert not list((portal / "content" / "articles" / "2026").glob("*/*"))


def test_new_takes_a_slug_free_in_the_whole_archive_and_prints_the_preview(portal):
    result = lintas(portal, "new", "Pasar Serasi Direnovasi", "--author", "Sitti Paputungan")
    assert result.returncode == 0, result.stderr
    index = portal / "content/articles/2026/12/pasar-serasi-direnovasi-2/index.md"
    assert result.stdout.splitlines() == [
        "content/articles/2026/12/pasar-serasi-direnovasi-2/index.md",
        "pratinjau (lintas serve): http://127.0.0.1:8000/2026/12/pasar-serasi-direnovasi-2/",
        "terbitkan dengan: lintas terbit "
        "content/articles/2026/12/pasar-serasi-direnovasi-2/index.md",
    ]
    header = {f.key: f.value for f in parse_front_matter(index.read_text("utf-8")).fields}
    assert header["author"] == "Sitti Paputungan" and header["status"] == "draft"
    assert "date" not in header  # dated when it is released
    check = lintas(portal, "check")
    assert check.returncode == 0, check.stdout + check.stderr  # an undated draft is fine


def test_terbit_writes_the_release_time_and_drops_draft(portal):
    lintas(portal, "new", "Jembatan Baru", "--author", "Yusuf Mamonto")
    index = portal / "content/articles/2026/12/jembatan-baru/index.md"
    index.write_text(index.read_text("utf-8").replace("Summary:", "Summary: Ringkas."), "utf-8")
    result = lintas(portal, "terbit", str(index.parent))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "diterbitkan, Date: 2026-12-08 14:00" in result.stdout
    header = {f.key: f.value for f in parse_front_matter(index.read_text("utf-8")).fields}
    assert header["date"] == NOW and "status" not in header
    assert index.read_text("utf-8").splitlines()[1] == f"Date: {NOW}"  # under the title


def test_terbit_refuses_a_story_with_a_problem_and_leaves_it(portal):
    lintas(portal, "new", "Jembatan Baru", "--author", "Yusuf Mamonto")
    index = portal / "content/articles/2026/12/jembatan-baru/index.md"
    broken = index.read_text("utf-8").replace("Category: Smart City", "Category: Ekonommi")
    index.write_text(broken, "utf-8")
    result = lintas(portal, "terbit", str(index))
    assert result.returncode == 1
    assert "rubrik 'Ekonommi' tidak dikenal — maksudnya 'Ekonomi'?" in result.stdout
    assert "tidak diterbitkan, berkas tidak diubah" in result.stdout
    assert index.read_text("utf-8") == broken


def test_a_non_draft_without_date_names_terbit(portal):
    lintas(portal, "new", "Jembatan Baru", "--author", "Yusuf Mamonto")
    index = portal / "content/articles/2026/12/jembatan-baru/index.md"
    index.write_text(index.read_text("utf-8").replace("Status: draft\n", ""), "utf-8")
    check = lintas(portal, "check")
    assert check.returncode == 1
    assert "tanggal belum diisi — terbitkan dengan 'lintas terbit" in check.stdout
