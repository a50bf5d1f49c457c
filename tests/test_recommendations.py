"""The recommendations sentence: whole items within about 60 words, the rest counted."""
from __future__ import annotations

from cf.models import Style
from cf.summarise.faithful import check
from cf.summarise.pipeline import summarise

from conftest import ROOT

LETTER = (ROOT / "tests" / "data" / "anyshire-focused-visit.txt").read_text(encoding="utf-8")


def _draft(text: str = LETTER, style: Style | None = None):
    return summarise(text.encode(), "anyshire.txt", style or Style())


def test_recommendations_keep_whole_items_within_the_limit_and_count_the_rest():
    items = "\n\n".join(f"The quality and timeliness of the {w} plans for every child in the service." for w in
                      ["first", "second", "third", "fourth", "fifth", "sixth", "seventh"])
    text = LETTER.replace("The quality and timeliness of pathway plans.\n\nThe range of suitable accommodation for care leavers.",
                          items)
    r = _draft(text)
    rec = r.summary.recommendation_sentence
    assert rec.startswith("In order to improve practice, Anyshire should improve the quality and timeliness of the first")
    assert rec.endswith(", among seven areas for improvement.")
    assert len(rec.split()) <= 60
    assert len(r.summary.recommendations) == 7  # the JSON keeps every item
    assert check(r.summary, r.letter) == []

    # A clause-like item the sentence cannot fold is counted too, not tacked on after the count.
    items = "\n\n".join(f"The quality and timeliness of the {w} plans for every young person." for w in
                        ["first", "second", "third", "fourth", "fifth", "sixth"])
    text = LETTER.replace("The quality and timeliness of pathway plans.\n\nThe range of suitable accommodation for care leavers.",
                          items + "\n\nSupervision of cases should be reflective.")
    rec = _draft(text).summary.recommendation_sentence
    assert rec.endswith(", among seven areas for improvement.") and "Supervision" not in rec


def test_recommendation_items_fold_by_their_form():
    from cf.summarise.recommendations import phrases

    folded, verbatim = phrases([
        "The quality and timeliness of permanence planning.",
        "Improve the timeliness of initial health assessments for children in care (IHAs).",
        "Ensure that care leavers have up-to-date pathway plans.",
        "How consistently the risk assessment tool is applied.",
        "Supervision of cases should be reflective and analytical.",
        "The quality of information-sharing between professionals needs to improve so that risks are seen.",
        # a purpose clause's verb ("to ensure schools are told") leaves the item a noun phrase
        "The alert scheme, to ensure schools are told when children have been harmed.",
    ], proper=set())
    assert folded == [
        (True, "the quality and timeliness of permanence planning"),
        (True, "the timeliness of initial health assessments for children in care"),
        (False, "ensure that care leavers have up-to-date pathway plans"),
        (True, "how consistently the risk assessment tool is applied"),
        (True, "the quality of information-sharing between professionals"),
        (True, "the alert scheme, to ensure schools are told when children have been harmed"),
    ]
    assert verbatim == ["Supervision of cases should be reflective and analytical"]
    # Prose under "Areas for improvement" (older letters) is not folded at all.
    folded, verbatim = phrases([
        "The partnership has not developed its monitoring.", "Agencies do not share information.",
        "the police sometimes make optimistic assessments.", "Training is not evaluated.",
    ], proper=set())
    assert folded == [] and len(verbatim) == 3
