"""The redirects plugin's settings, with their defaults."""

from __future__ import annotations

from lintas.core.config import setting

SETTINGS = (
    setting(
        "REDIRECTS_SOURCES",
        ["redirects/*.tsv"],
        list,
        tuple,
        doc="mapping files (globs under PATH), read in order; the first line for an old URL wins",
    ),
    setting(
        "REDIRECTS_DIR",
        "_redirects",
        str,
        doc="output folder of the nginx maps and redirects.txt (deploy/nginx.conf includes it)",
    ),
)
