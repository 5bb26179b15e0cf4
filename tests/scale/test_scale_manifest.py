"""The manifest's head: what "nothing changed?" reads instead of every page's trace."""

from __future__ import annotations

from lintas.plugins.incremental import outputs
from lintas.plugins.incremental.outputs import FileRecord, Manifest


def manifest(fingerprint: str, valid_until: str | None = None) -> Manifest:
    files = {"index.html": FileRecord("k", 1, 2, [("root", "paths")])}
    return Manifest(files, fingerprint, valid_until, clean=True)


def test_the_head_describes_the_manifest_saved_with_it(tmp_path):
    folder, tree = tmp_path / "cache", tmp_path / "output"
    tree.mkdir()
    outputs.save_manifest(folder, tree, manifest("one", "2026-12-08T06:00:00"), tree)
    head = outputs.load_head(folder, tree)
    assert head == outputs.ManifestHead("one", "2026-12-08T06:00:00", True)
    # An in-place build rewrites both: the head follows.
    outputs.save_manifest(folder, tree, manifest("two"), tree)
    assert outputs.load_head(folder, tree) == outputs.ManifestHead("two", None, True)
    assert outputs.load_manifest(folder, tree).fingerprint == "two"


def test_a_manifest_without_its_head_is_never_up_to_date(tmp_path):
    """A build killed between the two files leaves no head: the next build runs."""
    folder, tree = tmp_path / "cache", tmp_path / "output"
    tree.mkdir()
    outputs.save_manifest(folder, tree, manifest("one"), tree)
    (heads,) = folder.glob("head-*.json")
    heads.unlink()
    assert outputs.load_head(folder, tree) is None
    assert outputs.load_manifest(folder, tree) is not None


def test_heads_of_trees_gone_are_dropped_with_their_manifests(tmp_path):
    folder, old, new = tmp_path / "cache", tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    outputs.save_manifest(folder, old, manifest("old"), old)
    outputs.save_manifest(folder, new, manifest("new"), new)  # old is not kept
    assert outputs.load_head(folder, old) is None
    assert [p.name for p in folder.glob("head-*.json")] == [f"head-{new.stat().st_ino}.json"]
