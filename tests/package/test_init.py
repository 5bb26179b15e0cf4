"""`lintas init`: what it writes, what it refuses (fast; the installed-wheel
journey is test_wheel.py)."""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sitebuild import LINTAS

from lintas.cli.init import PLACEHOLDER, InitRefused, create_portal, story_title
from lintas.core.slugs import slugify_title
from lintas.settings import read_settings

NOW = datetime(2026, 3, 5, 9, 30, tzinfo=ZoneInfo("Asia/Makassar"))


def lintas(*args, cwd):
    return subprocess.run([LINTAS, *map(str, args)], cwd=cwd, capture_output=True, text=True)


def test_a_new_portal_has_every_file_rendered(tmp_path):
    written = create_portal(tmp_path / "kupang", "Kabar Kupang", now=NOW, url="https://kk.id/")
    portal = tmp_path / "kupang"
    story = "content/articles/2026/03/" + slugify_title(story_title("Kupang"))
    assert {str(p) for p in written} == {
        ".gitignore",
        "Makefile",
        "README.md",
        "pelicanconf.py",
        "publishconf.py",
        "content/CREDITS.md",
        "content/pages/redaksi.md",
        "content/pages/pedoman-media-siber.md",
        f"{story}/index.md",
        f"{story}/saluran.jpg",
        f"{story}/karung.jpg",
    }
    for path in portal.rglob("*"):
        if path.is_file() and path.suffix != ".jpg":
            text = path.read_text(encoding="utf-8")
            assert not PLACEHOLDER.search(text), path
            if path.suffix == ".py":
                ast.parse(text, str(path))
    assert not list(tmp_path.glob(".kupang.init-*")), "no staging folder left behind"
    index = (portal / story / "index.md").read_text(encoding="utf-8")
    assert index.startswith("Title: Warga Kupang Kerja Bakti")
    assert "\nDate: 2026-03-05 09:30\n" in index and "\nRegion: Kupang\n" in index
    assert 'SITEURL = os.environ.get("LINTAS_SITEURL", "https://kk.id")' in (
        portal / "publishconf.py"
    ).read_text(encoding="utf-8")


@pytest.fixture
def fresh_pelicanconf():
    """publishconf.py imports ``pelicanconf``: not a copy cached by another test."""
    cached = sys.modules.pop("pelicanconf", None)
    yield
    sys.modules.pop("pelicanconf", None)
    if cached is not None:
        sys.modules["pelicanconf"] = cached


def test_the_settings_are_the_portals_choices_over_the_engine_defaults(tmp_path, fresh_pelicanconf):
    create_portal(tmp_path / "p", 'Suara "Teluk" Tomini', timezone="Asia/Jayapura", now=NOW)
    settings = read_settings(tmp_path / "p" / "publishconf.py")
    assert settings["SITENAME"] == 'Suara "Teluk" Tomini'  # quotes survive as Python
    assert settings["NEWSROOM_REGIONS"] == ['"Teluk" Tomini']
    assert (settings["TIMEZONE"], settings["TIMEZONE_LABEL"]) == ("Asia/Jayapura", "WIT")
    assert settings["NEWSROOM_STRICT"] is True
    assert settings["SITEURL"] == "https://suara-teluk-tomini.example"
    assert settings["DEFAULT_PAGINATION"] == 10  # an engine default, not named by the portal
    assert settings["PRESS_GUIDELINE_SLUG"] == "pedoman-media-siber"


def test_the_example_content_passes_the_newsroom_rules(tmp_path):
    create_portal(tmp_path / "p", "Lintas Manado", now=NOW)
    checked = lintas("check", cwd=tmp_path / "p")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # The new portal's messages are Indonesian (MESSAGES_LANGUAGE's default).
    assert "0 masalah, 0 peringatan di seluruh naskah" in checked.stderr


@pytest.mark.parametrize("existing", ["file-inside", "folder-is-a-file"])
def test_a_non_empty_folder_or_a_file_is_refused_and_left_alone(tmp_path, existing):
    target = tmp_path / "portal"
    if existing == "file-inside":
        target.mkdir()
        (target / "notes.txt").write_text("mine")
    else:
        target.write_text("mine")
    result = lintas("init", target, "--name", "Lintas Manado", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # No portal yet, so no MESSAGES_LANGUAGE: the default, Indonesian.
    expected = "folder tidak kosong" if existing == "file-inside" else "ini berkas, bukan folder"
    assert f"{target}: " in result.stderr and expected in result.stderr, result.stderr
    assert "pilih folder baru atau folder kosong" in result.stderr
    if existing == "file-inside":
        assert [p.name for p in target.iterdir()] == ["notes.txt"]
    else:
        assert target.read_text() == "mine"


def test_an_empty_folder_is_used(tmp_path):
    (tmp_path / "empty").mkdir()
    result = lintas("init", tmp_path / "empty", "--name", "Lintas Manado", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "empty" / "pelicanconf.py").is_file()
    assert result.stdout.splitlines()[-2:] == [
        "  make serve      # pratinjau di http://127.0.0.1:8000, dibangun ulang setiap kali "
        "disimpan",
        "  make publish    # situs untuk terbit di output/",
    ]


def test_bad_options_are_refused_with_the_option_named(tmp_path):
    with pytest.raises(InitRefused) as empty:
        create_portal(tmp_path / "p", "   ")
    assert empty.value.render("en") == '--name is empty — give it, e.g. --name "Lintas Manado"'
    with pytest.raises(InitRefused) as not_an_address:
        create_portal(tmp_path / "p", "Lintas Manado", url="manado")
    assert "--url 'manado' is not an address" in not_an_address.value.render("en")
    assert "--url 'manado' bukan alamat web" in str(not_an_address.value)
    assert not (tmp_path / "p").exists()


def test_help_shows_an_example(tmp_path):
    result = lintas("init", "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert 'lintas init lintas-manado --name "Lintas Manado"' in result.stdout
