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


def test_the_spare_tree_becomes_what_seed_would_make(tmp_path):
    """The site two builds old, made to hold the live site's recorded files as
    hard links: stale pages, pages gone, other files and empty folders go."""
    import os

    live = tmp_path / "output"
    spare = outputs.spare_tree(live)
    (live / "2016" / "09" / "pasar").mkdir(parents=True)
    (live / "2016" / "09" / "banjir").mkdir(parents=True)
    (live / "index.html").write_text("home, new")
    (live / "2016/09/pasar/index.html").write_text("pasar")
    (live / "2016/09/banjir/index.html").write_text("banjir, new story")
    (live / "sitemap.xml").write_text("not recorded: made by its plugin each build")

    def recorded(rel: str) -> FileRecord:
        st = (live / rel).stat()
        return FileRecord("k", st.st_size, st.st_mtime_ns, [])

    pages = ["index.html", "2016/09/pasar/index.html", "2016/09/banjir/index.html"]
    previous = Manifest({rel: recorded(rel) for rel in pages}, "f", None, clean=True)

    (spare / "2016" / "09" / "pasar").mkdir(parents=True)
    (spare / "2016" / "08" / "gone").mkdir(parents=True)
    (spare / "index.html").write_text("home, old")  # changed since
    os.link(live / "2016/09/pasar/index.html", spare / "2016/09/pasar/index.html")  # unchanged
    (spare / "2016/08/gone/index.html").write_text("a story deleted since")
    (spare / "pagefind").mkdir()
    (spare / "pagefind" / "bundles.json").write_text("{}")
    (spare / "media").symlink_to("../.output.media/files")

    staging = tmp_path / ".output.staging-1"
    linked = outputs.adopt_spare(previous, live, staging)
    assert linked == set(pages)
    assert not spare.exists()
    found = sorted(
        os.path.relpath(os.path.join(folder, name), staging)
        for folder, _dirs, names in os.walk(staging)
        for name in names
    )
    assert found == sorted(pages)
    for rel in pages:  # the live files themselves: the build never writes through them
        assert (staging / rel).stat().st_ino == (live / rel).stat().st_ino
    assert not (staging / "2016" / "08").exists() and not (staging / "media").is_symlink()
    # No spare: the caller seeds an empty folder instead.
    assert outputs.adopt_spare(previous, live, tmp_path / "other") is None
