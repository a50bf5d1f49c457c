"""Drafts of a spread sample of real documents: what a reader sees first is well formed, and
every sentence can be found in the letter (the whole corpus: benchmarks/drafts.py)."""
from __future__ import annotations

import sys

import pytest

from cf.models import Style
from cf.summarise.faithful import check
from cf.summarise.pipeline import summarise

from conftest import CORPUS, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from drafts import Draft, defects, faults  # the benchmark's checks: one home for them

KINDS = ("focused", "ilacs", "jtai", "send", "legacy")
ALL = sorted(p for d in KINDS for p in (CORPUS / d).glob("*.pdf")) if CORPUS.exists() else []
SAMPLE = ALL[::10] + [p for p in ALL if p.parent.name == "legacy"]


@pytest.mark.needs_corpus
@pytest.mark.parametrize("path", SAMPLE, ids=[f"{p.parent.name}/{p.name}" for p in SAMPLE])
def test_headline_and_lead_read_well_and_the_draft_is_faithful(path):
    result = summarise(path.read_bytes(), str(path), Style())
    assert defects(result.letter, result.summary) == []
    assert check(result.summary, result.letter) == []
    # What an editor rejects (issue 17): background leads, a lead without the council, a
    # positive `However,` after a list of strengths, a quote that points back, ...
    assert faults(Draft(path, result.letter, result.summary, result.sentences)) == {}
    rec = result.summary.recommendation_sentence
    assert rec is None or len(rec.split()) <= 70
