"""Benchmark `lintas import-wordpress` on a generated export: time and peak memory.

    .venv/bin/python scripts/bench_import.py                  # 50,000 posts
    .venv/bin/python scripts/bench_import.py --posts 5000 --work /tmp/wp-bench

Generates, in a work folder (default ``.cache/bench-import/``, never committed):
``export.xml`` — a WXR file of ``--posts`` posts (classic and block editor
HTML, [caption] photos, galleries, embeds, old slugs, categories, tags, 20
authors), one featured-image attachment per post listed after every post (as
WordPress exports them: the importer must keep them all from its first pass),
a page per 1,000 posts — and ``uploads/`` with a small JPEG for every
``--photo-every``-th post (the others are reported missing).

Then runs the import in a child process, twice: the import itself, and a
second run over the finished portal (resume: everything is skipped). Each is
measured with ``os.wait4``: wall time, CPU time and the child's peak resident
memory (``ru_maxrss``). Prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
AUTHORS = 20
CATEGORIES = ["Pemerintahan", "Ekonomi", "Pendidikan", "Kesehatan", "Olahraga", "Berita Daerah"]
TAGS = [f"topik {n}" for n in range(300)]
WORDS = """warga pemerintah kota kabupaten pasar harga jalan sekolah rumah sakit bupati wali
kota anggaran desa petani nelayan festival budaya pembangunan jembatan air bersih""".split()  # noqa: SIM905


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(n: int, length: int = 14) -> str:
    words = [WORDS[(n * 7 + i * 13) % len(WORDS)] for i in range(length)]
    return " ".join(words).capitalize() + "."


def post_body(n: int) -> str:
    """2-4 KB of the HTML real posts hold; a third in the block editor's markup."""
    image = f"https://lama.example/wp-content/uploads/2019/05/foto-{n}-1024x683.jpg"
    paragraphs = [" ".join(sentence(n + i + j) for j in range(4)) for i in range(6)]
    if n % 3 == 0:  # block editor
        parts = [f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->" for p in paragraphs]
        parts.insert(
            2,
            f'<!-- wp:image {{"id":{1_000_000 + n}}} -->\n<figure class="wp-block-image">'
            f'<img src="{image}" alt="" class="wp-image-{1_000_000 + n}"/><figcaption>'
            f"{sentence(n, 6)}</figcaption></figure>\n<!-- /wp:image -->",
        )
        parts.append("<!-- wp:heading -->\n<h2>Tanggapan warga</h2>\n<!-- /wp:heading -->")
    else:  # classic editor: no <p>, shortcodes
        parts = list(paragraphs)
        parts.insert(
            2,
            f'[caption id="attachment_{1_000_000 + n}" width="1024"]<img src="{image}" '
            f'alt="{sentence(n, 5)}" class="wp-image-{1_000_000 + n}" /> '
            f"{sentence(n, 6)}[/caption]",
        )
        parts.append("<h3>Tanggapan warga</h3>")
        parts.append(
            "<ul>\n<li>" + sentence(n, 6) + "</li>\n<li>" + sentence(n + 1, 6) + "</li>\n</ul>"
        )
    if n % 20 == 0:
        parts.append(f"https://www.youtube.com/watch?v=vid{n:06d}")
    if n % 50 == 0:
        parts.append('[contact-form-7 id="12" title="Kontak"]')
    parts.append(
        f'<p>Baca juga: <a href="https://lama.example/?p={max(1, n - 1)}">'
        "berita sebelumnya</a>.</p>"
    )
    return "\n\n".join(parts)


def write_export(path: Path, posts: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Bench</title><link>https://lama.example</link>\n"
            "<wp:base_site_url>https://lama.example</wp:base_site_url>\n"
            "<wp:base_blog_url>https://lama.example</wp:base_blog_url>\n"
        )
        for a in range(AUTHORS):
            out.write(
                f"<wp:author><wp:author_id>{a + 1}</wp:author_id>"
                f"<wp:author_login>{cdata(f'wartawan{a}')}"
                f"</wp:author_login><wp:author_display_name>{cdata(f'Wartawan Nomor {a}')}"
                "</wp:author_display_name></wp:author>\n"
            )
        for c, name in enumerate(CATEGORIES):
            slug = name.lower().replace(" ", "-")
            out.write(
                f"<wp:category><wp:term_id>{c + 1}</wp:term_id><wp:category_nicename>{slug}"
                f"</wp:category_nicename><wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n"
            )
        for n in range(1, posts + 1):
            day = 1 + n % 28
            month = 1 + (n // 28) % 12
            year = 2010 + (n // 336) % 14
            slug = f"berita-{n}-{WORDS[n % len(WORDS)]}"
            category = CATEGORIES[n % len(CATEGORIES)]
            tags = "".join(
                f'<category domain="post_tag" '
                f'nicename="{TAGS[(n * k) % len(TAGS)].replace(" ", "-")}">'
                f"{cdata(TAGS[(n * k) % len(TAGS)])}</category>"
                for k in (1, 7)
            )
            old_slug = (
                f"<wp:postmeta><wp:meta_key>_wp_old_slug</wp:meta_key><wp:meta_value>"
                f"{slug}-lama</wp:meta_value></wp:postmeta>"
                if n % 10 == 0
                else ""
            )
            out.write(
                f"<item><title>{escape(sentence(n, 8))}</title>"
                f"<link>https://lama.example/{year}/{month:02d}/{day:02d}/{slug}/</link>"
                f"<dc:creator>{cdata(f'wartawan{n % AUTHORS}')}</dc:creator>"
                f"<content:encoded>{cdata(post_body(n))}</content:encoded>"
                f"<excerpt:encoded>{cdata(sentence(n, 12))}</excerpt:encoded>"
                f"<wp:post_id>{n}</wp:post_id>"
                f"<wp:post_date>{year}-{month:02d}-{day:02d} 08:{n % 60:02d}:00</wp:post_date>"
                f"<wp:post_date_gmt>{year}-{month:02d}-{day:02d} 00:{n % 60:02d}:00"
                "</wp:post_date_gmt>"
                f"<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>"
                f"<wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="{category.lower().replace(" ", "-")}">'
                f"{cdata(category)}</category>{tags}"
                f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>"
                f"{1_000_000 + n}</wp:meta_value></wp:postmeta>{old_slug}</item>\n"
            )
            if n % 1000 == 0:
                out.write(
                    f"<item><title>Halaman {n}</title><link>https://lama.example/halaman-{n}/</link>"
                    f"<dc:creator>wartawan0</dc:creator><content:encoded>{cdata(post_body(n))}"
                    f"</content:encoded><wp:post_id>{2_000_000 + n}</wp:post_id>"
                    f"<wp:post_date>2015-01-01 08:00:00</wp:post_date>"
                    f"<wp:post_name>halaman-{n}</wp:post_name><wp:status>publish</wp:status>"
                    f"<wp:post_type>page</wp:post_type></item>\n"
                )
        for n in range(1, posts + 1):  # attachments after every post
            out.write(
                f"<item><title>foto-{n}</title>"
                f"<link>https://lama.example/?attachment_id={1_000_000 + n}</link>"
                f"<excerpt:encoded>{cdata(sentence(n, 6))}</excerpt:encoded>"
                f"<wp:post_id>{1_000_000 + n}</wp:post_id><wp:post_name>foto-{n}</wp:post_name>"
                f"<wp:status>inherit</wp:status><wp:post_parent>{n}</wp:post_parent>"
                f"<wp:post_type>attachment</wp:post_type><wp:attachment_url>"
                f"https://lama.example/wp-content/uploads/2019/05/foto-{n}.jpg</wp:attachment_url>"
                f"<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>"
                f"2019/05/foto-{n}.jpg</wp:meta_value></wp:postmeta>"
                f"<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>"
                f"{escape(sentence(n, 5))}</wp:meta_value></wp:postmeta></item>\n"
            )
        out.write("</channel>\n</rss>\n")


def write_uploads(folder: Path, posts: int, every: int) -> int:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 120, 160)).save(buffer, "JPEG", quality=80)
    data = buffer.getvalue()
    target = folder / "2019" / "05"
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for n in range(1, posts + 1, every):
        (target / f"foto-{n}.jpg").write_bytes(data)
        written += 1
    return written


def measure(command: list[str], cwd: Path) -> dict:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{error[-3000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,  # Linux: kilobytes
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--photo-every", type=int, default=2, help="posts per photo in uploads/")
    parser.add_argument("--work", type=Path, default=ROOT / ".cache" / "bench-import")
    args = parser.parse_args(argv)

    work = args.work.resolve()
    if work.exists():
        shutil.rmtree(work)
    (work / "content" / "pages").mkdir(parents=True)
    started = time.perf_counter()
    write_export(work / "export.xml", args.posts)
    photos = write_uploads(work / "uploads", args.posts, args.photo_every)
    generated = time.perf_counter() - started
    size_mb = (work / "export.xml").stat().st_size / 1e6
    settings = work / "settings.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"PATH = {str(work / 'content')!r}\n",
        encoding="utf-8",
    )
    lintas = str(Path(sys.executable).with_name("lintas"))
    command = [
        lintas, "import-wordpress", str(work / "export.xml"), "--uploads", str(work / "uploads"),
        "--content", str(work / "content"), "--settings", str(settings),
        "--report", str(work / "laporan.md"),
    ]  # fmt: skip
    first = measure(command, work)
    again = measure(command, work)
    stories = sum(1 for _ in (work / "content" / "articles").rglob("index.md"))
    redirects = sum(
        1
        for line in (work / "content" / "redirects" / "wordpress.tsv").open(encoding="utf-8")
        if not line.startswith("#")
    )
    print(
        f"export: {args.posts:,} posts, {size_mb:.0f} MB, {photos:,} photos in uploads/ "
        f"(generated in {generated:.0f} s); imported {stories:,} stories, {redirects:,} redirects\n"
    )
    print("| run | wall | CPU | peak RSS |")
    print("|---|---:|---:|---:|")
    for name, result in (("import", first), ("second run (all skipped)", again)):
        print(
            f"| {name} | {result['wall']:.0f} s | {result['cpu']:.0f} s | "
            f"{result['peak_mb']:.0f} MB |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
