"""The hostile corpus in ``tests/data/hostile/``: reading the cases, and
assembling them into a content tree (binary photos and symbolic links are made
here, at test time). ``tests/data/hostile/README.md`` describes the format.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild import ROOT

from .images import RECIPES as IMAGE_RECIPES
from .images import jpeg_bytes, make_file, picture

CASES_DIR = ROOT / "tests" / "data" / "hostile"
OUTCOMES = ("SAFE", "HIDDEN")
DIRECTIVES = (
    "also",
    "page",
    "text",
    "feeds",
    "jsonld",
    "search",
    "absent",
    "warns",
    "pending",
    "image",
)

# A configured author whose name and bio carry markup: the corpus settings add
# it to NEWSROOM_AUTHORS (case author-injection-known).
HOSTILE_AUTHOR = "Budi <b>Kancil</b> & \"Rekan\" <script>alert('nama')</script>"
HOSTILE_AUTHOR_BIO = "Bio <img src=x onerror=alert('bio')> & \"kutip\""


@dataclass
class Case:
    name: str
    outcome: str  # "SAFE", "HIDDEN" or "ERROR"
    message: str = ""  # for ERROR: the fragment the log must hold
    directives: dict[str, list[str]] = field(default_factory=dict)
    comment: str = ""

    def get(self, key: str) -> list[str]:
        return self.directives.get(key, [])

    @property
    def pending(self) -> list[str]:
        """Plugins this case's expectation is written for but that are not
        yet part of the build (``pending: photos``)."""
        return self.get("pending")

    def fragment(self, text: str) -> str:
        """bad-metadata convention: ``:3: …`` means ``/<case>/index.md:3: …``."""
        return f"/{self.name}/index.md{text}" if text.startswith(":") else text


def parse_expect(name: str, text: str) -> Case:
    """``#`` comments, ``directive: value`` lines, and one expectation line:
    ``SAFE``, ``HIDDEN`` or a message fragment."""
    comments, expectation, directives = [], [], {}
    for raw in text.splitlines():
        if raw.startswith("#"):
            comments.append(raw[1:].strip())
            continue
        if not raw.strip():
            continue
        key, sep, value = raw.partition(": ")
        if sep and key in DIRECTIVES:
            directives.setdefault(key, []).append(value)
        else:
            expectation.append(raw)
    if len(expectation) != 1:
        raise ValueError(f"{name}/EXPECT: want one expectation line, found {expectation}")
    first = expectation[0]
    case = Case(name, first if first in OUTCOMES else "ERROR", directives=directives)
    case.comment = " ".join(comments)
    if case.outcome == "ERROR":
        case.message = case.fragment(first)
    return case


def load_cases() -> list[Case]:
    return [
        parse_expect(p.name, (p / "EXPECT").read_text(encoding="utf-8"))
        for p in sorted(CASES_DIR.iterdir())
        if (p / "EXPECT").is_file()
    ]


# --- text recipes (MAKE lines whose target is index.md) ------------------------

PARAGRAPH = (
    "Pemerintah Kota Kotamobagu menggelar rapat koordinasi bersama camat dan lurah "
    "untuk membahas penataan pasar, kebersihan kota, dan pelayanan publik. "
)


def _append_paragraphs(text: str, size: str) -> str:
    target = int(size)
    parts = [text.rstrip("\n"), ""]
    length = len(text.encode())
    number = 0
    while length < target:
        number += 1
        paragraph = f"{number}. {PARAGRAPH * 4}\n"
        parts.append(paragraph)
        length += len(paragraph.encode()) + 1
    return "\n".join(parts)


def _append_quotes(text: str, depth: str) -> str:
    return text.rstrip("\n") + "\n\n" + ">" * int(depth) + " Kutipan paling dalam.\n"


def _long_summary(text: str, size: str) -> str:
    summary = "Ringkasan " + ("sangat panjang " * (int(size) // 15))
    head, _, body = text.partition("\n")
    return f"{head}\nSummary: {summary.strip()}\n{body}"


TEXT_RECIPES = {
    "append-paragraphs": _append_paragraphs,
    "append-quotes": _append_quotes,
    "long-summary": _long_summary,
}


def _make(case_dir: Path, outside: Path, line: str) -> None:
    """Run one MAKE line: ``<file> <recipe> [args…]`` (the file name may hold
    spaces; the recipe is the first known recipe word)."""
    words = line.split()
    at = next(i for i, w in enumerate(words) if w in (*IMAGE_RECIPES, *TEXT_RECIPES, *LINKS))
    name, recipe, args = " ".join(words[:at]), words[at], words[at + 1 :]
    target = case_dir / name
    if recipe in TEXT_RECIPES:
        text = target.read_text(encoding="utf-8")
        target.write_text(TEXT_RECIPES[recipe](text, *args), encoding="utf-8")
    elif recipe in IMAGE_RECIPES:
        make_file(target, recipe, args)
    else:
        LINKS[recipe](target, outside)


def _link_outside_photo(target: Path, outside: Path) -> None:
    """``target`` becomes a symlink to a real photo outside the content tree."""
    photo = outside / f"rahasia-{target.parent.name}.jpg"
    photo.write_bytes(jpeg_bytes(picture(800, 600, seed=23)))
    target.symlink_to(photo)


def _link_bundle_outside(target: Path, outside: Path) -> None:
    """The whole case folder moves outside the content tree; a symlink replaces it."""
    folder = target.resolve()
    moved = outside / folder.name
    shutil.move(folder, moved)
    folder.symlink_to(moved, target_is_directory=True)


LINKS = {
    "link-outside-photo": _link_outside_photo,
    "link-bundle-outside": _link_bundle_outside,
}


def assemble(cases: list[Case], folder: Path) -> Path:
    """``folder/content/articles/<case>/…`` for each case, plus
    ``folder/outside/`` (what symlinks point at); returns the content path."""
    content = folder / "content"
    articles = content / "articles"
    outside = folder / "outside"
    articles.mkdir(parents=True)
    outside.mkdir()
    (content / "pages").mkdir()
    for case in cases:
        source = CASES_DIR / case.name
        target = articles / case.name
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("EXPECT", "MAKE"))
        make = source / "MAKE"
        if make.is_file():
            for line in make.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    _make(target, outside, line)
    return content


def corpus_settings(base_settings: dict, content: Path) -> dict:
    """Overrides for ``write_settings``; the project's reporters, sections and
    regions (content files) are copied into ``content``, plus the hostile
    author's file (``content/authors/``, as an editor would add one); the
    messages are English, as the cases' EXPECT lines are."""
    for folder in ("authors", "sections", "regions"):
        shutil.copytree(ROOT / "content" / folder, content / folder, dirs_exist_ok=True)
    (content / "authors" / "budi-kancil.md").write_text(
        f"Name: {HOSTILE_AUTHOR}\nCode: bud\n\n{HOSTILE_AUTHOR_BIO}\n", encoding="utf-8"
    )
    # The cases' EXPECT lines are the messages in English (their msgids).
    return {"MESSAGES_LANGUAGE": "en"}
