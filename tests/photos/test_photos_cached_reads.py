"""With Pelican's reader cache on, index.md is not converted again when only a photo
changed: the build must still publish the new photo and still report a photo that
broke. (The cache keys on index.md's mtime alone.)"""

from __future__ import annotations

import os
import re
from pathlib import Path

from photo_samples import marked
from sitebuild import run_build, write_settings

HEADER = "Title: Pasar\nDate: 2016-09-20 10:00\nCategory: Ekonomi\nAuthor: Sitti Paputungan\n\n"
BODY = 'Pembuka.\n\n![Pasar pagi](pasar.jpg "Pasar")\n\nTengah.\n\n![Kios](kios.jpg)\n'
KIOS_LINE = 12  # header 4 lines + blank; body: 6 Pembuka, 8 pasar, 10 Tengah, 12 kios


def _build(root: Path, content: Path, name: str):
    (root / name).mkdir()
    settings = write_settings(
        root / name,
        content,
        CACHE_PATH=str(root / "pelican-cache"),
        CACHE_CONTENT=True,
        LOAD_CONTENT_CACHE=True,
        CONTENT_CACHING_LAYER="reader",
        PHOTOS_WIDTHS=[200],
        PHOTOS_JPEG_WIDTHS=[200],
        PHOTOS_CACHE_DIR=str(root / "photo-cache"),
        SEARCH_INDEX_ENABLED=False,
        MESSAGES_LANGUAGE="en",  # these tests read the photos' messages in English
    )
    return run_build(settings, root / f"out-{name}")


def _kios_src(output: Path) -> str:
    html = (output / "2016" / "09" / "pasar" / "index.html").read_text(encoding="utf-8")
    return re.search(r'src="(/media/[^"]*/kios-[^"]+)"', html).group(1)


def test_a_changed_or_broken_photo_is_seen_although_the_text_is_cached(tmp_path):
    content = tmp_path / "content"
    bundle = content / "articles" / "2016" / "09" / "pasar"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text(HEADER + BODY, encoding="utf-8")
    marked((400, 300)).save(bundle / "pasar.jpg", "JPEG")
    marked((400, 300)).save(bundle / "kios.jpg", "JPEG", quality=60)
    index_mtime = (bundle / "index.md").stat().st_mtime_ns

    first = _build(tmp_path, content, "first")
    assert first.returncode == 0, first.log
    # The next builds read index.md from here (checked by hand: the Markdown
    # extension does not run again).
    assert (tmp_path / "pelican-cache" / "ArticlesGenerator-Readers").is_file()
    before = _kios_src(first.output)

    # Only the photo changes (index.md keeps its mtime: the cached read is used).
    marked((400, 300)).transpose(0).save(bundle / "kios.jpg", "JPEG", quality=90)
    os.utime(bundle / "index.md", ns=(index_mtime, index_mtime))
    second = _build(tmp_path, content, "second")
    assert second.returncode == 0, second.log
    after = _kios_src(second.output)
    assert after != before
    assert (second.output / after.lstrip("/")).is_file()

    # The photo disappears: reported with its line, and the story is left out.
    (bundle / "kios.jpg").unlink()
    os.utime(bundle / "index.md", ns=(index_mtime, index_mtime))
    third = _build(tmp_path, content, "third")
    assert third.returncode == 0, third.log
    assert f"pasar/index.md:{KIOS_LINE}: photo 'kios.jpg' does not exist" in third.log
    assert not (third.output / "2016" / "09" / "pasar").exists()
