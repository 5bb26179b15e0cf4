"""Each kind of bad metadata gives its `file:line: what — what to do` message,
in the checker, in a dev build (warn, leave out) and in a publish build (refuse).

Each case's ``EXPECT`` holds the message in English (the msgid language),
``EXPECT.id`` in Indonesian (what editors see by default, MESSAGES_LANGUAGE)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitebuild import ROOT, all_files, run_build, write_settings

from lintas.settings import read_settings

CASES_DIR = ROOT / "tests" / "data" / "bad-metadata"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "EXPECT").exists())
GOOD_ARTICLE = """\
Title: Harga cabai turun di Pasar 23 Maret
Date: 2016-09-05 09:00
Category: Ekonomi
Tags: pasar, harga
Author: Sitti Paputungan

Harga cabai rawit di Pasar 23 Maret Kotamobagu turun.
"""


def expected_message(case: str, language: str = "id") -> str:
    name = "EXPECT" if language == "en" else f"EXPECT.{language}"
    expect = (CASES_DIR / case / name).read_text(encoding="utf-8").strip()
    return f"/{case}/index.md{expect}" if expect.startswith(":") else expect


@pytest.fixture(scope="module")
def bad_tree(tmp_path_factory) -> Path:
    """A content tree holding every bad case plus one good article."""
    folder = tmp_path_factory.mktemp("bad")
    articles = folder / "content" / "articles"
    shutil.copytree(CASES_DIR, articles, ignore=shutil.ignore_patterns("EXPECT"))
    good = articles / "harga-cabai-turun"
    good.mkdir()
    (good / "index.md").write_text(GOOD_ARTICLE, encoding="utf-8")
    (folder / "content" / "pages").mkdir()
    return folder


def test_there_are_at_least_ten_kinds():
    assert len(CASES) >= 10


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("case", CASES)
def test_checker_names_file_line_and_fix(bad_tree, case, language):
    """The same problem, rendered in either language (one Problem, two renderings)."""
    from lintas.plugins.newsroom.check import check_content

    settings = read_settings(str(write_settings(bad_tree, bad_tree / "content")))
    problems = [p.render(language) for p in check_content(settings)]
    assert any(expected_message(case, language) in p for p in problems), "\n".join(problems)


def test_checker_cli_speaks_english_when_asked(bad_tree):
    import subprocess
    import sys

    settings = write_settings(bad_tree, bad_tree / "content", MESSAGES_LANGUAGE="en")
    proc = subprocess.run(
        [sys.executable, "-m", "lintas", "check", "--settings", str(settings)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    for case in CASES:
        assert expected_message(case, "en") in proc.stdout
    assert "problems, 0 warnings in the content tree" in proc.stderr


def test_checker_cli_exits_1_and_prints_each_problem(bad_tree):
    import subprocess
    import sys

    settings = write_settings(bad_tree, bad_tree / "content")
    proc = subprocess.run(
        [sys.executable, "-m", "lintas", "check", "--settings", str(settings)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    for case in CASES:
        assert expected_message(case) in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    # One line per problem, and the count says how many lines there are.
    lines = proc.stdout.strip().splitlines()
    assert f"{len(lines)} masalah" in proc.stderr, proc.stderr


def test_checker_cli_exits_0_on_good_content(bad_tree):
    import subprocess
    import sys

    settings = write_settings(bad_tree, bad_tree / "content")
    good = bad_tree / "content" / "articles" / "harga-cabai-turun" / "index.md"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "lintas",
            "check",
            "--settings",
            str(settings),
            str(good),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""


def test_dev_build_warns_and_leaves_bad_articles_out(bad_tree):
    settings = write_settings(bad_tree, bad_tree / "content")
    result = run_build(settings, bad_tree / "dev-output")
    assert result.returncode == 0, result.log
    for case in CASES:
        assert expected_message(case) in result.log
    assert "Traceback" not in result.log
    html = "".join(
        p.read_text(encoding="utf-8") for p in all_files(result.output) if p.suffix == ".html"
    )
    assert "Harga cabai turun" in html
    for title in (
        "Tanggal salah",
        "Kategori salah",
        "Advertorial tanpa sponsor",
        "Kembar dua",
        "Sponsor di berita",
        "Tanpa isi",
    ):
        assert title not in html


def test_publish_build_holds_bad_articles_back_and_publishes_the_rest(bad_tree):
    """lintas.core.holdback: no story with a problem goes out, none blocks the others."""
    settings = write_settings(bad_tree, bad_tree / "content", base="publishconf")
    output = bad_tree / "published"
    output.mkdir()
    (output / "index.html").write_text("yesterday's site", encoding="utf-8")
    result = run_build(settings, output)
    assert result.returncode == 3, result.log
    assert expected_message("bad-date") in result.log
    assert "Traceback" not in result.log
    html = "".join(p.read_text(encoding="utf-8") for p in all_files(output) if p.suffix == ".html")
    assert "Harga cabai turun" in html
    assert "Tanggal salah" not in html and "Kategori salah" not in html
    report = (bad_tree / ".published.held-back.txt").read_text(encoding="utf-8")
    for case in CASES:
        assert expected_message(case) in report
    assert not list(bad_tree.glob(".published.staging-*"))
