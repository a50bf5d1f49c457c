"""The clause layer: each kind of clause found where Ofsted's prose puts it, as labelled
spans in doc.spans["clauses"] once the sentence is judged."""
from __future__ import annotations

from cf.summarise.nlp import get_nlp
from cf.summarise.score import assess


def _clauses(text: str) -> list[tuple[str, str]]:
    doc = get_nlp()(text)
    assess(doc)
    return [(s.label_, s.text) for s in doc.spans["clauses"]]


def test_a_condition_runs_to_its_comma_past_a_second_limb() -> None:
    got = _clauses("When risks escalate, or do not reduce, managers act quickly.")
    assert ("condition", "When risks escalate, or do not reduce") in got


def test_a_trailing_where_after_a_noun_is_a_relative_not_a_condition() -> None:
    got = _clauses("Inspectors saw some cases, where drift had occurred.")
    assert ("relative", "where drift had occurred.") in got
    assert not any(label == "condition" for label, _ in got)
    fronted = _clauses("Where risks increase, plans are reviewed.")
    assert ("condition", "Where risks increase") in fronted


def test_a_case_noun_before_when_opens_no_condition() -> None:
    assert not any(label == "condition" for label, _ in _clauses("There were occasions when visits were late."))


def test_concessions_fronted_bracketed_and_trailing() -> None:
    assert ("concession", "Although practice is improving, with some very good plans") in _clauses(
        "Although practice is improving, with some very good plans, plans do not always address risk.")
    assert ("concession", "although well focused") in _clauses(
        "Oversight, although well focused, has not been robust.")
    assert ("concession", "the quality is inconsistent.") in _clauses(
        "Assessments are mostly timely, though the quality is inconsistent.")


def test_goals_and_purposes() -> None:
    got = _clauses("Leaders need to improve the quality of plans, so that children are safe.")
    # a recommendation's aim runs on to the sentence's next turn, through its purpose
    assert ("goal", "the quality of plans, so that children are safe") in got
    assert ("purpose", "children are safe") in got
    plan = _clauses("Leaders have plans to recruit more carers, and sufficiency is improving.")
    assert ("goal", "recruit more carers") in plan  # a plan's aim ends at its comma


def test_the_object_of_a_named_problem_and_of_a_hindering_verb() -> None:
    got = _clauses("There is drift in achieving permanence for some children.")
    assert ("object", "in achieving permanence for some children") in got
    hinders = _clauses("Turnover hampers how quickly help is put in place.")
    assert any(label == "object" and "how quickly help is put in place" in text for label, text in hinders), hinders
