"""Lintas Totabuan — the portal's development settings.

Only what is this portal's own lives here: the engine's defaults are declared
once, by the part of the engine that reads them (``lintas/settings.py`` for
Pelican's own settings, each plugin's ``settings.py`` for its own; `docs/
configuration.md` lists them all). Name a setting here to override it.
``publishconf.py`` imports this file and overrides what production needs.
"""

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

# --- Time --------------------------------------------------------------------
TIMEZONE = "Asia/Makassar"
TIMEZONE_LABEL = "WITA"

# --- Sections, regions, reporters --------------------------------------------
# Written as content, editable without Python: content/sections/<slug>.md,
# content/regions/<slug>.md and content/authors/<slug>.md (docs/content-format.md).
ADVERTORIAL_CATEGORY = "Advertorial"

# --- Feeds -------------------------------------------------------------------
# WebSub hub announced in every feed and pinged after a deploy, e.g.
# "https://pubsubhubbub.appspot.com/". None: no hub link, no ping.
WEBSUB_HUB = os.environ.get("LINTAS_WEBSUB_HUB") or None

# --- Link previews -----------------------------------------------------------
STRUCTURED_DATA_SAME_AS: list[str] = []  # the portal's profiles elsewhere (sameAs)
TWITTER_SITE = None  # e.g. "@lintastotabuan"

# --- Sections (plugins/reader_theme) ---------------------------------------------
# Under each section's heading and in its meta description.
THEME_SECTION_DESCRIPTIONS = {
    "Smart City": "Transformasi digital Kotamobagu dan Bolaang Mongondow Raya: layanan "
    "publik daring, data terbuka, dan teknologi untuk warga.",
    "Pemerintahan": "Kebijakan pemerintah kota dan kabupaten, DPRD, pilkada, dan "
    "pelayanan publik di Bolaang Mongondow Raya.",
    "Ekonomi": "Harga di pasar, UMKM, koperasi, pertanian, dan investasi di "
    "Kotamobagu dan sekitarnya.",
    "Pendidikan": "Sekolah, kampus, guru, dan prestasi pelajar Bolaang Mongondow Raya.",
    "Kesehatan": "Layanan puskesmas dan rumah sakit, program kesehatan, dan kabar kesehatan warga.",
    "Olahraga": "Kompetisi, atlet daerah, dan kegiatan olahraga warga Bolaang Mongondow Raya.",
    "Advertorial": "Konten berbayar dari mitra kami, ditandai jelas dan terpisah dari berita.",
}

# --- Web desk (lintas serve --desk) -------------------------------------------
# Logins of nginx's basic auth in front of the desk on the newsroom LAN
# (docs/operations.md): only editors may set a story to published.
DESK_USERS = {
    "rahmat": {"name": "Rahmat Mokodompit", "role": "editor"},
    "sitti": {"name": "Sitti Paputungan", "role": "reporter"},
    "yusuf": {"name": "Yusuf Mamonto", "role": "reporter"},
}
