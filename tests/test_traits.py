"""Sentence traits: what compose needs to know about a sentence besides its judgement."""
from __future__ import annotations

import pytest

from cf.summarise.nlp import get_nlp
from cf.summarise.traits import sentence_traits


def traits(text: str) -> tuple[str, ...]:
    doc = get_nlp()(text)
    return sentence_traits(doc, [doc[:]])[0]


@pytest.mark.parametrize("text", [
    "This has resulted in delays for a small minority of children.",
    "These children do not always have a plan.",
    "They have a good understanding of their services.",
    "For a few children, this has meant that they wait too long.",
    "For these reasons, overall effectiveness requires improvement to be good.",
    "In particular, leadership capacity has been enhanced.",
    "Subsequently, frequent changes at senior level slowed progress.",
    "However, as a result, some placements have ended.",
    "However, this has meant that early help is underdeveloped.",
    "Leaders have also strengthened the front door.",
])
def test_sentences_that_need_the_one_before(text):
    assert "points_back" in traits(text), text


@pytest.mark.parametrize("text", [
    "Children in care receive effective support.",
    "This letter summarises the findings of a focused visit.",
    "This focused visit highlighted the need for improvement.",
    "It has been a considerable achievement to improve these services.",
    "For most children, plans are clear and reviewed regularly.",
    "The quality of permanence planning, particularly for children in foster care, is improving.",
    "Social workers visit children regularly, and they know them well.",
])
def test_sentences_that_stand_alone(text):
    assert "points_back" not in traits(text), text


def test_a_connective_alone_can_be_dropped():
    assert traits("However, placement stability is still an issue.") == ("connective",)
    assert "points_back" in traits("However, this has not yet reduced caseloads.")


def test_history_progress_and_decline():
    assert {"history", "past_verdict"} <= set(traits("Services were judged good when they were last inspected in 2014."))
    assert "progress" in traits("Services for children have improved since the last inspection.")
    assert "decline" in traits("The quality of practice has deteriorated.")
    # Children's progress is not a service improving.
    assert "progress" not in traits("The experiences and progress of children in care are good.")
    assert "boilerplate" in traits("Yours sincerely")
    assert "summing_up" in traits("In summary, the local authority has made progress.")
