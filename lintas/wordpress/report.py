"""The migration report: what was imported, and what needs an editor.

Markdown, in the portal's language: the messages are gettext msgids (English)
translated by the theme's catalogs (``lintas/theme/translations/<lang>``,
Indonesian by default; ``en`` gives the English report). The ``.po`` files are
read directly, so the report needs no compiled catalog.
"""

from __future__ import annotations

import functools
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from babel.messages.pofile import read_po

from .convert import Note
from .importer import EXISTS, NOT_IMPORTED, ItemReport, Totals

TRANSLATIONS = Path(__file__).resolve().parent.parent / "theme" / "translations"


def _(message: str) -> str:
    """Marks a msgid for extraction (babel.cfg); translated by ``Language``."""
    return message


# One message per note kind (python-format, the note's values).
MESSAGES = {
    "unknown_author": _(
        "author '%(name)s' is not a known author: written as is, so the checker stops "
        "the post; add the author (content/authors/) or map them with --map-author"
    ),
    "missing_image": _(
        "image %(url)s is missing from the uploads folder (looked for %(looked_for)s): left out"
    ),
    "missing_cover": _(
        "featured image %(url)s is missing from the uploads folder (looked for %(looked_for)s)"
    ),
    "foreign_image": _("image %(url)s is not in WordPress's uploads: left out"),
    "foreign_cover": _("featured image %(url)s is not in WordPress's uploads: left out"),
    "cover_not_in_export": _("featured image (attachment %(id)s) is not in the export"),
    "gallery_missing": _("[gallery]: attachment %(id)s is not in the export"),
    "gallery_empty": _("an empty [gallery] was left out"),
    "img_without_src": _("an <img> without an address was left out"),
    "no_alt": _("image %(name)s had no alt text: used '%(alt)s' — describe the photo instead"),
    "shortcode": _("shortcode [%(name)s] not converted: left out, its text kept"),
    "caption_without_image": _("a [caption] without an image: its text kept as a paragraph"),
    "embed": _("embed %(url)s written as !embed[…]: check that it still shows"),
    "embed_unsupported": _("embed %(url)s is not a post the portal can embed: kept as a link"),
    "dropped_source": _("<%(tag)s> %(url)s left out"),
    "dropped": _("left out with their content: %(tags)s"),
    "unwrapped": _("formatting not converted, text kept: %(tags)s"),
    "heading_level": _("<%(tag)s> became a level-%(level)s subheading"),
    "hr": _("<hr> (a horizontal line) left out"),
    "unmapped_category": _(
        "category '%(name)s' is not one of the portal's categories: written as is, so the "
        "checker stops the post until an editor picks one of: %(choices)s"
    ),
    "no_category": _("no category: add 'Category:' (one of %(choices)s)"),
    "extra_categories": _("Lintas has one category per article: %(names)s kept as tags"),
    "tag_changed": _("tag '%(name)s' became %(parts)s"),
    "slug_taken": _("slug '%(wanted)s' is taken by another article: this one is '%(slug)s'"),
    "slug_changed": _("WordPress slug '%(old)s' became '%(slug)s'"),
    "no_title": _("no title: written as '%(title)s'"),
    "no_date": _("no date in the export: dated now and imported as a draft"),
    "embargo": _("scheduled post: an embargo until %(date)s"),
    "private": _("a private post: imported as a draft"),
    "unknown_status": _("unknown status '%(status)s': imported as a draft"),
    "empty_body": _("the post has no text: the checker will stop it"),
    "status_skipped": _("status '%(status)s': not imported"),
    "type_skipped": _("a '%(type)s' is not a post or a page: not imported"),
    "exists": _("%(path)s exists: skipped (see --overwrite)"),
}

# Report sections: what needs an editor, most urgent first.
SECTIONS = (
    (_("Unknown authors"), ("unknown_author",)),
    (
        _("Missing images"),
        (
            "missing_image", "missing_cover", "foreign_image", "foreign_cover",
            "cover_not_in_export", "gallery_missing", "img_without_src",
        ),
    ),
    (_("Categories"), ("unmapped_category", "no_category")),
    (_("Shortcodes and markup left as text or left out"), (
        "shortcode", "caption_without_image", "gallery_empty", "dropped_source", "dropped",
        "unwrapped",
    )),
    (_("Embeds"), ("embed", "embed_unsupported")),
    (_("Photos without a description"), ("no_alt",)),
    (_("Other changes"), (
        "extra_categories", "tag_changed", "slug_taken", "slug_changed", "no_title", "no_date",
        "embargo", "private", "unknown_status", "empty_body", "heading_level", "hr",
    )),
)  # fmt: skip


class Language:
    """Messages of one language, from the theme's ``.po`` catalog."""

    def __init__(self, code: str):
        self.code = code
        self.catalog = _catalog(code)

    def __call__(self, message: str) -> str:
        if self.catalog is None:
            return message
        found = self.catalog.get(message)
        return found.string if found is not None and found.string else message

    def note(self, note: Note) -> str:
        template = self(MESSAGES.get(note.kind, note.kind))
        try:
            return template % dict(note.values)
        except (KeyError, ValueError):
            return f"{template} {dict(note.values)}"


@functools.lru_cache(maxsize=4)
def _catalog(code: str):
    po = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return None
    with po.open("rb") as handle:
        return read_po(handle, locale=code)


class ReportBuilder:
    """Collects what the report lists while the import streams, on disk: one
    spill file per section (JSON lines), so a 50,000-post import keeps counts
    in memory, not its problems. ``write`` streams the report out."""

    def __init__(self, content: Path):
        self.content = content
        self._folder = tempfile.TemporaryDirectory(prefix="lintas-import-report-")
        self._sections = {
            kind: index for index, (_t, kinds) in enumerate(SECTIONS) for kind in kinds
        }
        self._files = [self._open(f"section-{i}") for i in range(len(SECTIONS))]
        self._not_imported = self._open("not-imported")
        self.counts = [0] * len(SECTIONS)
        self.not_imported = 0

    def _open(self, name: str):
        return open(Path(self._folder.name) / name, "w+", encoding="utf-8")

    def add(self, report: ItemReport) -> None:
        if report.outcome == EXISTS:
            return
        where = self._where(report)
        if report.outcome == NOT_IMPORTED:
            notes = [[n.kind, list(n.values)] for n in report.notes]
            self._not_imported.write(json.dumps([where, notes], ensure_ascii=False) + "\n")
            self.not_imported += 1
            return
        for note in report.notes:
            section = self._sections.get(note.kind)
            if section is None:
                continue
            line = json.dumps([where, note.kind, list(note.values)], ensure_ascii=False)
            self._files[section].write(line + "\n")
            self.counts[section] += 1

    def close(self) -> None:
        for handle in [*self._files, self._not_imported]:
            handle.close()
        self._folder.cleanup()

    @staticmethod
    def _entries(handle) -> Iterator[list]:
        handle.flush()
        handle.seek(0)
        for line in handle:
            yield json.loads(line)
        handle.seek(0, 2)  # back to the end: more may be added

    def write(self, out: TextIO, totals: Totals, language: Language, export: str) -> None:
        t = language
        # (No t() inside an f-string: pybabel extract does not see those.)
        heading, export_label = t("WordPress import report"), t("Export")
        out.write(f"# {heading}\n\n{export_label}: `{export}`\n\n")
        rows = (
            (t("Posts imported"), totals.posts),
            (t("Pages imported"), totals.pages),
            (t("Photos copied"), totals.photos),
            (t("Author files written"), len(totals.authors_written)),
            (t("Redirects added"), totals.redirects),
            (t("Already imported (skipped)"), totals.exists),
            (t("Not imported"), totals.not_imported),
        )
        what, number_label, needs_editor = t("What"), t("Number"), t("Needs an editor")
        out.write(f"| {what} | {number_label} |\n|---|---:|\n")
        out.writelines(f"| {label} | {number:,} |\n" for label, number in rows)
        out.write(f"\n## {needs_editor}\n\n")
        if not any(self.counts):
            out.write(t("Nothing: every post and page was converted as it was.") + "\n\n")
        for (title, _kinds), handle, count in zip(SECTIONS, self._files, self.counts, strict=True):
            if not count:
                continue
            out.write(f"### {t(title)} ({count:,})\n\n")
            for where, kind, values in self._entries(handle):
                note = Note(kind, tuple((k, v) for k, v in values))
                out.write(f"- {where}: {t.note(note)}\n")
            out.write("\n")
        if self.not_imported:
            not_imported = t("Not imported")
            out.write(f"## {not_imported} ({self.not_imported:,})\n\n")
            for where, notes in self._entries(self._not_imported):
                text = "; ".join(t.note(Note(k, tuple((a, b) for a, b in v))) for k, v in notes)
                out.write(f"- {where}: {text}\n")
            out.write("\n")
        if totals.authors_written:
            author_files = t("Author files")
            out.write(f"## {author_files}\n\n")
            out.write(t("Fill in the code and the biography of each new author file:") + "\n\n")
            out.writelines(f"- `{path}`\n" for path in totals.authors_written)
            out.write("\n")

    def markdown(self, totals: Totals, language: Language, export: str) -> str:
        buffer = io.StringIO()
        self.write(buffer, totals, language, export)
        return buffer.getvalue()

    def _where(self, report: ItemReport) -> str:
        old = f"<{report.old_url}>" if report.old_url else f"#{report.id}"
        title = report.title.replace("|", "/").replace("\n", " ")
        if report.path is None:
            return f"{old} “{title}”"
        try:
            shown = report.path.relative_to(self.content.parent).as_posix()
        except ValueError:
            shown = str(report.path)
        return f"{old} → `{shown}` “{title}”"
