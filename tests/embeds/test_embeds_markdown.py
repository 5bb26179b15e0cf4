"""The ``!embed[URL]`` block processor (lintas.plugins.embeds): every URL form
editors paste, the facade markup, and problems at their index.md line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html
from markdown import Markdown
from sitebuild import ROOT

from lintas.core.problems import ArticleContext
from lintas.plugins.embeds.markdown import EmbedExtension
from lintas.plugins.embeds.platforms import FRAME_HOSTS, parse_embed_url

YT = "dQw4w9WgXcQ"
GOOD = [
    (f"https://www.youtube.com/watch?v={YT}", "youtube", f"https://www.youtube.com/watch?v={YT}"),
    (f"https://m.youtube.com/watch?v={YT}&feature=share", "youtube", None),
    (f"https://youtu.be/{YT}", "youtube", None),
    (f"https://youtu.be/{YT}?si=abc&t=42", "youtube", None),
    (f"https://www.youtube.com/shorts/{YT}", "youtube", None),
    (f"https://www.youtube.com/embed/{YT}", "youtube", None),
    (f"https://www.youtube.com/live/{YT}", "youtube", None),
    (
        "https://www.instagram.com/p/C0dEfGhIjKl/",
        "instagram",
        "https://www.instagram.com/p/C0dEfGhIjKl/",
    ),
    (
        "https://instagram.com/reel/C0dEfGhIjKl?igsh=xyz",
        "instagram",
        "https://www.instagram.com/reel/C0dEfGhIjKl/",
    ),
    (
        "https://www.instagram.com/reels/C0dEfGhIjKl/",
        "instagram",
        "https://www.instagram.com/reel/C0dEfGhIjKl/",
    ),
    ("https://www.instagram.com/pemkot.kk/p/C0dEfGhIjKl/", "instagram", None),
    (
        "https://www.tiktok.com/@humas.kk/video/7301234567890123456",
        "tiktok",
        "https://www.tiktok.com/@humas.kk/video/7301234567890123456",
    ),
    ("https://www.tiktok.com/@humas.kk/video/7301234567890123456?is_from_webapp=1", "tiktok", None),
    (
        "https://x.com/pemkot/status/1790123456789012345",
        "x",
        "https://x.com/pemkot/status/1790123456789012345",
    ),
    (
        "https://twitter.com/pemkot/status/1790123456789012345?s=20",
        "x",
        "https://x.com/pemkot/status/1790123456789012345",
    ),
    ("https://mobile.twitter.com/pemkot/status/1790123456789012345/photo/1", "x", None),
    (
        "https://www.facebook.com/humaskk/videos/1234567890123456/",
        "facebook",
        "https://www.facebook.com/humaskk/videos/1234567890123456/",
    ),
    ("https://www.facebook.com/humaskk/videos/judul-video/1234567890123456/", "facebook", None),
    (
        "https://www.facebook.com/watch/?v=1234567890123456",
        "facebook",
        "https://www.facebook.com/watch/?v=1234567890123456",
    ),
    (
        "https://m.facebook.com/reel/1234567890123456",
        "facebook",
        "https://www.facebook.com/reel/1234567890123456/",
    ),
    ("https://fb.watch/abcD3fG/", "facebook", None),
]
BAD = [
    "https://www.youtube.com/watch?v=short",  # not an 11-character id
    "https://www.youtube.com/channel/UC1234567890",  # a channel, not a video
    "https://www.youtube.com/playlist?list=PL123",
    "https://vimeo.com/123456",  # not a supported platform
    "https://www.instagram.com/humaskk/",  # a profile
    "https://www.tiktok.com/@humas.kk",
    "https://x.com/pemkot",
    "https://www.facebook.com/humaskk/",
    "https://www.facebook.com/humaskk/photos/123456789",
    "javascript:alert(1)",
    "ftp://youtu.be/dQw4w9WgXcQ",
    "youtube.com/watch?v=dQw4w9WgXcQ",  # no scheme
    "https://evil.example/youtube.com/watch?v=dQw4w9WgXcQ",
    "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
]


@pytest.mark.parametrize(("url", "platform", "link"), GOOD, ids=[g[0] for g in GOOD])
def test_each_url_form_is_recognised(url, platform, link):
    embed = parse_embed_url(url)
    assert embed is not None and embed.platform == platform
    if link:
        assert embed.link == link
    assert any(embed.frame.startswith(host + "/") for host in FRAME_HOSTS), embed.frame
    assert embed.link.startswith("https://")


@pytest.mark.parametrize("url", BAD)
def test_other_urls_are_refused(url):
    assert parse_embed_url(url) is None


def test_a_youtube_start_time_is_kept():
    assert parse_embed_url(f"https://youtu.be/{YT}?t=42s").frame.endswith("&start=42")


def test_nginx_opens_frame_src_for_exactly_the_players():
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    csp = re.search(r'\$lintas_csp\s*\{\s*default\s+"([^"]+)"', conf)[1]
    frame_src = re.search(r"frame-src ([^;]+);", csp)[1].split()
    assert sorted(frame_src) == sorted(FRAME_HOSTS)


# --- the processor, with the newsroom's context -------------------------------------


def convert(body: str, first_line: int = 6) -> tuple[str, ArticleContext]:
    md = Markdown(extensions=[EmbedExtension(), "markdown.extensions.extra"])
    ctx = ArticleContext(
        source_path=str(Path("/tmp/a/index.md")),
        display_path="content/articles/a/index.md",
        header={},
        header_lines={},
        body_first_line=first_line,
    )
    md.newsroom_context = ctx
    return md.convert(body), ctx


def test_the_facade_is_a_link_with_the_player_address_and_no_request():
    out, ctx = convert(f"Teks.\n\n!embed[https://youtu.be/{YT} | Rapat paripurna DPRD]\n")
    assert ctx.problems == []
    assert ctx.extras["has_embeds"] is True
    tree = lxml_html.fragment_fromstring(out, create_parent="div")
    (figure,) = tree.xpath("//figure")
    assert "embed--youtube" in figure.get("class")
    (link,) = figure.xpath("./a")
    assert link.get("href") == f"https://www.youtube.com/watch?v={YT}"
    assert link.get("data-embed-src").startswith(f"https://www.youtube-nocookie.com/embed/{YT}")
    assert figure.xpath("string(./figcaption)") == "Rapat paripurna DPRD"
    # Nothing in the markup loads anything: no img, no iframe, no src.
    assert not tree.xpath("//iframe | //img | //*[@src]")


def test_a_poster_is_a_photo_paragraph_inside_the_link():
    out, ctx = convert(f"!embed[https://youtu.be/{YT} | Pasar pagi](<poster pasar.jpg>)\n")
    assert ctx.problems == []
    tree = lxml_html.fragment_fromstring(out, create_parent="div")
    (img,) = tree.xpath("//figure/a/p/img")
    assert img.get("src") == "poster pasar.jpg"
    assert img.get("alt") == "Pasar pagi"


def test_several_embeds_and_their_lines():
    body = (
        "Paragraf.\n\n"
        f"!embed[https://youtu.be/{YT}]\n"
        "!embed[https://www.tiktok.com/@a/video/7301234567890123456]\n\n"
        "Lagi.\n\n"
        "!embed[https://vimeo.com/123]\n"
    )
    out, ctx = convert(body, first_line=8)
    assert out.count('<figure class="embed') == 2
    assert [(p.line, p.message.render("en")) for p in ctx.problems] == [
        (
            15,
            "'https://vimeo.com/123' is not the address of a YouTube, Instagram, TikTok, X or "
            "Facebook post",
        )
    ]
    assert str(ctx.problems[0]).startswith("content/articles/a/index.md:15: ")


def test_an_embed_inside_text_is_a_problem_at_its_line():
    _out, ctx = convert(f"Satu.\n\nLihat !embed[https://youtu.be/{YT}] ini.\n", first_line=5)
    assert [(p.line, p.message.render("en")) for p in ctx.problems] == [
        (7, "an embed must stand alone in its paragraph")
    ]


def test_a_poster_url_is_refused():
    _out, ctx = convert(f"!embed[https://youtu.be/{YT}](https://i.ytimg.com/vi/{YT}/0.jpg)\n")
    assert "must be a photo of the article's folder" in ctx.problems[0].message.render("en")


def test_an_embed_in_a_code_block_stays_code():
    out, ctx = convert(f"Contoh:\n\n    !embed[https://youtu.be/{YT}]\n")
    assert ctx.problems == [] and "<code>!embed[" in out
