"""Headlines: whole clauses or templates, 4 to 12 words, naming the authority, with a verb."""
from __future__ import annotations

import pytest

from cf.models import Judgements, Metadata, Previous
from cf.summarise import templates as T
from cf.summarise.headline import clause, well_formed


def test_a_whole_clause_of_the_lead():
    assert clause("Children in care in Southwark receive effective support that helps many of them.",
                  "Southwark") == "Children in care in Southwark receive effective support"
    # A fronted phrase goes; the authority is added when the claim does not name it.
    assert clause("Since the last inspection in 2019, senior leaders have strengthened services for care "
                  "leavers.", "Devon") == "Senior leaders have strengthened services for care leavers in Devon"
    # "The local authority" becomes the authority's name; an acronym's gloss goes.
    assert clause("The local authority continues to make steady progress.", "Tower Hamlets") == \
        "Tower Hamlets continues to make steady progress"
    assert clause("The multi-agency safeguarding hub (MASH) works well, and referrals are timely.", "Kent") == \
        "The multi-agency safeguarding hub works well in Kent"
    # A claim after the lead serves only whole: cut short, it may say nothing.
    assert clause("The local area partnership is taking action where improvements are needed.", "Kent",
                  whole=True) is None
    assert clause("Managers demonstrate a clear understanding of risk.", "Kent", whole=True) == \
        "Managers demonstrate a clear understanding of risk in Kent"
    # An adverb between "have" and the change it reports ends the claim all the same.
    assert clause("Services for children in Kent have significantly improved since the inspection in 2023.", "Kent") == \
        "Services for children in Kent have significantly improved"
    assert clause("Leaders have significantly strengthened the front door.", "Kent") == \
        "Leaders have significantly strengthened the front door in Kent"


@pytest.mark.parametrize("sentence", [
    # the cut-off headlines, as the sentences they came from might read
    "Senior managers have worked hard to implement a new model of practice across all of the county's teams.",
    "Recent well-managed changes in political administration have ensured that children are a priority.",
    "Children and families in Surrey have access to a broad range of early help services in every district.",
    "Senior leaders have recognised that the model in use is not meeting the needs of children well enough.",
    "Positive changes have not always been achieved at the pace that leaders wanted for children in need.",
    "Senior leaders, the lead member and the chief executive in Wokingham have a shared vision for children.",
    "Children who are referred to the First Assessment Service because there are concerns receive a good service.",
    "With 371 schools spread across a vast area, it has not been easy to keep children, particularly the most "
    "vulnerable, in sight and safe.",
])
def test_no_clause_is_cut_at_an_arbitrary_word(sentence):
    head = clause(sentence, "Anyshire")
    assert head is None or (well_formed(head, "Anyshire") and sentence.startswith(head.replace(" in Anyshire", "")))
    if head:
        assert head.split()[-3].lower() not in ("to", "a", "the", "have", "has", "that")


def test_well_formed_refuses_stumps():
    for bad in ("Senior managers have worked hard to implement in Sheffield",
                "Recent well-managed changes in political administration have ensured in Wiltshire",
                "Children and families in Surrey have access to a broad",
                "Positive changes have not always been achieved at the in Brighton and Hove",
                "Senior leaders the lead member and the chief executive in Wokingham",
                "Children looked after by Rotherham Borough Council"):
        la = bad.split(" in ")[-1] if " in " in bad else "Rotherham"
        assert not well_formed(bad, la), bad
    assert well_formed("Children in care in Southwark receive effective support", "Southwark")
    assert well_formed("The quality of permanence planning is improving in Lambeth", "Lambeth")


def _meta(**kw) -> Metadata:
    return Metadata(kind=kw.pop("kind", "focused_visit"), title=kw.pop("title", "Focused visit"),
                    local_authority=kw.pop("la", "Anyshire"), **kw)


def test_verdict_templates_name_what_the_visit_looked_at():
    meta = _meta(focus="care leavers")
    assert T.verdict_headline("progress", meta) == "Anyshire makes progress in services for care leavers"
    assert T.verdict_headline("strength", meta) == "Ofsted praises services for care leavers in Anyshire"
    assert T.verdict_headline("weakness", _meta(focus="the 'front door'")) == \
        "Ofsted finds weaknesses in the 'front door' in Anyshire"
    # Too long for a headline: the authority's children's services instead.
    long = _meta(focus="children in need and those subject to a child protection plan", la="Bath and North East Somerset")
    assert T.verdict_headline("mixed", long) == \
        "Ofsted finds strengths and weaknesses in children's services in Bath and North East Somerset"
    # A joint inspection is not Ofsted's alone.
    assert T.verdict_headline("strength", _meta(kind="jtai")) == "Inspectors praise multi-agency work in Anyshire"


def test_focus_phrase_is_short_and_whole():
    assert T.focus_phrase("children in care, including disabled children") == "services for children in care"
    assert T.focus_phrase("the 'front door', where contacts and referrals are received") == "the 'front door'"
    assert T.focus_phrase("the quality and impact of key decision-making across help and protection, children "
                          "in care and services for care leavers") is None
    assert T.focus_phrase(None) is None
    # A list is whole or not at all: never "Stockport makes progress in contact".
    assert T.focus_phrase("contact, referral and assessment, including the provision of early help") == \
        "contact, referral and assessment"
    assert T.focus_phrase("assessments, decision-making and next steps, following assessments") == \
        "assessments, decision-making and next steps"


def test_allowed_headlines_are_exactly_the_templates():
    meta = _meta(kind="inspection", judgements=Judgements(overall_effectiveness="good"),
                 previous=Previous(2019, "requires improvement"))
    allowed = T.allowed_headlines(meta)
    assert "Anyshire improves from requires improvement to good" in allowed
    assert "Anyshire children's services rated good" in allowed
    assert "Anyshire children's services rated outstanding" not in allowed
    assert all(1 <= len(h.split()) <= 14 for h in allowed)


def test_a_headline_never_ends_on_a_verb_whose_object_was_cut_away():
    from cf.summarise.headline import well_formed

    assert not well_formed("Effective management oversight in the MASH helps in Devon", "Devon")
    assert well_formed("Practice improves in Devon", "Devon")  # a verb of change ends a claim
