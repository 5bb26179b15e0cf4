"""Lintas — development settings. Every site-specific value lives here;
``publishconf.py`` imports this and overrides what production needs."""

import os

# --- The portal ------------------------------------------------------------
SITENAME = "Lintas Totabuan"
SITE_TAGLINE = "Kabar Bolaang Mongondow Raya"
SITE_DESCRIPTION = (
    "Berita Kotamobagu dan Bolaang Mongondow Raya: pemerintahan, ekonomi, "
    "pendidikan, dan kehidupan warga."
)
PUBLISHER_NAME = "PT Lintas Totabuan Media"
AUTHOR = "Redaksi Lintas Totabuan"
# Absolute even in development: feeds and link previews need absolute URLs.
SITEURL = os.environ.get("LINTAS_SITEURL", "http://127.0.0.1:8000")
RELATIVE_URLS = False

# --- Language, time --------------------------------------------------------
DEFAULT_LANG = "id"
DATE_LOCALE = "id"  # Babel locale for dates; never the OS locale
UI_LANGUAGE = "id"  # gettext catalog in theme/translations
TIMEZONE = "Asia/Makassar"
TIMEZONE_LABEL = "WITA"
# Freeze the build clock (embargo, news sitemap window), e.g. "2016-09-03 12:00".
NEWSROOM_NOW = os.environ.get("LINTAS_NOW") or None

# --- Content ---------------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS: list[str] = []  # photo originals are never copied to the output
IGNORE_FILES = [".#*", "*~", "CREDITS.md"]
READERS = {"html": None, "rst": None}

NEWSROOM_CATEGORIES = [
    "Smart City",
    "Pemerintahan",
    "Ekonomi",
    "Pendidikan",
    "Kesehatan",
    "Olahraga",
    "Advertorial",
]
ADVERTORIAL_CATEGORY = "Advertorial"
ADVERTORIAL_LABEL = "Advertorial"
NEWSROOM_REGIONS = [
    "Kotamobagu",
    "Bolaang Mongondow",
    "Bolaang Mongondow Utara",
    "Bolaang Mongondow Timur",
    "Bolaang Mongondow Selatan",
]
NEWSROOM_AUTHORS = {
    "Rahmat Mokodompit": {
        "code": "man",
        "bio": "Redaktur pelaksana. Meliput pemerintahan dan pembangunan kota.",
    },
    "Sitti Paputungan": {
        "code": "sp",
        "bio": "Reporter ekonomi, UMKM, dan pendidikan di Bolaang Mongondow Raya.",
    },
    "Yusuf Mamonto": {
        "code": "yus",
        "bio": "Reporter kesehatan dan olahraga, berbasis di Lolak dan Kotamobagu.",
    },
}
NEWSROOM_DEFAULT_AUTHOR = "Rahmat Mokodompit"
NEWSROOM_STRICT = False  # dev: warn and leave bad files out; publish: refuse

# --- URLs: one folder per taxonomy, /halaman/N/ pagination (no collisions) ----
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "kategori/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
TAG_URL = "topik/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
AUTHOR_URL = "penulis/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
CATEGORIES_SAVE_AS = "kategori/index.html"
TAGS_SAVE_AS = "topik/index.html"
AUTHORS_SAVE_AS = "penulis/index.html"
ARCHIVES_SAVE_AS = "arsip/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_URL = "arsip/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"
DAY_ARCHIVE_SAVE_AS = ""
# Stories per archive page. Archive pages are counted from the oldest story and
# never change; a list's front page shows the 10-19 newest (plugins/reader_theme/
# pagination.py): a new story renders ~15 pages instead of every list page.
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "author": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/halaman/{number}/", "{base_name}/halaman/{number}/index.html"),
)
DIRECT_TEMPLATES = ["index", "categories", "tags", "authors", "archives"]

# Drafts and embargoed stories are never written anywhere.
DRAFT_URL = DRAFT_SAVE_AS = DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_URL = DRAFT_PAGE_LANG_SAVE_AS = ""

# Pelican's own feeds lack enclosures and use a guid validators reject:
# plugins/syndication owns every feed.
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TAG_FEED_ATOM = TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = FEED_ATOM = FEED_RSS = None

# --- Markdown --------------------------------------------------------------
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "photos.figures": {},  # figures and galleries; options: Photos section below
    },
    "output_format": "html",
}

# --- Theme, plugins --------------------------------------------------------
THEME = "theme"
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,  # titles and metadata are plain text: escape them
    "extensions": ["jinja2.ext.i18n"],
}
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "newsroom",
    "photos",
    "ui_language",
    "syndication",
    "incremental",  # after syndication, before search_index (see plugins/incremental)
    "structured_data",
    "search_index",
    "reader_theme",
    # Old links → 301 (lintas/plugins/redirects): reads content/redirects/*.tsv, writes
    # output/_redirects/ for deploy/nginx.conf. After photos (reads lead_photo, markup).
    "redirects",
    "live_preview",  # dev only: inert unless scripts/serve.py builds; publishconf drops it
]

# --- Build -----------------------------------------------------------------
OUTPUT_PATH = "output"
DELETE_OUTPUT_DIRECTORY = False  # scripts/build.py swaps a staged output in
CACHE_PATH = ".cache/pelican"
LOG_FILTER: list = []

# --- Photos (plugins/photos) ----------------------------------------------
# Rendition widths in CSS pixels; a photo narrower than a width skips it (no upscaling).
PHOTOS_WIDTHS = [480, 800, 1200, 1600]
# <source> formats, then the <img> fallback: "jpeg" must be listed (PNG replaces it
# for photos with transparency).
PHOTOS_FORMATS = ["webp", "jpeg"]
# AVIF (q60) as the first <source>: 17-29% smaller than WebP q80 but 5-8x the encoding
# CPU (BENCHMARKS.md "Photos"); worth it with more cores, or once the cache is warm.
PHOTOS_AVIF = False
PHOTOS_JPEG_QUALITY = 82
PHOTOS_WEBP_QUALITY = 80
PHOTOS_AVIF_QUALITY = 60  # libavif's 0-100 scale
# <img src> width: also the feed enclosure / media:content (same URL as the body).
PHOTOS_FALLBACK_WIDTH = 1200
# Displayed widths, as theme/static/css/lintas.css and photos.css lay photos out: full
# bleed on phones, the 42rem story column from 44rem; gallery: 2 columns, 3 from 40rem.
PHOTOS_SIZES = "(min-width: 44rem) 42rem, 100vw"
PHOTOS_GALLERY_SIZES = "(min-width: 44rem) 14rem, (min-width: 40rem) 33vw, 50vw"
PHOTOS_MAX_MEGAPIXELS = 50  # larger photos are refused (decompression-bomb guard)
# The Markdown extension checks photos while reading, in builds (the plugin adds the
# cache folder) and in scripts/check_content.py alike: the same limit for both.
MARKDOWN["extension_configs"]["photos.figures"] = {"max_megapixels": PHOTOS_MAX_MEGAPIXELS}
# Link previews (og:image): WhatsApp wants 1200x630 JPEG, at most 300 KB.
PHOTOS_SOCIAL_SIZE = (1200, 630)
PHOTOS_SOCIAL_MAX_BYTES = 300_000
PHOTOS_SOCIAL_QUALITY = 82  # first JPEG quality tried; lowered until under the limit
# More crops of the lead photo (article.photo_crops): JSON-LD's 16:9, 4:3 and 1:1.
PHOTOS_CROP_SIZES = [(1200, 675), (1200, 900), (1200, 1200)]
PHOTOS_CACHE_DIR = ".cache/photos"  # content-addressed; outside the output, never deleted
PHOTOS_MEDIA_DIR = "media"  # output folder of the renditions
PHOTOS_URL_PREFIX = "/media/"  # their URL path (nginx serves it immutable)
PHOTOS_WORKERS = None  # render processes; None: every CPU this build may use
# The lead photo (Cover, else the first photo) is shown above the story; its body
# figure, when it stands alone, is not repeated there.
PHOTOS_LEAD_IN_HEADER = True
PHOTOS_LIGHTBOX = True  # galleries open in a lightbox (theme/static/js/lightbox.js)
PHOTOS_REPORT = "last-build.json"  # counts of the last render, in PHOTOS_CACHE_DIR

# --- Feeds and sitemaps (plugins/syndication) -------------------------------
FEED_MAX_ITEMS = 50  # newest items per feed
FEED_MAX_BYTES = 2_000_000  # Google News: ≤ 2 MB per feed; the oldest items go first
FEED_MAX_ITEM_BYTES = 1_000_000  # Google News: ≤ 1 MB per article, else summary only
# A build that renders many feeds (a cold build: ~400 at 3,000 stories, 1.5-2 s in
# one process) renders them in forked processes; an edit renders a handful.
FEED_WORKERS = None  # None: every CPU this process may use
FEED_PARALLEL_MIN = 40  # feeds to render before forking pays
# WebSub hub announced in every feed and pinged by `make ping` after a deploy,
# e.g. "https://pubsubhubbub.appspot.com/". None: no hub link, no ping.
WEBSUB_HUB = os.environ.get("LINTAS_WEBSUB_HUB") or None
# One folder per feed, one folder per taxonomy: paths can never collide.
FEED_DIRS = {
    "site": "feed/",
    "news": "feed/berita/",  # news only, no advertorials: for aggregators
    "category": CATEGORY_URL + "feed/",
    "tag": TAG_URL + "feed/",
    "author": AUTHOR_URL + "feed/",
    "region": "wilayah/{slug}/feed/",
}
FEED_FILES = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}
FEED_TITLE_FORMAT = "{site} — {section}"  # e.g. "Lintas Totabuan — Kategori: Ekonomi"
# The Feeds page for partner editors (theme/templates/feeds.html).
DIRECT_TEMPLATES = [*DIRECT_TEMPLATES, "feeds"]
FEEDS_URL = "feeds/"
FEEDS_SAVE_AS = FEEDS_URL + "index.html"
SITEMAP_SAVE_AS = "sitemap.xml"
SITEMAP_MAX_URLS = 50_000  # per sitemap file (sitemaps.org); beyond that an index
SITEMAP_EXCLUDE = ["404.html"]  # output paths (glob) that are not pages to index
NEWS_SITEMAP_SAVE_AS = "sitemap-berita.xml"
NEWS_SITEMAP_WINDOW_HOURS = 48  # Google News: articles of the last 2 days only
NEWS_SITEMAP_MAX_URLS = 1000  # Google News: at most 1,000 URLs
ROBOTS_SAVE_AS = "robots.txt"

# --- Link previews and JSON-LD (plugins/structured_data) ----------------------
# Files under theme/static; their pixel sizes are read from the files.
STRUCTURED_DATA_LOGO = "img/logo.png"  # publisher logo (Google: at least 112x112)
STRUCTURED_DATA_DEFAULT_IMAGE = "img/social-default.jpg"  # preview of pages without a photo
# An article's og:image and JSON-LD "image" are the photos plugin's social image
# and crops of its lead photo: PHOTOS_SOCIAL_SIZE and PHOTOS_CROP_SIZES above.
STRUCTURED_DATA_HOME_LABEL = "Beranda"  # first BreadcrumbList item
STRUCTURED_DATA_SAME_AS: list[str] = []  # the portal's profiles elsewhere (sameAs)
OG_LOCALE = "id_ID"
TWITTER_SITE = None  # e.g. "@lintastotabuan"
# Dewan Pers' Pedoman Pemberitaan Media Siber (content/pages/pedoman-media-siber.md):
# linked from every footer and named as the publisher's publishingPrinciples.
PRESS_GUIDELINE_SLUG = "pedoman-media-siber"
STRUCTURED_DATA_SKIP_PAGES = ["404"]  # page_name of pages without canonical/previews

# --- Search (plugins/search_index) ------------------------------------------
SEARCH_INDEX_ENABLED = True
# One Indonesian index: Pagefind's Snowball stemmer joins "membangun" and
# "pembangunan" (both "bangun"). Keep it equal to DEFAULT_LANG (<html lang>),
# which the Pagefind UI also reads to choose its own Indonesian labels.
SEARCH_INDEX_LANGUAGE = DEFAULT_LANG
SEARCH_INDEX_BUNDLE_DIR = "pagefind"  # /pagefind/: index, pagefind-ui.js/.css
# Read only when the index is one bundle (SEARCH_INDEX_CHUNK_ARTICLES = 0); in
# chunks, each Pagefind run reads exactly its articles' folders.
SEARCH_INDEX_GLOB = "**/*.html"  # only pages with data-pagefind-body are indexed
# Pagefind 1.5.2 keeps every parsed page in memory until it writes the index:
# about 170 kB per story of the bench corpus, whatever the page around it, and
# no thread count or option changes that (10,000 stories in one run: 1.9 GB
# peak; issue 7 allows 1 GB). So the stories are indexed one year per Pagefind
# process (a year above this many stories: runs of whole months), each into its
# own bundle, merged again by the search page: peak ~350 MB at 2,000 stories,
# whatever the size of the archive. 0: one run over SEARCH_INDEX_GLOB.
SEARCH_INDEX_CHUNK_ARTICLES = 2000
SEARCH_INDEX_EXCLUDE_SELECTORS: list[str] = []
# The search page (theme/templates/search.html); the WebSite SearchAction of
# the home page's JSON-LD points here with ?q=.
DIRECT_TEMPLATES = [*DIRECT_TEMPLATES, "search"]
SEARCH_URL = "cari/"
SEARCH_SAVE_AS = SEARCH_URL + "index.html"
SEARCH_QUERY_PARAMETER = "q"

# --- Theme ------------------------------------------------------------------
# Region pages (plugins/reader_theme), one folder like every other taxonomy.
REGION_URL = "wilayah/{slug}/"
REGION_SAVE_AS = REGION_URL + "index.html"
REGIONS_URL = "wilayah/"
REGIONS_SAVE_AS = REGIONS_URL + "index.html"
# Every list is paginated (/halaman/N/): regions and monthly archives too.
PAGINATED_TEMPLATES = {**PAGINATED_TEMPLATES, "region": None, "period_archives": None}
INDEX_URL = ""  # "Newer" on /halaman/2/ leads to "/", not to "/index.html"
# 404.html at the output root, for the web server's error_page.
DIRECT_TEMPLATES = [*DIRECT_TEMPLATES, "404"]
THEME_RELATED_ARTICLES = 4  # under a story: by shared tags, then category
# The last build's ranking (a file in CACHE_PATH), reused while no story's
# date, tags or section changed; None ranks on every build.
THEME_RELATED_CACHE = "related-articles.pickle"
THEME_HOME_SECTION_ARTICLES = 4  # per category block on the home page
THEME_HOME_ADVERTORIALS = 3  # the separate, labelled advertorial block
THEME_ERROR_LATEST = 5  # headlines offered on the 404 page

# --- Live preview (plugins/live_preview, scripts/serve.py) ---------------------
# Only the preview server switches it on, for its own builds: `make html` output
# carries no reload script. publishconf.py removes the plugin.
LIVE_PREVIEW = False
LIVE_PREVIEW_DIR = "_pratinjau"  # output folder: reload script, banner styles, status, 404
LIVE_PREVIEW_POLL_MS = 1000  # how often an open page asks the server for a newer build

# --- Incremental builds (plugins/incremental) ----------------------------------
# Render only the pages whose inputs changed, write only changed bytes, and stop
# early when nothing changed; the output stays byte-identical to a clean build
# (tests/scale). False: every page is rendered on every build.
INCREMENTAL = True
INCREMENTAL_CACHE_DIR = ".cache/incremental"  # manifests of render keys, per output folder
INCREMENTAL_WORKERS = None  # processes rendering pages; None: every CPU this build may use
# Below this many pages to render (files to read), forking workers costs more
# than it saves.
INCREMENTAL_PARALLEL_MIN_PAGES = 300
INCREMENTAL_PARALLEL_MIN_READS = 40
# Settings that never change a page (besides output/cache paths and the frozen clock).
INCREMENTAL_VOLATILE_SETTINGS: list[str] = []
# Pelican's reader cache: Markdown is converted again only for changed bundles.
# The reader layer, never "generator": embargo and slug rules run on the reader
# path. plugins/incremental keys, loads and saves it (Pelican alone could not
# pickle our settings), so it is on only with the plugin.
CACHE_CONTENT = INCREMENTAL and "incremental" in PLUGINS
LOAD_CONTENT_CACHE = False  # loaded by plugins/incremental, never by Pelican itself
CONTENT_CACHING_LAYER = "reader"
GZIP_CACHE = False  # 13 MB at 3,000 stories; gzip: 3x slower to load, 5x to save (measured)
