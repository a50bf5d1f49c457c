"""Choosing the opening's parts by fitted weights (issue 17): the features, the forms the lead
may take, and what the faithfulness check accepts of them."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from cf.models import Judgements, Metadata, Previous, Style
from cf.models.analysis import Assessment, Sentence
from cf.summarise import ranking
from cf.summarise import templates as T
from cf.summarise.faithful import Source, check_sentence
from cf.summarise.storydoc import Item
from cf.summarise.textutil import drop_reporting


def _item(text: str, label: str = "strength", score: float = 0.8, traits: tuple[str, ...] = (),
          first: bool = True) -> Item:
    sentence = Sentence(text, "Overview", 1, 0, 0, "paragraph", Assessment(label, score, traits=traits))  # type: ignore[arg-type]
    return Item(sentence, "overview", 0, 0, first)


def test_the_best_candidate_by_the_weights_and_the_first_of_equals(monkeypatch):
    monkeypatch.setattr(ranking, "weights", lambda _part: {"clear": 1.0, "long": -2.0})
    items = ["a", "b", "c"]
    feats = {"a": {"clear": 0.5}, "b": {"clear": 0.9, "long": 1.0}, "c": {"clear": 0.5}}
    assert ranking.best("lead", items, feats.__getitem__) == "a"
    assert ranking.best("lead", [], feats.__getitem__) is None


def test_the_shipped_weights_cover_every_part():
    for part in ("lead", "quote", "however", "headline"):
        assert isinstance(ranking.weights(part), dict)


def test_features_a_writer_would_name():
    lead = _item("Children in care in Southwark receive effective support.")
    f = ranking.quote_features(_item("Leaders know the service well.", first=False), [lead, _item("x")], lead)
    assert f["next"] == 0.0 and f["near"] == 1.0 and f["paragraph_start"] == 0.0
    # A writer quotes by where the sentence sits, whichever way it judges (docs/writers.md).
    assert not {"strength", "weakness", "mixed"} & set(f)
    doc = SimpleNamespace(la="Anyshire")
    g = ranking.however_features(_item("However, caseloads are too high.", "weakness", -0.8), doc, "opening", 0)  # type: ignore[arg-type]
    assert g["letter_however"] == 1.0 and g["opening"] == 1.0 and g["weakness"] == 1.0 and g["fronted"] == 0.0
    h = ranking.however_features(_item("However, caseloads are too high.", "weakness", -0.8), doc, "inner", 0)  # type: ignore[arg-type]
    assert h["letter_however"] == 0.0 and h["first_in_place"] == 0.0  # a finding's own caveat


def test_the_reports_frame_is_dropped():
    assert drop_reporting("At this focused visit, inspectors found that the experience of children has "
                          "deteriorated.") == "The experience of children has deteriorated."
    assert drop_reporting("This visit found that, while opportunities remain, leaders have improved services.") \
        == "While opportunities remain, leaders have improved services."
    assert drop_reporting("Inspectors found no detriment to services.") == "Inspectors found no detriment to services."


def test_the_lead_names_the_council():
    assert T.name_subject("The local authority has improved the quality of practice.", "Anyshire") == \
        "Anyshire has improved the quality of practice."
    assert T.name_subject("Since the last inspection in 2017, the local authority has improved practice.",
                          "Anyshire") == "Since the last inspection in 2017, Anyshire has improved practice."
    assert T.name_subject("The local authority's plans are clear.", "Anyshire") == "The local authority's plans are clear."
    meta = Metadata(kind="focused_visit", title="Focused visit", local_authority="Anyshire")
    assert T.lead_attribution("Ofsted has said", meta, named=False) == \
        "Ofsted has said following a focused visit to Anyshire"
    assert T.lead_attribution("Ofsted has said", meta, named=True) == "Ofsted has said"


@pytest.mark.parametrize(("grade", "previous", "lead"), [
    ("good", None, "Children's services in Anyshire have been rated good by Ofsted."),
    ("requires improvement", Previous(2016, "inadequate"),
     "Children's services in Anyshire require improvement to be good, up from inadequate at the last inspection "
     "in 2016, Ofsted has said."),
])
def test_the_grade_as_the_lead(grade, previous, lead):
    assert T.grade_lead("Anyshire", grade, previous.overall_effectiveness if previous else None,
                        previous.year if previous else None) == lead


class _Letter:
    def __init__(self, text: str, meta: Metadata) -> None:
        from cf.models import Block, Section

        self.sections = [Section("Overview", [Block("paragraph", text, text)])]
        self.metadata = meta


@pytest.mark.parametrize(("sentence", "ok"), [
    ("Anyshire has improved the quality of practice, Ofsted has said following a focused visit to Anyshire.", True),
    ("Anyshire has improved the quality of practice, Ofsted has said.", True),
    ("Anyshire has improved the quality of practice, Ofsted has said following a focused visit to Elsewhere.", False),
    ("Elsewhere has improved the quality of practice, Ofsted has said.", False),
])
def test_the_faithfulness_check_accepts_the_leads_forms(sentence, ok):
    meta = Metadata(kind="focused_visit", title="Focused visit", local_authority="Anyshire",
                    judgements=Judgements())
    letter = _Letter("The local authority has improved the quality of practice.", meta)
    problem = check_sentence(sentence, Source(letter), letter, Style())  # type: ignore[arg-type]
    assert (problem is None) == ok, problem
