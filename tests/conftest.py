"""Shared fixtures: where the corpus is, and isolation of user paths."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The shared folder (corpus, seeds, labels) beside the checkout; CF_SHARED_DIR points the
# tests elsewhere (at a missing folder, to see that the suite skips rather than crashes).
SHARED = Path(os.environ.get("CF_SHARED_DIR") or ROOT.parent / "shared")
CORPUS = SHARED / "corpus"
EXAMPLES = ROOT / "examples"
NO_BROWSER = "needs Chromium for the review page's tests (apt-get install chromium)"
NO_SHARED = (f"needs the project's wider data (the corpus, seeds and labels) in {SHARED}, which "
             "is not there; examples/ still covers each kind of document")


def pytest_configure(config):
    config.addinivalue_line("markers", "needs_corpus: reads ../shared (corpus, seeds or labels); "
                                       "skipped when it is not beside the checkout")
    config.addinivalue_line("markers", "needs_browser: drives Chromium; skipped without one, "
                                       "unless CF_REQUIRE_BROWSER is set")


@pytest.hookimpl(tryfirst=True)  # before pytest's own skips (an empty parameter set)
def pytest_runtest_setup(item):
    if item.get_closest_marker("needs_corpus") and not SHARED.is_dir():
        pytest.skip(NO_SHARED)
    # Skipped here, not in a fixture, so the reason is one line for all of them.
    if item.get_closest_marker("needs_browser") and chromium_path() is None \
            and not os.environ.get("CF_REQUIRE_BROWSER"):
        pytest.skip(NO_BROWSER)


def chromium_path() -> str | None:
    """The system's Chromium, for the review page's tests (CF_CHROMIUM names another)."""
    for candidate in (os.environ.get("CF_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Never read or write the real user's config or cache."""
    monkeypatch.setenv("CF_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("CF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def pytest_addoption(parser):
    parser.addoption("--update-expected", action="store_true", default=False,
                     help="rewrite tests/expected/*.txt (the examples' drafts) from fresh drafts instead of comparing")
    parser.addoption("--update-readme", action="store_true", default=False,
                     help="rewrite README's reference blocks from the code instead of comparing")


@pytest.fixture
def update_expected(request) -> bool:
    return bool(request.config.getoption("--update-expected"))


@pytest.fixture
def update_readme(request) -> bool:
    return bool(request.config.getoption("--update-readme"))
