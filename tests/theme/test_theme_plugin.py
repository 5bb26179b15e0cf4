"""Unit tests of plugins/reader_theme: the rules behind the theme, without a build."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from markdown import Markdown
from pelican.paginator import PaginationRule

from lintas.plugins.reader_theme.filters import avatar_tone, initials, with_dateline
from lintas.plugins.reader_theme.listing import category_sections, related_articles, set_neighbours
from lintas.plugins.reader_theme.related_cache import cached_related_articles
from lintas.plugins.reader_theme.sponsored import (
    SponsoredLinksExtension,
    is_outbound,
    mark_raw_html,
)

WITA = ZoneInfo("Asia/Makassar")
START = datetime(2016, 9, 1, 10, 0, tzinfo=WITA)


def story(name, day, category="Pemerintahan", tags=(), ad=False):
    return SimpleNamespace(
        title=name,
        date=START + timedelta(days=day),
        category=category,
        tags=list(tags),
        is_advertorial=ad,
    )


# ---- dateline ---------------------------------------------------------------------


def test_dateline_goes_inside_the_first_paragraph():
    html = with_dateline("<p>Upaya pemkot.</p>\n<p>Kedua.</p>", "Kotamobagu", "Lintas Totabuan")
    assert html == (
        '<p><strong class="dateline">Kotamobagu, Lintas Totabuan</strong> – Upaya pemkot.</p>'
        "\n<p>Kedua.</p>"
    )


def test_dateline_skips_a_leading_figure_and_escapes_its_text():
    body = '<figure><img src="a.jpg" alt=""></figure>\n<p>Teks.</p>'
    html = with_dateline(body, "Lolak <Bolmong>", "A & B")
    assert html.startswith('<figure><img src="a.jpg" alt=""></figure>\n<p><strong')
    assert "Lolak &lt;Bolmong&gt;, A &amp; B" in html


def test_no_dateline_no_change_and_no_paragraph_gets_one():
    assert with_dateline("<p>x</p>", None, "S") == "<p>x</p>"
    assert with_dateline("<ul><li>x</li></ul>", "Boroko", "S").startswith(
        '<p><strong class="dateline">Boroko, S</strong> – </p>'
    )


def test_initials_and_avatar_tone():
    assert initials("Rahmat Mokodompit") == "RM"
    assert initials("Sitti Nurhaliza Paputungan") == "SP"
    assert initials("yusuf") == "Y"
    assert initials("  ") == "?"
    assert avatar_tone("Rahmat Mokodompit") == avatar_tone("Rahmat Mokodompit")
    assert 0 <= avatar_tone("x") < 6


# ---- related, neighbours, order ----------------------------------------------------


def test_related_prefers_shared_tags_then_category_then_time():
    target = story("target", 10, tags=["smart city", "wifi"])
    both_tags = story("both", 0, category="Ekonomi", tags=["smart city", "wifi"])
    one_tag_same_cat = story("one+cat", 1, tags=["wifi"])
    one_tag_near = story("one-near", 9, category="Ekonomi", tags=["smart city"])
    same_cat_only = story("cat", 11)
    unrelated = story("other", 10, category="Olahraga")
    paid = story("paid", 10, category="Advertorial", tags=["smart city", "wifi"], ad=True)
    pool = [target, both_tags, one_tag_same_cat, one_tag_near, same_cat_only, unrelated, paid]
    related = related_articles(pool, 4)[id(target)]
    assert [s.title for s in related] == ["both", "one+cat", "one-near", "cat"]


def test_advertorials_are_related_only_to_advertorials():
    news = story("news", 0, tags=["x"])
    paid_a = story("a", 1, category="Advertorial", tags=["x"], ad=True)
    paid_b = story("b", 2, category="Advertorial", ad=True)
    related = related_articles([news, paid_a, paid_b], 4)
    assert related[id(news)] == []
    assert [s.title for s in related[id(paid_a)]] == ["b"]


def test_neighbours_follow_the_publication_time():
    a, b, c = story("a", 0), story("b", 1), story("c", 2)
    set_neighbours([c, a, b])
    assert (a.older_article, a.newer_article) == (None, b)
    assert (b.older_article, b.newer_article) == (a, c)
    assert (c.older_article, c.newer_article) == (b, None)


def test_sections_follow_the_newsroom_order():
    cats = [(SimpleNamespace(name=n), []) for n in ("Ekonomi", "Advertorial", "Zeta", "Smart City")]
    order = ["Smart City", "Ekonomi", "Advertorial"]
    names = [c.name for c, _ in category_sections(cats, order)]
    assert names == ["Smart City", "Ekonomi", "Advertorial", "Zeta"]


# ---- rel="sponsored" ----------------------------------------------------------------


def convert(text: str, category: str) -> str:
    md = Markdown(
        extensions=[SponsoredLinksExtension(site_url="https://totabuan.lintas.example")],
        output_format="html",
    )
    md.newsroom_context = SimpleNamespace(header={"category": category})
    return md.convert(text)


def test_markdown_links_in_advertorials_get_rel_sponsored():
    text = "[a](https://sponsor.example/) [b](https://totabuan.lintas.example/x/) [c](/y/)"
    html = convert(text, "advertorial")
    assert '<a href="https://sponsor.example/" rel="sponsored">a</a>' in html
    assert '<a href="https://totabuan.lintas.example/x/">b</a>' in html
    assert '<a href="/y/">c</a>' in html
    assert "sponsored" not in convert(text, "Ekonomi")


def test_raw_html_links_are_handled_too():
    html = convert('Lihat <a href="https://s.example/" rel="noopener">ini</a>.', "Advertorial")
    assert 'rel="noopener sponsored"' in html
    assert (
        mark_raw_html("<a href=https://s.example/>", "x")
        == '<a href=https://s.example/ rel="sponsored">'
    )
    assert mark_raw_html('<a name="top">', "x") == '<a name="top">'
    assert (
        mark_raw_html('<a data-href="https://s.example/">', "x")
        == '<a data-href="https://s.example/">'
    )
    assert mark_raw_html('<a href="mailto:a@b.example">', "x") == '<a href="mailto:a@b.example">'


def test_outbound_means_another_host_over_http():
    assert is_outbound("https://a.example/", "b.example")
    assert is_outbound("//a.example/", "b.example")
    assert not is_outbound("https://b.example/x", "b.example")
    assert not is_outbound("/relative/", "b.example")
    assert not is_outbound("mailto:x@a.example", "b.example")
    assert not is_outbound("#anchor", "b.example")


def _pool():
    return [
        story("target", 10, tags=["smart city", "wifi"]),
        story("both", 0, category="Ekonomi", tags=["smart city", "wifi"]),
        story("one+cat", 1, tags=["wifi"]),
        story("one-near", 9, category="Ekonomi", tags=["smart city"]),
        story("cat", 11),
        story("paid", 10, category="Advertorial", tags=["smart city"], ad=True),
    ]


def _titles(related, pool):
    return {s.title: [o.title for o in related[id(s)]] for s in pool}


def test_cached_related_ranking_is_reused_only_while_its_inputs_hold(tmp_path):
    cache = tmp_path / "related.pickle"
    pool = _pool()
    first = cached_related_articles(pool, 3, cache)
    assert _titles(first, pool) == _titles(related_articles(pool, 3), pool)
    saved = cache.read_bytes()

    # Fresh objects, same inputs (the next build): the saved ranking, unchanged file.
    again = _pool()
    for article in again:
        article.body = "a body edit changes nothing here"
    assert _titles(cached_related_articles(again, 3, cache), again) == _titles(first, pool)
    assert cache.read_bytes() == saved

    # A retagged story ranks everything again.
    retagged = _pool()
    retagged[2].tags = []
    expected = _titles(related_articles(retagged, 3), retagged)
    assert _titles(cached_related_articles(retagged, 3, cache), retagged) == expected
    assert expected != _titles(first, pool)
    assert cache.read_bytes() != saved

    # A new story, and a different count, too.
    grown = [*_pool(), story("new", 12, tags=["wifi"])]
    got = _titles(cached_related_articles(grown, 2, cache), grown)
    assert got == _titles(related_articles(grown, 2), grown)


def test_a_damaged_related_cache_is_ranked_again(tmp_path):
    cache = tmp_path / "related.pickle"
    cache.write_bytes(b"not a pickle")
    pool = _pool()
    got = cached_related_articles(pool, 3, cache)
    assert _titles(got, pool) == _titles(related_articles(pool, 3), pool)
    assert cached_related_articles(pool, 3, None).keys() == got.keys()


# ---- pages numbered from the oldest ------------------------------------------------


def _pages(count, per_page=3):
    from pelican.settings import DEFAULT_CONFIG

    from lintas.plugins.reader_theme.pagination import OldestFirstPaginator

    settings = {
        **DEFAULT_CONFIG,
        "PAGINATION_PATTERNS": [
            PaginationRule(1, "{url}", "{save_as}"),
            PaginationRule(
                2, "{base_name}/halaman/{number}/", "{base_name}/halaman/{number}/index.html"
            ),
        ],
    }
    newest_first = list(range(count, 0, -1))  # story n is the n-th ever published
    paginator = OldestFirstPaginator(
        "kategori/x/index.html", "kategori/x/", newest_first, settings, per_page
    )
    return [paginator.page(n) for n in range(1, paginator.num_pages + 1)]


def test_archive_pages_hold_fixed_blocks_counted_from_the_oldest():
    pages = _pages(11)  # 3 per page: front 5, then /halaman/2/ and /halaman/1/
    assert [p.object_list for p in pages] == [[11, 10, 9, 8, 7], [6, 5, 4], [3, 2, 1]]
    assert [(p.is_front, p.number) for p in pages] == [(True, 1), (False, 2), (False, 1)]
    assert [p.url for p in pages] == [
        "kategori/x/",
        "kategori/x/halaman/2/",
        "kategori/x/halaman/1/",
    ]
    assert [p.save_as for p in pages][1] == "kategori/x/halaman/2/index.html"
    assert [(p.has_previous(), p.has_next()) for p in pages] == [
        (False, True),
        (True, True),
        (True, False),
    ]


def test_a_new_story_changes_the_front_page_and_only_then_adds_a_page():
    for count in range(0, 40):
        before, after = _pages(count), _pages(count + 1)
        shown = [story for page in after for story in page.object_list]
        assert shown == list(range(count + 1, 0, -1)), "every story once, newest first"
        assert 3 <= len(after[0].object_list) <= 5 or count + 1 < 3
        old_archive = {p.url: p.object_list for p in before if not p.is_front}
        new_archive = {p.url: p.object_list for p in after if not p.is_front}
        # Archive pages never change what they hold; at most one appears.
        assert all(new_archive[url] == items for url, items in old_archive.items())
        assert len(new_archive) - len(old_archive) in (0, 1)


def test_a_short_list_is_one_front_page():
    (page,) = _pages(5)
    assert page.is_front and page.object_list == [5, 4, 3, 2, 1]
    assert not page.has_other_pages()
    (empty,) = _pages(0)
    assert empty.object_list == []
