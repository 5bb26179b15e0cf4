"""docs/panduan-redaksi.md: every example article in the editor guide builds.

An example is a fenced block whose info string carries its path under
content/articles, e.g. ```` ```markdown title="2016/09/x/index.md" ````. Each is
written to a bundle (photos it names are generated), the bundles are built
with the strict publish settings, and each must come out — or, for drafts and
embargoes, stay out. A block marked ``periksa="gagal"`` is wrong on purpose:
the checker must print exactly what the guide's ``hasil-pemeriksaan`` block shows.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from sitebuild import PYTHON, ROOT, SAMPLE_NOW, all_files, run_build, write_settings

from lintas.core.frontmatter import parse_front_matter
from lintas.core.schema import ARTICLE_FIELDS, parse_datetime
from lintas.settings import read_settings

GUIDE = ROOT / "docs" / "panduan-redaksi.md"
CHECK_OUTPUT_TITLE = "hasil-pemeriksaan"
FENCE = re.compile(
    r'^```(?P<lang>\w+) title="(?P<title>[^"]+)"(?P<attrs>[^\n]*)\n(?P<body>.*?)^```$',
    re.MULTILINE | re.DOTALL,
)
BODY_PHOTO = re.compile(r"!\[[^\]]*\]\((?P<file>[^)\s]+)")
# Several images on consecutive lines (one paragraph): a gallery.
GALLERY = re.compile(r"^!\[.*\n!\[", re.MULTILINE)
PHOTO_SIZE = (1600, 1067)  # a 3:2 camera photo, large enough for every rendition
SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))


@dataclass(frozen=True)
class Example:
    path: str  # relative to content/articles
    text: str
    failing: bool  # written wrong on purpose

    @property
    def header(self) -> dict[str, str]:
        return {f.key: f.value for f in parse_front_matter(self.text).fields}

    @property
    def slug(self) -> str:
        return Path(self.path).parent.name

    def photos(self) -> set[str]:
        found = {m["file"] for m in BODY_PHOTO.finditer(self.text)}
        return found | ({self.header["cover"]} if "cover" in self.header else set())

    def hidden(self) -> bool:
        """A draft or an embargo at the frozen build time: never in the output."""
        date = parse_datetime(self.header["date"], SETTINGS["TIMEZONE"])
        now = parse_datetime(SAMPLE_NOW, SETTINGS["TIMEZONE"])
        return self.header.get("status", "").lower() == "draft" or date > now


def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


EXAMPLES = [
    Example(m["title"], m["body"], 'periksa="gagal"' in m["attrs"])
    for m in FENCE.finditer(guide_text())
    if m["lang"] == "markdown"
]
GOOD = [e for e in EXAMPLES if not e.failing]
BAD = [e for e in EXAMPLES if e.failing]


def write_bundle(articles: Path, example: Example) -> None:
    index = articles / example.path
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text(example.text, encoding="utf-8")
    gradient = Image.linear_gradient("L").resize(PHOTO_SIZE)
    for number, name in enumerate(sorted(example.photos())):
        shade = Image.new("L", PHOTO_SIZE, 60 * number % 256)  # no two photos alike
        flipped = gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        Image.merge("RGB", (gradient, shade, flipped)).save(index.parent / name, quality=85)


def content_tree(folder: Path, examples: list[Example]) -> Path:
    content = folder / "content"
    for example in examples:
        write_bundle(content / "articles", example)
    (content / "pages").mkdir(parents=True, exist_ok=True)
    return content


def check(folder: Path, content: Path) -> subprocess.CompletedProcess:
    """`lintas check` as an editor runs it, from the project folder."""
    settings = write_settings(folder, content)
    return subprocess.run(
        [
            PYTHON,
            "-m",
            "lintas",
            "check",
            "--settings",
            str(settings),
            "content/articles",
        ],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=120,
    )


@pytest.fixture(scope="module")
def guide_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("guide")
    content = content_tree(folder, GOOD)
    result = run_build(write_settings(folder, content, base="publishconf"), folder / "output")
    return folder, content, result


def test_the_guide_has_an_example_of_each_kind():
    headers = [e.header for e in GOOD]
    assert len(GOOD) >= 5 and len(BAD) >= 1
    assert any(
        h["category"] == SETTINGS["ADVERTORIAL_CATEGORY"] and h.get("sponsor") for h in headers
    )
    assert any(h.get("status") == "draft" for h in headers)
    assert any(e.hidden() and e.header.get("status") != "draft" for e in GOOD)  # an embargo
    assert any("correction" in h for h in headers)
    assert any("hak-jawab" in h for h in headers)
    assert any("withdrawn" in h for h in headers)
    assert any({"headline-until", "pick-until"} <= h.keys() for h in headers)
    assert any("authors" in h for h in headers)
    assert any({"cover", "photo-credit", "focus"} <= h.keys() for h in headers)
    assert any(GALLERY.search(e.text) for e in GOOD)


def test_every_example_builds_with_the_publish_settings(guide_site):
    _folder, _content, result = guide_site
    assert result.returncode == 0, result.log
    assert "WARNING" not in result.log and "ERROR" not in result.log, result.log


@pytest.mark.parametrize("example", GOOD, ids=lambda e: e.slug)
def test_example_is_published_or_held_back(guide_site, example):
    _folder, _content, result = guide_site
    date = parse_datetime(example.header["date"], SETTINGS["TIMEZONE"])
    page = result.output / f"{date:%Y}" / f"{date:%m}" / example.slug / "index.html"
    title = html.escape(example.header["title"], quote=False)
    if "withdrawn" in example.header:
        # Its address answers with the notice (410 on nginx), never the story.
        assert "Berita dicabut" in page.read_text(encoding="utf-8")
        leaks = [p for p in all_files(result.output) if title.encode() in p.read_bytes()]
        assert leaks == [], f"a withdrawn example reached {leaks}"
    elif example.hidden():
        assert not page.exists()
        leaks = [p for p in all_files(result.output) if title.encode() in p.read_bytes()]
        assert leaks == [], f"a draft or embargoed example reached {leaks}"
    else:
        assert page.is_file(), f"{example.path} was not published"
        assert title in page.read_text(encoding="utf-8")


def test_photo_credits_are_written_once(guide_site):
    _folder, _content, result = guide_site
    pages = [p.read_text(encoding="utf-8") for p in all_files(result.output) if p.suffix == ".html"]
    assert any("Humas Pemkab Boltim" in page for page in pages)
    # The guide tells editors to write the name only: the theme adds "Foto:".
    assert not any("Foto: Foto:" in page or "Photo: Foto:" in page for page in pages)


def test_good_examples_pass_the_checker(guide_site, tmp_path):
    _folder, content, _result = guide_site
    result = check(tmp_path, content)  # drafts are checked too, unlike the build
    assert result.returncode == 0, result.stdout + result.stderr


def test_checker_prints_what_the_guide_shows(tmp_path):
    content = content_tree(tmp_path, BAD)
    result = check(tmp_path, content)
    assert result.returncode == 1
    assert result.stdout.strip().splitlines() == [
        line
        for m in FENCE.finditer(guide_text())
        if m["title"] == CHECK_OUTPUT_TITLE
        for line in m["body"].strip().splitlines()
    ]


def test_the_guide_explains_every_field_and_choice():
    text = guide_text()
    missing = [f for f in ARTICLE_FIELDS if f"`{f}`" not in text]
    assert missing == [], f"fields not explained in {GUIDE.name}: {missing}"
    for choice in [
        *SETTINGS["NEWSROOM_CATEGORIES"],
        *SETTINGS["NEWSROOM_REGIONS"],
        *SETTINGS["NEWSROOM_AUTHORS"],
    ]:
        assert f"`{choice}`" in text, f"{choice!r} (content/) is not in {GUIDE.name}"


def test_the_guide_covers_the_daily_commands():
    text = guide_text()
    for command in (
        "lintas new",
        "lintas check",
        "lintas terbit",
        "/_pratinjau/meja/",
        "make serve",
        "make publish",
        "make deploy",
    ):
        assert command in text
