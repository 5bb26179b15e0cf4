"""The contract with Pelican's internals (lintas/pelican_compat.py).

Every private name the engine relies on is listed in ``RELIANCES``; this test
checks each one against the installed Pelican, so an upgrade that moves one
fails here, naming it and what depends on it, instead of changing the site.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pelican.contents import Article
from pelican.readers import Readers
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag
from pelican.writers import FileOverwriteFailedError, Writer
from sitebuild import ROOT

from lintas import pelican_compat
from lintas.pelican_compat import RELIANCES, ClaimingWriter, Reliance, verify


def instances(tmp_path: Path) -> dict:
    settings = {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path), "CACHE_CONTENT": True}
    return {
        "pelican.readers.Readers": Readers(settings, cache_name="Test"),
        "pelican.urlwrappers.URLWrapper": Tag("Bolmong Raya", settings),
        "pelican.contents.Content": Article("<p>x</p>", {"title": "x"}, settings=settings),
        "pelican.writers.Writer": Writer(str(tmp_path), settings=settings),
    }


def test_the_installed_pelican_has_every_private_name_the_engine_uses(tmp_path):
    broken = verify(instances(tmp_path))
    assert not broken, "Pelican changed under lintas/pelican_compat.py:\n" + "\n".join(broken)


def test_the_check_names_what_moved(tmp_path, monkeypatch):
    """It can fail: a Pelican without ``_build_period_archives`` (or with
    another signature for ``_open_w``) is reported by name and by user."""
    from pelican.generators import ArticlesGenerator

    monkeypatch.delattr(ArticlesGenerator, "_build_period_archives")

    def open_w(self, path, mode):
        return None

    monkeypatch.setattr(Writer, "_open_w", open_w)
    broken = verify(instances(tmp_path))
    assert any(
        "ArticlesGenerator._build_period_archives (method) is gone — used by "
        "linear_period_archives" in line
        for line in broken
    ), broken
    assert any("Writer._open_w takes (path, mode)" in line for line in broken), broken


def test_an_attribute_set_in_init_is_checked_on_an_instance(tmp_path):
    fake = instances(tmp_path)
    del fake["pelican.readers.Readers"]._filestamp_func
    broken = verify(fake)
    assert broken == [
        line for line in broken if "Readers._filestamp_func (attribute) is gone" in line
    ]
    assert broken


def test_no_other_engine_module_touches_pelican_internals():
    """Outside pelican_compat.py no module names a private attribute of a
    Pelican object listed in RELIANCES (``x._cache``, ``x._content``…)."""
    private = {r.name for r in RELIANCES if r.name.startswith("_")}
    offenders = []
    for path in sorted((ROOT / "lintas").rglob("*.py")):
        if path.name == "pelican_compat.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = None
            if isinstance(node, ast.Attribute):
                on_self = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
                name = None if on_self else node.attr  # our own classes' members
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pelican"):
                name = next((a.name for a in node.names if a.name in private), None)
            if name in private:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    assert not offenders, "\n".join(offenders)


def test_claiming_writer_refuses_an_overwrite_as_pelican_does(tmp_path):
    writer = ClaimingWriter(str(tmp_path), settings=DEFAULT_CONFIG)
    path = str(tmp_path / "a.html")
    with writer._open_w(path, "utf-8") as handle:
        handle.write("one")
    with pytest.raises(FileOverwriteFailedError):
        writer._open_w(path, "utf-8")
    assert (tmp_path / "a.html").read_text() == "one"


def test_every_reliance_names_who_uses_it():
    for reliance in RELIANCES:
        assert isinstance(reliance, Reliance)
        assert reliance.why and reliance.used_by
        for user in reliance.used_by.split(" / "):
            assert hasattr(pelican_compat, user.split(".")[0]), user
