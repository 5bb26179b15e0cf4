"""docs/configuration.md is generated from the settings the engine declares
(scripts/settings_doc.py): it must list every one of them, as they are now."""

from __future__ import annotations

import subprocess

from sitebuild import PYTHON, ROOT

from lintas.core.config import defaults
from lintas.settings import ENGINE, PLUGIN_ORDER, declarations

PAGE = ROOT / "docs" / "configuration.md"


def test_the_configuration_page_is_up_to_date():
    result = subprocess.run(
        [PYTHON, "scripts/settings_doc.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_the_page_lists_every_setting_with_its_default():
    text = PAGE.read_text(encoding="utf-8").replace("\\|", "|")  # unescaped table cells
    declared = declarations(list(PLUGIN_ORDER))
    assert len(declared) > 80
    for name, default in defaults(declared).items():
        assert f"| `{name}` | `{default!r}` |" in text, name
    for name in ENGINE:
        assert f"| `{name}` |" in text, name


def test_a_changed_default_makes_the_page_stale(tmp_path):
    """The check compares the whole page: one edited row is enough."""
    edited = tmp_path / "configuration.md"
    original = PAGE.read_text(encoding="utf-8")
    edited.write_text(
        original.replace("| `PHOTOS_JPEG_QUALITY` | `82`", "| `PHOTOS_JPEG_QUALITY` | `80`")
    )
    assert edited.read_text() != original
    script = (ROOT / "scripts" / "settings_doc.py").read_text(encoding="utf-8")
    copy = tmp_path / "scripts" / "settings_doc.py"
    copy.parent.mkdir()
    copy.write_text(script)
    (tmp_path / "docs").mkdir()
    edited.rename(tmp_path / "docs" / "configuration.md")
    result = subprocess.run([PYTHON, copy, "--check"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "docs/configuration.md is stale" in result.stderr
