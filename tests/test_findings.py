"""The findings list and the `However,` paragraph (a letter written here)."""
from __future__ import annotations

import re

from cf.models import Style
from cf.summarise.pipeline import summarise

from conftest import ROOT

LETTER = (ROOT / "tests" / "data" / "anyshire-focused-visit.txt").read_text(encoding="utf-8")


def _draft(text: str = LETTER, style: Style | None = None):
    return summarise(text.encode(), "anyshire.txt", style or Style())


def test_however_turns_against_a_positive_lead_and_stands_alone():
    s = _draft().summary
    # The opening's weakness stays beside the lead (its "However," dropped) ...
    assert "Too many care leavers live in unsuitable accommodation." in s.paragraphs
    # ... and `However,` carries the findings' first weakness, never "This means that ...".
    assert s.however == ["However, pathway plans are not updated when circumstances change."]
    assert not any(p.startswith(("This", "However, this")) for p in s.paragraphs + s.however)


def test_however_turns_against_a_negative_lead():
    negative = LETTER.replace("Care leavers in Anyshire receive a strong service from committed personal advisers.",
                              "Care leavers in Anyshire do not receive a good enough service.")
    s = _draft(negative).summary
    assert s.lead.endswith("Ofsted has warned.")
    assert s.however and not re.search(r"\bnot\b|too many", s.however[0]), s.however


def test_bullets_are_self_standing_sentences_in_letter_order():
    r = _draft()
    texts = [f.text for f in r.summary.findings]
    assert 5 <= len(texts) <= 8
    positions = [LETTER.index(t) for t in texts]
    assert positions == sorted(positions)
    assert all(not t.startswith(("This", "These", "They")) for t in texts)
    assert "This means that some plans are out of date." not in texts
    assert all(f.label in ("strength", "mixed") for f in r.summary.findings)
