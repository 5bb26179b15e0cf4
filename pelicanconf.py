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
DEFAULT_PAGINATION = 12
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
    "ui_language",
    "syndication",
    "structured_data",
    "search_index",
]

# --- Build -----------------------------------------------------------------
OUTPUT_PATH = "output"
DELETE_OUTPUT_DIRECTORY = False  # scripts/build.py swaps a staged output in
CACHE_PATH = ".cache/pelican"
LOG_FILTER: list = []

# --- Photos (plugins/photos) ----------------------------------------------

# --- Feeds and sitemaps (plugins/syndication) -------------------------------

# --- Link previews and JSON-LD (plugins/structured_data) ----------------------

# --- Search (plugins/search_index) ------------------------------------------

# --- Theme ------------------------------------------------------------------
