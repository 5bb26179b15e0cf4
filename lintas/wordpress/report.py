"""The migration report: what was imported, and what needs an editor.

Markdown, in the portal's language: the messages are gettext msgids (English)
translated by the theme's catalogs (``lintas/theme/translations/<lang>``,
Indonesian by default; ``en`` gives the English report). The ``.po`` files are
read directly, so the report needs no compiled catalog.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

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
    (_("Embeds"), ("embed",)),
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


@dataclass
class ReportBuilder:
    """Collects what the report lists while the import streams: only items with
    notes are kept (a 50,000-post import keeps its problems, not its posts)."""

    content: Path
    by_kind: dict[str, list[tuple[ItemReport, Note]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    not_imported: list[ItemReport] = field(default_factory=list)

    def add(self, report: ItemReport) -> None:
        if report.outcome == NOT_IMPORTED:
            self.not_imported.append(report)
            return
        if report.outcome == EXISTS:
            return
        for note in report.notes:
            self.by_kind[note.kind].append((report, note))

    def markdown(self, totals: Totals, language: Language, export: str) -> str:
        t = language
        lines = [f"# {t('WordPress import report')}", ""]
        lines += [f"{t('Export')}: `{export}`", ""]
        rows = (
            (t("Posts imported"), totals.posts),
            (t("Pages imported"), totals.pages),
            (t("Photos copied"), totals.photos),
            (t("Author files written"), len(totals.authors_written)),
            (t("Redirects added"), totals.redirects),
            (t("Already imported (skipped)"), totals.exists),
            (t("Not imported"), totals.not_imported),
        )
        lines += [f"| {t('What')} | {t('Number')} |", "|---|---:|"]
        lines += [f"| {label} | {number:,} |" for label, number in rows]
        lines.append("")
        attention = sum(len(self.by_kind.get(k, [])) for _title, kinds in SECTIONS for k in kinds)
        lines += [f"## {t('Needs an editor')}", ""]
        if not attention:
            lines += [t("Nothing: every post and page was converted as it was."), ""]
        for title, kinds in SECTIONS:
            entries = [entry for kind in kinds for entry in self.by_kind.get(kind, [])]
            if not entries:
                continue
            lines += [f"### {t(title)} ({len(entries):,})", ""]
            for report, note in entries:
                lines.append(f"- {self._where(report)}: {t.note(note)}")
            lines.append("")
        if self.not_imported:
            lines += [f"## {t('Not imported')} ({len(self.not_imported):,})", ""]
            for report in self.not_imported:
                text = "; ".join(t.note(n) for n in report.notes)
                lines.append(f"- {self._where(report)}: {text}")
            lines.append("")
        if totals.authors_written:
            lines += [f"## {t('Author files')}", ""]
            lines += [
                t("Fill in the code and the biography of each new author file:"),
                "",
            ]
            lines += [f"- `{path}`" for path in totals.authors_written]
            lines.append("")
        return "\n".join(lines)

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
