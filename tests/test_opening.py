"""The opening: lead, context and quote, as the site's writers take them (a letter written here)."""
from __future__ import annotations

from cf.models import Style
from cf.summarise.faithful import check
from cf.summarise.pipeline import summarise

from conftest import ROOT

LETTER = (ROOT / "tests" / "data" / "anyshire-focused-visit.txt").read_text(encoding="utf-8")


def _draft(text: str = LETTER, style: Style | None = None):
    return summarise(text.encode(), "anyshire.txt", style or Style())


def test_lead_is_the_first_claim_that_stands_alone():
    r = _draft()
    s = r.summary
    # "This has been a difficult year" points back (and is no claim about services): skipped.
    assert s.lead == "Care leavers in Anyshire receive a strong service from committed personal advisers, Ofsted has said."
    assert s.headline == "Care leavers in Anyshire receive a strong service from committed personal advisers" \
        or s.headline.startswith("Care leavers in Anyshire receive a strong service")
    # The context is the visit's history; the quote is the next claim, never the lead.
    assert s.paragraphs[0].startswith("Since the last inspection in 2021, leaders have strengthened")
    assert s.paragraphs[0].endswith("the focused visit to Anyshire found.")
    assert s.quotes and s.quotes[0].startswith("Personal advisers know their young people well")
    assert check(s, r.letter) == []


def test_a_plain_shortfall_leads_the_headline_whatever_follows():
    # The lead is clearly a shortfall; the progress reported straight after it does not make
    # the headline "makes progress" (a template, as no clause of the lead names Anyshire).
    text = LETTER.replace(
        "This has been a difficult year for the service.\n\n"
        "Care leavers in Anyshire receive a strong service from committed personal advisers.\n\n"
        "Since the last inspection in 2021, leaders have strengthened the support offered to care leavers.",
        "Too many care leavers are not supported well enough and their plans are weak.\n\n"
        "Since the last inspection in 2021, leaders have strengthened the support offered to care leavers.")
    r = _draft(text)
    assert r.summary.lead.startswith("Too many care leavers are not supported well enough")
    assert "progress" not in r.summary.headline
    assert "weaknesses" in r.summary.headline and "Anyshire" in r.summary.headline
    assert check(r.summary, r.letter) == []
