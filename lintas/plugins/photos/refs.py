"""What a text says about its photos, and the checks every photo reference passes.

The Markdown extension (``figures.py``) records one :class:`PhotoRef` per image
of an ``index.md`` in ``ctx.extras["photo_refs"]`` (the article's ``photo_refs``
attribute). Everything in a PhotoRef comes from ``index.md`` alone — never from
the photo files — because Pelican's reader cache keys on ``index.md``: a cached
read must stay right when a photo changes. The photo files are looked at by
:func:`check_photo_file`, at read time (``figures.py``, so the checker script
sees the problems too) and again on every build (``site.py``).

No Pelican import here: ``lintas check`` and the reader use this.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lintas.core.messages import Text, msg

from .cache import SourceIndex
from .config import RenditionConfig
from .errors import PhotoError
from .memo import real_folder
from .probe import PhotoInfo, inspect_photo

EXTRAS_KEY = "photo_refs"  # ArticleContext.extras key → the article's ``photo_refs``
COVER_BLOCK = -1  # PhotoRef.block of a Cover photo that is not in the body
CREDIT_SEPARATOR = "|"  # ![alt](x.jpg "caption | credit")
# Editors write "Foto: Budi" out of habit; the label is added by the templates.
_CREDIT_LABEL = re.compile(r"^\s*(?:foto|photo|kredit|credit)\s*:\s*", re.IGNORECASE)

HINT_INSIDE = msg("put the photo next to index.md and give just its file name")
# A photo's problem, said of the Cover: line instead (a cover not shown in the body).
_COVER_MESSAGES = {
    "photo '%(name)s': %(problem)s": "cover '%(name)s': %(problem)s",
    "photo '%(name)s' does not exist": "cover photo '%(name)s' does not exist",
    "photo '%(name)s' is a link to a file outside the article's folder": (
        "cover '%(name)s' is a link to a file outside the article's folder"
    ),
}
# Listed for the catalog: the msgids above, as pybabel extract sees them.
_ = (
    msg("cover '%(name)s': %(problem)s"),
    msg("cover '%(name)s' is a link to a file outside the article's folder"),
)


def for_cover(message: Text) -> Text:
    """The same problem said of the ``Cover:`` photo."""
    cover = _COVER_MESSAGES.get(message.msgid)
    return replace(message, msgid=cover) if cover else message


@dataclass(frozen=True)
class PhotoRef:
    """One image of a text, as written (picklable: Pelican caches metadata)."""

    name: str  # as written in the Markdown, for messages
    path: str  # relative to the text's folder, normalised, POSIX separators
    alt: str
    caption: str
    credit: str  # the photo's own credit, else the article's Photo-Credit
    line: int  # line in the source file (the Cover line for a cover-only photo)
    block: int  # which figure or gallery of the body, 0-based; COVER_BLOCK if none
    gallery: bool  # one of several photos in one paragraph


def split_title(title: str | None, default_credit: str) -> tuple[str, str]:
    """``"caption | credit"`` → (caption, credit); no ``|``: the article's credit."""
    text = (title or "").strip()
    if CREDIT_SEPARATOR in text:
        caption, credit = text.rsplit(CREDIT_SEPARATOR, 1)
        credit = clean_credit(credit) or clean_credit(default_credit)
        return caption.strip(), credit
    return text, clean_credit(default_credit)


def clean_credit(text: str | None) -> str:
    """``"Foto: Budi"`` → ``"Budi"``: the templates print the label themselves."""
    return _CREDIT_LABEL.sub("", (text or "").strip()).strip()


def relative_path(name: str) -> tuple[str | None, Text | str, Text | str]:
    """The bundle-relative path of an image reference, or why it cannot be one.

    Returns ``(path, "", "")`` or ``(None, message, hint)``. Only the text is
    looked at here (a URL, an absolute path, ``..`` climbing out); links that
    lead outside are :func:`check_photo_file`'s job.
    """
    shown = name.strip()
    parts = urlsplit(shown)
    if parts.scheme or parts.netloc or shown.startswith("//"):
        return (
            None,
            msg("photo '%(name)s' is not a file in the article's folder", name=shown),
            msg(
                "download the photo, put it next to index.md and write just its file name, "
                "e.g. ![description](foto.jpg)"
            ),
        )
    raw = unquote(parts.path) if "%" in parts.path else parts.path
    if not raw:
        return None, msg("a photo without a file name"), msg("write ![description](foto.jpg)")
    outside = msg("photo '%(name)s' is outside the article's folder", name=shown)
    if raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", raw):
        return None, outside, HINT_INSIDE
    normal = posixpath.normpath(raw.replace("\\", "/"))
    if normal == ".." or normal.startswith("../") or normal == ".":
        return None, outside, HINT_INSIDE
    return normal, "", ""


def check_photo_file(
    folder: str | os.PathLike[str],
    ref_name: str,
    path: str,
    config: RenditionConfig,
    index: SourceIndex | None = None,
) -> tuple[Path, PhotoInfo, str | None] | tuple[None, Text, Text]:
    """Find and validate one photo of a text.

    Returns ``(absolute path, PhotoInfo, sha256 or None)`` or ``(None, message,
    hint)``. With ``index`` (the cache's memo) an unchanged photo costs a stat;
    without it the header is read (sha256 is then unknown: None).
    """
    root = real_folder(folder)
    target = root / path
    # The usual case, in one system call: a regular file right in the (resolved)
    # folder is its own real path. Links and sub-folders take the long way.
    if "/" not in path:
        try:
            if stat.S_ISREG(os.lstat(target).st_mode):
                return _indexed(target, ref_name, config, index)
        except FileNotFoundError:
            pass
    if not target.exists() and not target.is_symlink():
        return (
            None,
            msg("photo '%(name)s' does not exist", name=ref_name),
            msg(
                "copy the photo into the article's folder or fix the file name "
                "(names are case-sensitive)"
            ),
        )
    real = target.resolve()
    if root not in real.parents:
        # A symbolic link would publish whatever it points at (another bundle, a
        # home folder): only files that really live in the folder are photos.
        return (
            None,
            msg(
                "photo '%(name)s' is a link to a file outside the article's folder",
                name=ref_name,
            ),
            msg("copy the photo itself into the folder instead of linking to it"),
        )
    return _indexed(real, ref_name, config, index)


def _indexed(
    real: Path, ref_name: str, config: RenditionConfig, index: SourceIndex | None
) -> tuple[Path, PhotoInfo, str | None] | tuple[None, Text, Text]:
    try:
        if index is not None:
            info, sha = index.resolve(real, config)
            return real, info, sha
        return real, inspect_photo(real, config), None
    except PhotoError as error:
        return (
            None,
            msg("photo '%(name)s': %(problem)s", name=ref_name, problem=error.message),
            error.hint,
        )
