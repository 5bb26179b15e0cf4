"""Front-page curation expires by itself, also through the incremental layer.

A story older than the front page's is pinned (``Headline-Until``) and
another picked (``Pick-Until``) until 12:00. The site is published with the
clock at 09:00, then published again into the same output with the clock at
13:00 and no file changed: that build must not stop at "nothing changed"
(``valid_until``), the front page must lead with the newest story again, the
picks must be gone from the home page and the sidebars, and the output must be
byte-identical to a clean build at 13:00.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html
from sitebuild import ROOT, run_build, write_settings

from lintas.settings import read_settings

from .test_determinism import _explain, tree

PINNED = "2016/08/dinkes-bolmong-waspadai-lonjakan-kasus-dbd"
PICKED = "2016/09/bolsel-siapkan-layanan-perizinan-daring"
BEFORE, AFTER = "2016-10-01 09:00", "2016-10-01 13:00"
UNTIL = "2016-10-01 12:00"


def _settings(folder: Path, content: Path) -> Path:
    overrides = {}
    for key, value in read_settings(str(ROOT / "publishconf.py")).items():
        if "CACHE" in key and key.endswith(("_PATH", "_DIR")) and isinstance(value, str):
            overrides[key] = str(folder / "cache" / key.lower())
    return write_settings(folder, content, base="publishconf", **overrides)


def _lead(output: Path) -> str:
    page = lxml_html.fromstring((output / "index.html").read_bytes())
    (href,) = page.xpath('//section[@class="lead"]//*[contains(@class, "card__title")]//a/@href')
    return href


def _picks(output: Path, page: str) -> list[str]:
    doc = lxml_html.fromstring((output / page).read_bytes())
    heading = '//h2[@id="pilihan-editor"]'
    return doc.xpath(
        f'{heading}/parent::*//*[contains(@class, "card__title")]//a/@href'
    ) + doc.xpath(f"{heading}/following-sibling::ol[1]//a/@href")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("curation")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    for story, line in ((PINNED, f"Headline-Until: {UNTIL}"), (PICKED, f"Pick-Until: {UNTIL}")):
        index = content / "articles" / story / "index.md"
        text = index.read_text(encoding="utf-8")
        index.write_text(text.replace("\nCategory:", f"\n{line}\nCategory:", 1), encoding="utf-8")
    settings = _settings(folder, content)
    output = folder / "output"
    first = run_build(settings, output, now=BEFORE)
    assert first.returncode == 0, first.log
    state = {"lead": _lead(output), "home": _picks(output, "index.html")}
    state["sidebar"] = _picks(
        output, "2016/09/rsud-kotamobagu-buka-layanan-hemodialisis/index.html"
    )
    # A build that finds nothing changed leaves the output folder in place; one
    # that runs swaps a new folder in (lintas/cli/build.py).
    built = output.stat().st_ino
    again = run_build(settings, output, now=BEFORE)
    assert again.returncode == 0, again.log
    state["rebuilt_before"] = output.stat().st_ino != built
    later = run_build(settings, output, now=AFTER)
    assert later.returncode == 0, later.log
    state["rebuilt_after"] = output.stat().st_ino != built
    clean_folder = folder / "clean"
    clean_folder.mkdir()
    clean = run_build(_settings(clean_folder, content), clean_folder / "output", now=AFTER)
    assert clean.returncode == 0, clean.log
    return state, later, clean.output


def test_before_the_time_the_pin_leads_and_the_pick_is_listed(builds):
    state, _later, _clean = builds
    assert state["lead"].endswith(f"/{PINNED}/")
    assert any(h.endswith(f"/{PICKED}/") for h in state["home"])
    assert any(h.endswith(f"/{PICKED}/") for h in state["sidebar"])
    assert not state["rebuilt_before"]  # same files, clock before the time: nothing to do


def test_after_the_time_a_rebuild_without_changes_drops_them(builds):
    state, later, _clean = builds
    assert state["rebuilt_after"]
    lead = _lead(later.output)
    assert "/2016/09/" in lead  # the newest news again, not the August story pinned
    assert _picks(later.output, "index.html") == []
    assert (
        _picks(later.output, "2016/09/rsud-kotamobagu-buka-layanan-hemodialisis/index.html") == []
    )


def test_the_incremental_output_equals_a_clean_build(builds):
    _state, later, clean = builds
    first, second = tree(later.output), tree(clean)
    assert sorted(first) == sorted(second), (
        f"only incremental: {sorted(set(first) - set(second))[:10]}\n"
        f"only clean: {sorted(set(second) - set(first))[:10]}"
    )
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == [], _explain(later.output, clean, differing)
