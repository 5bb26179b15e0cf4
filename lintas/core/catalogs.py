"""Compile the theme's gettext catalogs (theme/translations/*/LC_MESSAGES/*.po)
to .mo files with Babel. Run by `make html`, `make serve` and `make test`."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def compile_catalogs(translations: Path) -> list[Path]:
    written = []
    for po_path in sorted(translations.glob("*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parts[-3])
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog)
        written.append(mo_path)
    return written


def main() -> int:
    written = compile_catalogs(ROOT / "theme" / "translations")
    if not written:
        print("no catalogs found in theme/translations", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
