"""redirects: old links (a WordPress portal's, or any moved page's) answered with 301.

The portal keeps its redirects in ``content/redirects/*.tsv``
(``lintas.core.redirect_map``: old URL → a story's source path, a photo, a
section, tag or author name). Only the build knows where each of those lives
now — a story's URL follows its date and slug, a photo's largest rendition is
named by its content hash — so the build writes the server's files:

- ``<output>/_redirects/nginx/path.map`` — ``"/old/path/" "/new/";`` lines of an
  nginx ``map`` keyed on the path; each path also without its trailing slash,
  and a story's with WordPress's ``amp/`` suffix;
- ``<output>/_redirects/nginx/query.map`` — ``"p=11" "/new/";`` for the query
  links WordPress answered at its front page (``/?p=11``, ``/?cat=5``);
- ``<output>/_redirects/redirects.txt`` — ``old new`` lines, for other servers.

``deploy/nginx.conf`` includes the two ``.map`` files in its ``map`` blocks
(``http{}``) and never serves ``/_redirects/``. The files are in the output so
they ride the build's atomic swap and every deploy; nginx reads them when it
(re)loads its configuration.

A target that is gone (a deleted story, a tag without stories) is a
``path:line`` warning of the mapping file, in preview and publish builds
alike: that line is left out, and nothing else is held back. A story that
exists but is not published (a draft, an embargo) is left out quietly. An old path that is now
a live page of the portal is never redirected.

Settings: ``settings.py``. Signals: ``initialized`` (settings defaults),
``all_generators_finalized`` (every article, page, section, tag and author
exists with its final URL and photo markup; the files are written into the
output then).
"""

from __future__ import annotations

import glob
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from lintas.core import redirect_map
from lintas.core.messages import Text, msg
from lintas.core.problems import WARNING, Problem, report_problems

from .settings import SETTINGS

logger = logging.getLogger(__name__)

NGINX_FOLDER = "nginx"
PATH_MAP = "path.map"
QUERY_MAP = "query.map"
TEXT_LIST = "redirects.txt"
STORY_KINDS = ("story", "page")
# deploy/nginx.conf's map_hash_bucket_size is 512: a longer key would stop nginx.
MAX_KEY_BYTES = 480
# A rendition in a srcset: <stem>-<width>w-<hash>.<jpg|png> (the photos plugin's names).
RENDITION = re.compile(r"(\S+/([a-z0-9-]+)-(\d+)w-[0-9a-f]+\.(?:jpg|jpeg|png))\s+\d+w")


@dataclass
class Site:
    """The build's content by what a mapping target names."""

    base: str  # SITEURL's path, "" or "/sub"
    by_source: dict[str, object]  # source path under PATH → article or page
    sections: dict[str, object]
    tags: dict[str, object]
    authors: dict[str, object]
    live: set[str]  # every URL path the build publishes a page at


def _initialized(pelican) -> None:
    """The declared defaults, also when the plugin is not one of the engine's
    ordered plugins (``lintas.settings`` then does not merge them)."""
    for declared in SETTINGS:
        pelican.settings.setdefault(declared.name, declared.default)


def _url(site: Site, relative: str) -> str:
    return f"{site.base}/{relative.lstrip('/')}"


def collect(generators, settings: dict) -> Site:
    content_root = os.path.abspath(settings["PATH"])
    by_source: dict[str, object] = {}
    sections: dict[str, object] = {}
    tags: dict[str, object] = {}
    authors: dict[str, object] = {}
    for generator in generators:
        for attribute in ("articles", "pages", "hidden_pages"):
            for content in getattr(generator, attribute, None) or []:
                source = os.path.relpath(os.path.abspath(content.source_path), content_root)
                by_source[Path(source).as_posix()] = content
        for category, _articles in getattr(generator, "categories", None) or []:
            sections[category.name.lower()] = category
        for tag in getattr(generator, "tags", None) or {}:
            tags[tag.name.lower()] = tag
        for author, _articles in getattr(generator, "authors", None) or []:
            authors[author.name.lower()] = author
    base = urlsplit(settings.get("SITEURL") or "").path.rstrip("/")
    site = Site(base, by_source, sections, tags, authors, set())
    for item in [*by_source.values(), *sections.values(), *tags.values(), *authors.values()]:
        url = getattr(item, "url", "")
        if url:
            site.live.add(_url(site, url))
    return site


def _largest(srcset: str, stem: str | None = None) -> str | None:
    best, best_width = None, -1
    for match in RENDITION.finditer(srcset + " "):
        url, name_stem, width = match[1], match[2], int(match[3])
        if (stem is None or name_stem == stem) and width > best_width:
            best, best_width = url, width
    return best


def _stem(file_name: str) -> str:
    """A photo's rendition stem (ASCII, lower-case, hyphenated)."""
    import unicodedata

    stem = unicodedata.normalize("NFKD", Path(file_name).stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:60].rstrip("-") or "photo"


def photo_url(site: Site, content, photo: Path) -> str:
    """The largest rendition of one of a story's photos; the story when the photos
    plugin left no markup to read (it is not installed, or the photo is unused)."""
    lead = getattr(content, "lead_photo", None)
    if lead is not None and getattr(lead, "source", "") and Path(lead.source) == photo:
        return _largest(getattr(lead, "srcset", "") or "") or lead.src
    markup = getattr(content, "content", "") or ""
    for srcset in re.findall(r'srcset="([^"]+)"', markup):
        found = _largest(srcset.replace("&amp;", "&"), _stem(photo.name))
        if found:
            return found
    return _url(site, content.url)


def _feed(settings: dict, site: Site, scope: str, item) -> str | None:
    """A feed's URL, from the syndication plugin's settings when it is there."""
    dirs = settings.get("FEED_DIRS") or {}
    files = settings.get("FEED_FILES") or {}
    name = files.get("rss") or "rss.xml"
    folder = dirs.get(scope)
    if folder is None:  # no feeds: the page the feed was about
        return _url(site, item.url) if item is not None else _url(site, "")
    if item is not None:
        folder = folder.format(slug=item.slug)
    return _url(site, folder + name)


def resolve(
    redirect: redirect_map.Redirect, site: Site, settings: dict
) -> tuple[str | None, Text | None]:
    """(new URL, None), or (None, why it cannot be resolved), or (None, None) for a
    story that exists but is not published now."""
    content_root = Path(settings["PATH"]).resolve()
    kind, target = redirect.kind, redirect.target
    if kind in STORY_KINDS:
        content = site.by_source.get(target)
        if content is not None:
            return _url(site, content.url), None
        if (content_root / target).is_file():
            return None, None  # a draft or an embargo: no page to send readers to yet
        return None, msg("redirect target %(target)s does not exist", target=target)
    if kind == "photo":
        photo = content_root / target
        content = site.by_source.get(Path(target).parent.as_posix() + "/index.md")
        if content is None:  # a page's photo folder: pages/<slug>/x.jpg → pages/<slug>.md
            content = site.by_source.get(Path(target).parent.as_posix() + ".md")
        if not photo.is_file():
            return None, msg("redirect target photo %(target)s does not exist", target=target)
        if content is None:
            return None, None
        return photo_url(site, content, photo.resolve()), None
    if kind == "section":
        found = site.sections.get(target.lower()) or site.tags.get(target.lower())
        if found is None:
            return None, msg(
                "redirect target section or tag '%(name)s' has no stories", name=target
            )
        return _url(site, found.url), None
    if kind == "tag":
        found = site.tags.get(target.lower())
        if found is None:
            return None, msg("redirect target tag '%(name)s' has no stories", name=target)
        return _url(site, found.url), None
    if kind == "author":
        found = site.authors.get(target.lower())
        if found is None:
            return None, msg("redirect target author '%(name)s' has no stories", name=target)
        return _url(site, found.url), None
    # feed
    if target == "site":
        return _feed(settings, site, "site", None), None
    scope, _, name = target.partition(":")
    if scope not in redirect_map.FEED_SCOPES or not name:
        return None, msg(
            "unknown feed '%(target)s': write 'site', or 'section:', 'tag:' or 'author:' and "
            "a name",
            target=target,
        )
    if scope == "section":
        section = site.sections.get(name.lower())
        if section is not None:
            return _feed(settings, site, "category", section), None
        scope = "tag"  # a WordPress category that became a tag
    found = (site.tags if scope == "tag" else site.authors).get(name.lower())
    if found is None:
        return None, msg("redirect target feed '%(target)s' has no stories", target=target)
    return _feed(settings, site, scope, found), None


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def mapping_files(settings: dict) -> list[Path]:
    root = Path(settings["PATH"])
    found: list[Path] = []
    for pattern in settings.get("REDIRECTS_SOURCES") or []:
        found += sorted(Path(p) for p in glob.glob(str(root / pattern)))
    return list(dict.fromkeys(found))


def build_redirects(site: Site, settings: dict) -> tuple[dict[str, str], list[Problem]]:
    """Old URL (key of the maps) → new URL, and the problems found."""
    redirects: dict[str, str] = {}
    problems: list[Problem] = []
    for file in mapping_files(settings):
        display = _display(file)
        entries, bad = redirect_map.read(file, display)
        problems += [Problem(p.path, p.line, p.message, p.hint, WARNING) for p in bad]
        for entry in entries:
            new, why = resolve(entry, site, settings)
            if why:
                problems.append(
                    Problem(
                        display,
                        entry.line,
                        why,
                        msg("point the line at what replaced it, or delete the line"),
                        WARNING,
                    )
                )
            if not new:
                continue
            # Old URLs are paths on the host, whatever folder the portal lives in now.
            olds = [entry.old]
            if not entry.old.startswith("/?"):
                if entry.kind == "story" and entry.old.endswith("/"):
                    olds.append(entry.old + "amp/")  # WordPress's AMP plugin
                olds += [o.rstrip("/") for o in list(olds) if o.endswith("/") and o != "/"]
            for old in olds:
                if old in site.live or old + "/" in site.live or old == new:
                    continue  # a page of the portal now: never redirected away
                redirects.setdefault(old, new)
    return redirects, problems


def _nginx_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_files(redirects: dict[str, str]) -> dict[str, str]:
    """Relative file name → text, deterministic (sorted)."""
    paths, queries, lines = [], [], []
    for old, new in sorted(redirects.items()):
        if "$" in old or "$" in new:
            continue  # nginx would read a variable; no WordPress URL holds one
        if len(old.encode()) > MAX_KEY_BYTES:
            logger.warning(
                "%s",
                msg(
                    "redirects: %(url)s is longer than nginx's map keys: left out — shorten "
                    "it in the mapping file or redirect it in the server's own configuration",
                    url=old,
                ),
            )
            continue
        if old.startswith("/?"):
            queries.append(f"{_nginx_string(old[2:])} {_nginx_string(new)};")
        else:
            paths.append(f"{_nginx_string(old)} {_nginx_string(new)};")
        lines.append(f"{quote(old, safe='/?=&%-._~+')} {quote(new, safe='/?=&%-._~+:')}")
    header = "# Generated by lintas/plugins/redirects on every build: do not edit.\n"
    return {
        f"{NGINX_FOLDER}/{PATH_MAP}": header + "".join(f"{line}\n" for line in paths),
        f"{NGINX_FOLDER}/{QUERY_MAP}": header + "".join(f"{line}\n" for line in queries),
        TEXT_LIST: "".join(f"{line}\n" for line in lines),
    }


def write_files(output: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = output / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _all_generators_finalized(generators) -> None:
    generators = list(generators)
    if not generators:
        return
    settings = generators[0].settings
    if not mapping_files(settings):
        return
    site = collect(generators, settings)
    redirects, problems = build_redirects(site, settings)
    # Warnings: a gone target holds back only its own line, never a story or
    # the publish (the newsroom's rule: one mistake cannot block the rest).
    report_problems(sorted(problems))
    output = Path(generators[0].output_path) / settings["REDIRECTS_DIR"]
    write_files(output, render_files(redirects))
    logger.info("redirects: %d old URL(s) → %s", len(redirects), output)


def register() -> None:
    from pelican import signals

    signals.initialized.connect(_initialized)
    signals.all_generators_finalized.connect(_all_generators_finalized)
