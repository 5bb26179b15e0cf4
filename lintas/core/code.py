"""Which files are the engine's code, for the keys of the incremental build.

The core, the plugins, the settings assembly and the Pelican compatibility
module shape every page; the commands (``lintas.cli``) and one-off tools (the
WordPress importer) do not, so editing them never forces a full rebuild.
A portal's own plugins (``PLUGIN_PATHS``) count as code too.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .digest import tree_files

PACKAGE = Path(__file__).resolve().parent.parent
ENGINE_FOLDERS = (PACKAGE / "core", PACKAGE / "plugins")
ENGINE_FILES = (PACKAGE / "settings.py", PACKAGE / "pelican_compat.py")


def engine_code_files(settings: Mapping[str, Any], suffixes: tuple[str, ...] = ()) -> list[Path]:
    """The engine's code files and the portal's plugins, in a stable order."""
    files: list[Path] = []
    for folder in (*ENGINE_FOLDERS, *(Path(p) for p in settings.get("PLUGIN_PATHS", ()))):
        files += tree_files(folder, suffixes)
    files += [f for f in ENGINE_FILES if f.exists() and (not suffixes or f.suffix in suffixes)]
    return files
