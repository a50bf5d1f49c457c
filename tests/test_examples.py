"""Each bundled example's draft against its expected draft in tests/expected/.

A rule change that alters what cf writes shows up here as a diff of real stories. When the
change is meant, read the diff as a writer would, then regenerate and commit the files:

    python -m pytest tests/test_examples.py --update-expected
"""
from __future__ import annotations

import difflib

import pytest

from cf.models import Style
from cf.summarise.faithful import check
from cf.summarise.pipeline import summarise

from conftest import EXAMPLES, ROOT

INPUTS = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".pdf", ".txt"))
# Kept with the tests, not beside the examples: `cf summarise examples/` reads every .txt there.
EXPECTED = ROOT / "tests" / "expected"


def expected_path(path):
    return EXPECTED / f"{path.name}.txt"


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_draft_matches_its_expected_draft(path, update_expected):
    result = summarise(path.read_bytes(), path.name, Style())
    draft = result.summary.text
    assert check(result.summary, result.letter) == [], "every sentence of the draft is in the letter"
    target = expected_path(path)
    if update_expected:
        target.write_text(draft, encoding="utf-8")
        return
    assert target.exists(), f"no expected draft: run pytest {__file__} --update-expected"
    want = target.read_text(encoding="utf-8")
    if draft != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), draft.splitlines(True),
                                            str(target.name), "fresh draft"))
        pytest.fail(f"the draft of {path.name} changed:\n{diff}")


def test_every_example_has_an_expected_draft():
    assert INPUTS, "examples/ holds sample letters"
    for path in INPUTS:
        assert expected_path(path).exists(), path.name
