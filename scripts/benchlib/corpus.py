"""A deterministic synthetic newsroom corpus in the project's bundle format.

    corpus = generate(CorpusSpec(articles=3000), Path("/dev/shm/corpus"))

``content/articles/<yyyy>/<mm>/<slug>/index.md`` (+ photos) and
``content/pages/*.md``, exactly as ``docs/content-format.md`` describes, with
the categories, regions and authors of the site settings (``NEWSROOM_*`` in
``pelicanconf.py``). About ten stories a day, Indonesian-like text, tags with
a long tail (a few topics are in every other story, most are rare), some
advertorials with a sponsor, and camera-like photos (the generator of
``scripts/bench_photos.py``) in every ``photo_every``-th story.

The same seed gives the same bytes: benchmarks of different runs, and the
incremental-build tests, compare like with like. ``hugo_tree`` writes the same
articles as a Hugo site for the baseline.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A portal publishes about ten stories a day, between early morning and night.
STORIES_PER_DAY = 10
DAY_START_HOUR, DAY_END_HOUR = 6, 22
FIRST_DAY = datetime(2016, 1, 1)
PHOTO_EVERY = 10  # one photo per this many stories, by default
ADVERTORIAL_SHARE = 0.05
CORRECTION_SHARE = 0.01
MODIFIED_SHARE = 0.15
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 6, 11
MIN_SENTENCES, MAX_SENTENCES = 2, 5
MIN_WORDS, MAX_WORDS = 8, 22
MIN_TAGS, MAX_TAGS = 2, 5
TAG_ZIPF = 1.0  # tag popularity ~ 1 / rank**TAG_ZIPF
CAMERA_SIZE = (4032, 3024)  # a 12 MP phone camera, as scripts/bench_photos.py
MANIFEST = "corpus.json"

# --- vocabulary (Indonesian-like news prose) -----------------------------------


def _words(text: str) -> list[str]:
    return text.split()


FUNCTION_WORDS = _words(
    "yang dan di ke dari untuk dengan pada ini itu dalam tidak akan oleh sebagai juga "
    "telah sudah masih bisa dapat harus lebih para agar karena serta namun tersebut "
    "kata ujar menurut bahwa saat setelah sebelum hingga sejak antara bagi atas"
)
CONTENT_WORDS = _words(
    "warga pemerintah kota kabupaten desa kelurahan kecamatan dinas kepala bupati "
    "wali anggaran program kegiatan masyarakat pembangunan jalan jembatan pasar "
    "sekolah guru siswa mahasiswa rumah sakit puskesmas pasien dokter petani nelayan "
    "pedagang harga beras cabai jagung kopra cengkih sawah irigasi bantuan sosial "
    "layanan publik aplikasi data laporan rapat sidang paripurna dewan anggota fraksi "
    "partai pemilihan calon suara tahun bulan pekan hari pagi sore malam ribu juta "
    "miliar rupiah persen tim lomba turnamen juara pelatih atlet lapangan stadion "
    "banjir longsor hujan kemarau sungai danau pantai hutan tambang emas investasi "
    "usaha mikro kecil menengah koperasi kredit bank pajak retribusi perizinan "
    "digital internet jaringan sinyal kesehatan imunisasi vaksin gizi stunting demam "
    "berdarah posyandu bidan perawat pendidikan kurikulum ujian beasiswa perpustakaan "
    "budaya adat festival tarian musik wisata pengunjung hotel kuliner tradisional "
    "modern baru lama besar kecil penting utama khusus umum daerah provinsi nasional "
    "pusat lokal setempat"
)
VERBS = _words(
    "membangun meresmikan menyalurkan membahas meninjau menyiapkan meningkatkan "
    "melatih mengeluhkan mendorong mengevaluasi meluncurkan menerima memperbaiki "
    "menggelar mengikuti menyerahkan mengusulkan menetapkan memantau mengajak "
    "menjelaskan menyampaikan mengingatkan menargetkan mencatat memastikan"
)
NAMES = (
    "Rosmawati Damopolii",
    "Salihi Mokodongan",
    "Hendra Pobela",
    "Yasti Soepredjo",
    "Sehan Landjar",
    "Depri Pontoh",
    "Iskandar Kamaru",
    "Herson Mayulu",
    "Nurdin Mokoagow",
    "Fitri Paputungan",
    "Abdul Manoppo",
    "Suryanti Lasabuda",
)
SUBJECTS = (
    "Pemkot Kotamobagu",
    "Pemkab Bolmong",
    "Pemkab Bolmut",
    "Pemkab Boltim",
    "Pemkab Bolsel",
    "DPRD Kotamobagu",
    "DPRD Bolmong",
    "Dinkes Kotamobagu",
    "Disdik Bolmong",
    "Polres Kotamobagu",
    "KPU Bolsel",
    "BPBD Bolmong",
    "Bupati Bolmut",
    "Wali Kota Kotamobagu",
    "Warga Passi",
    "Petani Dumoga",
    "Nelayan Lolak",
    "Pedagang Pasar Serasi",
    "Pelajar Kotamobagu",
    "Puskesmas Tutuyan",
    "RSUD Kotamobagu",
    "Kominfo Bolmong",
)
TITLE_VERBS = (
    "Gelar",
    "Bahas",
    "Tinjau",
    "Resmikan",
    "Salurkan",
    "Siapkan",
    "Tingkatkan",
    "Latih",
    "Keluhkan",
    "Dorong",
    "Evaluasi",
    "Luncurkan",
    "Terima",
    "Perbaiki",
    "Usulkan",
    "Pantau",
)
TITLE_OBJECTS = (
    "Bantuan Bibit Jagung",
    "APBD Perubahan",
    "Jalan Desa",
    "Program Imunisasi",
    "Festival Budaya",
    "Pasar Tradisional",
    "Layanan Perizinan Daring",
    "Beasiswa Mahasiswa",
    "Irigasi Sawah",
    "Jembatan Gantung",
    "Turnamen Sepak Bola",
    "Pelatihan UMKM",
    "Rumah Tidak Layak Huni",
    "Air Bersih",
    "Wi-Fi Gratis",
    "Posyandu Balita",
    "Kurikulum Baru",
    "Harga Cabai",
    "Tambang Rakyat",
    "Tenaga Honorer",
)
TITLE_TAILS = (
    "di {place}",
    "untuk {number} Warga",
    "Senilai Rp{number} Juta",
    "Tahun {year}",
    "di {number} Desa",
    "Pekan Depan",
    "Jelang Musim Hujan",
    "bagi {number} Pelajar",
)
PLACES = (
    "Kotamobagu",
    "Lolak",
    "Boroko",
    "Tutuyan",
    "Molibagu",
    "Dumoga",
    "Passi",
    "Modayag",
    "Bolangitang",
    "Pinolosian",
    "Motoboi Kecil",
    "Sangkub",
)
TAG_TOPICS = (
    "pemerintahan",
    "apbd",
    "dprd",
    "pilkada 2017",
    "kpu",
    "pendidikan",
    "kesehatan",
    "demam berdarah",
    "imunisasi",
    "umkm",
    "pertanian",
    "perikanan",
    "harga pangan",
    "infrastruktur",
    "jalan rusak",
    "banjir",
    "longsor",
    "sepak bola",
    "olahraga",
    "budaya",
    "pariwisata",
    "smart city",
    "layanan publik",
    "teknologi informasi",
    "tambang",
    "kopra",
    "cengkih",
    "beasiswa",
    "honorer",
    "air bersih",
    "stunting",
    "provinsi bmr",
    "kriminalitas",
    "lalu lintas",
    "narkoba",
    "lingkungan",
    "investasi",
    "perbankan",
    "koperasi",
    "pajak daerah",
)
PAGES = {
    "tentang-kami": "Tentang Kami",
    "redaksi": "Redaksi",
    "kontak": "Kontak",
    "pedoman-media-siber": "Pedoman Pemberitaan Media Siber",
}
SPONSORS = (
    "Pemerintah Kota Kotamobagu",
    "Bank SulutGo Cabang Kotamobagu",
    "PT Telekomunikasi Indonesia",
    "Dinas Pariwisata Bolmong",
)


# --- the data model --------------------------------------------------------------


@dataclass(frozen=True)
class CorpusSpec:
    articles: int
    photos: int | None = None  # None: one photo per PHOTO_EVERY stories
    seed: int = 20160902
    photo_size: tuple[int, int] = CAMERA_SIZE
    settings: str = "pelicanconf.py"  # where NEWSROOM_* come from
    # Newsroom-like photos: every story gets between these many photos (distinct
    # files); overrides ``photos``. None: ``photos`` as above.
    photos_per_story: tuple[int, int] | None = None
    photo_newest: int | None = None  # with photos_per_story: only the newest N stories
    drafts: int = 0  # stories with ``Status: draft``
    embargoed: int = 0  # the newest stories, dated after the build clock (``now``)

    @property
    def photo_count(self) -> int:
        return self.articles // PHOTO_EVERY if self.photos is None else self.photos


@dataclass
class Story:
    slug: str
    title: str
    date: datetime
    category: str
    tags: list[str]
    author: str
    region: str
    dateline: str
    summary: str
    body: str
    photo: str | None = None  # file name inside the bundle (the cover)
    more_photos: list[str] = field(default_factory=list)  # in the body, after the cover
    status: str | None = None  # "draft"
    embargoed: bool = False  # dated after Corpus.now
    modified: datetime | None = None
    sponsor: str | None = None
    correction: str | None = None
    byline: str = ""

    @property
    def folder(self) -> str:
        return f"articles/{self.date:%Y}/{self.date:%m}/{self.slug}"


@dataclass
class Corpus:
    root: Path  # holds content/ (and hugo/ when asked)
    spec: CorpusSpec
    stories: list[Story] = field(default_factory=list)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def now(self) -> str:
        """A build clock just after the newest story not under embargo (``LINTAS_NOW``)."""
        newest = max(s.date for s in self.stories if not s.embargoed)
        return f"{newest + timedelta(hours=1):%Y-%m-%d %H:%M}"

    def index_md(self, story: Story) -> Path:
        return self.content / story.folder / "index.md"


@dataclass(frozen=True)
class Newsroom:
    categories: list[str]
    advertorial: str
    regions: list[str]
    authors: dict[str, dict]

    @classmethod
    def from_settings(cls, settings_file: str | os.PathLike) -> Newsroom:
        from lintas.settings import read_settings

        path = Path(settings_file)
        settings = read_settings(str(path if path.is_absolute() else ROOT / path))
        return cls(
            list(settings["NEWSROOM_CATEGORIES"]),
            settings["ADVERTORIAL_CATEGORY"],
            list(settings["NEWSROOM_REGIONS"]),
            dict(settings["NEWSROOM_AUTHORS"]),
        )


# --- text ---------------------------------------------------------------------------


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Writer:
    """Deterministic Indonesian-like prose from one ``random.Random``."""

    def __init__(self, rnd: random.Random):
        self.rnd = rnd
        words = FUNCTION_WORDS * 3 + CONTENT_WORDS  # function words are the most frequent
        self.words = words

    def sentence(self) -> str:
        r = self.rnd
        count = r.randint(MIN_WORDS, MAX_WORDS)
        words = [r.choice(self.words) for _ in range(count)]
        words.insert(r.randrange(1, count), r.choice(VERBS))
        if r.random() < 0.3:
            words.insert(r.randrange(count), r.choice(PLACES))
        if r.random() < 0.2:
            words.insert(r.randrange(count), f"{r.randint(2, 950)}")
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self) -> str:
        r = self.rnd
        if r.random() < 0.12:
            quote = " ".join(self.sentence() for _ in range(r.randint(1, 2)))
            return f'"{quote[:-1]}," kata {r.choice(NAMES)}.'
        return " ".join(self.sentence() for _ in range(r.randint(MIN_SENTENCES, MAX_SENTENCES)))

    def body(self, photo: str | None, sponsor_url: str | None, more: list[str] = ()) -> str:
        r = self.rnd
        paragraphs = [self.paragraph() for _ in range(r.randint(MIN_PARAGRAPHS, MAX_PARAGRAPHS))]
        if r.random() < 0.1:
            items = "\n".join(f"- {self.sentence()}" for _ in range(r.randint(3, 5)))
            paragraphs.insert(r.randrange(2, len(paragraphs)), items)
        if r.random() < 0.1:
            paragraphs.insert(
                r.randrange(3, len(paragraphs)), f"## {self.sentence()[:-1].title()[:60]}"
            )
        if photo:
            alt = " ".join(r.choice(CONTENT_WORDS) for _ in range(6)).capitalize()
            caption = self.sentence()
            paragraphs.insert(1, f'![{alt}]({photo} "{caption}")')
        for n, name in enumerate(more):
            alt = " ".join(r.choice(CONTENT_WORDS) for _ in range(5)).capitalize()
            paragraphs.insert(min(3 + 2 * n, len(paragraphs)), f'![{alt}]({name} "{alt}.")')
        if sponsor_url:
            paragraphs.append(f"Informasi lebih lanjut: [{sponsor_url}]({sponsor_url}).")
        return "\n\n".join(paragraphs)


def _title(r: random.Random, year: int) -> str:
    tail = r.choice(TITLE_TAILS).format(
        place=r.choice(PLACES), number=r.randint(12, 980), year=year
    )
    return f"{r.choice(SUBJECTS)} {r.choice(TITLE_VERBS)} {r.choice(TITLE_OBJECTS)} {tail}"


def _tag_pool(r: random.Random) -> tuple[list[str], list[float]]:
    """Topics, then place-bound topics: a long tail, like a real newsroom's tags."""
    tags = list(TAG_TOPICS)
    tags += [f"{t} {p.lower()}" for t in TAG_TOPICS[:12] for p in PLACES]
    r.shuffle(tags)
    weights = [1 / (rank + 1) ** TAG_ZIPF for rank in range(len(tags))]
    return tags, weights


def _dates(r: random.Random, count: int) -> Iterator[datetime]:
    """About STORIES_PER_DAY a day, at distinct minutes, oldest first."""
    day = FIRST_DAY
    made = 0
    while made < count:
        minutes = r.sample(range(DAY_START_HOUR * 60, DAY_END_HOUR * 60), STORIES_PER_DAY)
        for minute in sorted(minutes):
            if made == count:
                return
            yield day + timedelta(minutes=minute)
            made += 1
        day += timedelta(days=1)


def make_stories(spec: CorpusSpec, newsroom: Newsroom) -> list[Story]:
    r = random.Random(spec.seed)
    writer = Writer(r)
    tags, weights = _tag_pool(r)
    news_categories = [c for c in newsroom.categories if c != newsroom.advertorial]
    authors = sorted(newsroom.authors)
    regions = newsroom.regions
    region_weights = [3 if i == 0 else 1 for i in range(len(regions))]  # the city leads
    photo_every = spec.articles / spec.photo_count if spec.photo_count else 0
    next_photo = 0.0
    photo_number = 0
    seen: set[str] = set()
    stories = []
    for index, date in enumerate(_dates(r, spec.articles)):
        title = _title(r, date.year)
        while slugify(title) in seen:  # titles give slugs (and vanilla Pelican's URLs)
            title = _title(r, date.year)
        seen.add(slugify(title))
        advertorial = r.random() < ADVERTORIAL_SHARE
        category = newsroom.advertorial if advertorial else r.choice(news_categories)
        sponsor = r.choice(SPONSORS) if advertorial else None
        photo = None
        if photo_every and index >= next_photo and photo_number < spec.photo_count:
            photo = f"kamera-{photo_number:05d}.jpg"
            photo_number += 1
            next_photo += photo_every
        region = r.choices(regions, region_weights)[0]
        chosen: list[str] = []
        for tag in r.choices(tags, weights, k=r.randint(MIN_TAGS, MAX_TAGS) * 2):
            if tag not in chosen:
                chosen.append(tag)
        author = r.choice(authors)
        modified = None
        if r.random() < MODIFIED_SHARE:
            modified = date + timedelta(minutes=r.randint(20, 600))
        correction = None
        if r.random() < CORRECTION_SHARE:
            fixed = date + timedelta(hours=r.randint(2, 30))
            correction = f"{fixed:%Y-%m-%d %H:%M} | {writer.sentence()}"
        sponsor_url = f"https://{slugify(sponsor)}.example/" if sponsor else None
        stories.append(
            Story(
                slug=slugify(title),
                title=title,
                date=date,
                category=category,
                tags=chosen[: r.randint(MIN_TAGS, MAX_TAGS)],
                author=author,
                region=region,
                dateline=r.choice(PLACES),
                summary=writer.sentence(),
                body=writer.body(photo, sponsor_url),
                photo=photo,
                modified=modified,
                sponsor=sponsor,
                correction=correction,
                byline=f"{newsroom.authors[author].get('code', 'red')}",
            )
        )
    if spec.photos_per_story or spec.drafts or spec.embargoed:
        _newsroom_extras(spec, stories)
    return stories


def _newsroom_extras(spec: CorpusSpec, stories: list[Story]) -> None:
    """Photos on every story, drafts, embargoes: from their own random stream,
    so corpora without them keep their bytes."""
    r = random.Random(spec.seed + 1)
    writer = Writer(r)
    number = 0
    if spec.photos_per_story:
        low, high = spec.photos_per_story
        first = len(stories) - (spec.photo_newest or len(stories))
        for story in stories[max(0, first) :]:
            names = [f"foto-{number + k:06d}.jpg" for k in range(r.randint(low, high))]
            number += len(names)
            story.photo, story.more_photos = names[0], names[1:]
            sponsor_url = f"https://{slugify(story.sponsor)}.example/" if story.sponsor else None
            story.body = writer.body(story.photo, sponsor_url, story.more_photos)
    for story in r.sample(stories[: -spec.embargoed or None], spec.drafts):
        story.status = "draft"
    newest = stories[-spec.embargoed - 1].date if spec.embargoed else None
    for k, story in enumerate(stories[len(stories) - spec.embargoed :]):
        story.embargoed = True
        story.date = newest + timedelta(days=1, hours=k)
        story.modified = story.correction = None  # they would precede the new date


def index_md(story: Story) -> str:
    """The story in the header format of docs/content-format.md."""
    lines = [
        f"Title: {story.title}",
        f"Date: {story.date:%Y-%m-%d %H:%M}",
    ]
    if story.modified:
        lines.append(f"Modified: {story.modified:%Y-%m-%d %H:%M}")
    lines += [
        f"Category: {story.category}",
        f"Tags: {', '.join(story.tags)}",
        f"Author: {story.author}",
        f"Byline: {story.byline}",
        f"Dateline: {story.dateline}",
        f"Region: {story.region}",
        f"Summary: {story.summary}",
    ]
    if story.photo:
        lines += [f"Cover: {story.photo}", "Photo-Credit: Lintas Totabuan"]
    if story.status:
        lines.append(f"Status: {story.status}")
    if story.sponsor:
        lines.append(f"Sponsor: {story.sponsor}")
    if story.correction:
        lines.append(f"Correction: {story.correction}")
    return "\n".join(lines) + "\n\n" + story.body + "\n"


def page_md(title: str, seed: int) -> str:
    writer = Writer(random.Random(seed))
    body = "\n\n".join(writer.paragraph() for _ in range(4))
    return f"Title: {title}\nSummary: {writer.sentence()}\n\n{body}\n"


# --- photos -----------------------------------------------------------------------


def _make_photo(job: tuple[str, int, tuple[int, int]]) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_photos import PORTRAIT_EVERY, PORTRAIT_ORIENTATION, SOURCE_QUALITY, synthetic_photo
    from PIL import ExifTags, Image

    path, seed, size = job
    exif = Image.Exif()
    if seed % PORTRAIT_EVERY == PORTRAIT_EVERY - 1:
        exif[ExifTags.Base.Orientation] = PORTRAIT_ORIENTATION
    tmp = f"{path}.tmp"
    synthetic_photo(seed=seed, size=size).save(
        tmp, "JPEG", quality=SOURCE_QUALITY, exif=exif.tobytes()
    )
    os.replace(tmp, path)


def make_photos(jobs: list[tuple[str, int, tuple[int, int]]], workers: int | None) -> None:
    todo = [job for job in jobs if not Path(job[0]).exists()]
    if not todo:
        return
    if workers == 1 or len(todo) == 1:
        for job in todo:
            _make_photo(job)
        return
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_make_photo, todo, chunksize=4))


# --- the corpus on disk --------------------------------------------------------------


def write_text(path: Path, text: str) -> None:
    """Replace, never write through: corpora are shared by hard links."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def generate(spec: CorpusSpec, root: Path, workers: int | None = None) -> Corpus:
    """Write the corpus under ``root/content`` (reused when ``root`` already holds
    this very spec: making thousands of camera photos takes minutes)."""
    newsroom = Newsroom.from_settings(spec.settings)
    corpus = Corpus(root, spec, make_stories(spec, newsroom))
    stamp = root / MANIFEST
    wanted = json.dumps(asdict(spec), sort_keys=True)
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return corpus
    root.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    photo_jobs = []
    for story in corpus.stories:
        write_text(corpus.index_md(story), index_md(story))
        for photo in [story.photo, *story.more_photos] if story.photo else []:
            number = int(photo.split("-")[1].split(".")[0])
            target = corpus.content / story.folder / photo
            photo_jobs.append((str(target), spec.seed + number, spec.photo_size))
    for n, (slug, title) in enumerate(PAGES.items()):
        write_text(corpus.content / "pages" / f"{slug}.md", page_md(title, spec.seed + n))
    make_photos(photo_jobs, workers)
    stamp.write_text(wanted, encoding="utf-8")
    return corpus


def extra_story(corpus: Corpus, number: int) -> Story:
    """A new story, the newest published one (for "add one article"): dated
    before the build clock (``Corpus.now``), so it goes live, unlike the
    embargoed stories dated after it."""
    newsroom = Newsroom.from_settings(corpus.spec.settings)
    r = random.Random(corpus.spec.seed * 7919 + number)
    writer = Writer(r)
    newest = max(s.date for s in corpus.stories if not s.embargoed)
    title = f"{_title(r, newest.year)} Edisi {number}"
    news = [c for c in newsroom.categories if c != newsroom.advertorial]
    return Story(
        slug=slugify(title),
        title=title,
        date=newest + timedelta(minutes=30),
        category=r.choice(news),
        tags=[r.choice(TAG_TOPICS), r.choice(TAG_TOPICS)],
        author=sorted(newsroom.authors)[0],
        region=newsroom.regions[0],
        dateline="Kotamobagu",
        summary=writer.sentence(),
        body=writer.body(None, None),
    )


def add_story(corpus: Corpus, story: Story) -> Path:
    path = corpus.index_md(story)
    write_text(path, index_md(story))
    return path


def edit_body(path: Path, marker: str) -> None:
    """Append a sentence to the last paragraph: a body edit, header untouched."""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    write_text(path, f"{text} Pembaruan {marker}.\n")
