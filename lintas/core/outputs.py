"""Two outputs on one path is an error: the site's own pages are planned before
any story or page is written, and a story or page that would land on one of
them (or on another story's file) is a content problem, never a silent
overwrite.

Every part of the engine that writes files of its own answers the
``RESERVE_OUTPUTS`` signal (a blinker signal: no plugin imports another) with
the paths it will write, as :class:`Reserved` entries: an exact file
(``feeds/index.html``) or a whole folder it owns (``pagefind/``). The newsroom
sends it once the stories are read, and checks each story and page against
the answers with :func:`plan`:

- a content item whose output is a reserved file, or lies in a reserved
  folder, or is another item's output, gets a ``path:line`` problem and is
  left out (a preview warns; a publish refuses it like any content problem);
  of two items on one path the first in path order keeps it;
- two reservations on one path (two settings pointing the same way, such as
  a tag and a section with one slug under the same URL pattern) are a fault
  of the site itself: :class:`OutputCollision` refuses the whole build.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from blinker import signal

from .messages import Text, msg, render
from .problems import Problem

# sender: the settings dict; keyword ``articles``: the published stories.
# Each receiver returns an iterable of Reserved.
RESERVE_OUTPUTS = signal("lintas.reserve-outputs")
# Sent by `lintas build` right after a build is swapped in; sender: the
# settings dict; keyword ``output``: the live folder: files kept beside the output for every
# build (the photos plugin's) are retired then, once no live page shows them.
OUTPUT_PUBLISHED = signal("lintas.output-published")


@dataclass(frozen=True)
class Reserved:
    """A path the site makes itself; ``path`` ending in ``/`` is a whole folder."""

    path: str  # relative to the output folder, POSIX separators
    what: Text | str  # for the message, e.g. msg("the search index")

    @property
    def is_folder(self) -> bool:
        return self.path.endswith("/")


@dataclass(frozen=True)
class Claim:
    """A story or page and the file it would be written to."""

    path: str  # the output file, relative to the output folder
    source: str  # the file shown in messages (content/…/index.md)
    line: int  # the header line to change (Slug:, else Title:), 0 when unknown
    kind: str  # "article" or "page"


class OutputCollision(Exception):
    """Generated pages collide: the settings must change; nothing is published.

    Keeps its messages untranslated: ``str()`` renders them in the build's
    ``MESSAGES_LANGUAGE``, one clash a line."""

    def __init__(self, clashes: list[Text]):
        self.clashes = clashes
        super().__init__(clashes)

    def render(self, language: str | None = None) -> str:
        heading = msg(
            "two of the site's own pages would be written to one file — change the URL "
            "settings so that each has its own:"
        )
        lines = [render(heading, language), *(render(c, language) for c in self.clashes)]
        return "\n  ".join(lines)

    def __str__(self) -> str:
        return self.render()


def normal(path: str) -> str:
    """A relative output path in one spelling (``a/./b`` → ``a/b``, no leading ``/``)."""
    folder = path.endswith("/")
    cleaned = posixpath.normpath(path.lstrip("/"))
    return cleaned + "/" if folder and cleaned != "." else cleaned


def reserved_by_plugins(settings: dict, articles: list) -> list[Reserved]:
    """Every answer to ``RESERVE_OUTPUTS``."""
    found: list[Reserved] = []
    for _receiver, answer in RESERVE_OUTPUTS.send(settings, articles=articles):
        found += [Reserved(normal(r.path), r.what) for r in answer or ()]
    return found


def check_reserved(reserved: Iterable[Reserved]) -> dict[str, Reserved]:
    """The reservations by path; raises :class:`OutputCollision` when two
    generated outputs share a path (or one lies inside another's folder)."""
    files: dict[str, Reserved] = {}
    folders: dict[str, Reserved] = {}
    clashes = []
    for entry in reserved:
        table = folders if entry.is_folder else files
        other = table.get(entry.path)
        if other is not None and other.what != entry.what:
            clashes.append(
                msg(
                    "%(path)s: %(first)s and %(second)s",
                    path=entry.path,
                    first=other.what,
                    second=entry.what,
                )
            )
        table.setdefault(entry.path, entry)
    for path, entry in files.items():
        owner = _folder_of(path, folders)
        if owner is not None and owner.what != entry.what:
            clashes.append(
                msg(
                    "%(path)s: %(what)s, inside %(folder)s (%(owner)s)",
                    path=path,
                    what=entry.what,
                    folder=owner.path,
                    owner=owner.what,
                )
            )
    if clashes:
        # One line per clash, in a stable order (by the English text).
        unique = sorted(set(clashes), key=lambda clash: clash.render("en"))
        raise OutputCollision(unique)
    return {**files, **folders}


def _folder_of(path: str, folders: dict[str, Reserved]) -> Reserved | None:
    parts = path.split("/")
    for depth in range(1, len(parts)):
        owner = folders.get("/".join(parts[:depth]) + "/")
        if owner is not None:
            return owner
    return None


def plan(claims: Iterable[Claim], reserved: dict[str, Reserved]) -> dict[Claim, Problem]:
    """The claims that must not be written, each with its problem."""
    folders = {p: r for p, r in reserved.items() if r.is_folder}
    taken: dict[str, Claim] = {}
    refused: dict[Claim, Problem] = {}
    for claim in claims:  # in the caller's order: the first one keeps a path
        path = normal(claim.path)
        owner = reserved.get(path) or _folder_of(path, folders)
        if owner is not None:
            refused[claim] = Problem(
                claim.source,
                claim.line,
                _on_reserved(claim.kind, path, owner),
                msg("give it another 'Slug:' so that it gets a URL of its own"),
            )
        elif path in taken:
            first = taken[path]
            refused[claim] = Problem(
                claim.source,
                claim.line,
                _on_taken(claim.kind, path, first.source),
                msg("give one of them another 'Slug:'"),
            )
        else:
            taken[path] = claim
    return refused


def _on_reserved(kind: str, path: str, owner: Reserved) -> Text:
    """A story or page on one of the site's own outputs (or in one of its folders)."""
    story = kind == "article"
    if owner.path == path:
        if story:
            return msg(
                "this story would be written to %(path)s, which is %(what)s",
                path=path,
                what=owner.what,
            )
        return msg(
            "this page would be written to %(path)s, which is %(what)s", path=path, what=owner.what
        )
    if story:
        return msg(
            "this story would be written to %(path)s (in %(folder)s), which is %(what)s",
            path=path,
            folder=owner.path,
            what=owner.what,
        )
    return msg(
        "this page would be written to %(path)s (in %(folder)s), which is %(what)s",
        path=path,
        folder=owner.path,
        what=owner.what,
    )


def _on_taken(kind: str, path: str, other: str) -> Text:
    """A story or page on another one's output."""
    if kind == "article":
        return msg(
            "this story would be written to %(path)s, which is already %(other)s",
            path=path,
            other=other,
        )
    return msg(
        "this page would be written to %(path)s, which is already %(other)s",
        path=path,
        other=other,
    )


def pagination_folder(settings: dict, save_as: str) -> str | None:
    """The folder that holds pages 2, 3, … of a list saved at ``save_as``
    (``kategori/x/index.html`` → ``kategori/x/halaman/``), or None when the
    pattern does not put them in a folder of their own."""
    patterns = settings.get("PAGINATION_PATTERNS") or ()
    if not patterns:
        return None
    rule = patterns[-1]
    pattern = rule[2] if isinstance(rule, tuple | list) else rule.SAVE_AS
    base_name, extension = posixpath.splitext(save_as)
    if posixpath.basename(base_name) == "index":
        base_name = posixpath.dirname(base_name)
    formatted = pattern.format(
        save_as=save_as,
        url="",
        name=posixpath.basename(save_as),
        base_name=base_name,
        extension=extension,
        number="\0",
    )
    prefix = normal(formatted.split("\0")[0]) if "\0" in formatted else ""
    return prefix if prefix.endswith("/") and prefix != "/" else None


def list_pages(settings: dict, template: str, save_as: str, what: Text | str) -> list[Reserved]:
    """A list page and, when its template is paginated, the folder of its other pages."""
    if not save_as:
        return []
    found = [Reserved(normal(save_as), what)]
    if template in (settings.get("PAGINATED_TEMPLATES") or {}):
        folder = pagination_folder(settings, normal(save_as))
        if folder:
            found.append(Reserved(folder, msg("%(what)s (older pages)", what=what)))
    return found


def pelican_outputs(settings: dict, articles: list) -> list[Reserved]:
    """The pages Pelican itself makes from the settings and the stories: the
    direct templates, section/tag/author lists and month archives."""
    found: list[Reserved] = []
    for name in settings.get("DIRECT_TEMPLATES", ()):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        found += list_pages(settings, name, save_as, msg("the site's '%(name)s' page", name=name))
    seen: set[tuple[str, str]] = set()
    for article in articles:
        taxonomies = [("category", [article.category])]
        taxonomies += [("tag", getattr(article, "tags", None) or [])]
        taxonomies += [("author", getattr(article, "authors", None) or [])]
        for template, wrappers in taxonomies:
            for wrapper in wrappers:
                if wrapper is None or (template, wrapper.slug) in seen:
                    continue
                seen.add((template, wrapper.slug))
                what = _list_page(template, wrapper.name)
                found += list_pages(settings, template, wrapper.save_as, what)
    months = {(a.date.year, a.date.month): a.date for a in articles}
    pattern = settings.get("MONTH_ARCHIVE_SAVE_AS") or ""
    for date in months.values():
        month = f"{date:%Y-%m}"
        what = msg("the archive of %(month)s", month=month)
        found += list_pages(settings, "period_archives", pattern.format(date=date), what)
    return found


def _list_page(template: str, name: str) -> Text:
    """The section, tag or author page of ``name``, for messages."""
    if template == "category":
        return msg("the category page of '%(name)s'", name=name)
    if template == "tag":
        return msg("the tag page of '%(name)s'", name=name)
    return msg("the author page of '%(name)s'", name=name)
