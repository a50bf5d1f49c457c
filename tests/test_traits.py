"""Sentence traits: what compose needs to know about a sentence besides its judgement."""
from __future__ import annotations

import pytest

from cf.summarise.nlp import get_nlp
from cf.summarise.traits import sentence_traits

TENSES = {"past_tense", "present_tense"}


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
    assert set(traits("However, placement stability is still an issue.")) - TENSES == {"connective"}
    assert "points_back" in traits("However, this has not yet reduced caseloads.")


def test_history_progress_and_decline():
    assert {"history", "past_verdict"} <= set(traits("Services were judged good when they were last inspected in 2014."))
    assert "progress" in traits("Services for children have improved since the last inspection.")
    assert "decline" in traits("The quality of practice has deteriorated.")
    # Children's progress is not a service improving.
    assert "progress" not in traits("The experiences and progress of children in care are good.")
    assert "boilerplate" in traits("Yours sincerely")
    assert "summing_up" in traits("In summary, the local authority has made progress.")


@pytest.mark.parametrize("text", [
    "Last summer, children's social care services experienced a rapid rise in demand for services.",
    "In 2015-16, a significant rise in demand led to a decline in the quality of some services.",
    "At a subsequent focused visit in February 2020, inspectors found that practice had declined.",
])
def test_a_sentence_that_opens_on_a_time_before_the_visit(text):
    assert "past_time" in traits(text), text


@pytest.mark.parametrize("text", [
    "Over the past year, caseloads have reduced.",
    "In most cases, plans are good.",
    "Since the last inspection, services have improved.",
])
def test_a_period_up_to_now_or_a_fronted_phrase_is_no_past_time(text):
    assert "past_time" not in traits(text), text


def test_background_and_the_authoritys_own_view():
    assert "context" in traits("COVID-19 has placed huge pressures on children and families.")
    assert "background" in traits("An independent provider delivers all services on behalf of the council.")
    assert "background" in traits("Following the inspection in 2013, a council restructure reduced capacity.")
    assert "own_view" in traits("The council's self-evaluation identifies the areas that need to improve.")
    assert not {"background", "own_view"} & set(traits("Children in care receive effective support."))


def test_a_past_inspections_verdict():
    assert "past_verdict" in traits("The Ofsted single inspection in November 2014 found that services required "
                                    "improvement.")
    assert {"history", "past_verdict"} <= set(traits("Ofsted last inspected the council's services in 2017, "
                                                     "giving an overall judgement of good."))
    assert "past_verdict" not in traits("The overall effectiveness of services is judged to be good.")


def test_the_reports_own_frame():
    assert set(traits("At this focused visit, inspectors found that the experience of children has deteriorated.")) \
        - TENSES == {"decline", "reporting"}
    assert "reporting" in traits("Inspectors found that most children are seen promptly.")
    # What follows the frame may still point back.
    assert {"reporting", "points_back"} <= set(traits("During this focused visit, inspectors found that this "
                                                      "scrutiny enables managers to act."))
    assert "reporting" not in traits("Social workers saw children regularly and know them well.")


def test_tense():
    assert "past_tense" in traits("The trust was highly effective in developing a culture for good social work.")
    assert "present_tense" not in traits("The trust was highly effective in developing a culture for good social work.")
    assert {"past_tense", "present_tense"} <= set(traits("Children who were placed in care are settled."))


def test_a_demonstrative_anywhere_refers_back():
    assert "refers_back" in traits("The appointment of an experienced director is supporting these improvements.")
    assert "refers_back" in traits("Inspectors found no detriment to services as a result of these changes.")
    assert "refers_back" not in traits("This focused visit found that most children are seen regularly.")


@pytest.mark.parametrize("text", [
    "However, despite these tangible improvements, outcomes for children are too variable.",
    "However, leaders are aware of this and have begun to address this area of practice.",
    "However, for some of these children, transition planning is neither clear nor timely.",
])
def test_a_demonstrative_after_the_start_refers_back(text):
    assert "refers_back" in traits(text) or "points_back" in traits(text), text


def test_a_demonstrative_early_in_the_sentence_points_back():
    assert "points_back" in traits("However, leaders have identified these challenges and taken some action.")
    assert "points_back" not in traits("Leaders have a clear plan for the service, and staff understand these priorities.")


def test_the_pandemic_as_the_subject_or_as_the_time():
    assert "context" in traits("The impact of the third lockdown has had a significant impact on staffing.")
    fronted = traits("Since the start of the pandemic, senior managers have steadfastly continued their focus.")
    assert "context_fronted" in fronted and "context" not in fronted


@pytest.mark.parametrize("text, past", [
    ("The new chief executive brought in an interim director, who subsequently established a new team.", True),
    ("Local authority leaders took decisive action in response to the weaknesses.", True),
    ("Senior managers responded with immediate mitigating action.", True),
    ("Leaders have established a new team and reduced caseloads.", False),  # the auxiliary reaches "reduced"
    ("Services commissioned by the council are effective.", False),  # a participle describing a noun
    ("Inspectors found that care leavers receive a strong service.", False),  # the report's frame
    ("Services for care-experienced young people have improved.", False),  # a compound
    ("Children in need receive the right support.", False),  # a base form ending in -ed
    ("The team articulate a clear, shared vision.", False),  # an adjective in a list
    ("Care experienced children benefit from committed staff, helping them to remain safe.", False),  # adjectives
    ("Systems already in place enabled a quick change so that staff continued to work.", True),
])
def test_a_verb_in_the_simple_past(text, past):
    assert ("past_tense" in traits(text)) is past, text


@pytest.mark.parametrize("text", [
    "There are established links between the strategic boards.",
    "Multi-agency auditing is well established across the partnership.",
    "Arrangements for private fostering are under-developed.",
    "These cases had not been progressed to a strategy discussion.",
])
def test_a_state_is_not_progress(text):
    assert "progress" not in traits(text), text


@pytest.mark.parametrize("text, trait", [
    ("To support this aim, the local authority tracks plans.", "points_back"),
    ("Care leavers are supported to attend appointments.", None),
    ("A new electronic recording system has recently been introduced.", "organisation"),
    ("The new director, who has been in post since June 2018, is reviewing the plan.", "organisation"),
    ("Relationship-based practice is a service priority.", "intent"),
    ("Senior leaders continue to focus on improving how children are supported.", "intent"),
    ("So, in summary, you will therefore need to send us your action plan.", "procedure"),
    ("There had not been sufficient progress made for children who needed help.", "pluperfect"),
    ("Senior leaders know their service very well.", "self_knowledge"),
    ("Leaders have a strong understanding of the areas of strength within services.", "self_knowledge"),
    ("Leaders have prioritised children's services at a time of austerity.", "context"),
    ("Some services continue to be delivered jointly between the two local authorities.", "background"),
    ("Leaders have an accurate understanding of their strengths.", "self_knowledge"),
    ("Social workers know their children well.", None),
    ("There are widespread and/or systemic failings leading to significant concerns.", "severe"),
    ("We identified serious and widespread deficits across the partnership.", "severe"),
    ("Luton recognises it is still on an improvement journey.", "own_view"),
    ("Senior leaders recognise there is still more to do.", "own_view"),
    ("An independent diagnostic review concluded that progress has been slow.", "own_view"),
    ("Each recommendation is clearly linked to the relevant paragraph(s) that set out the findings.", "boilerplate"),
])
def test_whose_view_and_whose_words(text, trait):
    if trait is None:
        assert not {"own_view", "organisation", "background", "self_knowledge"} & set(traits(text)), text
    else:
        assert trait in traits(text), text
