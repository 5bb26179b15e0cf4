"""The published photo files: one folder per output, shared by its builds.

A rendition's name holds the digest of its bytes (``plan.py``): a name never
changes what it serves. So the files need not be carried into every new
staging folder (hard-linking every rendition of a 10,000-story archive,
~124,000 files, took 5-8 s of every build, BENCHMARKS.md "Session 4"). They
live beside the output, in ``.<output>.media/files/`` (a sibling: same file
system, so the photo cache's files are hard-linked, not copied), and the
staging folder's ``media`` is a relative symbolic link to it, which the swap
carries into the live site. Web servers follow it (nginx does by default, so
does ``lintas serve``); ``lintas deploy`` sends what it points to.

The folder changes file by file, with the live site's promise kept:

- **before the swap** (``prepare``) the files this build needs and the live
  site lacks are added. Adding a file nobody links to yet changes no page; a
  page that shows it is swapped in after it exists;
- **after the swap** (``retire``) the files the live site no longer shows are
  removed: the pages that showed them are gone.

``journal.json`` says which files each side needs, so both steps cost what
changed, not what the archive holds: ``live`` (the files of the output
swapped in, tagged with that folder's inode: a rename keeps it), ``next``
(the build under way, tagged with its staging folder's inode) and
``stray`` (files added by builds that never went live, or left by a site
that was replaced before its files were removed). It is renamed into place
before the first file is added. A build killed at any moment leaves a
journal the next build reads right: ``next`` went live if its tag is the
output's inode, else its files are strays; strays are removed after the next
swap. A journal that is missing or unreadable (the first build, an older
Lintas) makes the next build link every file it needs, and its ``retire``
list the folder to remove what nobody needs.

Never imports Pelican: the build (``lintas/cli/build.py``) calls ``retire``
through ``lintas.core.outputs.OUTPUT_PUBLISHED``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .cache import atomic_write
from .publish import PublishReport, copy_to_output

JOURNAL_VERSION = 1
FILES = "files"
JOURNAL = "journal.json"


def media_root(output: str | os.PathLike[str]) -> Path:
    """``.<output name>.media`` next to ``output``."""
    output = Path(output)
    return output.with_name(f".{output.name}.media")


@dataclass
class Journal:
    """What the live site's photo files are, and what the build under way adds."""

    live_tag: int | None = None
    live: frozenset[str] | None = None  # None: unknown (no journal yet)
    next_tag: int | None = None
    next: frozenset[str] = frozenset()
    stray: frozenset[str] = field(default_factory=frozenset)

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": JOURNAL_VERSION,
                "live": None
                if self.live is None
                else {"tag": self.live_tag, "files": sorted(self.live)},
                "next": {"tag": self.next_tag, "files": sorted(self.next)},
                "stray": sorted(self.stray),
            },
            separators=(",", ":"),
        )


def load_journal(root: Path) -> Journal:
    """The journal in ``root``; an empty one (nothing known) when missing or unreadable."""
    try:
        data = json.loads((root / JOURNAL).read_text(encoding="utf-8"))
        if data.get("version") != JOURNAL_VERSION:
            return Journal()
        live = data["live"]
        following = data["next"]
        return Journal(
            live_tag=None if live is None else live["tag"],
            live=None if live is None else frozenset(live["files"]),
            next_tag=following["tag"],
            next=frozenset(following["files"]),
            stray=frozenset(data["stray"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Journal()


def _inode(path: str | os.PathLike[str]) -> int | None:
    try:
        return os.stat(path).st_ino
    except FileNotFoundError:
        return None


def settle(journal: Journal, output_inode: int | None) -> Journal:
    """The journal as the live site stands: a ``next`` that was swapped in
    becomes ``live`` (what the old live site had beyond it is stray), one that
    never was leaves its files as strays."""
    if journal.next_tag is not None and journal.next_tag == output_inode:
        old = journal.live or frozenset()
        return Journal(
            live_tag=journal.next_tag,
            live=journal.next,
            stray=(journal.stray | old) - journal.next,
        )
    if journal.live is not None and journal.live_tag != output_inode:
        # The output was replaced behind our back (or removed): nothing is known.
        return Journal(stray=journal.stray | journal.live | journal.next)
    return Journal(
        live_tag=journal.live_tag,
        live=journal.live,
        stray=journal.stray | (journal.next - (journal.live or frozenset())),
    )


def write_journal(root: Path, journal: Journal) -> None:
    """By a rename, before the first file it announces is added (the kernel keeps
    that order for the next build whatever kills this one)."""
    atomic_write(root / JOURNAL, journal.to_json().encode("utf-8"))


def prepare(
    output: str | os.PathLike[str],
    staging: str | os.PathLike[str],
    media_dir: str,
    needed: Mapping[str, object],
) -> PublishReport:
    """Add to the shared folder the files of ``needed`` (relative path → a
    ``RenditionResult``) the live site lacks, and link ``staging/<media_dir>``
    to it; returns what was added and what was already there."""
    root = media_root(output)
    (root / FILES).mkdir(parents=True, exist_ok=True)
    os.makedirs(staging, exist_ok=True)  # Pelican makes it at its first page
    journal = settle(load_journal(root), _inode(output))
    want = frozenset(needed)
    write_journal(
        root,
        Journal(
            live_tag=journal.live_tag,
            live=journal.live,
            next_tag=os.stat(staging).st_ino,
            next=want,
            stray=journal.stray,
        ),
    )
    there = journal.live or frozenset()
    report = copy_to_output(
        (result for rel, result in needed.items() if rel not in there), root, FILES
    )
    report.unchanged += len(want & there)
    link = Path(staging, media_dir.strip("/"))
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(os.path.relpath(root / FILES, Path(output, media_dir.strip("/")).parent), link)
    return report


def retire(output: str | os.PathLike[str]) -> int:
    """After the swap: remove the files the live site no longer shows; how many."""
    root = media_root(output)
    if not root.is_dir():
        return 0
    before = load_journal(root)
    journal = settle(before, _inode(output))
    if journal.live is None:
        return 0  # the build under way never went live: nothing to remove yet
    if before.live is None:  # the first journal: list the folder once
        gone = set(_listed(root / FILES)) - journal.live
    else:
        gone = journal.stray - journal.live
    removed = _remove(root / FILES, gone)
    write_journal(root, Journal(live_tag=journal.live_tag, live=journal.live))
    return removed


def _listed(folder: Path) -> Iterable[str]:
    for sub in os.scandir(folder):
        if sub.is_dir(follow_symlinks=False):
            for entry in os.scandir(sub.path):
                yield f"{sub.name}/{entry.name}"
        else:
            yield sub.name


def _remove(folder: Path, relpaths: Iterable[str]) -> int:
    count = 0
    for rel in relpaths:
        try:
            os.unlink(folder / rel)
            count += 1
        except FileNotFoundError:
            pass
    return count
