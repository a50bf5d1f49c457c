"""The score stage: each rule family on sentences written for these tests, and the figures on
the hand-labelled sentences in ../shared/labels."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from cf.summarise.nlp import get_nlp
from cf.summarise.score import assess, score_texts

from conftest import ROOT, SHARED


def _polarity(text: str) -> str:
    return score_texts([text])[0].polarity


def _check(cases: list[tuple[str, str]]) -> None:
    got = score_texts([t for t, _ in cases])
    wrong = [(t, want, a.polarity, a.cues) for (t, want), a in zip(cases, got, strict=True) if a.polarity != want]
    assert not wrong, wrong


def test_evaluative_words_both_ways():
    _check([
        ("Partnership working is well embedded.", "strength"),
        ("Return home interviews are timely and effective.", "strength"),
        ("Foster carers speak highly of the support they receive.", "strength"),
        ("There is drift in permanence planning for some children.", "weakness"),
        ("The quality of practice remains inconsistent.", "weakness"),
        ("Care planning is weak.", "weakness"),
        ("Progress in improving practice has been too slow.", "weakness"),
        ("Supervision is not sufficiently reflective.", "weakness"),
    ])


def test_negation_and_its_scope():
    _check([
        ("Assessments are not timely.", "weakness"),
        ("Managers do not always record the reasons for their decisions.", "weakness"),
        ("Not all children have an up-to-date plan.", "weakness"),
        ("Plans are not yet embedded in practice.", "weakness"),
        ("There is no evidence of management oversight on these records.", "weakness"),
        ("Many care leavers do not have a pathway plan.", "weakness"),
        # a negated weakness is a strength
        ("Children are seen without delay.", "strength"),
        ("Decisions are made promptly and there is no drift.", "strength"),
        # negation that describes a situation, not a shortfall
        ("When children cannot live at home, they are placed with relatives promptly.",
         "strength"),
        ("Children who do not attend school are quickly offered tuition.", "strength"),
    ])


def test_negation_reaches_everything_it_governs():
    a = score_texts(["Plans are not always clear, specific or timely."])[0]
    assert a.label == "weakness"
    assert any(c.startswith("-") and "not always" in c for c in a.cues), a.cues


def test_contrast_decides_the_lean():
    _check([
        # the clause after "but"/"however" carries the point
        ("Practice has improved, but it is still not consistently good.", "weakness"),
        ("Some plans are weak, but most are detailed and regularly reviewed.", "strength"),
        ("However, the quality of supervision is variable.", "weakness"),
        # "although" fronts the concession, wherever it stands
        ("Although leaders have worked hard to recruit staff, caseloads remain too high.",
         "weakness"),
        ("Most assessments are thorough, although a few lack analysis.", "strength"),
        ("While there is more to do, leaders have made strong progress.", "strength"),
        ("Despite this, too many children wait for a service.", "weakness"),
    ])
    a = score_texts(["Although staff are committed, practice remains weak."])[0]
    assert a.label == "mixed" and a.lean == "weakness"
    assert "contrast:although->weakness [contrast.concede]" in a.cues


def test_progress_short_of_good_is_a_weakness():
    _check([
        ("Practice is improving, but not for all children.", "weakness"),
        ("There has been some progress, but the pace of change has been too slow.", "weakness"),
        ("Leaders have made progress, although it is too early to see the impact for children.",
         "strength"),
    ])


def test_quantifiers():
    _check([
        ("Most children have a clear plan.", "strength"),
        ("The vast majority of care leavers live in suitable accommodation.", "strength"),
        ("Too many children wait too long for an assessment.", "weakness"),
        ("For a small number of children, visits are less frequent than their plans say.",
         "weakness"),
        ("In some cases, strategy discussions happen after children have been visited.",
         "weakness"),
        ("Few care leavers are in education, employment or training.", "weakness"),
        ("Only a small minority of children have a life-story book.", "weakness"),
    ])


def test_plans_to_fix_a_shortfall_are_still_a_weakness():
    _check([
        ("Leaders are aware of this and have plans to address it.", "weakness"),
        ("Senior managers recognise that the quality of plans needs to improve.", "weakness"),
        ("Leaders have plans to increase the number of foster homes.", "weakness"),
        ("Further work is needed to ensure that all plans are of good quality.", "weakness"),
        ("Ensure that all children in care have an up-to-date health assessment.", "weakness"),
    ])


def test_grade_words():
    _check([
        ("The impact of leaders on social work practice with children and families: "
         "requires improvement to be good", "weakness"),
        ("Overall effectiveness: inadequate", "weakness"),
        ("The experiences and progress of children in care: good", "strength"),
        ("Children's services are outstanding.", "strength"),
    ])
    a = score_texts(["Children's services were last inspected in 2018, when they were judged "
                     "to be inadequate."])[0]
    assert a.label == "neutral", a


def test_neutral_methodology_and_licence():
    cases = [
        "Inspectors looked at a range of evidence, including children's case records.",
        "You may reuse this information free of charge under the terms of the Open "
        "Government Licence.",
        "This visit was carried out in line with the inspection of local authority "
        "children's services framework.",
        "The inspectors were Jane Smith, His Majesty's Inspector, and Ann Lee.",
        "Email: enquiries@ofsted.gov.uk",
    ]
    got = score_texts(cases)
    assert [a.label for a in got] == ["neutral"] * len(cases), [a.cues for a in got]


def test_score_texts_judges_each_text_as_one_sentence_in_order():
    texts = ["Plans are clear. Visits are late.", "", "Practice is effective.", "Drift."]
    got = score_texts(texts)
    assert len(got) == 4
    assert got[1].label == "neutral" and got[1].score == 0
    assert got[2].label == "strength" and "+effective" in got[2].cues
    assert got[3].label == "weakness" and "-drift" in got[3].cues
    for a in got:
        assert -1.0 <= a.score <= 1.0
        assert (a.score > 0) == (a.polarity == "strength")
        if a.label != "neutral":
            assert a.cues


def test_assess_takes_a_span_or_a_doc():
    doc = get_nlp()("Plans are clear. Visits are late.")
    first, second = list(doc.sents)
    assert assess(first).polarity == "strength"
    assert assess(second).polarity == "weakness"
    assert assess(doc).label in ("mixed", "weakness", "strength")


def test_assess_finds_cues_on_a_doc_made_without_the_pipeline():
    doc = get_nlp().make_doc("Plans are not always timely.")
    assert assess(doc).polarity == "weakness"


def test_section_context_marks_shortfall_lists():
    doc = get_nlp()("Children's plans and reviews")
    assert assess(doc).label == "neutral"
    a = assess(doc, section="What needs to improve in this area of social work practice")
    assert a.polarity == "weakness" and a.cues[-1].startswith("section:")


def test_an_item_under_what_needs_to_improve_has_its_praise_as_the_aim():
    # section.items: the list names what must change, so "effective", "clear" are the aim
    nlp = get_nlp()
    section = "What needs to improve in this area of social work practice"
    for text in ("More extensive use of direct work tools could add greater depth and insight.",
                 "Social work plans to demonstrate a clear focus on the child's progress.",
                 "Swift implementation of the project plan is needed to improve management."):
        assert assess(nlp(text), section).polarity == "weakness", text
    # the same prose under a heading that only names shortfalls keeps its praise
    text = "Leaders have taken effective and swift action to improve the service."
    assert assess(nlp(text), "Areas for improvement").polarity == "strength"


def test_next_steps_and_context_sections_describe_the_procedure():
    # section.context: a JTAI letter's "Next steps" says who writes the statement of action
    nlp = get_nlp()
    for text, section in [
        ("The Director of Children's Services should prepare a written statement of proposed "
         "action responding to the findings outlined in this letter.", "Next steps"),
        ("This should be a multi-agency response involving partners.", "Next steps"),
        ("We have determined that Bedford Borough Council is the principal authority.",
         "Next steps"),
        ("Our evaluation took a broader look and considered the response to children of all ages.",
         "Context"),
    ]:
        assert assess(nlp(text), section).label == "neutral", text
    # said with force, a finding there still counts
    text = "Leaders do not understand the serious and widespread failings in practice."
    assert assess(nlp(text), "Context").polarity == "weakness"


def test_verbless_improvement_items_are_weaknesses_alone():
    # what a "What needs to improve" list names, judged without its heading
    _check([
        ("The timeliness of initial health assessments", "weakness"),
        ("The quality of analysis within assessments.", "weakness"),
        ("The reliability and effectiveness of performance management arrangements.", "weakness"),
        ("The consistency of management oversight, including recorded rationale for decisions.",
         "weakness"),
        ("The effectiveness of the response to children who go missing from care.", "weakness"),
        ("The timeliness of decisions when children are at risk of significant harm.", "weakness"),
        # findings about an aspect have a finite verb of their own
        ("The quality of assessments is good.", "strength"),
        ("The response to children who go missing is strong.", "strength"),
        ("The quality of supervision varies.", "weakness"),
        ("Careful monitoring of children in pre-proceedings prevents drift.", "strength"),
        ("The majority of children live in homes that meet their needs.", "strength"),
        ("Managers ensure strong oversight of children's plans.", "strength"),
        ("The experiences and progress of children in care: good", "strength"),
        # adjectives or a possessive before the aspect
        ("Consistent and timely management oversight of children's plans.", "weakness"),
        ("Senior managers' oversight and understanding about children's experiences.",
         "weakness"),
        ("Although improving, only half of care leavers are in education.", "weakness"),
        ("Services work in a joined-up way to minimise the risks to children.", "strength"),
        ("Planned support for children returning home from care.", "weakness"),
        ("Life-story work for children in long-term care.", "weakness"),
        ("The response when children go missing from home or care.", "weakness"),
        ("Detailed early help assessments contain all relevant information.", "strength"),
        ("The panel work effectively to support children back into school.", "strength"),
        ("The quality of recording of the decisions made for children.", "weakness"),
        ("The quality and timeliness of information-sharing between professionals and "
         "families need to improve.", "weakness"),
        ("A review of thresholds led to a more effective response to referrals.", "strength"),
        ("How effectively plans drive progress for children.", "weakness"),
        # a recommendation's sub-item led by a gerund
        ("ensuring that a broad offer of education and training is available locally; and",
         "weakness"),
        ("Oversight by senior leaders, although appropriately focused, has not been robust.",
         "weakness"),
    ])


def test_a_letters_headings_are_not_improvement_items():
    from cf.summarise.nlp import BlockInfo, make_letter_doc, sentences
    from cf.summarise.score import assess_all

    parts = [("The quality of help for children in care", BlockInfo(0, "", 1, "heading", 0)),
             ("The quality of analysis within assessments.", BlockInfo(0, "", 1, "bullet", 1))]
    doc = get_nlp()(make_letter_doc(parts))
    heading, item = assess_all(doc, sentences(doc))
    assert not any("improvement item" in c for c in heading.cues), heading.cues
    assert item.polarity == "weakness" and "recommendation:improvement item [recommend.item]" in item.cues


def test_purpose_clauses_are_the_aim_not_the_finding():
    _check([
        # the goal alone does not outweigh a shortfall
        ("Leaders need to improve tracking so that children achieve permanence without delay.",
         "weakness"),
        ("Plans are not reviewed to ensure that they remain effective.", "weakness"),
        # a service described with its aim is still a finding
        ("Children are helped by interpreters at meetings to ensure that they understand "
         "decisions.", "strength"),
    ])
    a = score_texts(["Managers meet weekly so that children achieve permanence quickly."])[0]
    assert a.score < score_texts(["Children achieve permanence quickly."])[0].score


def test_recommendations_with_a_subject_and_a_modal():
    _check([
        ("Area leaders should increase the number of local foster carers.", "weakness"),
        ("Local authority leaders need to provide clarity about the offer for care leavers.",
         "weakness"),
        ("Partners need to ensure that information is shared promptly.", "weakness"),
        ("Children's plans clearly explain what parents need to do differently.", "strength"),
        ("Care leavers are helped to develop the skills they need to live on their own.",
         "strength"),
        ("Care leavers are well supported to see their records should they wish to.", "strength"),
        ("Strategy discussions should always include relevant partner agencies.", "weakness"),
        ("Direct work could be further enhanced through making better use of feedback.",
         "weakness"),
        # "needs to" as a noun, or about whom a sentence is
        ("Children who need to be protected are seen quickly.", "strength"),
        ("Workers plan around children's needs to secure good outcomes.", "strength"),
        ("Social workers carefully assess their needs to ensure they are well matched.",
         "strength"),
        ("Staff should be proud of the work they do with children.", "strength"),
        ("The local authority could make better use of children's feedback.", "weakness"),
        ("There is scope to strengthen the quality of supervision.", "weakness"),
        ("There is room for improvement in the recording of management decisions.", "weakness"),
        # a recommendation runs to the end of its sentence
        ("The panel needs to ensure that it meets its quality assurance function, with better "
         "feedback and regular meetings.", "weakness"),
        ("Planning for a few of these children needs to be more robust.", "weakness"),
        ("Leaders understand the aspects of the service that still need to improve, and have "
         "a clear strategy for improvement.", "strength"),
        ("Personal advisers are skilled in planning what young people should do next.",
         "strength"),
    ])


def test_work_begun_on_a_shortfall_is_still_a_weakness():
    _check([
        ("Leaders have started to address this issue by recruiting more social workers.",
         "weakness"),
        ("The new quality assurance framework remains at an early stage of development.",
         "weakness"),
        ("Work to improve pathway plans has begun to address the gaps.", "weakness"),
        ("It is too early to see the impact of these changes.", "weakness"),
        ("The local authority has acted to ensure a more appropriate response to homeless "
         "young people.", "weakness"),
        ("Leaders have identified this as an area for development.", "weakness"),
        ("Leaders have put in place a plan to reduce caseloads, which remain high.", "weakness"),
        # work that has succeeded is a strength
        ("Leaders have taken decisive action, and assessments are now timely.", "strength"),
        ("New systems are beginning to have a positive impact for children.", "strength"),
        ("Partners have started to make progress.", "strength"),
        # "at an early stage" as a time is early help, not immaturity
        ("For most children, plans for permanence are considered at an early stage.",
         "strength"),
    ])


def test_praise_inside_a_problem_or_grudged_is_not_praise():
    _check([
        ("The drift in improving their circumstances is not recognised.", "weakness"),
        ("There is delay in achieving timely permanence for some children.", "weakness"),
        ("Supervision is only effective as a record of tasks.", "weakness"),
        ("There are occasions when this is not the case.", "weakness"),
        ("Many social workers are relatively inexperienced.", "weakness"),
        ("This impacts on the effectiveness of their work with families.", "weakness"),
        ("Plans are not yet effective.", "weakness"),
        ("Leaders are yet to see the impact of the new approach.", "weakness"),
        # a condition, not cases
        ("When this is not the case, managers act quickly to resolve it.", "strength"),
        # praise in the subject of a shortfall, and the alternative not taken
        ("Progress in improving the timeliness of assessments has been slower.", "weakness"),
        ("Management oversight is regular, but it is focused on tasks rather than on "
         "children's progress.", "weakness"),
        ("Supervision is often task-focused.", "weakness"),
        # the restriction or the contrast after a turn
        ("Most children live in stable homes, but some have experienced several moves.",
         "weakness"),
        ("Some plans are detailed and clear, while others lack specific actions.", "weakness"),
        ("The virtual school has a strong offer, but attendance remains low.", "weakness"),
        ("Leaders have a strong understanding of where practice is not yet good enough.",
         "strength"),
    ])
    # the problem's object ends at its verb: what it led to is not inside it
    a = score_texts(["Sufficiency challenges led to significant investment in fostering."])[0]
    assert not any(c.startswith("object:") for c in a.cues), a.cues
    a = score_texts(["There is drift in improving outcomes for children."])[0]
    assert any(c.startswith("object:drift") for c in a.cues), a.cues
    a = score_texts(["The team is quick to identify gaps in provision and takes action to "
                     "improve services."])[0]
    assert not any(c.startswith("object:") for c in a.cues), a.cues


def test_an_opening_noun_is_not_a_recommendation():
    # "Review", "Increase", "Monitor" head a subject when a finite verb follows them
    _check([
        ("Review meetings are well attended by families.", "strength"),
        ("Review minutes are detailed and include the child's views.", "strength"),
        ("Increase in demand has put pressure on the front door.", "weakness"),
        ("Review the quality of plans.", "weakness"),
        ("Review plans so that they are current.", "weakness"),
        ("Ensure plans are reviewed.", "weakness"),
        ("Monitor attendance and evaluate whether the new offer is effective.", "weakness"),
    ])


def test_findings_with_a_verb_after_an_adverb_or_a_quotation_are_not_items():
    _check([
        ("The service mostly works closely with colleges to keep young people in learning.",
         "strength"),
        ("Carers ‘enjoy’ fostering for the council and feel well supported by their workers.",
         "strength"),
        # still items: a possessive, and "-ly" adjectives before the aspect
        ("Practitioners’ understanding of the risks to unborn babies.", "weakness"),
        ("The timely completion of initial health assessments.", "weakness"),
        ("Weekly oversight of children living in unregistered homes.", "weakness"),
    ])


def test_wishes_aims_and_unfinished_work_imply_a_lack():
    _check([
        ("The offer is basic and managers would like it to be extended.", "weakness"),
        ("Several young people would have benefited from earlier help.", "weakness"),
        ("Some reviews would have been more effective with a parent present.", "weakness"),
        ("The partnership has identified that this is an area for further development.",
         "weakness"),
        ("Supervision remains an area for improvement.", "weakness"),
        ("Leaders accepted the findings and have agreed to take action on them.", "weakness"),
        ("Managers are currently in the process of revising the threshold guidance.", "weakness"),
        ("There is a clear plan for the services still in need of improvement.", "weakness"),
        ("The new quality assurance framework remains a work in progress.", "weakness"),
        # naming what is to improve as self-knowledge, or in boilerplate, is no shortfall
        ("Senior leaders know their strengths and areas for development well.", "strength"),
    ])
    got = score_texts(["The areas for improvement have been cross-referenced with the "
                       "national framework."])[0]
    assert got.label == "neutral", got


def test_problems_named_without_an_evaluative_word():
    _check([
        # a burden high or rising, a good low or falling, wherever the level stands
        ("Caseloads for some workers who support families on the edge of care are high.",
         "weakness"),
        ("Demand for assessments has increased over the past year.", "weakness"),
        ("There are high levels of absence among children in care.", "weakness"),
        ("School attendance has declined for older children.", "weakness"),
        ("There is a high take-up of the health passport among care leavers.", "strength"),
        ("The use of agency staff is low and the workforce is settled.", "strength"),
        ("Caseloads are not high.", "strength"),
        ("When caseloads are high, managers allocate extra support.", "strength"),
        # a problem called one, and what families feel
        ("Parents told inspectors that access to respite care is a major issue.", "weakness"),
        ("One issue raised with inspectors by young people is the cost of travel.", "weakness"),
        ("A sense of frustration runs through what carers said.", "weakness"),
        ("Some families have lost faith in the promises made for positive change.", "weakness"),
        ("Some referrers misunderstand what the threshold document means.", "weakness"),
    ])


def test_shortfalls_inside_conditions_and_relative_clauses():
    _check([
        # a trailing "where" clause says what happened in those cases
        ("Plans are reviewed on time, apart from a few older cases, where some drift had "
         "occurred.", "weakness"),
        ("Children are visited at home, where appropriate.", "strength"),
        # a condition with a second limb is still the condition
        ("When concerns grow, or do not reduce, managers promptly convene a strategy meeting.",
         "strength"),
        # a negated verb governs a repeated question ("how ..., or how ...")
        ("Plans do not show how parents were involved, or how their views shaped decisions "
         "effectively.", "weakness"),
        # praise inside a problem's object runs through the object's own "that" clause
        ("Carers have lost faith in the promises that were made for positive change.",
         "weakness"),
        # what is to be checked ("whether ...") is not found
        ("Audits do not consistently examine whether children receive timely and effective "
         "help.", "weakness"),
        # the subject of a negated verb, even with a phrase between commas, is its topic
        ("The delay this causes, in achieving timely permanence, is not well understood.",
         "weakness"),
    ])


def test_a_frequency_hedge_on_praise_is_a_shortfall():
    _check([
        ("Care leavers are sometimes offered a mentor.", "weakness"),
        ("Reviews are occasionally attended by health partners.", "weakness"),
        ("Supervision is at times reflective.", "weakness"),
        ("Managers occasionally provide effective challenge.", "weakness"),
        # a hedge on something else, or "sometimes more", grudges nothing
        ("Their sometimes difficult histories are well understood.", "strength"),
        ("Children are visited weekly and sometimes more often.", "strength"),
        ("At times of crisis, families receive swift help.", "strength"),
    ])
    a = score_texts(["Parents are sometimes involved in planning."])[0]
    assert any(c.startswith("hedge:sometimes") for c in a.cues), a.cues


def test_praise_that_reads_like_a_problem():
    _check([
        ("Social workers are not afraid to challenge partners.", "strength"),
        ("Tracking meetings are a robust way of highlighting delays in permanence.", "strength"),
        ("The tool helps staff to identify barriers to attendance.", "strength"),
        ("Leaders have stabilised a previously fragmented workforce.", "strength"),
        ("Children move seamlessly between teams as their needs change.", "strength"),
        ("The virtual school is relentless in pursuing the right school place.", "strength"),
        # "outstanding" before what is left to do is no grade
        ("Several children have outstanding health assessments.", "weakness"),
        ("The service has outstanding actions from its last audit.", "weakness"),
        # a finding of problems is not a tool for finding them, nor is a struggle to find
        ("Audits identified gaps in the recording of visits.", "weakness"),
        ("The council continues to face challenges in identifying homes for older children.",
         "weakness"),
        # praise before a comma is no subject of the negation after it
        ("Parents described their workers as warm and supportive, without being intrusive.",
         "strength"),
    ])


def test_a_finding_of_its_own_outweighs_a_shortfall_heading():
    nlp = get_nlp()
    section = "Areas for improvement"
    # prose under the heading, as JTAI letters write it, keeps its own judgement
    for text in ("Health visitors use a structured tool that helps them assess risk well.",
                 "The new panel shows a strong commitment to tackling delay."):
        assert assess(nlp(text), section).polarity == "strength", text
    # the heading's items, with or without a verb in a clause of their own, are shortfalls
    for text in ("The timeliness of strategy meetings.",
                 "How consistently the reasons for decisions are recorded when plans end.",
                 "The quality of plans, so that children receive timely and effective help."):
        assert assess(nlp(text), section).polarity == "weakness", text


def test_more_improvement_items_alone():
    _check([
        ("How clearly the reasons for closing a case are recorded.", "weakness"),
        ("Systems to monitor the attendance of all agencies at core groups.", "weakness"),
        ("Shared recording systems in all teams, so that managers receive accurate data.",
         "weakness"),
        ("The processes to allocate and record work in the front door.", "weakness"),
        # findings with a verb of their own are not items
        ("Tracking systems work well and managers receive accurate data.", "strength"),
        ("Arrangements for care leavers are effective.", "strength"),
    ])


def test_a_need_known_is_not_always_a_need_unmet():
    _check([
        # the need to change something is a shortfall still there
        ("Managers recognise the need to improve the recording of visits.", "weakness"),
        ("Leaders are aware of the need for more local foster homes.", "weakness"),
        # knowing a practice, and doing it, is not
        ("Workers are aware of the need to seek consent, and they record it carefully.",
         "strength"),
        ("The council is aware of the need to keep its in-house carers and supports them well.",
         "strength"),
        # what is never ruled out, or concerns well handled
        ("No placement option is ruled out for older children.", "strength"),
        ("Concerns raised by parents are taken seriously and answered promptly.", "strength"),
    ])


# ---------------------------------------------------------------- figures on the labels


def _labels_module():
    spec = importlib.util.spec_from_file_location("labels_bench", ROOT / "benchmarks" / "labels.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["labels_bench"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.needs_corpus
@pytest.mark.parametrize("name", ["dev.jsonl", "dev-focused.jsonl"])
def test_strength_weakness_figures_on_labelled_sentences(name):
    path = SHARED / "labels" / name
    figures = _labels_module().evaluate(path)
    assert figures.macro_f1 >= 0.92, (figures.macro_f1, figures.confusion)
    assert figures.weakness_recall >= 0.95, (figures.weakness_recall, figures.confusion)


@pytest.fixture(scope="module")
def blind_figures(tmp_path_factory):
    """Every figure of benchmarks/heldout.py on the blind sets, documents read once."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CF_BENCH_LETTERS", str(tmp_path_factory.mktemp("letters")))
        spec = importlib.util.spec_from_file_location("heldout_bench",
                                                      ROOT / "benchmarks" / "heldout.py")
        module = importlib.util.module_from_spec(spec)
        patch.setitem(sys.modules, "heldout_bench", module)
        spec.loader.exec_module(module)
        corpus = (SHARED / "corpus").exists()
        out = {path.name: module.all_figures(path, document=corpus)
               for path in (module.HELDOUT, module.BLIND2)}
        for path in (module.BLIND3, module.BLIND4, module.BLIND5):  # in document: heldout.py
            out[path.name] = module.all_figures(path, document=False)
        for which in ("A", "B"):
            out[f"{module.BLIND5.name} half {which}"] = module.all_figures(
                module.BLIND5, document=False, which=which)
        return out


# Labelled by reading, before the scorer was run on them; each floor is a level the scorer
# reached, so that no later change makes it worse. heldout, blind2 and blind3 have since had
# rules developed on their errors (blind3's and heldout's in issue 12's second part). blind4
# was labelled before that work and measured once at its end (alone 0.938 / 0.878, with
# section and in document 0.959 / 0.929); issue 12's third part then developed on its errors
# too, and its floors are the level reached (0.980 / 0.980, 0.985 / 0.990). blind5 was
# labelled before that part, which developed on half A's errors alone; half B was measured
# once at its end (alone 0.887 / 0.833, with section and in document 0.913 / 0.917), and
# its floors are those figures.
_FLOORS: dict[str, dict[str, tuple[float, float]]] = {
    "heldout.jsonl": dict.fromkeys(("alone", "section", "document"), (0.97, 0.97)),
    "blind2.jsonl": dict.fromkeys(("alone", "section", "document"), (0.96, 0.97)),
    "blind3.jsonl": dict.fromkeys(("alone", "section", "document"), (0.97, 0.97)),
    "blind4.jsonl": {"alone": (0.97, 0.97), "section": (0.98, 0.98), "document": (0.98, 0.98)},
    "blind5.jsonl": {"alone": (0.92, 0.88), "section": (0.94, 0.94), "document": (0.94, 0.94)},
    "blind5.jsonl half A": {"alone": (0.96, 0.93), "section": (0.97, 0.97),
                            "document": (0.97, 0.97)},
    "blind5.jsonl half B": {"alone": (0.88, 0.83), "section": (0.91, 0.91),
                            "document": (0.91, 0.91)},
}


@pytest.mark.parametrize("name", sorted(_FLOORS))
@pytest.mark.parametrize("way", ["alone", "section", pytest.param("document", marks=pytest.mark.needs_corpus)])
def test_figures_on_the_blind_sets(blind_figures, name, way):
    figures = blind_figures[name].get(way)
    if figures is None:  # blind3, blind4 and blind5: reading their documents takes minutes
        pytest.skip("judged in its documents by benchmarks/heldout.py only")
    f1, recall = _FLOORS[name][way]
    assert figures.macro_f1 >= f1, (figures.name, figures.macro_f1, figures.confusion)
    assert figures.weakness_recall >= recall, (figures.name, figures.weakness_recall,
                                               figures.confusion)


def test_lexicon_puts_each_phrase_in_one_category():
    from cf.summarise.data_files import load_lexicon

    where: dict[str, set[str]] = {}

    def walk(name, spec):
        if "phrases" in spec or "patterns" in spec:
            for phrase in spec.get("phrases", []):
                where.setdefault(phrase, set()).add(name)
            return
        for key, sub in spec.items():
            if isinstance(sub, dict):
                walk(f"{name}.{key}", sub)

    for name, spec in load_lexicon()["cues"].items():
        walk(name, spec)
    clashes = {p: c for p, c in where.items() if len(c) > 1}
    assert not clashes


def test_mitigation_and_variability():
    _check([
        ("The new panel has helped to reduce delay for children.", "strength"),
        ("Delays in initial health assessments have reduced.", "strength"),
        ("Plans to prevent drift are not yet effective.", "weakness"),
        ("The quality of recording varies, from comprehensive to brief.", "weakness"),
        ("There are gaps in the provision of suitable homes for older children.", "weakness"),
    ])


def test_awareness_depends_on_what_is_recognised():
    _check([
        ("Leaders recognise that the quality of supervision needs to improve.", "weakness"),
        ("Leaders recognise this and have taken action to increase capacity.", "strength"),
        ("Leaders know their service well and understand what needs to improve.", "strength"),
    ])
    assert score_texts(["Practitioners recognise that trusting relationships matter."]
                       )[0].polarity != "weakness"


def test_past_shortfalls_read_as_context():
    _check([("Previously, plans were long and difficult for families to understand.",
             "strength")])


# Sentences written in Ofsted's manner for these tests (none taken from a letter): how the
# inspectorate usually words a shortfall or a strength.
_PROBES = [
    ('Return home interviews are not routinely offered to children who go missing.', 'weakness'),
    ("Children's plans are overly generic.", 'weakness'),
    ("Managers' oversight lacks rigour.", 'weakness'),
    ('Too few foster carers are available.', 'weakness'),
    ('Assessments do not consider the impact of fathers.', 'weakness'),
    ('The local authority has been slow to respond to these concerns.', 'weakness'),
    ('Some children have experienced multiple changes of social worker.', 'weakness'),
    ('Caseloads in the assessment teams are high.', 'weakness'),
    ('Management oversight is evident on case files, but it does not always provide clear direction.', 'weakness'),
    ('Not enough children have an up-to-date plan.', 'weakness'),
    ('There is an over-reliance on agency staff.', 'weakness'),
    ("Leaders have not ensured that children's plans are reviewed.", 'weakness'),
    ('Too often, decisions are made without sufficient information.', 'weakness'),
    ('There is a backlog of assessments awaiting allocation.', 'weakness'),
    ('Placement sufficiency remains a significant challenge.', 'weakness'),
    ('Senior leaders have been too slow to address the weaknesses identified at the last inspection.', 'weakness'),
    ('Children are not always seen alone.', 'weakness'),
    ("The local authority's self-assessment is overly optimistic.", 'weakness'),
    ("Children's plans are generic and are not specific enough.", 'weakness'),
    ('Threshold decisions in the front door are inconsistent.', 'weakness'),
    ('Written agreements are used inappropriately to manage risk.', 'weakness'),
    ('The quality of chronologies is poor.', 'weakness'),
    ('Pathway plans are of variable quality and are not always updated.', 'weakness'),
    ("Children's views are rarely recorded.", 'weakness'),
    ("Some children have been placed in unregistered children's homes.", 'weakness'),
    ('Health assessments for children in care are not completed within statutory timescales.', 'weakness'),
    ('Escalation to legal planning is delayed for some children.', 'weakness'),
    ('Care leavers do not know about their entitlements.', 'weakness'),
    ('Young people are not helped to understand their histories.', 'weakness'),
    ('Strategy discussions are held without the police.', 'weakness'),
    ('Staff turnover remains high.', 'weakness'),
    ('The response to children missing from care is not effective.', 'weakness'),
    ("Social workers' caseloads are too high to allow them to do meaningful work.", 'weakness'),
    ("Children's case records are not up to date.", 'weakness'),
    ('Managers are not sighted on the quality of practice.', 'weakness'),
    ('There are long waiting lists for child and adolescent mental health services.', 'weakness'),
    ('Social workers are passionate about their work.', 'strength'),
    ('Care leavers speak positively about their personal advisers.', 'strength'),
    ('Children benefit from stable placements.', 'strength'),
    ('Managers provide effective oversight.', 'strength'),
    ('Return home interviews are completed for most children.', 'strength'),
    ('There is no drift or delay for children in pre-proceedings.', 'strength'),
    ('Children are helped to understand why they are in care.', 'strength'),
    ('Personal advisers keep in touch with care leavers and know them well.', 'strength'),
    ('Decisions to step down to early help are appropriate.', 'strength'),
    ('The virtual school provides strong advocacy for children in care.', 'strength'),
    ('Leaders have a realistic understanding of their services.', 'strength'),
    ('Staff say that they enjoy working for the local authority.', 'strength'),
    ('Children live with their brothers and sisters when it is in their best interests.', 'strength'),
    ('Thresholds are well understood by partners.', 'strength'),
    ('Life-story work is completed sensitively.', 'strength'),
    ('Caseloads are manageable and staff feel supported.', 'strength'),
    ("Children's identities are celebrated.", 'strength'),
    ('Workers are tenacious in finding children who go missing.', 'strength'),
    ("Children's health needs are not prioritised.", 'weakness'),
    ('There is limited management oversight of private fostering arrangements.', 'weakness'),
    ("Leaders' understanding of practice is overly reliant on compliance data.", 'weakness'),
    ('The front door is not working well.', 'weakness'),
    ('Management decisions lack a clear rationale.', 'weakness'),
    ('Children are left in situations of chronic neglect.', 'weakness'),
    ('The quality of assessments has deteriorated since the last inspection.', 'weakness'),
    ('Direct work with children is not always evident.', 'weakness'),
    ('Risks to children are not always recognised.', 'weakness'),
    ('The impact of parental mental health on children is insufficiently considered.', 'weakness'),
    ('Return home interviews are completed late.', 'weakness'),
    ('The rationale for decisions is not recorded.', 'weakness'),
    ('Too little attention is paid to the needs of fathers.', 'weakness'),
    ('Care leavers report feeling isolated.', 'weakness'),
    ('Some children experience multiple placement moves.', 'weakness'),
    ('Strategy meetings are poorly attended by health partners.', 'weakness'),
    ('The offer for care leavers is underused.', 'weakness'),
    ('Children wait for their assessments to start.', 'weakness'),
    ('Supervision records are brief and do not show reflection.', 'weakness'),
    ('Partners escalate concerns inconsistently.', 'weakness'),
    ('The sufficiency of local homes for children in care remains a concern.', 'weakness'),
    ('Inspectors found children whose needs had not been assessed for over a year.', 'weakness'),
    ('Managers have not addressed the drift identified in these cases.', 'weakness'),
    ('The local authority has struggled to recruit permanent social workers.', 'weakness'),
]


def test_ofsted_phrasings_written_for_these_tests():
    _check(_PROBES)


# ---------------------------------------------------------------- issue 12, generalised
# Families found on blind3's and heldout's errors, each tested on sentences written for these
# tests in Ofsted's manner (none taken from a letter).


def test_a_negated_verb_that_acts_on_a_problem_leaves_the_problem():
    _check([
        ("Managers do not review outstanding actions.", "weakness"),
        ("Independent reviewing officers do not escalate concerns about delay.", "weakness"),
        ("Social workers do not follow up missed health appointments.", "weakness"),
        ("Leaders do not monitor the backlog of reviews.", "weakness"),
        ("Audits do not identify drift in plans.", "weakness"),
        # a negated verb of undergoing or allowing denies the problem, as "no" does
        ("Children do not experience delay in securing permanence.", "strength"),
        ("Families do not face long waits for help.", "strength"),
        ("Staff do not tolerate drift.", "strength"),
        ("Inspectors did not identify any delay for children.", "strength"),
        ("There is no backlog of assessments.", "strength"),
    ])


def test_a_trailing_concession_carries_the_point_after_weak_or_hedged_praise():
    _check([
        ("The offer of support is outlined for care leavers, although it has not been updated "
         "since 2018.", "weakness"),
        ("Assessments are mostly timely, though the quality is inconsistent.", "weakness"),
        ("Most plans are detailed, although they lack timescales.", "weakness"),
        ("Supervision is regular, though it is not reflective.", "weakness"),
        ("Return home interviews are offered, although take-up by young people is low.",
         "weakness"),
        # after praise of its own, or limited to a few, the concession is a caveat
        ("Legal planning meetings are mostly effective, although a small number of children "
         "have had repeat plans.", "strength"),
        ("The trust has a robust sufficiency strategy, although a lack of placements has led "
         "to some unsuitable moves.", "strength"),
        ("Visits take place in line with children's needs, although their views are not always "
         "recorded.", "strength"),
        ("Strategy meetings are held promptly, although health partners do not always attend.",
         "strength"),
    ])


def test_a_fronted_concession_is_conceded_whatever_it_holds():
    _check([
        # the concession runs on past a "with ..." phrase to the comma before the main clause
        ("Although there is evidence of practice that is increasingly purposeful and effective, "
         "with some examples of very good plans, plans do not always make clear who will do "
         "what by when.", "weakness"),
        ("Although some plans are detailed, including those for disabled children, most lack "
         "clear timescales.", "weakness"),
        ("Although leaders have worked hard and made significant progress, the pace of change "
         "has been too slow.", "weakness"),
        # and what it concedes, however negative, stays inside it
        ("Although there are some gaps, practice is strong and effective.", "strength"),
        ("Although plans are not always specific, reviews are timely and well attended.",
         "strength"),
        ("Although caseloads are high, with some workers holding over 30 children, social "
         "workers know their children well and visit them regularly.", "strength"),
    ])


def test_a_measure_compared_with_a_benchmark():
    _check([
        # below the benchmark, a good is a shortfall ("good progress" names the measure)
        ("At age five, 41.7% make good progress compared with 65.3% of all children in the "
         "area.", "weakness"),
        ("The proportion of care leavers in education, employment or training is below the "
         "national average.", "weakness"),
        ("Attainment at key stage 4 is well below that of children nationally.", "weakness"),
        ("Care leavers are less likely than their peers to be in education or training.",
         "weakness"),
        # above it, a burden is one
        ("The rate of re-referrals is 28%, compared with 22% for similar authorities.",
         "weakness"),
        ("The proportion of care leavers not in education, employment or training is higher "
         "than nationally.", "weakness"),
        # and the other way round, strengths
        ("Of care leavers, 62% are in education, employment or training, compared with 55% "
         "nationally.", "strength"),
        ("The rate of re-referrals is 18%, lower than the national average of 22%.",
         "strength"),
        ("Fewer children are excluded than in similar areas.", "strength"),
        # no comparison, or no measure that says which way is better
        ("Leaders accept that more work is needed to ensure that all partner agencies are "
         "routinely informed.", "weakness"),
        ("Children are seen more often than in other areas, and plans are reviewed regularly.",
         "strength"),
    ])
    assert _polarity("The number of children in care is higher than the national average.") \
        == "neutral"


def test_knowing_a_shortfall_and_work_under_way_on_it_leave_it_standing():
    _check([
        ("The manager has a clear understanding of these issues and work is under way to "
         "address them.", "weakness"),
        ("Leaders understand these shortfalls and are working to address them.", "weakness"),
        ("Work is under way to reduce delays in assessments.", "weakness"),
        # knowing strengths is praise; acting on what is known is too
        ("Leaders are aware of the strengths in their services and the challenges that "
         "remain.", "strength"),
        ("Leaders have a good understanding of the service's strengths and weaknesses.",
         "strength"),
        ("Leaders understand these issues and have taken effective action to resolve them.",
         "strength"),
        ("Leaders have acted quickly to address these concerns.", "strength"),
    ])
    assert _polarity("Work is under way to develop a new family hub.") != "weakness"


def test_a_problem_named_as_such_holds_up_what_follows_it():
    _check([
        ("There have been some issues with achieving consistent membership of sub-groups.",
         "weakness"),
        ("There have been problems with recruiting enough skilled foster carers.", "weakness"),
        ("Care leavers report difficulties in accessing timely mental health support.",
         "weakness"),
        ("Managers rely on manual workarounds to track visits.", "weakness"),
        ("The separate work-arounds are only effective as they have been created by skilled "
         "and experienced workers.", "weakness"),
        ("The shortage of homes is exacerbated by rising demand.", "weakness"),
        ("There are no issues with the quality of supervision.", "strength"),
        ("Partners work well with families and with schools.", "strength"),
    ])


def test_an_item_keeps_its_nouns_after_coordinated_modifiers():
    _check([
        ("The timeliness and consistency with which decisions are matched to children's needs, "
         "to help ensure that they routinely receive timely and proportionate support.",
         "weakness"),
        ("Timely and effective support for care leavers who are parents.", "weakness"),
        ("Social workers and managers support families well.", "strength"),
        ("Practitioners offer timely and sensitive support to families.", "strength"),
    ])


def test_practice_stated_plainly_is_a_strength():
    _check([
        ("Where required, wider agency support is provided.", "strength"),
        ("There is a significant multi-agency presence, providing young people with emotional "
         "and practical support.", "strength"),
        ("When care leavers find it difficult to work with specialist services, workers take "
         "expert advice and complete the work themselves.", "strength"),
        ("Support is not provided to care leavers who are parents.", "weakness"),
    ])
    assert _polarity("Provided that risks are managed, children can stay at home.") == "neutral"


def test_strain_and_what_inspectors_raise_name_a_problem():
    _check([
        ("Capacity in the team is stretched.", "weakness"),
        ("Social workers feel overwhelmed.", "weakness"),
        ("This leaves children living in uncertainty.", "weakness"),
        ("Young people leaving custody have nowhere to live.", "weakness"),
        ("Sufficiency of placements is a key challenge for the local authority.", "weakness"),
        ("Inspectors brought a number of cases to the attention of managers.", "weakness"),
        ("Inspectors asked managers to review several children's cases.", "weakness"),
        ("Placement stability is declining.", "weakness"),
        ("The quality of practice is high.", "strength"),
        ("Young people told inspectors that their personal advisers go the extra mile.",
         "strength"),
        ("Leaders responded quickly to concerns raised by inspectors.", "strength"),
    ])


def test_danger_denied_problems_handled_and_whom_a_service_helps():
    _check([
        # what is denied is what the negation reaches, not the children "at risk" it names
        ("Partners do not share information about children at risk.", "weakness"),
        ("There is no strategy for children at risk of exploitation.", "weakness"),
        # a problem challenged is a problem handled, and negates nothing after it
        ("Managers challenge drift and delay robustly.", "strength"),
        ("Managers do not challenge drift.", "weakness"),
        # a difficulty in a "who" clause says whom the service helps
        ("Practitioners support families who face multiple difficulties.", "strength"),
        ("Families who are struggling are offered intensive support.", "strength"),
        ("Children who wait too long for assessments are not helped.", "weakness"),
        # what families say it takes, a priority named, a challenge named as such
        ("Some parents say they have to fight to get the support their children need.",
         "weakness"),
        ("Parents and carers describe the process as a battle.", "weakness"),
        ("Leaders have identified this as a priority in their improvement plan.", "weakness"),
        ("The main challenge is recruitment.", "weakness"),
    ])


def test_consequences_that_leave_children_in_danger_or_professionals_diverted():
    _check([
        ("This means that some children remain in situations of risk.", "weakness"),
        ("This potentially leaves children at risk of harm.", "weakness"),
        ("Police officers are diverted from other duties to care for these children.",
         "weakness"),
        # a "who" clause after those who give the service names its failing
        ("This can lead to children being placed with carers who cannot meet their needs.",
         "weakness"),
        ("Staff who do not understand thresholds make inappropriate referrals.", "weakness"),
        ("Children who do not attend school are offered tuition.", "strength"),
        ("Managers place children at the centre of their work.", "strength"),
    ])


def test_a_problem_said_to_be_scarce_or_overcome_is_a_strength():
    _check([
        ("There are very few delays in issuing care proceedings.", "strength"),
        ("Delays are rare.", "strength"),
        ("Agency staff are rarely used.", "strength"),
        ("Very few children experience delay.", "strength"),
        ("Gaps in provision have been filled.", "strength"),
        ("Challenges in recruiting foster carers have been overcome through a new campaign.",
         "strength"),
        ("Previously, children waited too long; this is no longer the case.", "strength"),
        ("Missing episodes have reduced.", "strength"),
        ("None of the children seen were living in unsuitable homes.", "strength"),
        ("Social workers do not give up on young people.", "strength"),
        ("Leaders are not complacent.", "strength"),
        ("Independent reviewing officers escalate concerns when plans drift, and this is "
         "effective.", "strength"),
        # what is scarce is the praise, or the handling of the problem
        ("Few children have an up-to-date plan.", "weakness"),
        ("Visits to children are rare.", "weakness"),
        ("Children are rarely seen alone.", "weakness"),
        ("Delays are rarely challenged.", "weakness"),
        ("School attendance has reduced for children in care.", "weakness"),
    ])


def test_a_lasting_shortfall_after_hedged_progress_and_one_put_right():
    _check([
        ("Some progress has been made in reducing caseloads, although they remain too high in "
         "some teams.", "weakness"),
        ("Improvements have been made to the front door, although decision-making remains "
         "inconsistent.", "weakness"),
        ("There were delays for some children earlier in the year, but these have now been "
         "addressed.", "strength"),
        ("This has been resolved.", "strength"),
        ("These have not been addressed.", "weakness"),
    ])


def test_every_shortfall_heading_ofsted_uses_is_one():
    nlp = get_nlp()
    text = "Health teams are working with an organisation to implement a new system."
    for section in ("What does the area partnership need to do better?",
                    "What does the local authority need to improve?", "What needs to happen",
                    "Areas of development"):
        assert assess(nlp(text), section).polarity == "weakness", section
    assert assess(nlp(text), "What is the area partnership doing that is effective?"
                  ).polarity != "weakness"


def test_a_plain_statement_under_a_strengths_heading_is_one_of_them():
    nlp = get_nlp()
    text = "Designated officers keep a log of allegations made against staff."
    assert assess(nlp(text), "Key strengths").polarity == "strength"
    assert assess(nlp(text)).polarity == "neutral"
    # a finding of its own keeps its judgement there
    assert assess(nlp("Referrals from schools lack detail."), "Key strengths"
                  ).polarity == "weakness"


def test_a_privative_names_work_undone_or_done_wrong():
    _check([
        ("Managers found a backlog of 30 unreviewed contacts in the duty team.", "weakness"),
        ("Chronologies are incomplete and some records are inaccurate.", "weakness"),
        ("Audits give leaders a false sense of assurance about the quality of practice.",
         "weakness"),
        ("Chronologies are complete and records are accurate.", "strength"),
        ("There are no unreviewed contacts and records are not inaccurate.", "strength"),
        ("As a result, the health needs of some children go unnoticed.", "weakness"),
        ("Managers make sure that no child's needs go unnoticed.", "strength"),
    ])


def test_distress_a_shortfall_causes_is_one():
    _check([
        ("Frequent changes of plan result in anxiety for young people and their carers.",
         "weakness"),
        ("The late decision caused unnecessary distress for the family.", "weakness"),
        ("Practitioners skilfully help children to manage their anxiety.", "strength"),
    ])


def test_a_hindering_verb_holds_up_the_praise_in_its_object():
    _check([
        ("Staff shortages complicate how swiftly managers can offer the right help.", "weakness"),
        ("Gaps in data hamper effective and timely planning for care leavers.", "weakness"),
        # the object runs on through ", including ..."
        ("This restricts the chance for workers to know children well, including their "
         "strengths and interests.", "weakness"),
        ("Managers swiftly offer the right help, and planning is effective and timely.",
         "strength"),
    ])


def test_a_relative_clause_on_what_is_denied_says_what_is_missing():
    _check([
        ("Some care leavers do not have a personal adviser who knows them well.", "weakness"),
        ("Children are not able to form a lasting bond with an independent visitor who can "
         "champion their views, including to secure the right support.", "weakness"),
        ("Care leavers have a personal adviser who knows them well.", "strength"),
        # a comment on the whole clause, and a new subject's clause, are not what is denied
        ("Leaders do not tolerate drift, which means that children are seen quickly.",
         "strength"),
        ("Leaders do not shy away from hard decisions and partners who work with them are well "
         "informed.", "strength"),
        # after "no", the clause's problem is what does not exist
        ("There are no children who are waiting for an allocated worker.", "strength"),
        ("There is no manager who checks that plans are updated.", "weakness"),
    ])


def test_a_purpose_owes_every_verb_after_it_so_the_item_stays_verbless():
    _check([
        ("Kinship arrangements for children, to ensure that carers are assessed and the "
         "arrangements are properly approved and supported.", "weakness"),
        ("The timeliness of initial health assessments, so that needs are met and plans are up "
         "to date.", "weakness"),
        ("Managers review plans regularly so that needs are met and plans are up to date.",
         "strength"),
    ])


def test_a_modal_in_a_question_after_a_preposition_describes():
    _check([
        ("Joint working is strong and agreement on who should take the lead is reached "
         "quickly.", "strength"),
        ("There is clarity about when plans should end.", "strength"),
        ("Joint working is strong, but partners should agree who takes the lead.", "weakness"),
    ])


def test_only_when_ready_or_safe_is_pacing_not_scarcity():
    _check([
        ("Young people move on to independence only when they feel ready.", "strength"),
        ("Children return home only once it is safe to do so.", "strength"),
        ("Care leavers do not move on until they feel ready.", "strength"),
        ("Only a few care leavers have a pathway plan.", "weakness"),
        ("Plans are not updated until a crisis occurs.", "weakness"),
    ])


def test_help_given_in_the_passive_is_praise():
    _check([
        ("Newly qualified workers are assisted to complete their training.", "strength"),
        ("Newly qualified workers are not assisted to complete their training.", "weakness"),
    ])


def test_a_need_for_work_named_as_a_noun_is_a_shortfall():
    _check([
        ("Leaders are aware that their private fostering work needs development.", "weakness"),
        ("Return home interviews require urgent attention.", "weakness"),
        ("Their private fostering work has developed well and is strong.", "strength"),
    ])


def test_what_children_miss_out_on_and_risks_misjudged():
    _check([
        ("Some disabled children miss out on annual health checks.", "weakness"),
        ("Risks from extended family members were under-estimated for two children.",
         "weakness"),
        ("Managers make sure that no child misses out on a health assessment.", "strength"),
    ])


def test_praise_denied_for_some_after_a_turn_is_the_point():
    _check([
        ("Inspectors saw some plans that were detailed, thorough and clearly written, but this "
         "is not the case for all children.", "weakness"),
        ("Inspectors saw plans that were detailed, thorough and clearly written for all "
         "children.", "strength"),
    ])


def test_areas_for_improvement_that_last_are_a_shortfall():
    _check([
        ("The areas for improvement remain those that were found at the last inspection.",
         "weakness"),
        ("Leaders have swiftly addressed the areas for improvement found at the last inspection.",
         "strength"),
    ])


def test_what_the_record_leaves_out_is_a_shortfall():
    _check([
        ("The child's own voice is missing from some assessments.", "weakness"),
        ("Analysis of risk is absent from many children's plans.", "weakness"),
        ("Children who go missing from home are offered return home interviews promptly.",
         "strength"),
    ])


def test_a_hindering_verb_on_a_problem_holds_it_back():
    _check([
        ("Careful commissioning restricts the use of unregistered homes.", "strength"),
        ("Close scrutiny by managers limits drift and delay in planning.", "strength"),
        # a second clause's problem is not what the verb holds back
        ("Staff shortages hinder the team and cause delay.", "weakness"),
    ])


def test_a_verb_that_holds_back_or_informs_makes_a_finding_not_an_item():
    _check([
        ("Strong oversight of plans limits drift for children.", "strength"),
        ("Analysis of performance data informs service planning well.", "strength"),
        ("The quality of analysis in assessments of risk.", "weakness"),
    ])


def test_reluctance_is_a_shortfall_and_denied_is_resolve():
    _check([
        ("Leaders did not hesitate to act when children were at risk.", "strength"),
        ("Leaders have not shied away from taking hard decisions.", "strength"),
        ("Some managers hesitate to challenge partner agencies.", "weakness"),
    ])


def test_praise_in_excess_is_a_shortfall():
    _check([
        ("Leaders hold an overly positive view of the quality of practice.", "weakness"),
        ("The self-evaluation is unduly optimistic.", "weakness"),
        ("Leaders hold an accurate and positive view of the quality of practice.", "strength"),
    ])


def test_a_record_that_does_not_reflect_a_problem_leaves_it_standing():
    _check([
        ("The self-assessment does not reflect the weaknesses found by inspectors.",
         "weakness"),
        ("Chronologies do not capture the impact of delay on children.", "weakness"),
        ("Children do not experience delay.", "strength"),
    ])


def test_a_problem_put_right_is_a_strength():
    _check([
        ("Managers quickly rectify inaccurate information on children's records.", "strength"),
        ("Errors in chronologies are corrected promptly.", "strength"),
        ("Inaccurate information on records is not corrected.", "weakness"),
    ])


def test_progress_judged_short_weighs_as_slow_progress():
    _check([
        ("There is a clear and strong commitment to improvement, but progress has been slow.",
         "weakness"),
        ("Progress for care leavers has been relatively modest.", "weakness"),
        ("Progress for care leavers has been rapid.", "strength"),
    ])


def test_a_fix_done_badly_is_no_problem_fixed():
    _check([
        ("Some children's cases are closed prematurely.", "weakness"),
        ("Concerns raised by schools are addressed slowly.", "weakness"),
        ("Drift in planning has been tackled robustly.", "strength"),
    ])


def test_heavy_reliance_is_a_shortfall():
    _check([
        ("Professionals rely heavily on the parents' own account.", "weakness"),
        ("Professionals draw skilfully on the views of everyone involved.", "strength"),
    ])


def test_a_verb_that_diminishes_is_a_hindering_verb():
    _check([
        ("Frequent changes of manager weaken the quality of oversight.", "weakness"),
        ("The volume of meetings detracts from the effective direct work that workers do.",
         "weakness"),
        ("The new approach has strengthened the quality of oversight.", "strength"),
    ])


def test_families_who_have_to_chase_and_managers_who_chase():
    _check([
        ("Parents say that they have to chase professionals for updates.", "weakness"),
        ("Managers chase overdue actions promptly.", "strength"),
        ("Overdue health assessments are not chased.", "weakness"),
    ])


def test_children_missing_is_a_burden_whose_level_judges():
    _check([
        ("The number of children missing education is high.", "weakness"),
        ("The number of children missing education has fallen.", "strength"),
    ])


def test_thin_recording_is_a_shortfall():
    _check([
        ("Case notes of visits to children are often sparse.", "weakness"),
        ("Records of direct work are brief.", "weakness"),
        ("Workers offer brief, focused interventions to families.", "strength"),
    ])


def test_a_level_that_continues_to_move_judges_its_measure():
    _check([
        ("Leaders have invested in early help, yet demand for statutory services continues "
         "to rise.", "weakness"),
        ("Caseloads have continued to grow.", "weakness"),
        ("Caseloads continue to fall.", "strength"),
    ])


def test_a_possessives_noun_and_the_range_of_head_an_item():
    _check([
        ("Children's access to speech and language therapy.", "weakness"),
        ("The range of homes available for older children in care.", "weakness"),
        ("Children's access to speech and language therapy is timely.", "strength"),
        ("A wide range of homes is available for older children in care.", "strength"),
    ])


def test_a_hyphenated_compound_before_an_aspect_heads_an_item():
    _check([
        ("Multi-agency scrutiny of decisions to step down.", "weakness"),
        ("Multi-agency scrutiny of decisions to step down is rigorous.", "strength"),
    ])


def test_every_rule_is_a_declared_row_and_every_row_is_applied() -> None:
    """The ids the scorer's code names are rules.toml's; a declared row needs no code, a
    called one names a function that exists, and every such function has its rows."""
    import re
    from importlib import resources

    from cf.summarise import rules, score

    rows = rules.rules()
    ids = {r.id for r in rows}
    code = resources.files("cf.summarise").joinpath("score.py").read_text("utf-8")
    used = set(re.findall(r'\b(?:mark\(|rule=|on\(|number\()"([a-z_]+(?:\.[a-z_]+)?)"', code))
    assert used <= ids, used - ids  # no rule without its row
    called = [r for r in rows if r.call]
    assert all(f'"{r.id}"' in code for r in called)  # no called row without its code
    assert not [r.id for r in rows if not r.call and f'"{r.id}"' in code]  # a row is enough
    assert {r.call for r in called} == set(score._CALLS)
    assert len(rows) - len(called) >= 12  # the rules a row says in full


def test_a_row_is_checked_as_it_loads() -> None:
    from cf.summarise import rules
    from cf.summarise.data_files import DataFileError, load_data, validate

    data = load_data("rules.toml")
    bad = {**data, "rules": [{**data["rules"][3], "operator": {"cue": "intensifier", "wrods": []}}]}
    with pytest.raises(DataFileError, match=r"rules\.toml: rules\[0\]\.operator\.wrods: unknown key"):
        validate("rules.toml", bad)
    row = rules.Rule("demo.x", 1, "says", {"cue": "neg"}, "sentence", (0, 0), {}, {"do": "flip"})
    with pytest.raises(DataFileError, match=r"effect\.do: one of"):
        rules._check("rules[0]", row)
    row = rules.Rule("demo.x", 1, "says", {"cue": "neg"}, "clause", (0, 0), {}, {"do": "neutralise"})
    with pytest.raises(DataFileError, match=r"scope: a clause scope needs a clause operator"):
        rules._check("rules[0]", row)


def test_a_newcomer_adds_a_rule_by_adding_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example in docs/scorer.md: a row, no code, and the rule acts and shows its id."""
    import tomllib

    from cf.summarise import rules

    text = "Plans are hardly effective."
    assert score_texts([text])[0].polarity == "strength"
    row = tomllib.loads('''
        id = "hedge.hardly"
        precedence = 65
        says = "Praise hardly given is withheld: 'hardly effective' is a shortfall"
        operator = { words = ["hardly", "barely", "scarcely"] }
        scope = "window"
        window = [0, 1]
        target = { polarity = "praise", unsettled = true }
        effect = { do = "shortfall", factor = 1.0, note = "hedge:{op} {cue}" }
    ''')
    rows = sorted((*rules.rules(), rules.Rule(**{k: tuple(v) if k == "window" else v
                                                  for k, v in row.items()})),
                  key=lambda r: r.precedence)
    monkeypatch.setattr(rules, "rules", lambda: tuple(rows))
    got = score_texts([text])[0]
    assert got.polarity == "weakness" and "hedge:hardly effective [hedge.hardly]" in got.cues


def test_a_rule_switched_off_by_id_stops_acting_and_its_id_travels_with_its_cue() -> None:
    from cf.summarise import score

    text = "Managers do not provide effective oversight."
    on = score_texts([text])[0]
    assert on.polarity == "weakness" and "negation:not effective [negate.flip]" in on.cues
    try:
        score.switch_off(["negate.flip"])
        off = score_texts([text])[0]
        assert not any("[negate.flip]" in c for c in off.cues), off.cues
        score.switch_off(["negate"])  # a family: every negate.* rule
        fam = score_texts([text])[0]
        assert not any("[negate." in c for c in fam.cues) and fam.polarity == "strength", fam.cues
    finally:
        score.switch_off([])
    assert score_texts([text])[0] == on


def test_a_need_of_more_names_what_is_missing_unless_it_describes_whom():
    _check([
        ("Care planning requires more detail and management oversight.", "weakness"),
        ("Care leavers need better access to mental health services.", "weakness"),
        ("This needs urgent and sustained attention.", "weakness"),
        # whom a service helps, or what they might need, is no requirement of the service
        ("Children who require immediate protection receive a swift response.", "strength"),
        ("Children who might need urgent help are seen quickly.", "strength"),
        ("Children who need more support receive it quickly.", "strength"),
    ])


def test_need_after_in_is_a_noun_not_a_call_for_change():
    """"child in need" names a plan, not a need to act (a blind editor's read of Barnsley 2018)."""
    text = ("Threshold decision-making, for example when to escalate from child in need to child protection, "
            "is generally appropriate to children's individual circumstances.")
    assert score_texts([text])[0].label == "strength"
