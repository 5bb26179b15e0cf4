"""The redirect mapping format (lintas/core/redirect_map.py): what an editor may
write by hand, and how the importer appends to it."""

from __future__ import annotations

from lintas.core import redirect_map
from lintas.wordpress import wxr


def test_bad_lines_are_problems_with_their_line():
    text = (
        "# a comment\n"
        "/lama/\tstory\tarticles/2016/09/x/index.md\n"
        "/tanpa-tab story articles/x/index.md\n"
        "/lama-2/\tberita\tarticles/x/index.md\n"
        "https://other.example/\tstory\tarticles/x/index.md\n"
    )
    redirects, problems = redirect_map.parse(text, "content/redirects/tangan.tsv")
    assert [(r.old, r.line) for r in redirects] == [("/lama/", 2)]
    assert [p.render("en") for p in problems] == [
        "content/redirects/tangan.tsv:3: a redirect line needs three tab-separated columns — "
        "write 'old URL<TAB>kind<TAB>target', or start the line with '#'",
        "content/redirects/tangan.tsv:4: unknown redirect kind 'berita' — use one of: "
        "story, page, photo, section, tag, author, feed",
        "content/redirects/tangan.tsv:5: 'https://other.example/' cannot be redirected — "
        "write a path such as /2016/09/x/ or /?p=11",
    ]
    # What the editor sees by default (MESSAGES_LANGUAGE: id).
    assert problems[1].render("id") == (
        "content/redirects/tangan.tsv:4: jenis pengalihan 'berita' tidak dikenal — pakai salah "
        "satu: story, page, photo, section, tag, author, feed"
    )


def test_old_urls_are_decoded_paths_or_front_page_queries():
    assert redirect_map.normalise_old("https://lama.example/bupati-cup-%c3%a9dition/") == (
        "/bupati-cup-édition/"
    )
    assert redirect_map.normalise_old("https://lama.example/?p=11&utm_source=wa") == "/?p=11"
    assert redirect_map.normalise_old("/?s=cabai") is None  # a search: nothing to redirect
    assert redirect_map.normalise_old("/2016/09/x/?amp=1") == "/2016/09/x/"


def test_an_existing_line_wins_and_nothing_is_written_twice(tmp_path):
    path = tmp_path / "wordpress.tsv"
    path.write_text("/lama/\tstory\tarticles/diperbaiki/index.md\n", encoding="utf-8")
    writer = redirect_map.MappingWriter(path)
    assert not writer.add("/lama/", "story", "articles/lain/index.md")
    assert writer.add("/baru/", "tag", "Pasar")
    assert not writer.add("/baru/", "tag", "Pasar")
    writer.close()
    assert path.read_text(encoding="utf-8") == (
        "/lama/\tstory\tarticles/diperbaiki/index.md\n/baru/\ttag\tPasar\n"
    )


def test_permalink_structures_are_read_from_links_and_rendered():
    site = wxr.Site(base_url="https://lama.example/portal")
    site.categories["bolmong"] = wxr.Term("7", "bolmong", "Bolaang Mongondow", "daerah")
    site.categories["daerah"] = wxr.Term("6", "daerah", "Daerah")
    item = wxr.Item(
        id="42", type="post", title="x", slug="festival-dibuka", status="publish",
        date_local="2016-09-12 19:30:00", date_gmt="", creator="rahmat", content="",
        excerpt="", link="https://lama.example/portal/daerah/bolmong/42-festival-dibuka.html",
        parent="0", categories=[("Bolaang Mongondow", "bolmong")], tags=[], meta={},
    )  # fmt: skip
    shape = wxr._shape(item, site)
    assert shape == "/%category%/%post_id%-%postname%.html"
    values = wxr.permalink_values(item, site)
    assert wxr.render_structure("/%year%/%monthnum%/%day%/%postname%/", values) == (
        "/2016/09/12/festival-dibuka/"
    )
    assert wxr.render_structure(shape, values) == "/daerah/bolmong/42-festival-dibuka.html"
