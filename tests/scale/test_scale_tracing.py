"""The recorder of what a render reads (plugins/incremental/tracing.py): the
reads it notes, filters included, and keys that change exactly when a value
read changes."""

from __future__ import annotations

import copy
from datetime import datetime
from zoneinfo import ZoneInfo

import jinja2
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Category

from lintas.plugins.incremental import tracing
from lintas.plugins.incremental.feedkeys import StoryDigests

WHEN = datetime(2016, 9, 2, 9, 30, tzinfo=ZoneInfo("Asia/Makassar"))
SETTINGS = copy.deepcopy(DEFAULT_CONFIG)
SETTINGS["PATH"] = "/content"


def story(slug: str, **fields) -> Article:
    metadata = {"title": f"Judul {slug}", "date": WHEN, "slug": slug, **fields}
    metadata["category"] = Category("Ekonomi", SETTINGS)
    context = {"generated_content": {}, "static_content": {}, "static_links": set()}
    return Article(
        "<p>Isi berita.</p>",
        metadata=metadata,
        settings=SETTINGS,
        source_path=f"/content/articles/{slug}/index.md",
        context=context,
    )


def byline_filter(article) -> str:
    """A filter written in Python, reading a field the template never names."""
    return f"({article.byline})" if getattr(article, "byline", None) else ""


TEMPLATE = """{{ SITENAME }}|{% for a in stories[:2] %}{{ a.title }} {{ a.category.name }}
{{ a|byline }};{% endfor %}{{ stories|length }}"""


class Page:
    def __init__(self, *items: Article):
        self.stories = list(items)
        self.entities = {a.source_path: a for a in items}
        env = jinja2.Environment()
        env.context_class = tracing.RecordingContext
        env.filters["byline"] = byline_filter
        self.template = env.from_string(TEMPLATE)
        self.shared = {"SITENAME": "Lintas", "stories": self.stories}

    def render(self) -> tuple[str, tracing.Recorder]:
        inputs = dict(self.shared)
        return tracing.record(lambda: self.template.render(inputs), self.entities, inputs, set())

    def key(self, trace) -> list:
        return tracing.Evaluator(self.entities, SETTINGS).digests(trace, {}, self.shared)


def test_a_render_records_the_fields_it_read_filters_included():
    page = Page(story("a", byline="adv/man"), story("b"), story("c"))
    text, rec = page.render()
    assert text == "Lintas|Judul a Ekonomi\n(adv/man);Judul b Ekonomi\n;3"
    assert rec.untraceable is None
    by_root = {root: paths for root, paths in rec.trace()}
    first = by_root['["c","/content/articles/a/index.md"]']
    assert '["a","title"]' in first and '["a","category"]' in first
    assert '["a","byline"]' in first  # read inside the Python filter
    assert '["c","/content/articles/c/index.md"]' not in by_root  # not shown: not read
    assert '[["v","SITENAME"]]' in by_root['["g"]']


def test_the_key_changes_with_a_value_read_and_only_then():
    a, b, c = story("a", byline="adv/man"), story("b"), story("c")
    page = Page(a, b, c)
    _, rec = page.render()
    trace = rec.trace()
    before = page.key(trace)
    c.title = "Judul lain"  # the third story is not on the page
    b.summary_unused = "x"  # a field nobody read
    assert page.key(trace) == before
    a.byline = "red/sar"  # read only by the filter
    assert page.key(trace) != before
    a.byline = "adv/man"
    assert page.key(trace) == before
    page.stories.insert(0, story("d"))  # another story on the page: the slice changed
    assert page.key(trace) != before


def test_a_field_the_story_lacks_is_a_dependency_too():
    a = story("a")
    page = Page(a, story("b"))
    _, rec = page.render()
    trace = rec.trace()
    before = page.key(trace)
    a.byline = "adv/man"  # absent when rendered: the filter now prints it
    assert page.key(trace) != before


def test_what_cannot_be_replayed_leaves_the_page_without_a_key():
    env = jinja2.Environment()
    env.context_class = tracing.RecordingContext

    def scribble(article):
        article.seen = True  # a filter writing to what it is handed
        return ""

    env.filters["scribble"] = scribble
    template = env.from_string("{{ story|scribble }}{{ story.title }}")
    a = story("a")
    inputs = {"story": a}
    text, rec = tracing.record(lambda: template.render(inputs), {a.source_path: a}, inputs, set())
    assert text == "Judul a"
    assert rec.untraceable


def test_a_feed_counts_every_field_of_its_stories():
    digests = StoryDigests()
    a = story("a", byline="adv/man")
    before = digests.story(a)
    a.byline = "red/sar"
    assert StoryDigests().story(a) != before
