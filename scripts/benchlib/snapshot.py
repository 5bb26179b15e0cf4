"""A frozen copy of the code a build uses, so that work on the tree during a
benchmark or a test does not change the code between the builds compared.

The copy holds the engine package (``lintas/``) and the portal's settings;
a build uses it when ``code_env(copy)`` is in its environment (PYTHONPATH
puts the copy before the installed engine)."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CODE = ("lintas", "pelicanconf.py", "publishconf.py")


def snapshot_code(target: Path) -> Path:
    """Copy ``CODE`` (without ``__pycache__``) into the new folder ``target``."""
    target.mkdir(parents=True)
    for name in CODE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def code_env(target: Path) -> dict[str, str]:
    """Environment variables that make a child process import the frozen engine."""
    return {"PYTHONPATH": str(target)}
