"""``!baca[slug]`` (lintas.plugins.baca_juga): a linked card of another story;
a missing or unpublished story is a path:line problem, never a link."""

from __future__ import annotations

from lxml import html as lxml_html
from PIL import Image
from sitebuild import all_files, run_build, write_settings

STORY = """\
Title: {title}
Date: {date}
Category: Ekonomi
Author: Sitti Paputungan
{extra}
Paragraf pertama.

{body}
"""


def _story(content, slug, title, date="2016-09-10 08:00", body="Isi.", extra=""):
    bundle = content / "articles" / "2016" / "09" / slug
    bundle.mkdir(parents=True)
    text = STORY.format(title=title, date=date, body=body, extra=extra)
    (bundle / "index.md").write_text(text, encoding="utf-8")
    return bundle


def test_cards_link_published_stories_and_problems_name_their_line(tmp_path):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    target = _story(content, "harga-cabai-turun", "Harga Cabai Turun", extra="Cover: c.jpg\n")
    Image.new("RGB", (800, 500), (20, 140, 60)).save(target / "c.jpg")
    _story(content, "pasar-baru-dibuka", "Pasar Baru Dibuka", date="2016-09-11 08:00")
    _story(content, "rahasia-draf", "Draf ZQXBACADRAFT", extra="Status: draft\n")
    _story(content, "masa-depan", "Embargo ZQXBACAEMBARGO", date="2099-01-01 08:00")
    _story(
        content,
        "rangkuman-pekan",
        "Rangkuman Pekan",
        date="2016-09-12 08:00",
        body="!baca[harga-cabai-turun]\n\nTengah.\n\n!baca[/2016/09/pasar-baru-dibuka/]",
    )
    _story(content, "menunjuk-draf", "Menunjuk Draf", body="Teks.\n\n!baca[rahasia-draf]")
    _story(content, "menunjuk-embargo", "Menunjuk Embargo", body="!baca[masa-depan]")
    _story(content, "menunjuk-kosong", "Menunjuk Kosong", body="!baca[tidak-ada]")
    # A story naming one that is left out is left out too (never a dead link).
    _story(content, "berantai", "Berantai", body="!baca[menunjuk-kosong]")
    settings = write_settings(tmp_path, content, MESSAGES_LANGUAGE="en")  # the log in English
    result = run_build(settings, tmp_path / "output")
    assert result.returncode == 0, result.log
    out = result.output / "2016" / "09"

    page = lxml_html.parse(str(out / "rangkuman-pekan" / "index.html"))
    cards = page.xpath('//aside[@class="baca-juga"]')
    assert len(cards) == 2
    first, second = cards
    assert first.xpath("string(.//p)") == "Baca juga"
    assert first.xpath(".//a/@href")[0].endswith("/2016/09/harga-cabai-turun/")
    assert first.xpath("string(.//span)") == "Harga Cabai Turun"
    assert "September 2016" in first.xpath("string(.//time)")
    assert "/media/" in first.xpath(".//img/@src")[0]
    assert second.xpath(".//a/@href")[0].endswith("/2016/09/pasar-baru-dibuka/")
    assert not second.xpath(".//img")  # no photo: no thumbnail

    body_line = 8  # "!baca[...]" after 5 header lines, a blank line, "Paragraf pertama.", blank
    log = result.log
    assert f"menunjuk-draf/index.md:{body_line + 2}: 'baca juga' names 'rahasia-draf', " in log
    assert "which is not published yet" in log
    assert f"menunjuk-embargo/index.md:{body_line}: 'baca juga' names 'masa-depan'" in log
    assert f"menunjuk-kosong/index.md:{body_line}: 'baca juga' names 'tidak-ada', " in log
    for left_out in ("menunjuk-draf", "menunjuk-embargo", "menunjuk-kosong", "berantai"):
        assert not (out / left_out).exists(), left_out
    everything = b"".join(p.read_bytes() for p in all_files(result.output))
    assert b"ZQXBACA" not in everything
    assert b"rahasia-draf" not in everything and b"masa-depan" not in everything
