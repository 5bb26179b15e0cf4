"""The package's layout rules, checked on the source (issue 13):

- no ``sys.path`` manipulation anywhere in the engine;
- a plugin imports the core (``lintas.core``, ``lintas.pelican_compat``) and
  its own package, never another plugin;
- nothing the incremental build keys on (core, plugins, settings) imports the
  commands or the WordPress importer, whose edits must not force rebuilds.
"""

from __future__ import annotations

import ast
from pathlib import Path

from sitebuild import ROOT

ENGINE = ROOT / "lintas"
PLUGINS = ENGINE / "plugins"


def imported_modules(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in ``path`` (a file under ``root``)."""
    # The package a relative import starts from: the folder, for __init__.py too.
    package = ".".join(path.relative_to(root).parent.parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]
    return found


def test_no_sys_path_manipulation_in_the_engine():
    offenders = []
    for path in sorted(ENGINE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "path"
                and isinstance(node.value, ast.Name)
                and node.value.id == "sys"
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders


def test_a_plugin_never_imports_another_plugin():
    plugins = sorted(p.name for p in PLUGINS.iterdir() if (p / "__init__.py").is_file())
    assert len(plugins) >= 9
    offenders = []
    for plugin in plugins:
        for path in sorted((PLUGINS / plugin).rglob("*.py")):
            for line, module in imported_modules(path):
                if not module.startswith("lintas.plugins."):
                    continue
                other = module.split(".")[2]
                if other != plugin:
                    offenders.append(f"{path.relative_to(ROOT)}:{line}: imports {module}")
    assert not offenders, "\n".join(offenders)


def test_keyed_code_never_imports_the_commands_or_the_importer():
    keyed = [*sorted((ENGINE / "core").rglob("*.py")), *sorted(PLUGINS.rglob("*.py"))]
    keyed += [ENGINE / "settings.py", ENGINE / "pelican_compat.py"]
    offenders = []
    for path in keyed:
        for line, module in imported_modules(path):
            if module.startswith(("lintas.cli", "lintas.wordpress")):
                offenders.append(f"{path.relative_to(ROOT)}:{line}: imports {module}")
    # lintas/settings.py reads the commands' own setting declarations (deploy,
    # alert): declarations only, listed in COMMAND_SETTINGS.
    offenders = [o for o in offenders if not o.startswith("lintas/settings.py")]
    assert not offenders, "\n".join(offenders)


def test_the_checks_see_an_offence(tmp_path):
    """They can fail: a plugin importing another is found with its line."""
    fake = tmp_path / "lintas" / "plugins" / "photos" / "x.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("import os\nfrom lintas.plugins.newsroom import reader\nfrom . import y\n")
    found = imported_modules(fake, tmp_path)
    assert (2, "lintas.plugins.newsroom.reader") in found
    assert (3, "lintas.plugins.photos.y") in found
