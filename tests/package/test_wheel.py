"""The engine as a user gets it: a wheel built from this repository, installed
in a fresh virtualenv outside it, `lintas init` making a portal, and that
portal building for production with nothing copied from the repository.

Slow (a wheel build and a virtualenv install, ~30-60 s with pip's cache warm):
marked ``slow`` and part of the normal suite; ``-m "not slow"`` skips it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from lxml import html as lxml_html
from sitebuild import ROOT

pytestmark = pytest.mark.slow

PORTAL_NAME = "Lintas Manado"
# What the wheel is built from: the packaging metadata and the package. Copied
# to a scratch folder because setuptools writes build/ and *.egg-info into the
# folder it builds, and the repository must stay as it is.
WHEEL_SOURCES = ("pyproject.toml", "README.md", "lintas")


def run(args: list, cwd: Path, env: dict | None = None, timeout: int = 300):
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert proc.returncode == 0, f"{args} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    return proc


def clean_env(venv: Path) -> dict:
    """The user's environment: the new virtualenv first on PATH, nothing that
    would let this repository's engine leak in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.pop("LINTAS_SITEURL", None)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    scratch = tmp_path_factory.mktemp("wheel")
    source = scratch / "source"
    source.mkdir()
    for name in WHEEL_SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name,
                source / name,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
            )
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = scratch / "dist"
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", dist, source], scratch)
    (built,) = dist.glob("lintas-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtualenv (no pip of its own: this one's pip installs into it)
    with the wheel and its declared dependencies at the pinned versions."""
    folder = tmp_path_factory.mktemp("venv") / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", folder], folder.parent)
    python = folder / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", python]
    run([*pip, "install", "-q", "-c", ROOT / "requirements.txt", wheel], folder.parent)
    return folder


def test_the_wheel_ships_the_theme_catalogs_and_skeleton_but_no_tests(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for template in ("base.html", "article.html", "index.html", "_scripts.html"):
        assert f"lintas/theme/templates/{template}" in names
    for language in ("id", "en"):
        assert f"lintas/theme/translations/{language}/LC_MESSAGES/messages.po" in names
    assert "lintas/theme/static/css/lintas.css" in names
    assert "lintas/skeleton/pelicanconf.py.tmpl" in names
    assert "lintas/skeleton/story/saluran.jpg" in names
    assert not [n for n in names if n.startswith("tests/") or "/tests/" in n]
    assert not [n for n in names if n.endswith(".mo")], "catalogs compile in memory"
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "lintas = lintas.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_init_then_publish_with_the_installed_engine(venv, tmp_path):
    env = clean_env(venv)
    lintas = venv / "bin" / "lintas"
    where = run([venv / "bin" / "python", "-c", "import lintas; print(lintas.__file__)"], tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(venv), "the engine must come from the wheel"

    made = run([lintas, "init", tmp_path / "portal", "--name", PORTAL_NAME], tmp_path, env)
    assert "make serve" in made.stdout and "make publish" in made.stdout
    portal = tmp_path / "portal"
    (story,) = portal.glob("content/articles/*/*/*/index.md")
    date_line = next(line for line in story.read_text().splitlines() if line.startswith("Date:"))
    story_date = datetime.strptime(date_line.removeprefix("Date:").strip(), "%Y-%m-%d %H:%M")
    env["LINTAS_NOW"] = f"{story_date + timedelta(days=1):%Y-%m-%d %H:%M}"

    built = run([lintas, "build", "--publish"], portal, env)
    assert "Traceback" not in built.stderr
    output = portal / "output"

    home = (output / "index.html").read_text(encoding="utf-8")
    assert f"<title>{PORTAL_NAME} — Berita Manado dan sekitarnya</title>" in home
    assert "Warga Manado Kerja Bakti" in home

    story_url = "/".join(story.parent.relative_to(portal / "content" / "articles").parts)
    page = lxml_html.parse(str(output / story_url / "index.html")).getroot()
    assert page.findtext(".//h1").strip().startswith("Warga Manado Kerja Bakti")
    images = page.xpath("//main//img")
    assert len(images) == 2
    for image in images:
        source = image.get("src")
        assert source.startswith("/media/"), source  # PHOTOS_URL_PREFIX
        rendition = output / source.removeprefix("/")
        assert rendition.is_file() and rendition.stat().st_size > 0
    captions = [c.text_content() for c in page.xpath("//main//figcaption")]
    assert any("Saluran air di depan rumah warga" in c for c in captions), captions
    assert any("Sampah dari saluran dikumpulkan" in c for c in captions), captions
    for photo in ("saluran", "karung"):
        assert list((output / "media").rglob(f"{photo}-*w-*.webp"))
    assert not list(output.rglob("saluran.jpg")), "originals are never published"

    feed = feedparser.parse(output / "feed" / "rss.xml")
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title.startswith(PORTAL_NAME)
    assert [e.link for e in feed.entries] == [f"https://lintas-manado.example/{story_url}/"]
    assert json.loads((output / "feed" / "feed.json").read_text())["items"]
    # sitemap.xml is an index of per-period files (and the pages' own).
    assert "<sitemapindex" in (output / "sitemap.xml").read_text(encoding="utf-8")
    sitemap = "".join(p.read_text(encoding="utf-8") for p in output.glob("sitemap-*.xml"))
    assert f"https://lintas-manado.example/{story_url}/" in sitemap
    assert "https://lintas-manado.example/pedoman-media-siber/" in sitemap
    guideline = (output / "pedoman-media-siber" / "index.html").read_text(encoding="utf-8")
    assert "Dewan Pers" in guideline and f"{PORTAL_NAME} berpegang" in guideline
    assert (output / "redaksi" / "index.html").is_file()
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["id"]["page_count"] >= 1

    # The portal's Makefile finds the installed `lintas` on PATH.
    checked = run(["make", "check"], portal, env)
    assert "0 masalah, 0 peringatan di seluruh naskah" in checked.stderr
