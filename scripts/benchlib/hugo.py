"""The benchmark corpus as a Hugo site: the same stories, a minimal comparable theme.

Page bundles like ours (``content/articles/<yyyy>/<mm>/<slug>/index.md``), YAML
front matter, and layouts that do what the
Lintas theme does at its core: a story page with its topics and neighbours, and
paginated lists (home, sections, topics, authors, regions) of cards with a
summary. Hugo's own RSS feeds and sitemap stay on, as ours do.

With ``photos=True`` the bundles carry the stories' photos (hard links) and
the layouts process them as the Lintas photos plugin does: each photo of a
story in two WebP widths and a JPEG (``.Resize``), a 320x180 WebP thumbnail
(``.Fill``) of the cover on every list card. Hugo keeps its processed images
in ``resources/_gen`` (the counterpart of our photo cache). Drafts and
embargoed stories are marked ``draft: true`` (Hugo's clock is the real one).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from .corpus import Corpus, Story

CONFIG = """\
baseURL = "http://127.0.0.1:8000/"
languageCode = "id"
title = "Lintas Totabuan"
timeZone = "Asia/Makassar"
paginate = {per_page}
enableRobotsTXT = true

[taxonomies]
  category = "categories"
  tag = "tags"
  author = "authors"
  region = "regions"

[permalinks]
  articles = "/:year/:month/:slug/"

[markup.goldmark.renderer]
  unsafe = true
"""

# The theme: minimal Go templates, one file each (scripts/benchlib/hugo_layouts).
LAYOUTS = Path(__file__).with_name("hugo_layouts")


def _front_matter(story: Story) -> str:
    data = {
        "title": story.title,
        "slug": story.slug,
        "date": story.date.strftime("%Y-%m-%dT%H:%M:00+08:00"),
        "categories": [story.category],
        "tags": story.tags,
        "authors": [story.author],
        "regions": [story.region],
        "region": story.region,
        "summary": story.summary,
    }
    if story.status == "draft" or story.embargoed:
        data["draft"] = True
    if story.modified:
        data["lastmod"] = story.modified.strftime("%Y-%m-%dT%H:%M:00+08:00")
    # JSON is valid YAML: no quoting rules to get wrong.
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def hugo_site(corpus: Corpus, target: Path, per_page: int, photos: bool = False) -> Path:
    """Write the Hugo site of ``corpus`` at ``target``; returns ``target``."""
    (target / "content").mkdir(parents=True, exist_ok=True)
    (target / "config.toml").write_text(CONFIG.format(per_page=per_page), encoding="utf-8")
    shutil.copytree(LAYOUTS, target / "layouts", dirs_exist_ok=True)
    for story in corpus.stories:
        folder = target / "content" / story.folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(_front_matter(story) + story.body + "\n", "utf-8")
        for name in [story.photo, *story.more_photos] if photos and story.photo else []:
            if not (folder / name).exists():
                os.link(corpus.content / story.folder / name, folder / name)
    return target
