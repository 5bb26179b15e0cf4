"""The Nu HTML Checker (npm vnu-jar, on the system Java) over every page the
sample build wrote, in one Java run."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from theme_support import NODE_MODULES, html_files, page_path, served_bytes

VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# One JVM start for every page; an upper bound, not a speed requirement.
VNU_TIMEOUT_S = 600


def run_vnu(files) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: run `make system-deps` (openjdk-17-jre-headless)")
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} is missing: run `make node_modules/.installed` (npm ci)")
    proc = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=VNU_TIMEOUT_S,
    )
    # The checker writes its JSON report to stderr.
    return json.loads(proc.stderr)["messages"]


def test_the_checker_catches_an_error(tmp_path):
    """Guard against a checker that silently checks nothing."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="id"><title>x</title><p><li>x</p>', "utf-8")
    messages = run_vnu([bad])
    assert any(m["type"] == "error" for m in messages), messages


def test_every_generated_page_is_valid_html(sample_output):
    files = html_files(sample_output)
    assert len(files) > 20
    messages = run_vnu(files)
    problems = [
        f"{m.get('url', '?').rsplit(str(sample_output), 1)[-1]}:{m.get('lastLine', '?')}: "
        f"{m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert not problems, "\n".join(problems)


def test_pages_with_a_banner_are_valid_as_served(sample_output, tmp_path):
    """The home, section and story pages as nginx sends them: each ad slot's SSI
    fragment (plugins/ads) included in place."""
    served = []
    for url in ("/", "/kategori/ekonomi/", "/2016/09/rsud-kotamobagu-buka-layanan-hemodialisis/"):
        data = served_bytes(page_path(sample_output, url), sample_output)
        assert b'<aside class="iklan">' in data, url
        copy = tmp_path / f"{len(served)}.html"
        copy.write_bytes(data)
        served.append(copy)
    messages = run_vnu(served)
    problems = [m["message"] for m in messages if m["type"] in ("error", "non-document-error")]
    assert not problems, "\n".join(problems)
