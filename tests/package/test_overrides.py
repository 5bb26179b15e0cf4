"""A portal made by `lintas init` overrides one template (its own
``theme/templates/``) and one setting (its ``pelicanconf.py``); everything
else comes from the engine. A setting of the wrong type stops the build with
a message naming it and where it is set, without a traceback."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sitebuild import LINTAS

from lintas.cli.init import create_portal
from lintas.settings import THEME_DIR

STORY_DATE = datetime(2026, 3, 5, 9, 30, tzinfo=ZoneInfo("Asia/Makassar"))
NOW = "2026-03-06 09:00"
MARKER = "<!-- portal override: _scripts.html -->"
EXTRA_STORIES = 2  # three stories in all, so pagination shows


def build(portal: Path, *args: str) -> subprocess.CompletedProcess:
    """`lintas build` as an editor runs it: in the portal's folder."""
    env = {**os.environ, "LINTAS_NOW": NOW}
    env.pop("LINTAS_SITEURL", None)
    return subprocess.run(
        [LINTAS, "build", *args], cwd=portal, env=env, capture_output=True, text=True, timeout=300
    )


def new_portal(folder: Path) -> Path:
    create_portal(folder, "Lintas Manado", now=STORY_DATE)
    (story,) = folder.glob("content/articles/*/*/*/")
    for number in range(1, EXTRA_STORIES + 1):
        copy = story.with_name(f"{story.name}-{number}")
        shutil.copytree(story, copy)
        index = copy / "index.md"
        text = index.read_text(encoding="utf-8")
        text = text.replace("Title: Warga", f"Title: ({number}) Warga", 1)
        text = text.replace("Date: 2026-03-05 09:30", f"Date: 2026-03-05 08:{number:02}", 1)
        index.write_text(text, encoding="utf-8")
    return folder


def html_pages(output: Path) -> list[Path]:
    """Pages: not Pagefind's files, not the ad slots' fragments (plugins/ads, _iklan/)."""
    return sorted(p for p in output.rglob("*.html") if not {"pagefind", "_iklan"} & set(p.parts))


@pytest.fixture(scope="module")
def portals(tmp_path_factory) -> dict[str, Path]:
    """Two portals on the same engine: one overriding a template and a setting."""
    root = tmp_path_factory.mktemp("portals")
    own = new_portal(root / "own")
    templates = own / "theme" / "templates"
    templates.mkdir(parents=True)
    packaged = (THEME_DIR / "templates" / "_scripts.html").read_text(encoding="utf-8")
    (templates / "_scripts.html").write_text(packaged + MARKER + "\n", encoding="utf-8")
    with (own / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write("\nDEFAULT_PAGINATION = 1\n")
    plain = new_portal(root / "plain")
    for portal in (own, plain):
        result = build(portal, "--publish")
        assert result.returncode == 0, result.stdout + result.stderr
    return {"own": own / "output", "plain": plain / "output"}


def test_the_overridden_template_is_used_on_every_page(portals):
    pages = html_pages(portals["own"])
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert text.count(MARKER) == 1, page
        # Everything else still comes from the packaged theme.
        assert 'class="site-footer"' in text and "/theme/css/lintas." in text, page
    assert MARKER not in (THEME_DIR / "templates" / "_scripts.html").read_text(encoding="utf-8")


def test_the_override_stays_in_its_portal(portals):
    for page in html_pages(portals["plain"]):
        assert MARKER not in page.read_text(encoding="utf-8"), page


def test_a_setting_in_pelicanconf_overrides_the_engine_default(portals):
    def front_page_stories(output: Path) -> int:
        home = (output / "kategori" / "lingkungan" / "index.html").read_text(encoding="utf-8")
        return len(re.findall(r"<article\b", home))

    # The engine's DEFAULT_PAGINATION (10): one page holds all three stories.
    assert front_page_stories(portals["plain"]) == 3
    assert not (portals["plain"] / "kategori" / "lingkungan" / "halaman" / "2").exists()
    # The portal's DEFAULT_PAGINATION = 1: the list runs over pages.
    assert front_page_stories(portals["own"]) < 3
    assert (portals["own"] / "kategori" / "lingkungan" / "halaman" / "2" / "index.html").is_file()


def default_widths() -> list[int]:
    from lintas.core.config import defaults
    from lintas.plugins.photos.settings import SETTINGS

    return defaults(SETTINGS)["PHOTOS_WIDTHS"]


def test_a_setting_of_the_wrong_type_stops_the_build_and_names_it(tmp_path):
    portal = tmp_path / "portal"
    create_portal(portal, "Lintas Manado", now=STORY_DATE)
    settings = portal / "pelicanconf.py"
    line = len(settings.read_text(encoding="utf-8").splitlines()) + 1
    with settings.open("a", encoding="utf-8") as handle:
        handle.write('PHOTOS_WIDTHS = "480"\n')
    for args in ((), ("--publish",)):  # publishconf.py imports pelicanconf.py
        result = build(portal, *args)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr, result.stderr
        assert (
            f"{settings}:{line}: PHOTOS_WIDTHS = '480': expected list "
            f"(the default is {default_widths()!r})"
        ) in result.stderr, result.stderr
        assert not (portal / "output").exists()
    # Every other command says the same, through the `lintas` entry point.
    checked = subprocess.run([LINTAS, "check"], cwd=portal, capture_output=True, text=True)
    assert checked.returncode == 1
    assert "Traceback" not in checked.stderr, checked.stderr
    assert f"{settings}:{line}: PHOTOS_WIDTHS = '480'" in checked.stderr
