"""WordPress export (WXR) → a Lintas portal's content, without losing its readers.

``lintas import-wordpress`` (``lintas/cli/import_wordpress.py``) is the CLI.
What one run writes under the content folder:

- every post: ``articles/<YYYY>/<MM>/<slug>/index.md`` with the photos it uses
  copied from the WordPress uploads folder beside it;
- every page: ``pages/<slug>.md``, its photos in ``pages/<slug>/``;
- every credited author: ``authors/<slug>.md`` (``Name``, ``Code``, then the bio),
  unless the file exists;
- ``redirects/wordpress.tsv``: every old URL WordPress answered (post ids,
  permalinks in every structure the site used, old slugs, categories, tags,
  authors, feeds, attachment pages, uploads) → what it is now (a source path,
  a photo, a section, tag or author name). The build turns it into an nginx
  map (``lintas/plugins/redirects``).

What cannot be converted faithfully is never guessed at silently: it becomes a
note in the migration report (``report.py``). Choices (docs/operations.md):

- Dates: ``wp:post_date_gmt`` (UTC) when present, else ``wp:post_date`` read
  in the WordPress site's timezone; written in the portal's timezone (WITA).
- A category that is not one of ``NEWSROOM_CATEGORIES`` (compared without
  case) is reported; when none of a post's categories maps, the first one is
  written anyway, so the checker stops the post until an editor picks a real
  one. Extra categories become tags.
- An author who is not known is written as WordPress named them and reported,
  rather than credited to someone else.
- An image that is not in the uploads folder is left out of the body and
  reported with the path that was looked for.
- Running it again skips what is done (a bundle of the same title and date),
  so an interrupted import is resumed by running the same command.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from lintas.core.files import atomic_write_text
from lintas.core.frontmatter import parse_front_matter
from lintas.core.redirect_map import MappingWriter
from lintas.core.schema import ARTICLE_FIELDS, PAGE_FIELDS, SLUG_PATTERN
from lintas.core.slugs import slugify_title

from . import wxr
from .convert import Converter, Note, Notes, one_line, plain
from .wxr import Item, Site

NO_DATE = "0000-00-00 00:00:00"  # WordPress's "never" (drafts have no GMT date)
WP_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
UPLOADS_MARKER = "/wp-content/uploads/"
# WordPress's own default category: a placeholder, not a topic.
DEFAULT_WP_CATEGORIES = {"uncategorized", "tak-berkategori", "tanpa-kategori"}
# Resized copies WordPress makes: foto-300x200.jpg, and foto-scaled.jpg (5.3+).
SIZE_VARIANT = re.compile(r"-(?:\d+x\d+|scaled)(?=\.[A-Za-z0-9]+$)")
HEADER_DATE_FORMAT = "%Y-%m-%d %H:%M"
MAPPING_FILE = "redirects/wordpress.tsv"
AUTHORS_FOLDER = "authors"
# WordPress's site feeds, all answered by the portal's main feed.
SITE_FEEDS = ("/feed/", "/feed/rss2/", "/feed/rss/", "/feed/atom/", "/feed/rdf/", "/comments/feed/")
SITE_FEED_QUERIES = ("rss2", "rss", "atom", "rdf")
# WordPress machinery, not content: skipped without a word.
MACHINERY = {
    "nav_menu_item", "revision", "customize_changeset", "oembed_cache", "custom_css",
    "wp_block", "wp_template", "wp_template_part", "wp_global_styles", "wp_navigation",
    "user_request", "wp_font_family", "wp_font_face",
}  # fmt: skip

# wp:status → what Lintas makes of it
PUBLISHED, DRAFT, SKIP = "published", "draft", "skip"
STATUS_MAP = {
    "publish": PUBLISHED,
    "future": PUBLISHED,  # a future Date is an embargo in Lintas
    "draft": DRAFT,
    "pending": DRAFT,
    "private": DRAFT,
    "trash": SKIP,
    "auto-draft": SKIP,
    "inherit": SKIP,
}

# What an item became.
WRITTEN, EXISTS, NOT_IMPORTED = "written", "exists", "not-imported"


# --- photos ---------------------------------------------------------------------


class Uploads:
    """The WordPress uploads folder."""

    def __init__(self, root: Path | None):
        self.root = root.resolve() if root else None

    @staticmethod
    def relative_path(url: str) -> str | None:
        path = unquote(urlsplit(url).path)
        at = path.find(UPLOADS_MARKER)
        if at >= 0:
            return path[at + len(UPLOADS_MARKER) :]
        return None

    def find(self, relative: str) -> tuple[Path | None, Path | None]:
        """(file found, where the original was looked for); the original is
        preferred over WordPress's resized copies."""
        if self.root is None:
            return None, None
        original = SIZE_VARIANT.sub("", relative)
        for candidate in dict.fromkeys((original, relative)):
            path = (self.root / candidate).resolve()
            if self.root in path.parents and path.is_file():
                return path, self.root / original
        return None, self.root / original


class BundlePhotos:
    """Copies each source photo into one folder once, under a safe file name."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.names: dict[Path, str] = {}

    def add(self, source: Path) -> str:
        if source in self.names:
            return self.names[source]
        suffix = source.suffix.lower()
        stem = slugify_title(SIZE_VARIANT.sub("", source.name).removesuffix(source.suffix))
        name, number = f"{stem}{suffix}", 2
        while name in self.names.values():
            name, number = f"{stem}-{number}{suffix}", number + 1
        self.folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, self.folder / name)
        self.names[source] = name
        return name


# --- settings, results ----------------------------------------------------------------


@dataclass
class ImportSettings:
    content: Path  # the portal's content folder
    uploads: Path | None
    timezone: str  # the portal's (WITA)
    wp_timezone: str  # the WordPress site's, for dates without a GMT twin
    categories: list[str]
    authors: dict[str, dict]  # Lintas name → {"code": …, "bio": …}
    articles: str = "articles"  # folders under content
    pages: str = "pages"
    category_map: dict[str, str] = field(default_factory=dict)  # WP name (lower) → Lintas
    author_map: dict[str, str] = field(default_factory=dict)  # WP login/name (lower) → Lintas
    permalink_structures: list[str] = field(default_factory=list)  # besides the export's
    category_base: str = "category"
    tag_base: str = "tag"
    overwrite: bool = False

    @classmethod
    def from_pelican(cls, settings: dict, content: Path, uploads: Path | None, **extra):
        authors = settings.get("NEWSROOM_AUTHORS") or {}
        if not isinstance(authors, dict):
            authors = {name: {} for name in authors}
        return cls(
            content=content,
            uploads=uploads,
            timezone=settings["TIMEZONE"],
            wp_timezone=extra.pop("wp_timezone", None) or settings["TIMEZONE"],
            categories=list(settings["NEWSROOM_CATEGORIES"]),
            authors=dict(authors),
            articles=settings["ARTICLE_PATHS"][0],
            pages=settings["PAGE_PATHS"][0],
            **extra,
        )


@dataclass
class ItemReport:
    id: str
    type: str  # "post", "page", or the WordPress type not imported
    title: str
    old_url: str  # the item's <link>
    path: Path | None  # the file written (index.md, pages/x.md); None: nothing
    outcome: str  # WRITTEN, EXISTS, NOT_IMPORTED
    notes: list[Note]


@dataclass
class Totals:
    posts: int = 0
    pages: int = 0
    photos: int = 0
    exists: int = 0
    not_imported: int = 0
    authors_written: list[str] = field(default_factory=list)
    redirects: int = 0


# --- metadata ---------------------------------------------------------------------------


def item_date(item: Item, config: ImportSettings) -> datetime | None:
    local_zone = ZoneInfo(config.timezone)
    if item.date_gmt and item.date_gmt != NO_DATE:
        moment = datetime.strptime(item.date_gmt, WP_DATE_FORMAT).replace(tzinfo=ZoneInfo("UTC"))
        return moment.astimezone(local_zone)
    if item.date_local and item.date_local != NO_DATE:
        moment = datetime.strptime(item.date_local, WP_DATE_FORMAT)
        return moment.replace(tzinfo=ZoneInfo(config.wp_timezone)).astimezone(local_zone)
    return None


def clean_tags(names: list[str], notes: Notes) -> list[str]:
    """Tags as the newsroom accepts them: no ',' or ';' inside one, no '#' or brackets."""
    out: list[str] = []
    for raw in names:
        name = one_line(raw)
        parts = [" ".join(re.sub(r"[\[\]#]", " ", p).split()) for p in re.split(r"[,;]", name)]
        parts = [p for p in parts if re.search(r"\w", p)]
        if parts != [name]:
            shown = ", ".join(f"'{p}'" for p in parts) or "—"
            notes.add("tag_changed", name=name, parts=shown)
        out += [p for p in parts if p.lower() not in {t.lower() for t in out}]
    return out


def header_text(fields: list[tuple[str, str]], order: tuple[str, ...] = ARTICLE_FIELDS) -> str:
    """``Field: value`` lines in the schema's order, one line each."""
    position = {name: index for index, name in enumerate(order)}
    ordered = sorted(fields, key=lambda f: position[f[0]])
    return "".join(f"{name}: {one_line(value)}\n" for name, value in ordered if value)


def _free_slug(
    wanted: str,
    file_of: Callable[[str], Path],
    title: str,
    date: datetime | None,
    taken: set[str],
) -> tuple[str, Path | None]:
    """The slug an item gets: ``wanted``, else ``wanted-2``, ``wanted-3``…, the
    first whose file (``file_of(slug)``) is free and not taken in this run, or
    holds this very item from an earlier import (then returned as the second
    value: the caller skips it or overwrites it)."""
    slug, number = wanted, 2
    while True:
        file = file_of(slug)
        if file.exists():
            if _same_item(file, title, date):  # imported before
                return slug, file
        elif slug not in taken:
            return slug, None
        slug, number = f"{wanted}-{number}", number + 1


def _claim_slug(item: Item, wanted: str, slug: str, taken: set[str], notes: Notes) -> None:
    """Take ``slug`` for this run, noting why it is not the WordPress one."""
    if slug != wanted:
        notes.add("slug_taken", wanted=wanted, slug=slug)
    elif item.slug and item.slug.lower() != slug:
        notes.add("slug_changed", old=item.slug, slug=slug)
    taken.add(slug)


def _same_item(index: Path, title: str, date: datetime | None) -> bool:
    """Whether a file holds this item from an earlier run (same title, and date)."""
    front = parse_front_matter(index.read_text(encoding="utf-8"))
    found = {f.key: f.value for f in front.fields}
    same_date = date is None or found.get("date") == f"{date:{HEADER_DATE_FORMAT}}"
    return found.get("title") == title and same_date


def old_path(url: str, site: Site) -> str | None:
    """The path of one of the old site's own URLs; None for another site's."""
    parts = urlsplit(url)
    own = urlsplit(site.base_url)
    if parts.netloc and own.netloc and parts.netloc.lower() != own.netloc.lower():
        return None
    path = parts.path or "/"
    return path + (f"?{parts.query}" if parts.query and path in ("/", "/index.php") else "")


# --- the import -------------------------------------------------------------------------


class Importer:
    def __init__(self, export: Path, config: ImportSettings):
        self.export = export
        self.config = config
        self.site = wxr.scan(export)
        self.uploads = Uploads(config.uploads)
        self.articles = config.content / config.articles
        self.pages = config.content / config.pages
        self.taken = {p.parent.name for p in self.articles.rglob("index.md")}
        self.taken_pages = {p.stem for p in self.pages.glob("*.md")}
        self.mapping = MappingWriter(config.content / MAPPING_FILE)
        self.totals = Totals()
        self.structures = list(
            dict.fromkeys(
                s for s in [self.site.permalink_structure, *config.permalink_structures] if s
            )
        )
        self.credited: set[str] = set()  # Lintas author names: their files
        self.public_authors: dict[str, set[str]] = {}  # of public posts → WordPress logins
        self.used_categories: dict[str, str] = {}  # WP category slug → Lintas section name
        self.used_tags: dict[str, str] = {}  # WP tag slug → Lintas tag
        self.known_authors = self._known_authors()

    @property
    def total(self) -> int:
        return sum(n for kind, n in self.site.counts.items() if kind != "attachment")

    def _known_authors(self) -> dict[str, str]:
        """Lintas author names by lower-case name: the settings' and the author files'."""
        known = {name.lower(): name for name in self.config.authors}
        for file in sorted((self.config.content / AUTHORS_FOLDER).glob("*.md")):
            front = parse_front_matter(file.read_text(encoding="utf-8"))
            name = next((f.value for f in front.fields if f.key == "name"), "")
            if name:
                known.setdefault(name.lower(), name)
        return known

    def run(
        self,
        on_item: Callable[[ItemReport], None] = lambda _report: None,
        on_step: Callable[[], None] = lambda: None,
    ) -> Totals:
        try:
            for item in wxr.items(self.export):
                report = self.import_item(item)
                if report is not None:
                    on_item(report)
                on_step()
            self._taxonomy_redirects()
            self._write_authors()
        finally:
            self.mapping.close()
        self.totals.redirects = self.mapping.added
        return self.totals

    # --- one item ------------------------------------------------------------------

    def import_item(self, item: Item) -> ItemReport | None:
        title = one_line(plain(item.title) or "")
        if item.type in MACHINERY:
            return None
        if item.type not in ("post", "page"):
            self.totals.not_imported += 1
            note = Note("type_skipped", (("type", item.type),))
            return ItemReport(item.id, item.type, title, item.link, None, NOT_IMPORTED, [note])
        lintas_status = STATUS_MAP.get(item.status, DRAFT)
        if lintas_status == SKIP:
            self.totals.not_imported += 1
            note = Note("status_skipped", (("status", item.status),))
            return ItemReport(item.id, item.type, title, item.link, None, NOT_IMPORTED, [note])
        notes = Notes()
        if item.status not in STATUS_MAP:
            notes.add("unknown_status", status=item.status)
        if item.status == "private":
            notes.add("private")
        if not title:
            title = f"Tanpa judul ({item.id})"
            notes.add("no_title", title=title)
        if item.type == "page":
            return self._page(item, title, lintas_status, notes)
        return self._post(item, title, lintas_status, notes)

    def _post(self, item: Item, title: str, lintas_status: str, notes: Notes) -> ItemReport:
        date = item_date(item, self.config)
        if date is None:
            date = datetime.now(ZoneInfo(self.config.timezone))
            lintas_status = DRAFT
            notes.add("no_date")
        if item.status == "future":
            notes.add("embargo", date=f"{date:{HEADER_DATE_FORMAT}}")
        public = item.status == "publish"

        wanted = self._slug(item, title)
        month = self.articles / f"{date:%Y}" / f"{date:%m}"
        slug, earlier = _free_slug(
            wanted, lambda s: month / s / "index.md", title, date, self.taken
        )
        if earlier and not self.config.overwrite:
            return self._exists(item, title, earlier, public)
        _claim_slug(item, wanted, slug, self.taken, notes)
        bundle = month / slug
        if bundle.exists() and self.config.overwrite:
            shutil.rmtree(bundle)

        index = bundle / "index.md"
        target = index.relative_to(self.config.content).as_posix()
        photos = BundlePhotos(bundle)
        resolve = self._resolver(photos, notes, bundle, public)
        children = [self.site.attachments[i] for i in self.site.children.get(item.id, ())]
        converter = Converter(resolve, self.site.attachments, notes, title, item.id, children)
        body = converter.convert(item.content)
        if not body.strip():
            notes.add("empty_body")

        category, extra_tags = self._map_category(item, notes, public)
        author = self._map_author(item, notes, public)
        fields = [
            ("Title", title),
            ("Date", f"{date:{HEADER_DATE_FORMAT}}"),
            ("Category", category or ""),
            ("Tags", ", ".join(self._tags(item, extra_tags, notes, public))),
            ("Author", author),
            ("Summary", plain(item.excerpt)),
            ("Status", "draft" if lintas_status == DRAFT else ""),
        ]
        thumbnail = item.meta.get("_thumbnail_id")
        if thumbnail:
            attachment = self.site.attachments.get(thumbnail)
            if attachment is None:
                notes.add("cover_not_in_export", id=thumbnail)
            else:
                url = attachment.url or f"{UPLOADS_MARKER}{attachment.relative_file}"
                fields.append(("Cover", resolve(url, "cover") or ""))

        if public:
            self._post_redirects(item, target)
        self.mapping.flush()  # the redirects before the story: a resumed run finds both
        atomic_write_text(index, header_text(fields) + "\n" + body)
        self.totals.posts += 1
        self.totals.photos += len(photos.names)
        return ItemReport(item.id, "post", title, item.link, index, WRITTEN, notes.all())

    def _page(self, item: Item, title: str, lintas_status: str, notes: Notes) -> ItemReport:
        wanted = self._slug(item, title)
        slug, earlier = _free_slug(
            wanted, lambda s: self.pages / f"{s}.md", title, None, self.taken_pages
        )
        if earlier and not self.config.overwrite:
            return self._exists(item, title, earlier, item.status == "publish")
        _claim_slug(item, wanted, slug, self.taken_pages, notes)
        file = self.pages / f"{slug}.md"
        photo_folder = self.pages / slug
        if photo_folder.exists() and self.config.overwrite:
            shutil.rmtree(photo_folder)
        public = item.status == "publish"
        photos = BundlePhotos(photo_folder)
        resolve = self._resolver(photos, notes, photo_folder, public, prefix=f"{slug}/")
        children = [self.site.attachments[i] for i in self.site.children.get(item.id, ())]
        converter = Converter(resolve, self.site.attachments, notes, title, item.id, children)
        body = converter.convert(item.content)
        if not body.strip():
            notes.add("empty_body")
        fields = [
            ("Title", title),
            ("Summary", plain(item.excerpt)),
            ("Status", "draft" if lintas_status == DRAFT else ""),
        ]
        target = file.relative_to(self.config.content).as_posix()
        if public:
            self._page_redirects(item, target)
        self.mapping.flush()
        atomic_write_text(file, header_text(fields, PAGE_FIELDS) + "\n" + body)
        self.totals.pages += 1
        self.totals.photos += len(photos.names)
        return ItemReport(item.id, "page", title, item.link, file, WRITTEN, notes.all())

    def _exists(self, item: Item, title: str, file: Path, public: bool) -> ItemReport:
        """Imported by an earlier run: keep it, make sure its redirects are there."""
        target = file.relative_to(self.config.content).as_posix()
        if public and item.type == "post":
            self._post_redirects(item, target)
            self._map_category(item, Notes(), public)  # its sections, tags and author
            self._tags(item, [], Notes(), public)
            self._map_author(item, Notes(), public)
        elif public:
            self._page_redirects(item, target)
        self.totals.exists += 1
        note = Note("exists", (("path", str(file)),))
        return ItemReport(item.id, item.type, title, item.link, file, EXISTS, [note])

    def _slug(self, item: Item, title: str) -> str:
        wanted = item.slug.lower()
        return wanted if SLUG_PATTERN.match(wanted) else slugify_title(wanted or title)

    def _resolver(
        self, photos: BundlePhotos, notes: Notes, folder: Path, public: bool, prefix: str = ""
    ):
        def resolve(url: str, what: str) -> str | None:
            relative = self.uploads.relative_path(url)
            kind = "cover" if what == "cover" else "image"
            if relative is None:
                notes.add(f"foreign_{kind}", url=url)
                return None
            found, looked_for = self.uploads.find(relative)
            if found is None:
                notes.add(f"missing_{kind}", url=url, looked_for=str(looked_for or "—"))
                return None
            name = photos.add(found)
            if public:
                photo = (folder / name).relative_to(self.config.content).as_posix()
                self.mapping.add(UPLOADS_MARKER + SIZE_VARIANT.sub("", relative), "photo", photo)
            return prefix + name

        return resolve

    # --- metadata ------------------------------------------------------------------

    def _category_target(self, name: str, nicename: str) -> str | None:
        """The Lintas category a WordPress category maps to, if any."""
        by_key = {c.lower(): c for c in self.config.categories}
        by_slug = {slugify_title(c): c for c in self.config.categories}
        return (
            self.config.category_map.get(name.lower())
            or by_key.get(html.unescape(name).lower())
            or by_slug.get(nicename or slugify_title(name))
        )

    def _map_category(self, item: Item, notes: Notes, public: bool) -> tuple[str | None, list[str]]:
        """(Category, extra tags). A public post's categories get redirects: to the
        Lintas category, or to the tag an unmapped one became."""
        mapped, unmapped = [], []
        for name, nicename in item.categories:
            slug = nicename or slugify_title(name)
            if slug in DEFAULT_WP_CATEGORIES:
                continue
            target = self._category_target(name, nicename)
            (mapped if target else unmapped).append(target or one_line(name))
            if public:
                self.used_categories.setdefault(slug, target or one_line(name))
        mapped = list(dict.fromkeys(mapped))
        choices = ", ".join(self.config.categories)
        if mapped:
            category, extra = mapped[0], mapped[1:] + unmapped
            if extra:
                notes.add("extra_categories", names=", ".join(extra))
            return category, extra
        if unmapped:
            notes.add("unmapped_category", name=unmapped[0], choices=choices)
            return unmapped[0], unmapped[1:]
        notes.add("no_category", choices=choices)
        return None, []

    def _tags(self, item: Item, extra: list[str], notes: Notes, public: bool) -> list[str]:
        tags = clean_tags([name for name, _slug in item.tags] + extra, notes)
        if public:
            for name, nicename in item.tags:
                cleaned = clean_tags([name], Notes())
                if cleaned:
                    self.used_tags.setdefault(nicename or slugify_title(name), cleaned[0])
        return tags

    def _map_author(self, item: Item, notes: Notes, public: bool) -> str:
        author = self.site.authors.get(item.creator)
        display = one_line(author.display_name if author else item.creator)
        name = None
        for key in (item.creator.lower(), display.lower()):
            if key in self.config.author_map:
                name = self.config.author_map[key]
                break
        if name is None:
            name = self.known_authors.get(display.lower())
        if name is None:
            notes.add("unknown_author", name=display)
            name = display
        if name:
            self.credited.add(name)
            if public:
                self.public_authors.setdefault(name, set()).add(item.creator)
        return name

    # --- redirects -------------------------------------------------------------------

    def _post_redirects(self, item: Item, target: str) -> None:
        add = self.mapping.add
        add(f"/?p={item.id}", "story", target)
        link = old_path(item.link, self.site) if item.link else None
        if link:
            add(link, "story", target)
        values = wxr.permalink_values(item, self.site)
        for slug in dict.fromkeys([item.slug, *item.old_slugs]):
            if not slug:
                continue
            values = {**values, "%postname%": slug}
            add(f"/{slug}/", "story", target)  # WordPress finds a post by its slug alone
            for structure in self.structures:
                path = wxr.render_structure(structure, values)
                if path:
                    add(path, "story", target)
        self._attachment_redirects(item, target)

    def _page_redirects(self, item: Item, target: str) -> None:
        self.mapping.add(f"/?page_id={item.id}", "page", target)
        link = old_path(item.link, self.site) if item.link else None
        if link:
            self.mapping.add(link, "page", target)
        for slug in dict.fromkeys([item.slug, *item.old_slugs]):
            if slug:
                self.mapping.add(f"/{slug}/", "page", target)
        self._attachment_redirects(item, target, kind="page")

    def _attachment_redirects(self, item: Item, target: str, kind: str = "story") -> None:
        """An attachment page of a photo the story held: the story."""
        for attachment_id in self.site.children.get(item.id, ()):
            attachment = self.site.attachments[attachment_id]
            self.mapping.add(f"/?attachment_id={attachment.id}", kind, target)
            link = old_path(attachment.link, self.site) if attachment.link else None
            if link:
                self.mapping.add(link, kind, target)

    def _taxonomy_redirects(self) -> None:
        add = self.mapping.add
        category_base = self.config.category_base.strip("/")
        tag_base = self.config.tag_base.strip("/")
        for slug, name in sorted(self.used_categories.items()):
            path = self.site.category_path(slug)
            add(f"/{category_base}/{path}/", "section", name)
            add(f"/{category_base}/{path}/feed/", "feed", f"section:{name}")
            term = self.site.categories.get(slug)
            if term and term.id:
                add(f"/?cat={term.id}", "section", name)
        for slug, name in sorted(self.used_tags.items()):
            add(f"/{tag_base}/{slug}/", "tag", name)
            add(f"/{tag_base}/{slug}/feed/", "feed", f"tag:{name}")
            add(f"/?tag={slug}", "tag", name)
        for name, logins in sorted(self.public_authors.items()):
            for login in sorted(logins):
                nicename = wxr.author_nicename(login)
                if not nicename:
                    continue
                add(f"/author/{nicename}/", "author", name)
                add(f"/author/{nicename}/feed/", "feed", f"author:{name}")
                author = self.site.authors.get(login)
                if author and author.id:
                    add(f"/?author={author.id}", "author", name)
        if self.totals.posts or self.totals.exists:
            for path in SITE_FEEDS:
                add(path, "feed", "site")
            for query in SITE_FEED_QUERIES:
                add(f"/?feed={query}", "feed", "site")

    # --- authors ---------------------------------------------------------------------

    def _write_authors(self) -> None:
        folder = self.config.content / AUTHORS_FOLDER
        existing = {name.lower() for name in self._known_authors_in_files()}
        for name in sorted(self.credited):
            if name.lower() in existing:
                continue
            file = folder / f"{slugify_title(name)}.md"
            if file.exists():
                continue
            known = self.config.authors.get(name) or {}
            # The reporter file format of lintas.core.directory: header, then the bio.
            fields = [("Name", name), ("Code", known.get("code", ""))]
            text = "".join(f"{key}: {one_line(value)}\n" for key, value in fields if value)
            bio = one_line(known.get("bio", ""))
            if bio:
                text += f"\n{bio}\n"
            atomic_write_text(file, text)
            self.totals.authors_written.append(file.relative_to(self.config.content).as_posix())

    def _known_authors_in_files(self) -> list[str]:
        names = []
        for file in (self.config.content / AUTHORS_FOLDER).glob("*.md"):
            front = parse_front_matter(file.read_text(encoding="utf-8"))
            names += [f.value for f in front.fields if f.key == "name"]
        return names
