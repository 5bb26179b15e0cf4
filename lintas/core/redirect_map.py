"""The redirect mapping a portal keeps: old URL → what it is now.

``content/redirects/*.tsv`` (written by ``lintas import-wordpress``, editable by
hand) holds one redirect a line, three tab-separated columns::

    # comment
    /2016/09/02/teken-mou/	story	articles/2016/09/teken-mou/index.md
    /wp-content/uploads/2016/09/foto.jpg	photo	articles/2016/09/teken-mou/foto.jpg
    /category/berita-daerah/	section	Berita Daerah
    /tag/kotamobagu/	tag	Kotamobagu
    /author/rahmat/	author	Rahmat Mokodompit
    /feed/	feed	site
    /category/berita-daerah/feed/	feed	section:Berita Daerah
    /?p=11	story	articles/2016/09/teken-mou/index.md

The old URL is a path (decoded: ``/bupati-cup-édition-2016/``, as nginx's
``$uri``), or ``/?name=value`` for the query links WordPress answered at its
front page. A target is never a URL: a story or page is its source path under
the content folder, so renaming a story in Lintas keeps its old links working;
the build (``lintas/plugins/redirects``) turns each target into the final URL.

Shared by the importer (writes) and the redirects plugin (reads); nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .messages import msg
from .problems import Problem

KINDS = ("story", "page", "photo", "section", "tag", "author", "feed")
# feed targets: "site", or "<section|tag|author>:<name>"
FEED_SCOPES = ("section", "tag", "author")
# The WordPress front-page query links the mapping may hold (``/?p=11``).
QUERY_KEYS = ("p", "page_id", "attachment_id", "cat", "tag", "author", "feed")
HEADER = (
    "# Lintas redirects: old URL <TAB> kind <TAB> target (a source path under content/,\n"
    "# or a section, tag or author name). Kinds: " + ", ".join(KINDS) + ".\n"
    "# Written by `lintas import-wordpress`; lines may be edited or added by hand.\n"
)


@dataclass(frozen=True)
class Redirect:
    old: str
    kind: str
    target: str
    line: int = 0  # in its file, for problems


def normalise_old(url: str) -> str | None:
    """``https://old.example/2016/09/x/?amp=1`` → ``/2016/09/x/``; ``/?p=11`` stays.

    None for what cannot be a redirect key (nothing left, or control characters)."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path) or "/"
    if not path.startswith("/"):
        path = "/" + path
    query = ""
    if path == "/" and parts.query:
        name, _, value = parts.query.partition("&")[0].partition("=")
        if name in QUERY_KEYS and value:
            query = f"?{name}={value}"
        else:
            return None
    if path == "/" and not query:
        return None  # the front page is the front page
    text = path + query
    if any(ord(c) < 32 or c in '"\\' for c in text):
        return None
    return text


def parse(text: str, path: str) -> tuple[list[Redirect], list[Problem]]:
    """The redirects of one mapping file, and its malformed lines as problems."""
    found, problems = [], []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) != 3 or not all(c.strip() for c in columns):
            problems.append(
                Problem(
                    path,
                    number,
                    msg("a redirect line needs three tab-separated columns"),
                    msg("write 'old URL<TAB>kind<TAB>target', or start the line with '#'"),
                )
            )
            continue
        old, kind, target = (c.strip() for c in columns)
        if kind not in KINDS:
            problems.append(
                Problem(
                    path,
                    number,
                    msg("unknown redirect kind '%(kind)s'", kind=kind),
                    msg("use one of: %(choices)s", choices=", ".join(KINDS)),
                )
            )
            continue
        key = normalise_old(old)
        if key is None:
            problems.append(
                Problem(
                    path,
                    number,
                    msg("'%(url)s' cannot be redirected", url=old),
                    msg("write a path such as /2016/09/x/ or /?p=11"),
                )
            )
            continue
        found.append(Redirect(key, kind, target, number))
    return found, problems


def read(path: Path, display: str | None = None) -> tuple[list[Redirect], list[Problem]]:
    return parse(path.read_text(encoding="utf-8"), display or str(path))


class MappingWriter:
    """Appends redirects to a mapping file, never twice the same old URL.

    Lines already in the file win (an editor may have corrected one); the file
    is appended to as the import goes, so an interrupted import keeps what it
    wrote and a second run adds only what is missing."""

    def __init__(self, path: Path):
        self.path = path
        # Hashes, not the URLs: a 50,000-post import knows ~250,000 old URLs.
        self.known: set[int] = set()
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    old = line.split("\t", 1)[0]
                    key = normalise_old(old) if "\t" in line and not old.startswith("#") else None
                    if key is not None:
                        self.known.add(hash(key))
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not path.exists() or path.stat().st_size == 0
        self._file = path.open("a", encoding="utf-8")
        if fresh:
            self._file.write(HEADER)
        self.added = 0

    def add(self, old: str, kind: str, target: str) -> bool:
        key = normalise_old(old)
        if key is None or hash(key) in self.known or "\t" in target or "\n" in target:
            return False
        self.known.add(hash(key))
        self._file.write(f"{key}\t{kind}\t{target}\n")
        self.added += 1
        return True

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        self._file.close()
