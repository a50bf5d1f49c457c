"""Every kind of document cf reads, from the real Ofsted documents bundled in examples/: a
clone without the wider corpus (../shared) still tests reading, scoring and drafting each.

The facts checked are the documents' own (kind, authority, visit dates, grades as printed in
their judgement tables), and the sentences are ones any reader would file the same way: a
plain shortfall is a weakness, plain praise a strength."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from cf.models import Result
from cf.summarise.faithful import check
from cf.summarise.pipeline import summarise

from conftest import EXAMPLES


@dataclass(frozen=True)
class Kind:
    file: str
    kind: str
    authority: str
    visit: tuple[str, str]
    grades: dict[str, str]
    strength: str  # how a sentence the scorer must call a strength starts
    weakness: str  # and a weakness


RI, GOOD, OUT, INAD = "requires improvement", "good", "outstanding", "inadequate"
KINDS = [
    Kind("southwark-2019-02-07.pdf", "focused_visit", "Southwark", ("2019-01-15", "2019-01-16"), {},
         "The needs of disabled children are well considered in most cases.",
         "In some audits, there was a lack of clarity as to the actions required"),
    Kind("lambeth-2023-08-01.pdf", "focused_visit", "Lambeth", ("2023-06-27", "2023-06-28"), {},
         "These assessments are thorough and demonstrate how social workers understand",
         "Some children have remained in pre-proceedings for too long."),
    Kind("barnsley-2023-10-27.pdf", "inspection", "Barnsley", ("2023-09-11", "2023-09-15"),
         {"overall_effectiveness": GOOD, "impact_of_leaders": GOOD, "help_and_protection": RI,
          "children_in_care": GOOD, "care_leavers": GOOD},
         "Most assessments are detailed, with clear evaluation of strengths and risks",
         "The identification and response to children who live in private fostering arrangements."),
    # The 2026 framework grades four areas and gives no overall grade.
    Kind("portsmouth-2026-08-18.pdf", "inspection", "Portsmouth", ("2026-07-06", "2026-07-10"),
         {"overall_effectiveness": None, "impact_of_leaders": OUT, "help_and_protection": OUT,
          "children_in_care": OUT, "care_leavers": OUT},
         "PAs know young people exceptionally well and are persistent, flexible and creative",
         "A very small number of children live in unregistered children’s homes."),
    # The single inspection framework (2013 to 2017).
    Kind("bristol-2014-12-05.pdf", "inspection", "Bristol", ("2014-09-30", "2014-10-22"),
         {"overall_effectiveness": RI, "impact_of_leaders": RI, "help_and_protection": RI,
          "children_in_care": RI, "care_leavers": INAD},
         "Social work teams are staffed by committed and skilled workers",
         "Pathway plans are poor and do not set out clear actions"),
    # Before 2014: an inspection of looked-after children's services, its own judgement table.
    Kind("norfolk-2013-08-16.pdf", "inspection", "Norfolk", ("2013-07-08", "2013-07-12"),
         {"overall_effectiveness": INAD},
         "Where residential placements are used, almost all children are in good or better",
         "Assessments seen by inspectors range from good to poor and too many are delayed."),
    Kind("lewisham-2023-01-31.pdf", "jtai", "Lewisham", ("2022-11-21", "2022-11-25"), {},
         "Children who are at immediate risk of significant harm receive a prompt, proportionate",
         "Consequently, children who are subject to police protection are too often left"),
    # Area SEND (Ofsted and the CQC): a neighbouring kind, read as "other".
    Kind("bedford-2025-02-04.pdf", "other", "Bedford", ("2024-11-18", "2024-11-22"), {},
         "They usually experience a team of expert and committed professionals",
         "Some children and young people with SEND wait too long for neurodevelopmental assessment"),
]
IDS = [k.file.split("-")[0] for k in KINDS]


@cache
def draft(file: str) -> Result:
    return summarise((EXAMPLES / file).read_bytes(), file)


def test_every_bundled_document_is_covered_here():
    bundled = {p.name for p in EXAMPLES.glob("*.pdf")}
    assert bundled == {k.file for k in KINDS}
    assert {k.kind for k in KINDS} == {"focused_visit", "inspection", "jtai", "other"}


@pytest.mark.parametrize("k", KINDS, ids=IDS)
def test_reading_gives_the_documents_kind_authority_dates_and_grades(k):
    meta = draft(k.file).letter.metadata
    assert (meta.kind, meta.local_authority) == (k.kind, k.authority)
    assert (meta.visit_start, meta.visit_end) == k.visit
    for area, grade in k.grades.items():
        assert getattr(meta.judgements, area) == grade, area
    assert not draft(k.file).letter.warnings, "a well-made PDF reads without warnings"


@pytest.mark.parametrize("k", KINDS, ids=IDS)
def test_scoring_files_a_plain_strength_and_a_plain_weakness_of_each_kind(k):
    labels = {s.text: s.assessment.label for s in draft(k.file).sentences}

    def label_of(start: str) -> str:
        found = [label for text, label in labels.items() if text.startswith(start)]
        assert len(found) == 1, f"one sentence starts {start!r}: the reading split or lost it"
        return found[0]

    assert label_of(k.strength) == "strength"
    assert label_of(k.weakness) == "weakness"


@pytest.mark.parametrize("k", KINDS, ids=IDS)
def test_drafting_each_kind_gives_a_faithful_story_that_keeps_a_weakness(k):
    result = draft(k.file)
    summary = result.summary
    assert check(summary, result.letter) == [], "every sentence of the draft is in the document"
    assert k.authority in summary.headline
    # Attributed, naming the occasion when its own words do not name the council (issue 17).
    assert re.search(r", Ofsted has (?:said|warned)(?: following [^,]+)?\.$|by Ofsted\.$", summary.lead)
    assert k.authority in summary.lead, "the lead names the council"
    assert len(summary.findings) >= 5
    assert 150 <= len(summary.text.split()) <= 450 + 50  # the budget, give or take the fixed lines
    shortfalls = [f for f in summary.findings if f.label != "strength"]
    assert summary.however or summary.recommendation_sentence or shortfalls, \
        "a weakness Ofsted named reaches the draft"


def test_a_folder_run_over_examples_reads_only_the_documents():
    """`cf summarise examples/` is a new user's first batch: nothing there but documents
    (the expected drafts live in tests/expected/, the README is skipped)."""
    from cf.cli.inputs import expand

    read = sorted(Path(item.path).name for item in expand([str(EXAMPLES)]))
    assert read == sorted([k.file for k in KINDS] + ["southwark-2019-02-07.txt"])
