"""The article model: which header fields exist, what they may hold, and how
they are normalised. One rule set, used by the build and by
``lintas check`` alike."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.utils import slugify

from .frontmatter import FrontMatter, HeaderField, strip_control_characters
from .messages import Text, msg
from .problems import WARNING, Problem


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
    FieldSpec("SEO-Title", "line"),
    # A draft may go without: `lintas terbit` writes the release time.
    FieldSpec("Date", "datetime"),
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
    FieldSpec("Hak-Jawab", "correction"),  # right of reply: "time | text", repeatable
    FieldSpec("Headline-Until", "datetime"),
    FieldSpec("Pick-Until", "datetime"),
    FieldSpec("Withdrawn", "correction"),  # "time | reason"
    FieldSpec("Slug", "slug"),
)
ARTICLE_FIELDS = tuple(spec.name for spec in ARTICLE_FIELD_SPECS)
PAGE_FIELDS = ("Title", "Summary", "Slug", "Status", "Modified")
REPEATABLE = {"correction", "hak-jawab"}
STATUSES = ("published", "draft")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_EXAMPLE = "2016-09-02 10:00"
# No story of a news portal predates this; earlier years are typos.
EARLIEST_YEAR = 1900
# Google's guidance for an article's structured-data ``headline``; longer ones
# are cut off in search results and link previews. Over it: a warning, never a
# refusal (the story still goes out).
HEADLINE_MAX_CHARS = 110


@dataclass(frozen=True)
class Correction:
    date: datetime
    text: str


@dataclass(frozen=True)
class RightOfReply:
    """``Hak-Jawab:`` (UU Pers No. 40/1999 art. 5; Dewan Pers PPMS 4): the reply
    of a person or body the story concerns, shown above the story."""

    date: datetime
    text: str


@dataclass(frozen=True)
class Withdrawal:
    """``Withdrawn:``: the story is taken down (Dewan Pers PPMS 5: a withdrawal
    is announced with its reason). Its URL answers 410 with a notice."""

    date: datetime
    reason: str


# Metadata key: the header has a Withdrawn line, valid or not. A story with one
# is never kept online from the last-good store (lintas.core.holdback), even
# when the line has a problem: a takedown must not be undone by a typo.
WITHDRAWN_LINE_KEY = "newsroom_withdrawn_line"


def did_you_mean(close: str | None, choices: list[str] | tuple[str, ...]) -> Text:
    """The hint for a value that is not one of ``choices``."""
    if close:
        return msg("did you mean '%(name)s'?", name=close)
    if not choices:
        return msg("none is known yet: add them as files in content/ (see the guide)")
    return msg("use one of: %(choices)s", choices=", ".join(choices))


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

    def report(self, line: int, message: Text | str, hint: Text | str = "") -> None:
        self.problems.append(Problem(self.display_path, line, message, hint))

    def warn(self, line: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.display_path, line, message, hint, WARNING))

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
                msg("%(field)s '%(value)s' is not a date", field=found.name, value=found.value),
                msg(
                    "write it as YYYY-MM-DD HH:MM in %(zone)s, e.g. %(field)s: %(example)s",
                    zone=self.settings["TIMEZONE_LABEL"],
                    field=found.name,
                    example=DATE_EXAMPLE,
                ),
            )
            return None
        if moment.year < EARLIEST_YEAR:
            # A typo ("0016-09-02"): it would be published under /16/09/ with a
            # feed date validators reject (RFC 822 wants four-digit years).
            self.report(
                found.line,
                msg(
                    "%(field)s '%(value)s' is before %(year)s",
                    field=found.name,
                    value=found.value,
                    year=EARLIEST_YEAR,
                ),
                msg(
                    "check the year, e.g. %(field)s: %(example)s",
                    field=found.name,
                    example=DATE_EXAMPLE,
                ),
            )
            return None
        return moment

    def choice(self, key: str, choices: list[str], unknown: Callable[[str], Text]) -> str | None:
        """``unknown(value)``: the message saying the value is not one of ``choices``."""
        found = self.text(key)
        if found is None or not found.value:
            return None
        exact = {c.lower(): c for c in choices}
        if found.value.lower() in exact:
            return exact[found.value.lower()]
        close = suggest(found.value, choices)
        self.report(found.line, unknown(found.value), did_you_mean(close, choices))
        return None

    def check_field_names(self, known: tuple[str, ...]) -> None:
        known_lower = {k.lower(): k for k in known}
        seen: dict[str, int] = {}
        for line, raw in self.front.malformed:
            self.report(
                line,
                msg("header line '%(text)s' is not 'Field: value'", text=raw.strip()),
                msg("write 'Field: value', or leave a blank line before the body text"),
            )
        for item in self.front.fields:
            if item.key not in known_lower:
                close = suggest(item.name, known)
                hint = (
                    msg("did you mean '%(name)s'?", name=close)
                    if close
                    else msg("known fields: %(names)s", names=", ".join(known))
                )
                self.report(item.line, msg("unknown field '%(name)s'", name=item.name), hint)
            elif item.key in seen and item.key not in REPEATABLE:
                self.report(
                    item.line,
                    msg(
                        "field '%(name)s' given twice (first on line %(line)s)",
                        name=item.name,
                        line=seen[item.key],
                    ),
                    msg("keep one; for several tags write Tags: a, b, c"),
                )
            seen.setdefault(item.key, item.line)


def _slug_for(source: Path, kind: str, checker: _Checker) -> str | None:
    given = checker.text("slug")
    if given is not None and given.value:
        if not SLUG_PATTERN.match(given.value):
            checker.report(
                given.line,
                msg("slug '%(slug)s' may only hold a-z, 0-9 and single hyphens", slug=given.value),
                msg("e.g. Slug: pemkot-teken-mou"),
            )
            return None
        return given.value
    name = source.parent.name if kind == "article" else source.stem
    if not SLUG_PATTERN.match(name):
        if kind == "article":
            checker.report(
                0,
                msg("folder name '%(name)s' is not a valid slug", name=name),
                msg(
                    "rename the folder to lower-case a-z, 0-9 and hyphens, e.g. 'pemkot-teken-mou'"
                ),
            )
        else:
            checker.report(
                0,
                msg("file name '%(name)s' is not a valid slug", name=name),
                msg("rename the file to lower-case a-z, 0-9 and hyphens, e.g. 'pemkot-teken-mou'"),
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
            msg("the file has no header"),
            msg("start it with lines such as 'Title: …' and 'Date: …', then a blank line"),
        )
        return meta, check.problems

    check.check_field_names(ARTICLE_FIELDS if kind == "article" else PAGE_FIELDS)

    title = check.text("title")
    if title is None or not title.value:
        check.report(
            title.line if title else check.header_line(),
            msg("the title is missing"),
            msg("add a line 'Title: …' at the top of the file"),
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
                msg("unknown status '%(value)s'", value=status.value),
                msg("use one of: %(choices)s", choices=", ".join(STATUSES)),
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
            msg("the article has no body text")
            if kind == "article"
            else msg("the page has no body text"),
            msg("write the text after the header, separated by one blank line"),
        )

    if kind == "article":
        _article_fields(check, source, meta)
        _headline(check, title, meta)
    return meta, check.problems


def _headline(check: _Checker, title: HeaderField | None, meta: dict) -> None:
    """``SEO-Title``: the shorter headline search engines and link previews get
    (JSON-LD ``headline``, ``og:title``, ``twitter:title``); the page keeps Title.
    Whichever of the two is the headline must fit ``HEADLINE_MAX_CHARS``."""
    seo = check.text("seo-title")
    if seo is not None and seo.value:
        meta["seo_title"] = seo.value
        if len(seo.value) > HEADLINE_MAX_CHARS:
            check.warn(
                seo.line,
                msg(
                    "SEO-Title is %(length)d characters, over the %(limit)d search engines show",
                    length=len(seo.value),
                    limit=HEADLINE_MAX_CHARS,
                ),
                msg("shorten it to at most %(limit)d characters", limit=HEADLINE_MAX_CHARS),
            )
        return
    if title is not None and len(title.value) > HEADLINE_MAX_CHARS:
        check.warn(
            title.line,
            msg(
                "the title is %(length)d characters, over the %(limit)d search engines show",
                length=len(title.value),
                limit=HEADLINE_MAX_CHARS,
            ),
            msg(
                "shorten it, or add 'SEO-Title: …' (at most %(limit)d characters) for search "
                "results and link previews",
                limit=HEADLINE_MAX_CHARS,
            ),
        )


def _article_fields(check: _Checker, source: Path, meta: dict) -> None:
    settings = check.settings
    if source.name != "index.md":
        check.report(
            0,
            msg("an article must be a folder holding index.md and its photos"),
            msg("move it to %(path)s", path=source.parent / source.stem / "index.md"),
        )

    date_field = check.front.first("date")
    date = check.date("date")
    undated = date_field is None or not date_field.value.strip()
    # A draft needs no Date: it gets the time it is released (`lintas terbit`).
    if undated and meta.get("status") != "draft":
        check.report(
            date_field.line if date_field else check.header_line(),
            msg("the date is missing"),
            msg(
                "release it with 'lintas terbit %(path)s' (it writes the time), "
                "or add a line 'Date: %(example)s' (time in %(zone)s)",
                path=check.display_path,
                example=DATE_EXAMPLE,
                zone=settings["TIMEZONE_LABEL"],
            ),
        )
    if date:
        meta["date"] = date
    if date and meta.get("modified") and meta["modified"] < date:
        check.report(
            check.front.first("modified").line,
            msg("Modified is earlier than Date"),
            msg("Modified is the time of the last update; it cannot precede publication"),
        )

    category = check.choice(
        "category",
        settings["NEWSROOM_CATEGORIES"],
        lambda value: msg("unknown category '%(value)s'", value=value),
    )
    if check.front.first("category") is None:
        check.report(
            check.header_line(),
            msg("the category is missing"),
            msg(
                "add 'Category: …', one of: %(choices)s",
                choices=", ".join(settings["NEWSROOM_CATEGORIES"]),
            ),
        )
    if category:
        meta["category"] = category
    is_advertorial = category == settings["ADVERTORIAL_CATEGORY"]
    meta["is_advertorial"] = is_advertorial

    sponsor = check.text("sponsor")
    if is_advertorial and (sponsor is None or not sponsor.value):
        check.report(
            check.front.first("category").line,
            msg("an advertorial needs a sponsor"),
            msg("add 'Sponsor: <who paid for it>' (Dewan Pers PPMS 6b)"),
        )
    elif sponsor is not None and sponsor.value and category and not is_advertorial:
        check.report(
            sponsor.line,
            msg("Sponsor is set but the category is '%(category)s'", category=category),
            msg(
                "paid content must use 'Category: %(advertorial)s' (Dewan Pers PPMS 6a); "
                "otherwise remove the Sponsor line",
                advertorial=settings["ADVERTORIAL_CATEGORY"],
            ),
        )
    if sponsor is not None and sponsor.value:
        meta["sponsor"] = sponsor.value

    _tags(check, meta)
    _authors(check, meta)

    region = check.choice(
        "region",
        settings["NEWSROOM_REGIONS"],
        lambda value: msg("unknown region '%(value)s'", value=value),
    )
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
                msg("cover '%(name)s' is outside the article's folder", name=cover.value),
                msg("put the photo next to index.md and give just its file name"),
            )
        elif not target.is_file():
            check.report(
                cover.line,
                msg("cover photo '%(name)s' does not exist", name=cover.value),
                msg("copy the photo into the article's folder or fix the file name"),
            )
        else:
            meta["cover"] = cover.value

    focus = check.text("focus")
    if focus is not None and focus.value:
        meta_focus = _focus(focus.value)
        if meta_focus is None:
            check.report(
                focus.line,
                msg("focus '%(value)s' is not two numbers between 0 and 1", value=focus.value),
                msg("e.g. 'Focus: 0.5, 0.3' (x from the left, y from the top)"),
            )
        else:
            meta["focus"] = meta_focus

    corrections = [
        Correction(moment, text)
        for moment, text in _timed_lines(
            check,
            "correction",
            date,
            msg("a correction needs a time and a text"),
            msg("write 'Correction: %(example)s | what was corrected'", example=DATE_EXAMPLE),
            msg("the correction is dated before the article"),
        )
    ]
    replies = [
        RightOfReply(moment, text)
        for moment, text in _timed_lines(
            check,
            "hak-jawab",
            date,
            msg("a right of reply needs a time and a text"),
            msg(
                "write 'Hak-Jawab: %(example)s | the reply of the party concerned'",
                example=DATE_EXAMPLE,
            ),
            msg("the right of reply is dated before the article"),
        )
    ]
    for name, found in (("corrections", corrections), ("rights_of_reply", replies)):
        if not found:
            continue
        found.sort(key=lambda c: c.date)
        meta[name] = found
        newest = found[-1].date
        if not meta.get("modified") or meta["modified"] < newest:
            meta["modified"] = newest

    _curation(check, date, is_advertorial, meta)
    _withdrawal(check, date, meta)


def _timed_lines(
    check: _Checker, key: str, date: datetime | None, missing: Text, hint: Text, early: Text
) -> list[tuple[datetime, str]]:
    """Every ``key: YYYY-MM-DD HH:MM | text`` line (``Correction``, ``Hak-Jawab``,
    ``Withdrawn``): its time and text; a line without both, or dated before
    the article, is a problem."""
    found = []
    for item in check.front.all(key):
        item.value = strip_control_characters(item.value).strip()
        when, _, text = item.value.partition("|")
        try:
            moment = parse_datetime(when, check.settings["TIMEZONE"])
        except ValueError:
            moment = None
        if moment is None or not text.strip():
            check.report(item.line, missing, hint)
            continue
        if date and moment < date:
            check.report(item.line, early)
            continue
        found.append((moment, text.strip()))
    return found


def _curation(check: _Checker, date: datetime | None, is_advertorial: bool, meta: dict) -> None:
    """``Headline-Until`` (the front page's lead until then) and ``Pick-Until``
    (in the editors' picks until then): both expire by themselves."""
    for key, name in (("headline-until", "headline_until"), ("pick-until", "pick_until")):
        found = check.front.first(key)
        until = check.date(key)
        if until is None:
            continue
        if is_advertorial:
            check.report(
                found.line,
                msg("an advertorial cannot be the headline or an editors' pick"),
                msg(
                    "paid content stays apart from the news (Dewan Pers PPMS 6a): "
                    "remove the %(field)s line",
                    field=found.name,
                ),
            )
            continue
        if date and until <= date:
            check.report(
                found.line,
                msg("%(field)s is not after Date", field=found.name),
                msg(
                    "it is the time the story stops being shown there, e.g. %(field)s: %(example)s",
                    field=found.name,
                    example=DATE_EXAMPLE,
                ),
            )
            continue
        meta[name] = until


def _withdrawal(check: _Checker, date: datetime | None, meta: dict) -> None:
    lines = check.front.all("withdrawn")
    if not lines:
        return
    meta[WITHDRAWN_LINE_KEY] = True
    found = _timed_lines(
        check,
        "withdrawn",
        date,
        msg("a withdrawal needs a time and a reason"),
        msg(
            "write 'Withdrawn: %(example)s | why the story is withdrawn' "
            "(Dewan Pers PPMS 5: the reason is published)",
            example=DATE_EXAMPLE,
        ),
        msg("the withdrawal is dated before the article"),
    )
    if found:
        meta["withdrawn"] = Withdrawal(*found[0])


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
            msg("tags '%(value)s' are not a comma-separated list", value=tags.value),
            msg("write them on one line separated by commas: 'Tags: smart city, kotamobagu'"),
        )
        return
    names = [t.strip() for t in tags.value.split(",")]
    if any(not n for n in names):
        check.report(
            tags.line, msg("an empty tag (two commas in a row)"), msg("remove the extra comma")
        )
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
            msg("tag '%(name)s' has no letters or digits to make its web address from", name=name),
            msg("write the tag in words, e.g. 'Tags: pasar, harga cabai'"),
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
            msg("the author is missing"),
            msg("add 'Author: …', one of: %(choices)s", choices=", ".join(known)),
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
            msg("did you mean '%(name)s'?", name=close)
            if close
            else msg("add the reporter as a file in content/authors/ (see the guide)")
        )
        check.report(given.line, msg("unknown author '%(name)s'", name=name), hint)
    if good and len(good) == len(names):
        meta["authors"] = good
