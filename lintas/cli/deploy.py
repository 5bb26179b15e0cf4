"""Publish the built site: rsync it to a folder or server, or commit it to a git branch.

    lintas deploy [--settings publishconf.py] [--output output]
                  [--method rsync|git] [--target TARGET] [--dry-run] [--verify]

`make deploy` runs `make publish` first, then this. Settings (publishconf.py,
or the environment): DEPLOY_METHOD ("rsync" or "git"), DEPLOY_TARGET (a local
path or user@host:/path for rsync; a remote URL or path for git),
DEPLOY_BRANCH, DEPLOY_RSYNC_OPTIONS, DEPLOY_PROTECT. After a deploy that
changed something, the WebSub hub is pinged (`lintas ping`).
See docs/operations.md.

rsync deploys by manifest: DEPLOY_STATE_DIR keeps, per target, what the last
successful deploy sent there (every file's path and content digest). A deploy
sends the difference between the output and that record with `rsync
--files-from`, in passes ordered so that no page on the target ever links to a
page it lacks: (1) the files the target may lack, and changed files, that link
to nothing (photos, CSS, search chunks); (2) the files it may lack that link
(new pages); (3) the changed files that link (story pages, lists, feeds,
sitemaps, search entry files), once everything they may link to is there;
(4) the deletions, the folders holding pages first. New pages that link to
each other (a new story, its new tag page) have no order: pass 2 holds only
them, and rsync renames them into place in one burst at its end. Neither side
is read in full. The output is walked through its link to the shared photo
folder (lintas/plugins/photos/media.py); a folder whose inode and change
time are as recorded (and were at least two seconds old then) is not listed
again: its files are as recorded, since a build never writes through a file.
That folder keeps its ~124,000 files at 10,000 stories from build to build.

Before the first byte goes out, the deploy writes (fsync'd) beside the record
the paths it is about to send and delete (``.unfinished``). A deploy that was
cut off (killed, a lost connection) leaves it behind, and the next deploy holds
those paths as unknown on the target: a path sent may hold either version (it
is sent again, in its pass), a path deleted may be missing (it is sent again as
new); paths no longer in the output are deleted again. Then it sweeps the
target of rsync's leftovers (temporary files), sending nothing.

The first deploy to a target (no record), `--verify` (`make deploy-verify`)
and the deploy after a cut-off one of those compare every file on both sides,
in the same order: files missing on the target (`--ignore-existing`), then
`--checksum` over the files it has, then what the target has beyond the site,
its pages first. This also repairs whatever changed on the target behind our
back. See docs/operations.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from lintas.core.config import setting
from lintas.core.messages import msg, msgn, say, use_settings

SETTINGS = (
    setting(
        "DEPLOY_METHOD",
        "rsync",
        str,
        doc="'rsync' (DEPLOY_TARGET: a folder or user@host:/path) or 'git' (a remote)",
    ),
    setting("DEPLOY_TARGET", "", str, doc="where the site goes; empty: `lintas deploy` refuses"),
    setting("DEPLOY_BRANCH", "gh-pages", str, doc="the branch the git method pushes"),
    setting(
        "DEPLOY_RSYNC_OPTIONS", [], list, doc="extra rsync options, e.g. ['-e', 'ssh -p 2222']"
    ),
    setting(
        "DEPLOY_PROTECT",
        [".well-known/"],
        list,
        doc="paths on the target that are not ours and --delete leaves alone",
    ),
    setting(
        "DEPLOY_GIT_CACHE", ".cache/deploy-git", str, doc="scratch repository of the git method"
    ),
    setting(
        "DEPLOY_STATE_DIR",
        ".cache/deploy",
        str,
        doc="what each rsync target last received (path: digest), to send only the difference",
    ),
)


# rsync: -a minus --times, plus --checksum. Pelican rewrites every file on every
# build, so with --times (part of -a) each unchanged file would get the new
# mtime on the server, and with it a new Last-Modified/ETag: every reader and
# crawler would download the whole site again. Without --times, a file whose
# bytes are unchanged is left alone (same inode, same mtime); a changed one
# gets the time of the deploy. --delay-updates and --delete-after keep the
# window in which readers see a half-old, half-new site as short as rsync can.
RSYNC_OPTIONS = [
    "--recursive",
    "--links",
    "--copy-dirlinks",  # the photo folder the output links to is sent as a folder
    "--perms",
    "--chmod=D755,F644",  # readable by the web server whatever the build's umask
    "--checksum",
    "--delete",
    "--delete-after",
    "--delay-updates",
    "--itemize-changes",
]
# A deploy by manifest sends lists of paths; these options apply to them. Still
# --checksum: only the listed files are compared, and a file that is already
# right on the target (a deploy that failed half-way) is left alone. Each pass
# renames its files into place only at its end (--delay-updates), and the next
# pass starts only once rsync has exited: a pass never overtakes the one before.
RSYNC_LIST_OPTIONS = [
    "--links",
    "--copy-dirlinks",
    "--perms",
    "--chmod=D755,F644",
    "--checksum",
    "--delay-updates",
    "--itemize-changes",
    "--from0",
]
# The deletions: every listed path missing from the output is deleted on the
# target; a folder (a deleted story's) with everything in it (--force).
RSYNC_DELETE_OPTIONS = [
    "--delete-missing-args",
    "--force",
    "--copy-dirlinks",
    "--itemize-changes",
    "--from0",
]
# Files that link to other files: when changed, sent after the files they may
# link to. Every page is one: a story links to its neighbours (a new story
# among them) and a static page to the sections (a new one among them).
LINKING_SUFFIXES = frozenset({".html", ".htm", ".xml", ".atom", ".rss", ".json", ".txt"})
RECORD_VERSION = 1
UNFINISHED_VERSION = 1
# Who the deploy commits are by (git method); not a person.
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Lintas deploy",
    "GIT_AUTHOR_EMAIL": "deploy@lintas.invalid",
    "GIT_COMMITTER_NAME": "Lintas deploy",
    "GIT_COMMITTER_EMAIL": "deploy@lintas.invalid",
}
# GitHub Pages runs Jekyll on a branch unless this file is in it.
NO_JEKYLL = ".nojekyll"


class DeployError(Exception):
    """A deploy that must stop; the message (a ``msg()``) is rendered when shown."""


def check_output(output: Path, site_url: str) -> None:
    """Refuse what must never go out: an empty or missing output (--delete would
    empty the site) or a development build (its links point at 127.0.0.1)."""
    index = output / "index.html"
    if not index.is_file():
        raise DeployError(msg("%(path)s does not exist: build first (make publish)", path=index))
    if site_url and site_url not in index.read_text(encoding="utf-8", errors="replace"):
        raise DeployError(
            msg(
                "%(output)s was not built for %(url)s (a development build?): run make publish",
                output=output,
                url=site_url,
            )
        )


# A pass that sends nothing and deletes what the target has beyond the site
# (the temporary files of a deploy that was cut off), reading no file's bytes.
# Without --delay-updates: with it rsync protects its holding folders (.~tmp~,
# where a killed pass leaves the files it had received) from --delete.
SWEEP_OPTIONS = [
    *(o for o in RSYNC_OPTIONS if o not in ("--checksum", "--delay-updates")),
    "--existing",
    "--ignore-existing",
]
# The full pass, in the order of a deploy by manifest: the files missing on the
# target (reading no file's bytes; those that link to nothing first), then every
# file it has, compared by checksum (all of them exist by then); the deletions
# follow (see full_pass).
_SEND_MISSING = [
    *(o for o in RSYNC_OPTIONS if o not in ("--checksum", "--delete", "--delete-after")),
    "--ignore-existing",
]
FULL_PASSES = (
    [*_SEND_MISSING, *(f"--exclude=*{suffix}" for suffix in sorted(LINKING_SUFFIXES))],
    _SEND_MISSING,
    [*(o for o in RSYNC_OPTIONS if o not in ("--delete", "--delete-after")), "--existing"],
)


def rsync(
    output: Path,
    target: str,
    extra: list[str],
    protect: list[str],
    dry_run: bool,
    options: list[str] = RSYNC_OPTIONS,
    echo: bool = True,
) -> list[str]:
    """Mirror ``output`` to ``target``; returns the paths that changed there."""
    command = ["rsync", *options, *[f"--filter=P {p}" for p in protect], *extra]
    if dry_run:
        command.append("--dry-run")
    command += [f"{output}/", f"{target.rstrip('/')}/"]
    print("$ " + " ".join(command), flush=True)
    result = subprocess.run(command, capture_output=True, text=True)
    if echo:
        sys.stdout.write(result.stdout)
    if result.returncode != 0:
        raise DeployError(
            msg(
                "rsync failed (exit status %(status)d):\n%(error)s",
                status=result.returncode,
                error=result.stderr,
            )
        )
    # --itemize-changes: ">f.st...... path", "cd+++++++++ dir/", "*deleting   path"
    return [line.split(None, 1)[1] for line in result.stdout.splitlines() if line.strip()]


# --- rsync by manifest ---------------------------------------------------------


class FileState(NamedTuple):
    """One output file: its content digest, and the stat that digest was taken at.

    A tuple: the record holds one per file (~150,000 at 10,000 stories) and is
    read and written by every deploy; JSON writes a tuple as it is.
    """

    digest: str
    size: int
    mtime_ns: int
    inode: int


def _digest(path: str, st: os.stat_result) -> str:
    if stat.S_ISLNK(st.st_mode):  # rsync --links sends the link, not what it points to
        return "link:" + os.readlink(path)
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


# A folder's (inode, ctime) is recorded only when its ctime is this much older
# than the walk: the kernel stamps times from a coarse clock (a few ms), so a
# file added in the same tick as the walk's look could leave the stamp unchanged.
# The change time, not the mtime: a copy (`cp -a`, `rsync -a`, Python's
# copytree) sets a new folder's mtime back to its source's, and a new folder
# may get the inode number of one just removed; nothing sets the ctime back.
SETTLED_NS = 2_000_000_000


@dataclass(frozen=True)
class Record:
    """What a target received: every file, and the folders seen unchanging."""

    files: dict[str, FileState]
    folders: dict[str, tuple[int, int]] = field(default_factory=dict)  # (inode, ctime_ns)


def output_manifest(
    output: Path, known: Record | None = None, settled_ns: int = SETTLED_NS
) -> Record:
    """Every file of ``output`` (path, relative and "/"-separated, to its state),
    through links to folders (the photo files are in a folder beside the output,
    lintas/plugins/photos/media.py).

    A file with the size, mtime and inode ``known`` recorded is not read again:
    a build never writes through a file (it renames a new one over it), so an
    unchanged stat is unchanged bytes; kept pages are hard links of the last
    build's, with its inode and mtime. For the same reason a folder whose
    inode and change time are as recorded (``settled_ns`` old then) holds the
    same files as recorded, which are not looked at: the shared photo folder
    keeps its folders from build to build (~124,000 files at 10,000 stories),
    a staging folder's are new.
    """
    known = known or Record({})
    listed = _listing(known) if known.folders else {}
    root = os.fspath(output)
    walked_ns = time.time_ns()
    found: dict[str, FileState] = {}
    folders: dict[str, tuple[int, int]] = {}
    pending = [""]
    while pending:
        rel_folder = pending.pop()
        path = f"{root}/{rel_folder}" if rel_folder else root
        st = os.stat(path)  # through a link
        state = (st.st_ino, st.st_ctime_ns)
        # Every folder is recorded (its parent's listing names it); one too
        # recent to trust with a time that matches nothing.
        folders[rel_folder] = state if st.st_ctime_ns < walked_ns - settled_ns else (st.st_ino, -1)
        if known.folders.get(rel_folder) == state and rel_folder in listed:
            files, subfolders = listed[rel_folder]
            found.update((rel, known.files[rel]) for rel in files)
            pending.extend(subfolders)
            continue
        prefix = f"{rel_folder}/" if rel_folder else ""
        for entry in os.scandir(path):
            rel = prefix + entry.name
            if entry.is_dir():  # follows a link to a folder
                pending.append(rel)
                continue
            st = entry.stat(follow_symlinks=False)
            before = known.files.get(rel)
            if before and (before.size, before.mtime_ns, before.inode) == (
                st.st_size,
                st.st_mtime_ns,
                st.st_ino,
            ):
                found[rel] = before
            else:
                found[rel] = FileState(
                    _digest(entry.path, st), st.st_size, st.st_mtime_ns, st.st_ino
                )
    return Record(found, folders)


def _listing(record: Record) -> dict[str, tuple[list[str], list[str]]]:
    """Folder → (its files, its subfolders), as ``record`` saw them."""
    listed: dict[str, tuple[list[str], list[str]]] = {rel: ([], []) for rel in record.folders}
    for rel in record.files:
        folder = rel.rpartition("/")[0]
        if folder in listed:
            listed[folder][0].append(rel)
    for rel in record.folders:
        if rel:
            parent = rel.rpartition("/")[0]
            if parent in listed:
                listed[parent][1].append(rel)
    return listed


def record_path(state_dir: Path, target: str) -> Path:
    """Where what ``target`` last received is kept (one file per target)."""
    if ":" not in target.split("/", 1)[0]:  # a local folder: however it is spelled
        target = os.path.realpath(target)
    tag = hashlib.blake2b(target.encode(), digest_size=8).hexdigest()
    return state_dir / f"rsync-{tag}.json"


def load_record(path: Path) -> Record | None:
    """What the target received in its last successful deploy, or None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != RECORD_VERSION:
            return None
        return Record(
            {rel: FileState._make(state) for rel, state in data["files"].items()},
            {rel: (inode, ctime) for rel, (inode, ctime) in data.get("folders", {}).items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save_record(path: Path, target: str, record: Record) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "version": RECORD_VERSION,
        "target": target,
        # In the order of the walk: sorting 150,000 paths took 0.16 s of every deploy.
        "files": record.files,  # FileState tuples, as lists
        "folders": record.folders,
    }
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    os.replace(temporary, path)


@dataclass(frozen=True)
class Unfinished:
    """What the deploys cut off since the last complete one may have changed on the
    target: ``full``, anything (a full pass); else the paths they sent and deleted."""

    full: bool = False
    sent: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()


def load_unfinished(path: Path) -> Unfinished | None:
    """The marker a cut-off deploy left, or None (the last deploy completed)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != UNFINISHED_VERSION:
            raise ValueError(path)
        return Unfinished(bool(data["full"]), frozenset(data["sent"]), frozenset(data["removed"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        # Unreadable (or written by an older Lintas): anything may have changed.
        return Unfinished(full=True)


def save_unfinished(path: Path, unfinished: Unfinished) -> None:
    """Write the marker durably: it must be on disk before rsync sends a byte."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "version": UNFINISHED_VERSION,
        "full": unfinished.full,
        "sent": sorted(unfinished.sent),
        "removed": sorted(unfinished.removed),
    }
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(data, separators=(",", ":")))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def links(rel: str) -> bool:
    """Whether the file at ``rel`` may link to other files of the site."""
    return PurePosixPath(rel).suffix.lower() in LINKING_SUFFIXES


@dataclass(frozen=True)
class DeployPlan:
    first: list[str]  # files the target may lack; changed files that link to nothing
    then: list[str]  # changed pages, lists, feeds, sitemaps, search entry files
    removed: list[str]  # on the target, not in the output: files, and gone folders whole
    removed_pages: list[str] = field(default_factory=list)  # those holding pages: first

    @property
    def deletions(self) -> int:
        return len(self.removed) + len(self.removed_pages)

    @property
    def empty(self) -> bool:
        return not (self.first or self.then or self.removed or self.removed_pages)


def _under(rel: str, paths: frozenset[str]) -> bool:
    return rel in paths or any(str(parent) in paths for parent in PurePosixPath(rel).parents)


def plan_deploy(
    current: dict[str, FileState],
    received: dict[str, FileState],
    unfinished: Unfinished | None = None,
) -> DeployPlan:
    """What ``received`` (the target's last complete deploy) lacks of ``current``
    (the output), with the paths ``unfinished`` names held as unknown on the target."""
    sent, deleted = (unfinished.sent, unfinished.removed) if unfinished else ((), ())
    sent, deleted = frozenset(sent), frozenset(deleted)
    first, then = [], []
    for rel, state in current.items():
        before = received.get(rel)
        # A path a cut-off deploy deleted, or sent without the record knowing it,
        # may be missing on the target; one it sent over a recorded file holds
        # one version or the other.
        maybe_missing = before is None or (bool(deleted) and _under(rel, deleted))
        if not maybe_missing and before.digest == state.digest and rel not in sent:
            continue
        # A file the target may lack goes first whatever it is: nothing there links
        # to it yet, and a new story may link to a new list (a new section's page)
        # as much as a list to a new story. A changed file that links goes after
        # them, when everything it may link to is there.
        (then if links(rel) and not maybe_missing else first).append(rel)
    folders = folders_of(current)
    # What a cut-off deploy sent or deleted and the output no longer has may still
    # be on the target: deleted again (a path already gone is no error).
    gone_files = (set(received) | sent | deleted) - set(current) - folders
    removed = {topmost_gone(rel, folders.__contains__) for rel in gone_files}
    pages = {topmost_gone(rel, folders.__contains__) for rel in gone_files if links(rel)}
    return DeployPlan(sorted(first), sorted(then), sorted(removed - pages), sorted(pages))


def folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder holding one of ``paths`` ("/"-separated), "." for the top."""
    found = {"."}
    for rel in paths:
        folder = rel.rpartition("/")[0]
        while folder and folder not in found:
            found.add(folder)
            folder = folder.rpartition("/")[0]
    return found


def topmost_gone(rel: str, kept_folder: Callable[[str], bool]) -> str:
    """``rel`` or, if gone too, its topmost folder: deleted whole (rsync refuses a
    path whose folder is missing from the source)."""
    for parent in reversed(PurePosixPath(rel).parents):
        if str(parent) != "." and not kept_folder(str(parent)):
            return str(parent)
    return rel


def _rsync_list(
    output: Path, target: str, options: list[str], paths: list[str], dry_run: bool
) -> list[str]:
    with tempfile.NamedTemporaryFile("wb", prefix="lintas-deploy-", suffix=".list") as listing:
        listing.write(b"".join(p.encode("utf-8") + b"\0" for p in paths))
        listing.flush()
        command = ["rsync", *options, f"--files-from={listing.name}"]
        if dry_run:
            command.append("--dry-run")
        command += [f"{output}/", f"{target.rstrip('/')}/"]
        print(f"$ {' '.join(command)}  # {len(paths)} path(s)", flush=True)
        result = subprocess.run(command, capture_output=True, text=True)
    sys.stdout.write(result.stdout)
    if result.returncode != 0:
        raise DeployError(f"rsync failed (exit status {result.returncode}):\n{result.stderr}")
    return [line.split(None, 1)[1] for line in result.stdout.splitlines() if line.strip()]


def rsync_by_manifest(
    output: Path, target: str, extra: list[str], protect: list[str], plan: DeployPlan, dry_run: bool
) -> list[str]:
    """Send ``plan``: new pages before the lists that link to them, deletions last.

    New pages may link to each other (a new story and its new tag page), and so may
    deleted ones: no order serves both, so each group has a pass of its own, as
    short as it can be (photos and the search index's chunks go in the passes
    before), and rsync renames, or deletes, its pages one right after the other.
    """
    changed: list[str] = []
    for batch in (
        [rel for rel in plan.first if not links(rel)],
        [rel for rel in plan.first if links(rel)],
        plan.then,
    ):
        if batch:
            changed += _rsync_list(output, target, [*RSYNC_LIST_OPTIONS, *extra], batch, dry_run)
    changed += delete_paths(output, target, extra, protect, plan.removed_pages, dry_run)
    changed += delete_paths(output, target, extra, protect, plan.removed, dry_run)
    return changed


def delete_paths(
    output: Path, target: str, extra: list[str], protect: list[str], paths: list[str], dry_run: bool
) -> list[str]:
    """Delete ``paths`` (missing from the output) on the target; folders whole."""
    if not paths:
        return []
    options = [*RSYNC_DELETE_OPTIONS, *(f"--filter=P {p}" for p in protect), *extra]
    return _rsync_list(output, target, options, paths, dry_run)


def full_pass(
    output: Path, target: str, extra: list[str], protect: list[str], dry_run: bool
) -> list[str]:
    """Compare every file on both sides, in the order of a deploy by manifest."""
    changed: list[str] = []
    for options in FULL_PASSES:
        changed += rsync(output, target, extra, protect, dry_run, options)
    # What the target has beyond the site: its pages first, in a pass of their own.
    extras = rsync(output, target, extra, protect, True, SWEEP_OPTIONS, echo=False)
    pages = {
        topmost_gone(rel, lambda folder: (output / folder).is_dir())
        for rel in extras
        if links(rel) and not os.path.lexists(output / rel)
    }
    changed += delete_paths(output, target, extra, protect, sorted(pages), dry_run)
    return changed + rsync(output, target, extra, protect, dry_run, SWEEP_OPTIONS)


def deploy_rsync(
    output: Path, target: str, settings: dict, verify: bool, dry_run: bool
) -> list[str]:
    """A deploy by manifest, or (``verify``, no record of this target, or a cut-off
    full pass) a full pass, each in dependency order; see the module docstring."""
    extra = list(settings.get("DEPLOY_RSYNC_OPTIONS", []))
    protect = list(settings.get("DEPLOY_PROTECT", []))
    record = record_path(Path(settings["DEPLOY_STATE_DIR"]), target)
    known = load_record(record)
    received = known.files if known else None
    walked = output_manifest(output, known)
    current = walked.files
    # What deploys cut off since the last complete one may have changed (see above).
    marker = record.with_name(record.name + ".unfinished")
    unfinished = load_unfinished(marker)
    changed: list[str] = []
    if verify or received is None or (unfinished and unfinished.full):
        why = (
            "--verify"
            if verify
            else f"no record of a deploy to {target}"
            if received is None
            else "a full pass was cut off"
        )
        print(f"{why}: comparing every file on both sides (rsync --checksum)", flush=True)
        if not dry_run:
            save_unfinished(marker, Unfinished(full=True))
        changed += full_pass(output, target, extra, protect, dry_run)
    else:
        plan = plan_deploy(current, received, unfinished)
        print(
            f"by manifest ({record}): {len(plan.first) + len(plan.then)} file(s) to send, "
            f"{plan.deletions} path(s) to delete"
            + (", after a deploy that was cut off" if unfinished else ""),
            flush=True,
        )
        if not dry_run and not plan.empty:
            before = unfinished or Unfinished()
            save_unfinished(
                marker,
                Unfinished(
                    sent=before.sent | set(plan.first) | set(plan.then),
                    removed=before.removed | set(plan.removed) | set(plan.removed_pages),
                ),
            )
        if not plan.empty:
            changed += rsync_by_manifest(output, target, extra, protect, plan, dry_run)
        if unfinished:  # rsync's temporary files, left by the cut-off deploy
            changed += rsync(output, target, extra, protect, dry_run, SWEEP_OPTIONS)
    if not dry_run:  # only once every pass succeeded (rsync raised otherwise)
        if walked != known:
            save_record(record, target, walked)
        marker.unlink(missing_ok=True)
    return changed


def git(*args: str, env: dict, check: bool = True) -> str:
    result = subprocess.run(["git", *args], capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        raise DeployError(
            msg(
                "git %(command)s failed:\n%(error)s",
                command=" ".join(args),
                error=result.stderr.strip(),
            )
        )
    return result.stdout.strip() if result.returncode == 0 else ""


def git_branch(output: Path, remote: str, branch: str, scratch: Path, dry_run: bool) -> list[str]:
    """Commit ``output`` as the next commit of ``branch`` on ``remote`` and push it;
    returns the paths that changed.

    A scratch repository of our own (never the project's) holds the objects;
    the project's work tree, index and branches are not touched. The push is
    not forced: if someone else moved the branch meanwhile, it fails.
    """
    scratch.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **GIT_IDENTITY, "GIT_DIR": str(scratch)}
    if not (scratch / "HEAD").exists():
        git("init", "--quiet", "--bare", str(scratch), env=env)
    previous = "refs/deploy/previous"
    git("update-ref", "-d", previous, env=env, check=False)
    git(
        "fetch",
        "--quiet",
        "--no-tags",
        remote,
        f"+refs/heads/{branch}:{previous}",
        env=env,
        check=False,
    )
    parent = git("rev-parse", "--verify", "--quiet", f"{previous}^{{commit}}", env=env, check=False)

    with tempfile.TemporaryDirectory() as temporary:
        index_env = {**env, "GIT_INDEX_FILE": str(Path(temporary) / "index")}
        git(f"--work-tree={output}", "add", "--all", "--force", ".", env=index_env)
        add_linked_folders(output, env, index_env, Path(temporary))
        empty = subprocess.run(
            ["git", "hash-object", "-w", "--stdin"],
            input="",
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout.strip()
        git("update-index", "--add", "--cacheinfo", f"100644,{empty},{NO_JEKYLL}", env=index_env)
        tree = git("write-tree", env=index_env)
    if parent:
        changed = git("diff-tree", "-r", "--name-only", parent, tree, env=env).splitlines()
    else:
        changed = git("ls-tree", "-r", "--name-only", tree, env=env).splitlines()
    if not changed:
        print(
            say(
                msg(
                    "%(remote)s %(branch)s already holds this site: nothing to deploy",
                    remote=remote,
                    branch=branch,
                )
            )
        )
        return []
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    commit = git(
        "commit-tree", tree, *(["-p", parent] if parent else []), "-m", f"Deploy {stamp}", env=env
    )
    if dry_run:
        print(
            say(
                msg(
                    "would push %(commit)s to %(remote)s %(branch)s (dry run)",
                    commit=commit[:12],
                    remote=remote,
                    branch=branch,
                )
            )
        )
        return changed
    git("push", "--quiet", remote, f"{commit}:refs/heads/{branch}", env=env)
    print(
        say(
            msgn(
                "pushed %(commit)s to %(remote)s %(branch)s: %(count)d file changed",
                "pushed %(commit)s to %(remote)s %(branch)s: %(count)d files changed",
                len(changed),
                commit=commit[:12],
                remote=remote,
                branch=branch,
            )
        )
    )
    return changed


def add_linked_folders(output: Path, env: dict, index_env: dict, temporary: Path) -> None:
    """Put in the index, as folders, what the output's links to folders hold (the
    photo files, lintas/plugins/photos/media.py): `git add` records the link."""
    staged = git("ls-files", "--stage", "-z", env=index_env).split("\0")
    links = [entry.split("\t", 1)[1] for entry in staged if entry.startswith("120000 ")]
    for rel in links:
        folder = output / rel
        if not folder.is_dir():
            continue  # a link to a file: committed as the link it is
        sub_env = {**env, "GIT_INDEX_FILE": str(temporary / "linked-index")}
        git(f"--work-tree={folder.resolve()}", "add", "--all", "--force", ".", env=sub_env)
        subtree = git("write-tree", env=sub_env)
        (temporary / "linked-index").unlink()
        git(f"--work-tree={output}", "update-index", "--force-remove", "--", rel, env=index_env)
        git(f"--work-tree={output}", "read-tree", f"--prefix={rel}/", subtree, env=index_env)


def ping_websub(settings_path: Path, output: Path) -> bool:
    """`lintas ping` (it does nothing when no hub is configured)."""
    from lintas.cli import ping

    return ping.main(["--settings", str(settings_path), "--output", str(output)]) == 0


EXAMPLES = """examples:
  lintas deploy                 rsync ./output to DEPLOY_TARGET (publishconf.py)
  lintas deploy --dry-run       show what would change, change nothing
  lintas deploy --verify        compare every file on both sides and repair the target
  lintas deploy --method git --target git@host:portal.git
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="lintas deploy",
        description=__doc__.splitlines()[0],
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--settings", type=Path, default=Path("publishconf.py"))
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--method", choices=("rsync", "git"), help="default: DEPLOY_METHOD")
    parser.add_argument("--target", help="default: DEPLOY_TARGET")
    parser.add_argument("--dry-run", action="store_true", help="show what would change")
    parser.add_argument(
        "--verify",
        action="store_true",
        help="rsync: compare every file on both sides (rsync --checksum), not the record "
        "of the last deploy; repairs a target changed by hand",
    )
    args = parser.parse_args(argv)

    from lintas.settings import read_settings

    settings = read_settings(args.settings)
    use_settings(settings)  # its lines in MESSAGES_LANGUAGE
    # The record of each target belongs to the portal, wherever the command runs.
    portal = args.settings.resolve().parent
    for name in ("DEPLOY_STATE_DIR", "DEPLOY_GIT_CACHE"):
        settings[name] = str(portal / settings[name])  # an absolute path stays as it is
    method = args.method or settings.get("DEPLOY_METHOD", "rsync")
    target = args.target or settings.get("DEPLOY_TARGET")
    output = args.output.resolve()
    if not target:
        print(
            say(
                msg(
                    "no deploy target — set DEPLOY_TARGET in %(settings)s or the "
                    "LINTAS_DEPLOY_TARGET environment variable (see docs/operations.md)",
                    settings=args.settings.name,
                )
            ),
            file=sys.stderr,
        )
        return 2
    try:
        check_output(output, settings.get("SITEURL", ""))
        if method == "git":
            scratch = Path(settings["DEPLOY_GIT_CACHE"]).resolve()
            changed = git_branch(
                output, target, settings.get("DEPLOY_BRANCH", "gh-pages"), scratch, args.dry_run
            )
        else:
            changed = deploy_rsync(output, target, settings, args.verify, args.dry_run)
    except DeployError as error:
        print(say(msg("deploy failed: %(error)s", error=str(error))), file=sys.stderr)
        return 1
    if args.dry_run:
        return 0
    print(
        say(
            msgn(
                "deployed %(output)s to %(target)s: %(count)d change",
                "deployed %(output)s to %(target)s: %(count)d changes",
                len(changed),
                output=output,
                target=target,
            )
        )
    )
    # Scheduled rebuilds run every few minutes: ping the hub only when a feed
    # changed (a new or edited story), not for every deploy.
    feed_files = set(settings.get("FEED_FILES", {}).values())
    if feed_files and not any(Path(p).name in feed_files for p in changed):
        print(say(msg("no feed changed: no WebSub ping")))
        return 0
    if not ping_websub(args.settings, output):
        print(
            say(
                msg(
                    "the site is deployed, but the WebSub ping failed — send it again with: "
                    "lintas ping"
                )
            ),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
