"""Shared fixtures: where the corpus is, and isolation of user paths."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Never read or write the real user's config or cache."""
    monkeypatch.setenv("CF_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("CF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def pytest_addoption(parser):
    parser.addoption("--update-expected", action="store_true", default=False,
                     help="rewrite examples/*.expected.txt from fresh drafts instead of comparing")


@pytest.fixture
def update_expected(request) -> bool:
    return bool(request.config.getoption("--update-expected"))
