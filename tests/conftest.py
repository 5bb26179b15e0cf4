"""Session fixtures shared by every test folder. Helpers live in sitebuild.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import CHROMIUM, CHROMIUM_ARGS, ROOT, BuildResult, run_build


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> BuildResult:
    """The sample portal, built once with the development settings."""
    folder = tmp_path_factory.mktemp("sample")
    result = run_build(ROOT / "pelicanconf.py", folder / "output")
    assert result.returncode == 0, result.log
    return result


@pytest.fixture(scope="session")
def sample_output(sample_site) -> Path:
    return sample_site.output


@pytest.fixture(scope="session")
def browser():
    # Fail, never skip: a browser test that silently skips tests nothing.
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run `make system-deps`"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
