"""A publish that one mistake cannot block: stories with problems are held
back, everything else goes out.

In a strict (publish) build a content problem belongs to the one file it
names (``Problem.path``), never to the site:

- a story that is not live yet and has a problem is **held back**: it is left
  out, every other story (new ones, embargoes whose time has come) publishes;
- a live story whose new edit has a problem stays live in its **last good
  version**: the newsroom plugin reads the copy kept in the *last-good store*
  instead of the edited file.

The last-good store (``NEWSROOM_LAST_GOOD_DIR``, ``content/.terbit/`` by
default) holds, for every story and page the last publish put out, the
source file exactly as published and the photos it shows, at the same
relative path as in the content folder. It is a build input like the rest of
``content/`` (the output is a function of the content *and* the store), it is
written only after a publish has been swapped in, and only files whose size
or time changed are copied. Layout, for ``articles/2016/09/slug/index.md``
and ``pages/tentang.md``::

    content/.terbit/articles/2016/09/slug/index.md   (+ its photos)
    content/.terbit/pages/tentang/tentang.md          (+ its photos)

A page gets a folder of its own because pages share ``content/pages/``.

This module holds the per-build record (which files were held back, which
last good versions stand in, what was published), the store, and the report
``lintas build`` writes next to the output. The newsroom plugin fills the
record; ``lintas build`` reads it after the swap.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .files import RealPaths
from .messages import msg, msgn, render
from .problems import Problem

# Exit status of `lintas build` when the site was published but stories were
# held back: not 0 (someone must act), not 1 (the site did go out).
HELD_BACK_STATUS = 3
# The index file of an article bundle: its folder is the store entry.
BUNDLE_FILE = "index.md"
REPORT_JSON = "held-back.json"
REPORT_TEXT = "held-back.txt"

# The report is for the newsroom: its text is rendered in MESSAGES_LANGUAGE
# (lintas.core.messages) when it is written; its keys and outcomes are codes.


@dataclass
class Published:
    """A file the build published: its source and the photos it shows."""

    source: str  # absolute path of the .md file read
    photos: tuple[str, ...] = ()  # paths relative to the source's folder


@dataclass
class HoldRecord:
    """What one build held back and what it published (see the module docstring)."""

    strict: bool = False
    # display path of the file with problems → display path of the last good
    # version published in its place
    kept: dict[str, str] = field(default_factory=dict)
    published: list[Published] = field(default_factory=list)
    # store files read in place of an edit: their entries stay in the store
    standing_in: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    def held(self) -> dict[str, list[Problem]]:
        """Display path → its problems, in path order."""
        grouped: dict[str, list[Problem]] = {}
        for problem in sorted(self.problems):
            grouped.setdefault(problem.path, []).append(problem)
        return grouped


_current = HoldRecord()


def open_record(strict: bool) -> HoldRecord:
    """A fresh record for a new build (the newsroom calls it on ``initialized``)."""
    global _current
    _current = HoldRecord(strict=strict)
    return _current


def current() -> HoldRecord:
    return _current


# --- the last-good store -----------------------------------------------------------


def store_root(settings: dict) -> Path:
    """The store folder, inside the content folder (the reader reads nothing outside)."""
    root = Path(settings["PATH"]).resolve()
    store = (root / settings["NEWSROOM_LAST_GOOD_DIR"]).resolve()
    if root not in store.parents:
        raise ValueError(
            msg(
                "NEWSROOM_LAST_GOOD_DIR '%(value)s' is outside the content folder %(folder)s — "
                "name a folder inside it, e.g. '.terbit'",
                value=settings["NEWSROOM_LAST_GOOD_DIR"],
                folder=root,
            )
        )
    return store


def _entry_folder(relative: Path) -> Path:
    """The store folder of one source (relative to the content folder)."""
    if relative.name == BUNDLE_FILE:
        return relative.parent
    return relative.parent / relative.stem


def stored_copy(settings: dict, source: str | os.PathLike) -> Path | None:
    """The last good version of ``source`` (an absolute path under the content
    folder), when the store has one."""
    root = Path(settings["PATH"]).resolve()
    store = store_root(settings)
    path = Path(source).resolve()
    if store == path or store in path.parents or root not in path.parents:
        return None
    relative = path.relative_to(root)
    copy = store / _entry_folder(relative) / relative.name
    return copy if copy.is_file() else None


def is_stored(settings: dict, source: str | os.PathLike) -> bool:
    store = store_root(settings)
    return store in Path(source).resolve().parents


def original_relative(settings: dict, stored: str | os.PathLike) -> Path:
    """``.terbit/pages/tentang/tentang.md`` → ``pages/tentang.md`` (relative to PATH)."""
    relative = Path(stored).resolve().relative_to(store_root(settings))
    if relative.name == BUNDLE_FILE:
        return relative
    return relative.parent.parent / relative.name


def _same_file(a: Path, b: Path) -> bool:
    try:
        sa, sb = a.stat(), b.stat()
    except FileNotFoundError:
        return False
    return sa.st_size == sb.st_size and sa.st_mtime_ns == sb.st_mtime_ns


def _write_entry(source: Path, photos: Iterable[str], entry: Path) -> bool:
    """Make ``entry`` hold ``source`` and ``photos`` (relative to its folder) as
    they are now; copies only what changed. True when anything was written."""
    wanted = {source.name: source}
    for photo in photos:
        wanted[photo] = source.parent / photo
    changed = False
    for name, origin in wanted.items():
        target = entry / name
        if _same_file(origin, target):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        shutil.copy2(origin, temporary)  # keeps the time: the next build compares it
        os.replace(temporary, target)
        changed = True
    if not changed:
        # The story and its photos are as stored, so the list of photos is too
        # (it is read from the story): nothing to remove. Listing every entry
        # on every publish took ~1 s at 10,000 stories.
        return False
    # Photos the published version no longer shows; folders of other entries
    # (a bundle inside a bundle) are left alone.
    for path in sorted(entry.rglob("*"), reverse=True):
        relative = path.relative_to(entry).as_posix()
        if path.is_file() and relative not in wanted and not _has_entry_above(path, entry):
            path.unlink()
            changed = True
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed


def _has_entry_above(path: Path, entry: Path) -> bool:
    """``path`` belongs to another entry nested in ``entry``."""
    for folder in path.parents:
        if folder == entry:
            return False
        if (folder / BUNDLE_FILE).is_file() or (folder / f"{folder.name}.md").is_file():
            return True
    return False


def update_store(settings: dict, record: HoldRecord) -> dict[str, int]:
    """After a publish was swapped in: keep what it published as the last good
    versions, drop entries of files no longer published (deleted, made a draft,
    moved back under embargo), keep the entries that stood in for a held edit."""
    root = Path(settings["PATH"]).resolve()
    store = store_root(settings)
    inside_store = f"{store}{os.sep}"
    real = RealPaths()
    keep: set[Path] = set()
    counts = {"written": 0, "removed": 0}
    for item in record.published:
        source = real.of(item.source)
        if str(source).startswith(inside_store):
            keep.add(source.relative_to(store))
            continue
        relative = source.relative_to(root)
        entry = store / _entry_folder(relative)
        keep.add(_entry_folder(relative) / relative.name)
        counts["written"] += _write_entry(source, item.photos, entry)
    for standing in record.standing_in:
        keep.add(Path(standing).resolve().relative_to(store))
    if store.is_dir():
        for stored in sorted(store.rglob("*.md")):
            relative = stored.relative_to(store)
            if relative not in keep:
                entry = store / _entry_folder(original_relative(settings, stored))
                shutil.rmtree(entry, ignore_errors=True)
                counts["removed"] += 1
        if counts["removed"]:  # folders left empty (none when nothing went)
            for folder in sorted((p for p in store.rglob("*") if p.is_dir()), reverse=True):
                if not any(folder.iterdir()):
                    folder.rmdir()
    return counts


# --- the report ----------------------------------------------------------------------


def report(record: HoldRecord, settings: dict, output: str | os.PathLike) -> dict:
    """The held-back report as JSON-ready data, its text in the build's
    ``MESSAGES_LANGUAGE`` (what the alert's reader sees)."""
    held = []
    for path, problems in record.held().items():
        kept = record.kept.get(path)
        held.append(
            {
                "source": path,
                "outcome": "kept-previous-version" if kept else "held-back",
                "kept_version": kept,
                "problems": [
                    {
                        "path": p.path,
                        "line": p.line,
                        # In the newsroom's language (MESSAGES_LANGUAGE), as printed.
                        "message": render(p.message),
                        "hint": render(p.hint) if p.hint else "",
                        "text": str(p),
                    }
                    for p in problems
                ],
            }
        )
    return {
        "site": settings.get("SITENAME", ""),
        "siteurl": settings.get("SITEURL", ""),
        "output": str(output),
        "status": HELD_BACK_STATUS,
        "summary": str(
            msgn(
                "%(count)d file held back; everything else was published",
                "%(count)d files held back; everything else was published",
                len(held),
            )
        ),
        "held": held,
    }


def report_text(data: dict) -> str:
    lines = [data["summary"], ""]
    for item in data["held"]:
        outcome = (
            msg("the last good version stays online: %(kept)s", kept=item["kept_version"])
            if item["kept_version"]
            else msg("held back: not published")
        )
        lines.append(f"{item['source']}: {outcome}")
        lines += [f"  {p['text']}" for p in item["problems"]]
    return "\n".join(lines) + "\n"


def report_paths(output: str | os.PathLike) -> tuple[Path, Path]:
    """``.output.held-back.json`` and ``.txt``, beside the output folder (never in it)."""
    output = Path(output)
    return (
        output.with_name(f".{output.name}.{REPORT_JSON}"),
        output.with_name(f".{output.name}.{REPORT_TEXT}"),
    )


def write_report(data: dict | None, output: str | os.PathLike) -> None:
    """Write the report beside ``output``; ``None`` removes a stale one."""
    for path, body in zip(
        report_paths(output),
        (None, None) if data is None else (json.dumps(data, indent=1), report_text(data)),
        strict=True,
    ):
        if body is None:
            path.unlink(missing_ok=True)
            continue
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_text(body + ("" if body.endswith("\n") else "\n"), encoding="utf-8")
        os.replace(temporary, path)


def read_report(output: str | os.PathLike) -> dict | None:
    path = report_paths(output)[0]
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
