"""The article model: which header fields exist, what they may hold, and how
they are normalised. One rule set, used by the build and by
``lintas check`` alike."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.utils import slugify

from .frontmatter import FrontMatter, HeaderField, strip_control_characters
from .problems import Problem


@dataclass(frozen=True)
class FieldSpec:
    """The shape of one header field, for tools that write headers (the web
    desk, ``lintas/desk/config.py``). What a value may hold is checked below."""

    name: str  # as written in the header
    # line: one line of text; text: a paragraph kept on one line; datetime;
    # category / region / authors: names from the settings; list: comma-separated;
    # photo: a file of the bundle; focus: "x, y"; sponsor: advertorials only;
    # status: one of STATUSES; correction: "time | text", repeatable; slug.
    kind: str
    required: bool = False


ARTICLE_FIELD_SPECS = (
    FieldSpec("Title", "line", required=True),
    FieldSpec("Date", "datetime", required=True),
    FieldSpec("Modified", "datetime"),
    FieldSpec("Category", "category", required=True),
    FieldSpec("Tags", "list"),
    FieldSpec("Author", "authors", required=True),  # or Authors: a comma-separated list
    FieldSpec("Authors", "authors"),
    FieldSpec("Byline", "line"),
    FieldSpec("Dateline", "line"),
    FieldSpec("Region", "region"),
    FieldSpec("Summary", "text"),
    FieldSpec("Cover", "photo"),
    FieldSpec("Photo-Credit", "line"),
    FieldSpec("Focus", "focus"),
    FieldSpec("Sponsor", "sponsor"),
    FieldSpec("Status", "status"),
    FieldSpec("Correction", "correction"),
    FieldSpec("Slug", "slug"),
)
ARTICLE_FIELDS = tuple(spec.name for spec in ARTICLE_FIELD_SPECS)
PAGE_FIELDS = ("Title", "Summary", "Slug", "Status", "Modified")
REPEATABLE = {"correction"}
STATUSES = ("published", "draft")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_EXAMPLE = "2016-09-02 10:00"
# No story of a news portal predates this; earlier years are typos.
EARLIEST_YEAR = 1900


@dataclass(frozen=True)
class Correction:
    date: datetime
    text: str


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def parse_datetime(value: str, timezone: str) -> datetime:
    """``2016-09-02 10:00`` in the site timezone, or ISO 8601 with an explicit offset."""
    text = value.strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?", text):
        raise ValueError(text)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment


class _Checker:
    """Collects problems for one file while normalising its header."""

    def __init__(self, front: FrontMatter, display_path: str, settings: dict):
        self.front = front
        self.display_path = display_path
        self.settings = settings
        self.problems: list[Problem] = []

    def report(self, line: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.display_path, line, message, hint))

    def header_line(self) -> int:
        return self.front.fields[0].line if self.front.fields else 1

    def text(self, key: str) -> HeaderField | None:
        found = self.front.first(key)
        if found is not None:
            found.value = strip_control_characters(found.value).strip()
        return found

    def date(self, key: str) -> datetime | None:
        found = self.text(key)
        if found is None or not found.value:
            return None
        try:
            moment = parse_datetime(found.value, self.settings["TIMEZONE"])
        except ValueError:
            self.report(
                found.line,
                f"{found.name} '{found.value}' is not a date",
                f"write it as YYYY-MM-DD HH:MM in {self.settings['TIMEZONE_LABEL']}, "
                f"e.g. {found.name}: {DATE_EXAMPLE}",
            )
            return None
        if moment.year < EARLIEST_YEAR:
            # A typo ("0016-09-02"): it would be published under /16/09/ with a
            # feed date validators reject (RFC 822 wants four-digit years).
            self.report(
                found.line,
                f"{found.name} '{found.value}' is before {EARLIEST_YEAR}",
                f"check the year, e.g. {found.name}: {DATE_EXAMPLE}",
            )
            return None
        return moment

    def choice(self, key: str, choices: list[str], what: str) -> str | None:
        found = self.text(key)
        if found is None or not found.value:
            return None
        exact = {c.lower(): c for c in choices}
        if found.value.lower() in exact:
            return exact[found.value.lower()]
        close = suggest(found.value, choices)
        hint = f"did you mean '{close}'?" if close else f"use one of: {', '.join(choices)}"
        self.report(found.line, f"unknown {what} '{found.value}'", hint)
        return None

    def check_field_names(self, known: tuple[str, ...]) -> None:
        known_lower = {k.lower(): k for k in known}
        seen: dict[str, int] = {}
        for line, raw in self.front.malformed:
            self.report(
                line,
                f"header line '{raw.strip()}' is not 'Field: value'",
                "write 'Field: value', or leave a blank line before the body text",
            )
        for item in self.front.fields:
            if item.key not in known_lower:
                close = suggest(item.name, known)
                hint = f"did you mean '{close}'?" if close else f"known fields: {', '.join(known)}"
                self.report(item.line, f"unknown field '{item.name}'", hint)
            elif item.key in seen and item.key not in REPEATABLE:
                self.report(
                    item.line,
                    f"field '{item.name}' given twice (first on line {seen[item.key]})",
                    "keep one; for several tags write Tags: a, b, c",
                )
            seen.setdefault(item.key, item.line)


def _slug_for(source: Path, kind: str, checker: _Checker) -> str | None:
    given = checker.text("slug")
    if given is not None and given.value:
        if not SLUG_PATTERN.match(given.value):
            checker.report(
                given.line,
                f"slug '{given.value}' may only hold a-z, 0-9 and single hyphens",
                "e.g. Slug: pemkot-teken-mou",
            )
            return None
        return given.value
    name = source.parent.name if kind == "article" else source.stem
    if not SLUG_PATTERN.match(name):
        where = "folder" if kind == "article" else "file"
        checker.report(
            0,
            f"{where} name '{name}' is not a valid slug",
            f"rename the {where} to lower-case a-z, 0-9 and hyphens, e.g. 'pemkot-teken-mou'",
        )
        return None
    return name


def normalise(
    front: FrontMatter, source: Path, display_path: str, kind: str, settings: dict
) -> tuple[dict, list[Problem]]:
    """Validate one file's header and body and return Pelican-ready metadata.

    ``kind`` is ``"article"`` or ``"page"``. The returned metadata holds plain
    values (strings, datetimes); the reader turns taxonomy names into Pelican
    objects. Problems are returned, never raised.
    """
    check = _Checker(front, display_path, settings)
    meta: dict = {}
    if not front.fields:
        check.report(
            1,
            "the file has no header",
            "start it with lines such as 'Title: …' and 'Date: …', then a blank line",
        )
        return meta, check.problems

    check.check_field_names(ARTICLE_FIELDS if kind == "article" else PAGE_FIELDS)

    title = check.text("title")
    if title is None or not title.value:
        check.report(
            title.line if title else check.header_line(),
            "the title is missing",
            "add a line 'Title: …' at the top of the file",
        )
    else:
        meta["title"] = title.value

    status = check.text("status")
    meta["status"] = "published"
    if status is not None and status.value:
        if status.value.lower() in STATUSES:
            meta["status"] = status.value.lower()
        else:
            check.report(
                status.line,
                f"unknown status '{status.value}'",
                f"use one of: {', '.join(STATUSES)}",
            )

    slug = _slug_for(source, kind, check)
    if slug:
        meta["slug"] = slug

    summary = check.text("summary")
    if summary is not None and summary.value:
        # Plain text for editors; Pelican expects HTML here.
        meta["summary"] = html.escape(summary.value, quote=False)

    modified = check.date("modified")
    if modified:
        meta["modified"] = modified

    if not front.body.strip():
        check.report(
            front.body_first_line,
            f"the {kind} has no body text",
            "write the text after the header, separated by one blank line",
        )

    if kind == "article":
        _article_fields(check, source, meta)
    return meta, check.problems


def _article_fields(check: _Checker, source: Path, meta: dict) -> None:
    settings = check.settings
    if source.name != "index.md":
        check.report(
            0,
            "an article must be a folder holding index.md and its photos",
            f"move it to {source.parent / source.stem / 'index.md'}",
        )

    date_field = check.front.first("date")
    date = check.date("date")
    if date_field is None:
        check.report(
            check.header_line(),
            "the date is missing",
            f"add a line 'Date: {DATE_EXAMPLE}' (time in {settings['TIMEZONE_LABEL']})",
        )
    if date:
        meta["date"] = date
    if date and meta.get("modified") and meta["modified"] < date:
        check.report(
            check.front.first("modified").line,
            "Modified is earlier than Date",
            "Modified is the time of the last update; it cannot precede publication",
        )

    category = check.choice("category", settings["NEWSROOM_CATEGORIES"], "category")
    if check.front.first("category") is None:
        check.report(
            check.header_line(),
            "the category is missing",
            f"add 'Category: …', one of: {', '.join(settings['NEWSROOM_CATEGORIES'])}",
        )
    if category:
        meta["category"] = category
    is_advertorial = category == settings["ADVERTORIAL_CATEGORY"]
    meta["is_advertorial"] = is_advertorial

    sponsor = check.text("sponsor")
    if is_advertorial and (sponsor is None or not sponsor.value):
        check.report(
            check.front.first("category").line,
            "an advertorial needs a sponsor",
            "add 'Sponsor: <who paid for it>' (Dewan Pers PPMS 6b)",
        )
    elif sponsor is not None and sponsor.value and category and not is_advertorial:
        check.report(
            sponsor.line,
            f"Sponsor is set but the category is '{category}'",
            f"paid content must use 'Category: {settings['ADVERTORIAL_CATEGORY']}' "
            "(Dewan Pers PPMS 6a); otherwise remove the Sponsor line",
        )
    if sponsor is not None and sponsor.value:
        meta["sponsor"] = sponsor.value

    _tags(check, meta)
    _authors(check, meta)

    region = check.choice("region", settings["NEWSROOM_REGIONS"], "region")
    if region:
        meta["region"] = region
    for key in ("byline", "dateline", "photo-credit"):
        found = check.text(key)
        if found is not None and found.value:
            meta[key.replace("-", "_")] = found.value

    cover = check.text("cover")
    if cover is not None and cover.value:
        target = (source.parent / cover.value).resolve()
        if source.parent.resolve() not in target.parents:
            check.report(
                cover.line,
                f"cover '{cover.value}' is outside the article's folder",
                "put the photo next to index.md and give just its file name",
            )
        elif not target.is_file():
            check.report(
                cover.line,
                f"cover photo '{cover.value}' does not exist",
                "copy the photo into the article's folder or fix the file name",
            )
        else:
            meta["cover"] = cover.value

    focus = check.text("focus")
    if focus is not None and focus.value:
        meta_focus = _focus(focus.value)
        if meta_focus is None:
            check.report(
                focus.line,
                f"focus '{focus.value}' is not two numbers between 0 and 1",
                "e.g. 'Focus: 0.5, 0.3' (x from the left, y from the top)",
            )
        else:
            meta["focus"] = meta_focus

    corrections = []
    for item in check.front.all("correction"):
        item.value = strip_control_characters(item.value).strip()
        when, _, text = item.value.partition("|")
        try:
            moment = parse_datetime(when, settings["TIMEZONE"])
        except ValueError:
            moment = None
        if moment is None or not text.strip():
            check.report(
                item.line,
                "a correction needs a time and a text",
                f"write 'Correction: {DATE_EXAMPLE} | what was corrected'",
            )
            continue
        if date and moment < date:
            check.report(item.line, "the correction is dated before the article", "")
            continue
        corrections.append(Correction(moment, text.strip()))
    if corrections:
        corrections.sort(key=lambda c: c.date)
        meta["corrections"] = corrections
        newest = corrections[-1].date
        if not meta.get("modified") or meta["modified"] < newest:
            meta["modified"] = newest


def _focus(value: str) -> tuple[float, float] | None:
    parts = [p.strip() for p in value.split(",")]
    try:
        x, y = (float(p) for p in parts)
    except ValueError:
        return None
    if not (0 <= x <= 1 and 0 <= y <= 1):
        return None
    return (x, y)


def _tags(check: _Checker, meta: dict) -> None:
    tags = check.text("tags")
    if tags is None or not tags.value:
        return
    if re.search(r"[\[\];#]", tags.value):
        check.report(
            tags.line,
            f"tags '{tags.value}' are not a comma-separated list",
            "write them on one line separated by commas: 'Tags: smart city, kotamobagu'",
        )
        return
    names = [t.strip() for t in tags.value.split(",")]
    if any(not n for n in names):
        check.report(tags.line, "an empty tag (two commas in a row)", "remove the extra comma")
        return
    # A tag whose name has no letter or digit (emoji only, or markup, which
    # Pelican strips) gets an empty slug: its link would be /topik// and its
    # page would never be written.
    substitutions = check.settings.get(
        "TAG_REGEX_SUBSTITUTIONS", check.settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    )
    nameless = [n for n in names if not slugify(n, regex_subs=substitutions)]
    for name in nameless:
        check.report(
            tags.line,
            f"tag '{name}' has no letters or digits to make its web address from",
            "write the tag in words, e.g. 'Tags: pasar, harga cabai'",
        )
    if nameless:
        return
    meta["tags"] = names


def _authors(check: _Checker, meta: dict) -> None:
    known = list(check.settings["NEWSROOM_AUTHORS"])
    author = check.text("author")
    authors = check.text("authors")
    given = authors or author
    if given is None or not given.value:
        check.report(
            check.header_line(),
            "the author is missing",
            f"add 'Author: …', one of: {', '.join(known)}",
        )
        return
    names = [n.strip() for n in given.value.split(",") if n.strip()]
    good = []
    for name in names:
        if name in known:
            good.append(name)
            continue
        close = suggest(name, known)
        hint = (
            f"did you mean '{close}'?"
            if close
            else "add the author to NEWSROOM_AUTHORS in pelicanconf.py"
        )
        check.report(given.line, f"unknown author '{name}'", hint)
    if good and len(good) == len(names):
        meta["authors"] = good
