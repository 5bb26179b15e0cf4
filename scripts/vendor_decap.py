"""Vendor Decap CMS into the lintas package, and list its interface strings in
the desk's gettext catalogs.

    .venv/bin/python scripts/vendor_decap.py

Decap CMS ships a prebuilt browser bundle (``dist/decap-cms.js`` with the
chunks it loads on demand). A portal installed from the wheel has no
node_modules, so the bundle lives in ``lintas/desk/vendor/decap_cms/`` as
package data. This script fetches the pinned tarballs with ``npm pack`` (npm
checks them against the registry's hashes; we check them against ours too),
copies the runtime files (no source maps) and writes ``VERSION.json``.

It also adds every English string of Decap's interface (decap-cms-locales)
to ``lintas/theme/translations/{id,en}/LC_MESSAGES/desk.po``, keyed by its
place in Decap's locale object (msgctxt), keeping the translations already
there. Run ``lintas serve --desk`` to see them: the Indonesian locale is made
from the catalog at serve time (``lintas/desk/locale.py``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "lintas" / "desk" / "vendor" / "decap_cms"
TRANSLATIONS = ROOT / "lintas" / "theme" / "translations"
DOMAIN = "desk"

DECAP = (
    "decap-cms",
    "3.16.3",
    "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==",
)
# The locales decap-cms-app 3.16.3 depends on (npm view decap-cms-app@3.16.3 dependencies).
LOCALES = (
    "decap-cms-locales",
    "3.8.2",
    "sha512-ATsQ1bxPNQe5kQy4aB3rQmJEDiNi6I05lVaTENgQOz9eI8RnPLJQQTxnvQKCn9aYCHC0/yxrNmdm8903mEBEZg==",
)
# What the browser loads: the bundle, its lazily loaded chunks and WebAssembly.
RUNTIME_SUFFIXES = (".decap-cms.js", ".wasm")


def npm_pack(name: str, version: str, integrity: str, into: Path) -> Path:
    subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--pack-destination", str(into)],
        check=True,
        capture_output=True,
    )
    tarball = into / f"{name}-{version}.tgz"
    algorithm, expected = integrity.split("-", 1)
    digest = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
    if digest != expected:
        sys.exit(f"{tarball.name}: {algorithm} {digest} is not the pinned {expected}")
    folder = into / name
    with tarfile.open(tarball) as archive:
        archive.extractall(folder, filter="data")
    return folder / "package"


def vendor_bundle(package: Path) -> dict:
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    VENDOR.mkdir(parents=True)
    dist = package / "dist"
    files = ["decap-cms.js", "decap-cms.js.LICENSE.txt"]
    chunks = [p.name for p in dist.iterdir() if p.name.endswith(RUNTIME_SUFFIXES)]
    files += sorted(n for n in chunks if n != "decap-cms.js")
    for name in files:
        shutil.copyfile(dist / name, VENDOR / name)
    manifest = json.loads((package / "package.json").read_text(encoding="utf-8"))
    info = {
        "name": manifest["name"],
        "version": manifest["version"],
        "license": manifest["license"],
        "integrity": DECAP[2],
        "source": f"https://registry.npmjs.org/{DECAP[0]}/-/{DECAP[0]}-{DECAP[1]}.tgz",
        "files": len(files),
        "bytes": sum((VENDOR / n).stat().st_size for n in files),
    }
    (VENDOR / "VERSION.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return info


def english_strings(package: Path) -> dict[str, str]:
    """Decap's English locale, flattened to ``{"app.header.content": "Contents"}``."""
    source = package / "dist" / "esm" / "en" / "index.js"
    script = (
        f"import en from {json.dumps(source.as_uri())};"
        "const flat = {};"
        "const walk = (o, p) => { for (const [k, v] of Object.entries(o)) {"
        "  const key = p ? p + '.' + k : k;"
        "  if (typeof v === 'object') walk(v, key); else flat[key] = v; } };"
        "walk(en, ''); console.log(JSON.stringify(flat));"
    )
    # The package is not marked "type": "module"; give node the file as a module.
    module = source.with_suffix(".mjs")
    shutil.copyfile(source, module)
    script = script.replace(source.as_uri(), module.as_uri())
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout)


def update_catalogs(strings: dict[str, str]) -> None:
    for language in ("id", "en"):
        path = TRANSLATIONS / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=language)
        else:
            catalog = Catalog(locale=language, project="Lintas desk", domain=DOMAIN)
        for key, english in strings.items():
            context = f"decap.{key}"
            known = catalog.get(english, context=context)
            if known is None:
                # English needs no translation: Decap's own English is the text.
                catalog.add(english, english if language == "en" else "", context=context)
        # Strings Decap dropped: keep Lintas's own (lintas.*), drop Decap's stale ones.
        for message in list(catalog):
            context = message.context or ""
            if context.startswith("decap.") and context[6:] not in strings:
                catalog.delete(message.id, context=context)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, sort_output=False, omit_header=False)


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        info = vendor_bundle(npm_pack(*DECAP, Path(scratch)))
        update_catalogs(english_strings(npm_pack(*LOCALES, Path(scratch))))
    print(
        f"{info['name']} {info['version']} ({info['license']}): {info['files']} files, "
        f"{info['bytes'] / 1e6:.1f} MB in {VENDOR.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
