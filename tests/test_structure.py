"""The structure stage on real Ofsted documents of every kind and era, and on a
monitoring-visit letter written for the purpose (the corpus has none)."""
from __future__ import annotations

from functools import cache

import pytest

from cf.models import Letter
from cf.summarise.errors import NotAnOfstedDocument
from cf.summarise.pipeline import read_letter, summarise

from conftest import CORPUS, ROOT, SHARED

MONITORING = ROOT / "tests" / "data" / "monitoring-visit.txt"


@cache
def read(relative: str) -> Letter:
    path = CORPUS / relative
    return read_letter(path.read_bytes(), str(path))


def roles(letter: Letter) -> list[str]:
    return [s.role for s in letter.sections]


def lead(letter: Letter) -> str | None:
    return next((p.name for p in letter.metadata.inspectors if p.lead), None)


def grades(letter: Letter) -> tuple:
    j = letter.metadata.judgements
    return (j.overall_effectiveness, j.impact_of_leaders, j.help_and_protection, j.children_in_care, j.care_leavers)


# --- focused visit ----------------------------------------------------------------------

@pytest.mark.needs_corpus
def test_southwark_focused_visit_pdf():
    letter = read("focused/southwark-2019-02-07.pdf")
    meta = letter.metadata
    assert meta.kind == "focused_visit"
    assert meta.local_authority == "Southwark"
    assert meta.title == "Focused visit to Southwark local authority children’s services"
    assert (meta.published, meta.visit_start, meta.visit_end) == ("2019-02-07", "2019-01-15", "2019-01-16")
    assert [(p.name, p.lead) for p in meta.inspectors] == [("Andy Whippey", True), ("Maire Atherton", False)]
    assert roles(letter) == ["intro", "overview", "improve", "findings", "signoff"]
    intro = letter.sections[0]
    assert intro.blocks[0].text.startswith("This letter summarises the findings")
    assert not any("Dear David" in b.text or "Tooley Street" in b.text for _, b in letter.blocks())
    improve = next(s for s in letter.sections if s.role == "improve")
    assert improve.heading == "What needs to improve in this area of social work practice"
    assert [b.kind for b in improve.blocks] == ["bullet"] * 3
    assert all(b.page for _, b in letter.blocks())
    assert grades(letter) == (None,) * 5


@pytest.mark.needs_corpus
def test_southwark_seed_text_reads_like_the_pdf():
    text = (SHARED / "seeds" / "southwark-letter.txt").read_bytes()
    letter = read_letter(text, "southwark-letter.txt")
    assert letter.metadata.kind == "focused_visit"
    assert letter.metadata.local_authority == "Southwark"
    assert letter.metadata.published == "2019-02-07"
    assert lead(letter) == "Andy Whippey"
    assert roles(letter) == ["intro", "overview", "improve", "findings", "signoff"]


# --- inspection reports (ILACS 2018 on, 2026 framework, SIF 2014 to 2017) ---------------

@pytest.mark.needs_corpus
@pytest.mark.parametrize(
    ("path", "authority", "start", "end", "lead_name", "expected_grades", "framework", "kind_of_visit"),
    [
        ("ilacs/barnsley-2018-11-19.pdf", "Barnsley", "2018-10-08", "2018-10-19", "Jan Edwards",
         ("good", "good", "good", "good", None), "ilacs", "standard"),
        ("ilacs/bristol-2023-03-10.pdf", "Bristol", "2023-01-16", "2023-01-27", "Tracey Ledder",
         ("requires improvement", "requires improvement", "requires improvement", "good", "good"), "ilacs", "standard"),
        ("ilacs/barnsley-2023-10-27.pdf", "Barnsley", "2023-09-11", "2023-09-15", "Anna Gravelle",
         ("good", "good", "requires improvement", "good", "good"), "ilacs", "short"),
        ("ilacs/brent-2026-06-17.pdf", "Brent", "2026-04-27", "2026-05-01", "Monique Lindsay",
         (None, "good", "good", "good", "good"), "ilacs_2026", "short"),
        ("ilacs/london-corporation-2024-11-05.pdf", "City of London", "2024-09-23", "2024-09-27", "Christine Kennet",
         ("outstanding", "outstanding", "good", "outstanding", "outstanding"), "ilacs", "short"),
    ],
)
def test_ilacs_reports(path, authority, start, end, lead_name, expected_grades, framework, kind_of_visit):
    letter = read(path)
    meta = letter.metadata
    assert meta.kind == "inspection"
    assert meta.local_authority == authority
    assert (meta.visit_start, meta.visit_end) == (start, end)
    assert lead(letter) == lead_name
    assert grades(letter) == expected_grades
    assert (meta.framework, meta.inspection_type) == (framework, kind_of_visit)
    assert "improve" in roles(letter)
    judged = [s for s in letter.sections if s.role == "judgement"]
    assert {s.judgement for s in judged} >= {"help_and_protection", "children_in_care", "impact_of_leaders"}
    assert all(s.grade == getattr(meta.judgements, s.judgement) for s in judged)
    # the report's head (dates, lead inspector, table) is metadata, not a section
    assert not any(b.norm.startswith(("Inspection dates", "Lead inspector")) for _, b in letter.blocks())


@pytest.mark.needs_corpus
def test_2014_single_inspection_framework_report():
    letter = read("ilacs/kent-2017-06-13.pdf")
    meta = letter.metadata
    assert (meta.kind, meta.framework, meta.local_authority) == ("inspection", "sif", "Kent")
    assert (meta.published, meta.visit_start, meta.visit_end) == ("2017-06-13", "2017-03-06", "2017-03-30")
    assert grades(letter) == ("good", "good", "requires improvement", "good", "good")
    assert lead(letter) == "Linda Steele"
    # each judgement's one-row grade table opens its part; its "Summary" and "Inspection
    # findings" belong to that judgement
    parts = [(s.heading, s.judgement, s.grade) for s in letter.sections if s.role == "judgement"]
    assert ("Summary", "help_and_protection", "requires improvement") in parts
    assert ("Inspection findings", "impact_of_leaders", "good") in parts
    # the LSCB review bound into the report is not the authority's: its recommendations are "other"
    improve = [s for s in letter.sections if s.role == "improve"]
    assert len(improve) == 1 and improve[0].blocks[0].text.startswith("Ensure")
    assert letter.sections[-1].heading == "The inspection team"


# --- JTAI and area SEND -----------------------------------------------------------------

@pytest.mark.needs_corpus
def test_jtai_letter():
    letter = read("jtai/bedford-2023-03-31.pdf")
    meta = letter.metadata
    assert (meta.kind, meta.local_authority, meta.published) == ("jtai", "Bedford", "2023-03-31")
    assert (meta.visit_start, meta.visit_end) == ("2023-02-06", "2023-02-10")
    assert roles(letter)[:3] == ["intro", "overview", "improve"]
    assert grades(letter) == (None,) * 5


@pytest.mark.needs_corpus
def test_send_letter_reads_as_other():
    letter = read("send/dorset-2024-05-15.pdf")
    meta = letter.metadata
    assert (meta.kind, meta.local_authority) == ("other", "Dorset")
    assert (meta.visit_start, meta.visit_end) == ("2024-03-11", "2024-03-15")
    assert len(letter.sections) > 3


# --- monitoring visit (hand-written letter in Ofsted's shape) ---------------------------

def test_monitoring_visit_letter():
    letter = read_letter(MONITORING.read_bytes(), str(MONITORING))
    meta = letter.metadata
    assert meta.kind == "monitoring_visit"
    assert meta.title == "Monitoring visit to Tower Hamlets children's services"
    assert meta.local_authority == "Tower Hamlets"
    assert (meta.published, meta.visit_start, meta.visit_end) == ("2018-03-14", "2018-02-13", "2018-02-14")
    assert meta.monitoring_visit_number == 3
    assert meta.inadequate_since == "April 2017"
    assert [(p.name, p.lead) for p in meta.inspectors] == [("Brenda McInerney", True), ("Nick Stacey", False)]
    assert roles(letter) == ["intro", "other", "overview", "findings", "summary", "signoff"]
    assert letter.sections[1].heading == "Areas covered by the visit"
    summary = next(s for s in letter.sections if s.role == "summary")
    assert summary.blocks[0].text.startswith("In summary,")


def test_monitoring_visit_with_other_wording():
    text = MONITORING.read_text()
    for old, new in [
        ("Monitoring visit to Tower Hamlets children's services", "Monitoring visit of London Borough of Tower Hamlets children's services"),
        ("This visit was the third monitoring visit since the local authority was judged inadequate for overall effectiveness in April 2017.",
         "This was the 5th monitoring visit since the local authority was judged to be inadequate at its inspection in April 2017."),
        ("\nOverview\n", "\nHeadline findings\n"),
        ("Findings and evaluation of progress", "Evaluation of progress"),
        ("In summary, the", "Overall, the"),
    ]:
        assert old in text
        text = text.replace(old, new)
    text = text.replace("\nAreas covered by the visit\n", "\nAreas covered by the visit\n") + "\nAnnex: evidence reviewed\n\nA list.\n"
    letter = read_letter(text.encode(), "variant.md")
    meta = letter.metadata
    assert (meta.kind, meta.local_authority, meta.monitoring_visit_number, meta.inadequate_since) == (
        "monitoring_visit", "Tower Hamlets", 5, "April 2017")
    assert roles(letter) == ["intro", "other", "overview", "findings", "signoff"]
    assert not any("A list." in b.text for _, b in letter.blocks())  # after the signature: dropped


def test_text_without_any_ofsted_shape_is_refused_clearly():
    with pytest.raises(NotAnOfstedDocument, match="not an Ofsted document"):
        read_letter(b"Just a note\n\nNothing to see here.\n", "note.txt")


def test_untitled_text_that_mentions_an_inspection_is_read_with_a_warning():
    letter = read_letter(b"Just a note\n\nInspectors found nothing to see here.\n", "note.txt")
    assert letter.metadata.kind == "other"
    assert any("no title line" in w for w in letter.warnings)


REPORT_TEXT = """Inspection of Exampleshire local authority children's services

Inspection dates: 2 to 6 October and 16 to 20 October 2023

Lead Inspector: Pat Example, His Majesty's Inspector

Judgement

Grade

The impact of leaders on social work practice with children and families

Requires improvement to be good

The experiences and progress of children who need help and protection

Inadequate

The experiences and progress of children in care

Good

The experiences and progress of care leavers

Outstanding

Overall effectiveness

Inadequate

Children who need help and protection in Exampleshire do not receive a good enough service.

What needs to improve?

- The timeliness of assessments.

The experiences and progress of children who need help and protection: inadequate

1. Too many children wait too long for help.
"""


def test_report_as_text_with_a_table_of_lines_and_a_visit_in_two_parts():
    letter = read_letter(REPORT_TEXT.encode(), "report.md")
    meta = letter.metadata
    assert (meta.kind, meta.local_authority, meta.framework) == ("inspection", "Exampleshire", "ilacs")
    assert (meta.visit_start, meta.visit_end, meta.inspection_type) == ("2023-10-02", "2023-10-20", "standard")
    assert lead(letter) == "Pat Example"
    assert grades(letter) == ("inadequate", "requires improvement", "inadequate", "good", "outstanding")
    assert roles(letter) == ["overview", "improve", "judgement"]
    assert letter.sections[0].blocks[0].text.startswith("Children who need help")


@pytest.mark.parametrize(("heading", "role"), [
    ("What is it like to be a child or young person with SEND in this area?", "findings"),
    ("What does the area partnership need to do better?", "improve"),
    ("Main findings", "findings"),
])
def test_roles_by_heading_of_an_area_send_letter(heading: str, role: str):
    # An area SEND letter's findings open with what it is like to be a child there; the
    # composer lists findings from there (the shortfalls too, after a damning outcome).
    from cf.models import Section
    from cf.summarise.structure import section_role

    assert section_role(Section(heading=heading), 3) == role


def _focused_letter(findings_heading: str) -> str:
    paragraphs = "\n\n".join(f"Social workers visit children often and the {w} plans are clear and up to date."
                             for w in ("first", "second", "third", "fourth"))
    return ("Focused visit to Anyshire local authority children’s services\n\n"
            "This letter summarises the findings of the focused visit to Anyshire local authority children’s "
            "services on 3 and 4 May 2018.\n\nHeadline findings\n\n"
            "Children in Anyshire receive a good service from committed social workers.\n\n"
            f"{findings_heading}\n\n{paragraphs}\n\nYours sincerely\n\nJane Smith\n")


@pytest.mark.parametrize("heading", ["Headline findings", "What inspectors saw during the visit"])
def test_a_letter_always_has_findings_whatever_its_headings(heading):
    # a second "Headline findings" above the main findings, or a heading no pattern knows
    letter = read_letter(_focused_letter(heading).encode(), "letter.md")
    assert "findings" in roles(letter)
    result = summarise(_focused_letter(heading).encode(), "letter.md")
    assert result.summary.findings
