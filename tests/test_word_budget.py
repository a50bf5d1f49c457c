"""The word budget: the longest bullets go first."""
from __future__ import annotations

from cf.models import Style
from cf.summarise.pipeline import summarise

from conftest import ROOT

LETTER = (ROOT / "tests" / "data" / "anyshire-focused-visit.txt").read_text(encoding="utf-8")


def _draft(text: str = LETTER, style: Style | None = None):
    return summarise(text.encode(), "anyshire.txt", style or Style())


def test_word_budget_drops_bullets_first():
    style = Style(word_budget=150, min_bullets=3)
    s = _draft(style=style).summary
    assert len(s.findings) == 3
    assert s.lead and s.recommendation_sentence
