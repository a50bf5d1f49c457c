"""The recommendations sentence: whole items within about 60 words, the rest counted."""
from __future__ import annotations

import pytest

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


def test_a_list_of_lower_case_noun_phrases_folds():
    from cf.summarise.recommendations import phrases

    folded, verbatim = phrases([
        "the quality of assessments so that these include an analysis of all presenting risks",
        "the focus of children in need and child protection plans",
        "the level of challenge and scrutiny that managers give to social workers",
        "the accuracy of performance management data and the consistency of quality assurance audits.",
    ], proper=set())
    assert [improve for improve, _ in folded] == [True] * 4 and verbatim == []


def test_a_clause_is_carried_whole_never_folded_under_improve():
    from cf.summarise.recommendations import phrases

    folded, verbatim = phrases([
        "The quality and timeliness of pathway plans.",
        "Monitoring of pre-proceedings to tackle drift and delay.",
        "Consideration of previous history when responding to contacts.",
        "Some children wait too long for their permanence plans to be progressed.",
        "The practice and impact of threshold visits on children and families should be reviewed.",
    ], proper=set())
    assert folded == [
        (True, "the quality and timeliness of pathway plans"),
        (True, "monitoring of pre-proceedings to tackle drift and delay"),
        (True, "consideration of previous history when responding to contacts"),
    ]
    assert verbatim == [
        "Some children wait too long for their permanence plans to be progressed",
        "The practice and impact of threshold visits on children and families should be reviewed",
    ]


def test_a_list_of_findings_is_carried_item_by_item():
    from cf.summarise.recommendations import phrases

    folded, verbatim = phrases([
        "In a small number of return home interviews, there is insufficient analysis of recorded information.",
        "The implementation of MASH+ from December 2017. Not all partners understand it.",
        "The length of time a very small cohort of children remain subject to a child protection plan is too long.",
        "The areas for improvement continue to be those that were identified at the last inspection.",
    ], proper=set())
    assert folded == []
    assert verbatim == [  # the verbless heading-like item is left out
        "In a small number of return home interviews, there is insufficient analysis of recorded information",
        "The length of time a very small cohort of children remain subject to a child protection plan is too long",
        "The areas for improvement continue to be those that were identified at the last inspection",
    ]


def test_a_lead_in_folds_its_list_when_the_authority_acts_and_is_carried_when_others_do():
    from cf.summarise.recommendations import phrases

    folded, verbatim = phrases([
        ("The local authority needs to take swift and decisive action to address delay, including:",
         ["timely application of the pre-proceedings stage", "the progression of plans for children"]),
    ], proper=set())
    assert folded == [(False, "take swift and decisive action to address delay"),
                      (True, "timely application of the pre-proceedings stage"),
                      (True, "the progression of plans for children")]
    # an area SEND report: leaders (not the authority) act, and their list is of clauses
    folded, verbatim = phrases([
        ("Leaders should ensure that they improve children's access to experiences outside of education by:",
         ["improving the quality of information on the local offer", "developing more partnership working"]),
        ("Leaders across the partnership should continue to improve the quality of EHC plans. This is to ensure that:",
         ["there is consistent and clear information from health, education and social care;"]),
        ("Area leaders should increase the number and range of short break opportunities.", []),
    ], proper=set())
    assert folded == []
    assert verbatim == [
        "Leaders should ensure that they improve children's access to experiences outside of education",
        "Leaders across the partnership should continue to improve the quality of EHC plans",
        "Area leaders should increase the number and range of short break opportunities",
    ]


CASES = {
    # a list of lower-case noun phrases: it had no sentence
    "focused/devon-2019-05-28.pdf": ("In order to improve practice, Devon should improve the quality of assessments", None),
    # area SEND: the areas for improvement, carried whole, not the "need to do better" findings
    "send/sandwell-2023-09-12.pdf": ("Area leaders should strengthen multi-agency working", "There is variability"),
    "send/dorset-2024-05-15.pdf": ("Leaders across education, health and social care should strengthen", "should improve there"),
    # an older JTAI's findings under "Areas for improvement": the shortfalls, not the background
    "jtai/salford-2016-10-28.pdf": ("The CSP has not effectively developed", "internal audit"),
    "jtai/cornwall-2018-11-23.pdf": ("Within the MARU", "no areas for priority action"),
    # areas for improvement read as one paragraph of "should" sentences, after the findings
    # under "need to do better": the recommendations, not those findings
    "send/southend-on-sea-2023-06-09.pdf": ("The local area partnership and stakeholders", "The pace of improvement"),
    # a clause under "What needs to improve" is carried whole
    "focused/sunderland-2021-05-11.pdf": ("The areas for improvement continue to be", "should improve the areas"),
}


@pytest.mark.needs_corpus
@pytest.mark.parametrize("name", list(CASES))
def test_every_kind_of_improvement_list_gives_a_sentence_that_reads(name):
    import sys

    from conftest import CORPUS

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from drafts import Draft, _garbled_improve, _no_recommendations

    path = CORPUS / name
    result = summarise(path.read_bytes(), str(path), Style())
    rec = result.summary.recommendation_sentence or ""
    opening, never = CASES[name]
    assert rec.startswith(opening)
    assert never is None or never not in rec
    d = Draft(path, result.letter, result.summary, result.sentences)
    assert _garbled_improve(d) is None and _no_recommendations(d) is None
    assert check(result.summary, result.letter) == []


def test_a_verb_the_token_layer_reads_as_finite_still_opens_an_action():
    from cf.summarise.recommendations import phrases

    folded, _ = phrases([
        "address the systemic failures in social work practice",
        "stabilise the workforce",
        "support for care leavers who are in custody",
    ], proper=set())
    assert folded == [(False, "address the systemic failures in social work practice"),
                      (False, "stabilise the workforce"),
                      (True, "support for care leavers who are in custody")]


def test_an_adjective_in_ly_or_a_compound_noun_does_not_open_an_action():
    from cf.summarise.recommendations import phrases

    folded, _ = phrases(["early help services, together with partners",
                         "return home interviews for children missing from home",
                         "urgently review the quality of plans"], proper=set())
    assert folded == [(True, "early help services, together with partners"),
                      (True, "return home interviews for children missing from home"),
                      (False, "urgently review the quality of plans")]


def test_recommendations_joined_into_one_paragraph_are_each_an_item():
    from cf.summarise.recommendations import _asking_sentences

    joined = ("The local area partnership, including the council and the ICB, should ensure that leaders "
              "drive improvements at pace. Leaders should evaluate the impact of joint working.")
    assert _asking_sentences(joined) == ["The local area partnership, including the council and the ICB, should "
                                         "ensure that leaders drive improvements at pace.",
                                         "Leaders should evaluate the impact of joint working."]
    assert _asking_sentences("The pace of improvement has been too slow. Leaders should act.") == []


def test_an_item_cut_before_its_purpose_loses_the_and_that_joined_them():
    from cf.summarise.recommendations import _first_sentence

    assert _first_sentence("The engagement with partners to deliver early help to families and to ensure "
                           "that this help is timely.") == "The engagement with partners to deliver early help to families"
