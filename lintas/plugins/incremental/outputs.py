"""Output files and the manifest that remembers how each page was made.

The manifest lives in ``INCREMENTAL_CACHE_DIR``, one folder per output folder,
one file per output *tree*: ``manifest-<inode>.json``, where the inode is the
output folder's own. ``scripts/build.py`` renders into a staging folder and
renames it over the output, and a rename keeps the inode, so the manifest a
build writes for its staging folder describes exactly the output it becomes.
A build that fails is never swapped in, and its manifest is never read.

Each file record (pages, and feeds through the ``incremental.reuse`` signal)
is ``[key, size, mtime_ns]``, and for a page the numbers of its trace's texts
(``Manifest.to_json``): a file is reused only when the file on disk still has
that size and mtime, i.e. nobody rewrote it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_VERSION = 3

# A page's trace (plugins/incremental/tracing.py): the (root, paths) pairs its
# render read, as JSON texts.
Trace = list[tuple[str, str]]


@dataclass
class FileRecord:
    key: str
    size: int
    mtime_ns: int
    trace: Trace | None = None  # pages only: what the key is the digest of

    def matches(self, st: os.stat_result) -> bool:
        return st.st_size == self.size and st.st_mtime_ns == self.mtime_ns


@dataclass
class Manifest:
    files: dict[str, FileRecord] = field(default_factory=dict)  # output-relative paths
    fingerprint: str | None = None  # the inputs this output was built from
    valid_until: str | None = None  # ISO time: the build clock changes the site then
    clean: bool = False  # no warning was logged: safe to skip an unchanged build

    def to_json(self) -> str:
        # Roots and paths are shared by many pages (a story is on many lists, most
        # cards read the same fields): each text is written once, pages refer to
        # them by number.
        texts: dict[str, int] = {}

        def number(text: str) -> int:
            found = texts.get(text)
            if found is None:
                found = texts[text] = len(texts)
            return found

        files = {}
        for name, r in self.files.items():  # in the order the build made them
            row: list = [r.key, r.size, r.mtime_ns]
            if r.trace is not None:
                row.append([number(t) for pair in r.trace for t in pair])
            files[name] = row
        return json.dumps(
            {
                "version": MANIFEST_VERSION,
                "fingerprint": self.fingerprint,
                "valid_until": self.valid_until,
                "clean": self.clean,
                "texts": list(texts),
                "files": files,
            },
            separators=(",", ":"),
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Manifest | None:
        data = json.loads(text)
        if data.get("version") != MANIFEST_VERSION:
            return None
        texts = data["texts"]
        files = {}
        for name, row in data["files"].items():
            trace = None
            if len(row) > 3:
                refs = row[3]
                trace = [(texts[refs[i]], texts[refs[i + 1]]) for i in range(0, len(refs), 2)]
            files[name] = FileRecord(row[0], row[1], row[2], trace)
        return cls(
            files=files,
            fingerprint=data.get("fingerprint"),
            valid_until=data.get("valid_until"),
            clean=bool(data.get("clean")),
        )


def manifest_dir(cache_dir: str | os.PathLike, output: str | os.PathLike) -> Path:
    """One folder per output folder (dev and publish builds never share one)."""
    real = os.path.realpath(output)
    name = Path(real).name or "root"
    tag = hashlib.blake2b(real.encode(), digest_size=6).hexdigest()
    return Path(cache_dir, f"{name}-{tag}")


OWNER_FILE = "output.txt"  # in each manifest folder: the output folder it describes


def forget_gone_outputs(cache_dir: Path, keep: Path) -> None:
    """Manifest folders of output folders that no longer exist (a test's
    temporary site, a renamed checkout) go: they could never be used again."""
    try:
        folders = list(cache_dir.iterdir())
    except FileNotFoundError:
        return
    for folder in folders:
        owner = folder / OWNER_FILE
        if folder == keep or not owner.is_file():
            continue
        try:
            gone = not os.path.exists(owner.read_text(encoding="utf-8"))
        except OSError:
            continue
        if gone:
            shutil.rmtree(folder, ignore_errors=True)


def _manifest_path(folder: Path, tree: str | os.PathLike) -> Path:
    return folder / f"manifest-{os.stat(tree).st_ino}.json"


def _head_path(folder: Path, tree: str | os.PathLike) -> Path:
    return folder / f"head-{os.stat(tree).st_ino}.json"


@dataclass(frozen=True)
class ManifestHead:
    """What "nothing changed?" and the watcher's timer need of a manifest, in a
    file of its own: the manifest holds every page's trace (tens of megabytes
    at 10,000 stories), read only when a build goes ahead."""

    fingerprint: str | None
    valid_until: str | None
    clean: bool


def load_head(folder: Path, tree: str | os.PathLike) -> ManifestHead | None:
    """The head of the manifest of the output tree at ``tree``, or None."""
    try:
        data = json.loads(_head_path(folder, tree).read_text(encoding="utf-8"))
        if data.get("version") != MANIFEST_VERSION:
            return None
        return ManifestHead(data["fingerprint"], data["valid_until"], bool(data["clean"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load_manifest(folder: Path, tree: str | os.PathLike) -> Manifest | None:
    """The manifest of the output tree at ``tree``, or None."""
    try:
        text = _manifest_path(folder, tree).read_text(encoding="utf-8")
        return Manifest.from_json(text)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_manifest(
    folder: Path, tree: str | os.PathLike, manifest: Manifest, owner: Path, keep=()
) -> None:
    """Write the manifest of ``tree``, which becomes the output folder ``owner``;
    drop every other manifest except those of the trees in ``keep`` (the
    output that is live until the swap)."""
    folder.mkdir(parents=True, exist_ok=True)
    target, head = _manifest_path(folder, tree), _head_path(folder, tree)
    # The head goes first and comes back last: a head is never read beside a
    # manifest it does not describe (an in-place build rewrites both).
    head.unlink(missing_ok=True)
    write_if_changed(target, manifest.to_json().encode("utf-8"))
    summary = {
        "version": MANIFEST_VERSION,
        "fingerprint": manifest.fingerprint,
        "valid_until": manifest.valid_until,
        "clean": manifest.clean,
    }
    write_if_changed(head, json.dumps(summary).encode("utf-8"))
    write_if_changed(folder / OWNER_FILE, os.path.realpath(owner).encode("utf-8"))
    wanted = {target.name, head.name}
    for other in keep:
        with contextlib.suppress(OSError):
            wanted |= {_manifest_path(folder, other).name, _head_path(folder, other).name}
    for stale in [*folder.glob("manifest-*.json"), *folder.glob("head-*.json")]:
        if stale.name not in wanted:
            stale.unlink(missing_ok=True)


def write_if_changed(path: str | os.PathLike, data: bytes) -> bool:
    """Put ``data`` at ``path`` unless it already holds exactly these bytes.

    Never writes through an existing file: a staging folder starts as hard
    links to the live site, so writing in place would change the live page
    mid-build. A temporary file renamed over the old one replaces the link.
    Returns True when the file was (re)written.
    """
    path = os.fspath(path)
    try:
        if os.path.getsize(path) == len(data):
            with open(path, "rb") as handle:
                if handle.read() == data:
                    return False
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(error, OSError) and not error.filename:
            # write() and close() fail without a name (ENOSPC): the editor needs one.
            raise OSError(error.errno, error.strerror, path) from error
        raise
    return True


def _inside(relative: str) -> bool:
    """A path the manifest may name: relative, and never climbing out."""
    parts = relative.split("/")
    return bool(relative) and not os.path.isabs(relative) and ".." not in parts


def seed(previous: Manifest, source: Path, target: Path) -> set[str]:
    """Hard-link every file ``previous`` recorded from ``source`` into ``target``
    (a new, empty staging folder); returns the files linked. A file whose size
    or mtime differ from its record was changed by someone else: left out, so
    it is made afresh."""
    # Plain strings and one mkdir per folder: this runs on every build over
    # every page (5,600 at 3,000 stories); pathlib and makedirs took half of it.
    source_root, target_root = os.fspath(source), os.fspath(target)
    made: set[str] = set()
    return {
        rel
        for rel, record in previous.files.items()
        if _inside(rel) and _link_recorded(rel, record, source_root, target_root, made)
    }


def spare_tree(output: Path) -> Path:
    """``.<output>.spare``: the site two builds old, kept to start the next
    staging folder from (see ``adopt_spare``)."""
    return output.with_name(f".{output.name}.spare")


def adopt_spare(previous: Manifest, source: Path, target: Path) -> set[str] | None:
    """Start the staging folder ``target`` from the spare tree, made to hold
    exactly the files ``previous`` recorded, as hard links of ``source``'s
    (what ``seed`` makes in an empty folder); None when there is no spare.

    The spare is the site the last swap replaced: every page that did not
    change since is already the live page's inode, and every story's folder
    exists. Making it right costs a look at each entry (one ``scandir`` per
    folder, one ``stat`` per page) where ``seed`` makes every folder and every
    link (2.1-2.5 s a build at 10,000 stories on this disk, most of it in
    ``mkdir``). Anything else in it (photos' link, search index, sitemaps,
    files of pages gone since) is removed, as ``seed`` would not have made it.
    A build killed meanwhile leaves it as a staging folder, which the next build
    deletes (lintas/cli/build.py): that one starts from ``seed``.
    """
    spare = spare_tree(source)
    try:
        os.rename(spare, target)
    except FileNotFoundError:
        return None
    wanted = {rel: record for rel, record in previous.files.items() if _inside(rel)}
    source_root = os.fspath(source)
    kept: set[str] = set()
    _prune(os.fspath(target), "", wanted, source_root, kept)
    made: set[str] = set()
    linked = set(kept)
    for rel in wanted.keys() - kept:
        if _link_recorded(rel, wanted[rel], source_root, os.fspath(target), made):
            linked.add(rel)
    return linked


def _prune(
    root: str, prefix: str, wanted: dict[str, FileRecord], source_root: str, kept: set[str]
) -> bool:
    """Keep under ``root/prefix`` the files that are ``wanted`` and are the live
    file (same inode, as recorded); remove the rest and the folders left empty.
    True when anything is left in the folder."""
    left = False
    with os.scandir(f"{root}/{prefix}" if prefix else root) as entries:
        listed = list(entries)
    for entry in listed:
        rel = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            if _prune(root, rel + "/", wanted, source_root, kept):
                left = True
            else:
                os.rmdir(entry.path)
            continue
        record = wanted.get(rel)
        if record is not None and not entry.is_symlink():
            try:
                st = os.stat(f"{source_root}/{rel}")
            except FileNotFoundError:
                st = None
            if st is not None and st.st_ino == entry.inode() and record.matches(st):
                kept.add(rel)
                left = True
                continue
        os.unlink(entry.path)
    return left


def _link_recorded(
    rel: str, record: FileRecord, source_root: str, target_root: str, made: set[str]
) -> bool:
    """Hard-link the live file ``rel`` into the staging folder, if it is as recorded."""
    src = f"{source_root}/{rel}"
    try:
        if not record.matches(os.stat(src)):
            return False
    except FileNotFoundError:
        return False
    folder = rel.rpartition("/")[0]
    if folder and folder not in made:
        try:
            os.mkdir(f"{target_root}/{folder}")
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(f"{target_root}/{folder}", exist_ok=True)
        made.add(folder)
    try:
        os.link(src, f"{target_root}/{rel}")
    except FileNotFoundError:  # the page went while we looked
        return False
    return True


def present(previous: Manifest, root: Path) -> set[str]:
    """In-place builds (no staging folder): the recorded files still as recorded."""
    kept = set()
    for rel, record in previous.files.items():
        if not _inside(rel):
            continue
        try:
            if record.matches(os.stat(os.path.join(root, rel))):
                kept.add(rel)
        except FileNotFoundError:
            continue
    return kept


def remove_files(root: Path, relpaths: Iterable[str]) -> int:
    """Delete files this build no longer makes, and folders left empty by that."""
    count = 0
    parents: set[str] = set()
    for rel in relpaths:
        if not _inside(rel):
            continue
        path = os.path.join(root, rel)
        try:
            os.unlink(path)
            count += 1
        except FileNotFoundError:
            continue
        parents.add(os.path.dirname(path))
    root_text = os.path.normpath(root)
    for folder in sorted(parents, key=len, reverse=True):
        while os.path.normpath(folder) != root_text and folder.startswith(root_text):
            try:
                os.rmdir(folder)
            except OSError:  # not empty (or gone): stop climbing
                break
            folder = os.path.dirname(folder)
    return count
