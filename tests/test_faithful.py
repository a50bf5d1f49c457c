"""Faithfulness: every sentence of a draft can be found in its letter after the allowed edits,
and anything invented is caught."""
from __future__ import annotations

from dataclasses import replace

import pytest

from cf.models import DraftFinding, Style
from cf.summarise.faithful import check
from cf.summarise.pipeline import summarise

from conftest import CORPUS, EXAMPLES, ROOT, SHARED

SEED_TEXT = SHARED / "seeds" / "southwark-letter.txt"
MONITORING = ROOT / "tests" / "data" / "monitoring-visit.txt"

# A spread sample: every kind of document (the whole corpus runs in benchmarks/quality.py).
SAMPLE = [
    "focused/southwark-2019-02-07.pdf", "focused/lambeth-2023-08-01.pdf", "focused/dudley-2020-11-27.pdf",
    "focused/bristol-2022-01-31.pdf", "focused/luton-2019-06-04.pdf", "focused/medway-2026-01-12.pdf",
    "focused/kent-2019-02-08.pdf", "ilacs/barnsley-2014-08-08.pdf", "ilacs/bristol-2018-10-22.pdf",
    "ilacs/darlington-2026-03-24.pdf", "jtai/lewisham-2023-01-31.pdf", "jtai/salford-2016-10-28.pdf",
    "send/dorset-2024-05-15.pdf", "send/rotherham-2024-11-14.pdf",
]


def _result(path):
    return summarise(path.read_bytes(), str(path), Style())


@pytest.fixture(scope="module")
def southwark():
    return _result(SEED_TEXT)


@pytest.mark.needs_corpus
def test_seed_draft_is_faithful(southwark):
    assert check(southwark.summary, southwark.letter) == []


def test_monitoring_draft_is_faithful():
    r = _result(MONITORING)
    assert check(r.summary, r.letter) == []


@pytest.mark.needs_corpus
@pytest.mark.parametrize("rel", SAMPLE)
def test_sample_drafts_are_faithful(rel):
    path = CORPUS / rel
    r = _result(path)
    assert check(r.summary, r.letter) == []


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.pdf")), ids=lambda p: p.name)
def test_example_drafts_are_faithful(path):
    r = _result(path)
    assert check(r.summary, r.letter) == []


# ---------------------------------------------------------------- negative tests

def _with(southwark, **changes):
    return replace(southwark.summary, **changes)


@pytest.mark.needs_corpus
def test_invented_bullet_is_caught(southwark):
    bad = southwark.summary.findings + [DraftFinding("Social workers are paid twice the national average.", "strength")]
    problems = check(_with(southwark, findings=bad), southwark.letter)
    assert len(problems) == 1 and "paid twice" in problems[0]


@pytest.mark.needs_corpus
def test_reworded_bullet_is_caught(southwark):
    first = southwark.summary.findings[0]
    reworded = replace(first, text=first.text.replace("positive", "very positive"))
    problems = check(_with(southwark, findings=[reworded] + southwark.summary.findings[1:]), southwark.letter)
    assert problems


@pytest.mark.needs_corpus
def test_invented_sentence_in_a_paragraph_is_caught(southwark):
    paragraphs = list(southwark.summary.paragraphs)
    paragraphs[-1] = paragraphs[-1] + " The director has resigned."
    problems = check(_with(southwark, paragraphs=paragraphs), southwark.letter)
    assert any("director has resigned" in p for p in problems)


@pytest.mark.needs_corpus
def test_quote_must_be_exact(southwark):
    s = southwark.summary
    quote = s.quotes[0]
    changed = "Indeed, " + quote[0].lower() + quote[1:]  # a word the letter does not have
    paragraphs = [p.replace(quote.rstrip("."), changed.rstrip(".")) for p in s.paragraphs]
    problems = check(_with(southwark, paragraphs=paragraphs, quotes=[changed]), southwark.letter)
    assert len(problems) == 2  # the quoted paragraph and the quotes field


@pytest.mark.needs_corpus
def test_invented_recommendation_item_is_caught(southwark):
    rec = southwark.summary.recommendation_sentence.replace(
        " and the clarity", ", the pay of social workers and the clarity")
    problems = check(_with(southwark, recommendation_sentence=rec), southwark.letter)
    assert problems and "improve list" in problems[0]


@pytest.mark.needs_corpus
def test_however_opener_and_attributions_are_allowed_edits(southwark):
    s = southwark.summary
    assert s.however[0].startswith("However, the recording")  # the letter has "The recording"
    assert s.lead.endswith(", Ofsted has said.")
    assert check(s, southwark.letter) == []
    fake_lead = "Children in care in Southwark are failed by the council, Ofsted has warned."
    assert check(_with(southwark, lead=fake_lead), southwark.letter)


@pytest.mark.needs_corpus
def test_headline_rules(southwark):
    assert check(_with(southwark, headline=southwark.summary.headline + "."), southwark.letter)
    assert check(_with(southwark, headline="Southwark praised for its work with children"), southwark.letter)
    # One stretch of a sentence is allowed, with the authority named when it does not name it ...
    ok = "Skilled workers are persistent in building and maintaining good relationships in Southwark"
    assert check(_with(southwark, headline=ok), southwark.letter) == []
    # ... but not words picked out of a sentence with gaps between them.
    gapped = "Skilled workers are persistent in building good relationships in Southwark"
    assert check(_with(southwark, headline=gapped), southwark.letter)
    # The templates built from the metadata, exactly, and nothing like them.
    assert check(_with(southwark, headline="Ofsted praises services for children in care in Southwark"),
                 southwark.letter) == []
    assert check(_with(southwark, headline="Ofsted praises social work in Southwark"), southwark.letter)
    assert check(_with(southwark, headline="Southwark children's services rated good"), southwark.letter)


@pytest.mark.needs_corpus
def test_link_line_must_be_the_title(southwark):
    assert check(_with(southwark, link_title="Southwark children's services news"), southwark.letter)
