"""Unit tests of the metadata reader's patterns (summarise/metadata.py): no PDFs needed."""
from __future__ import annotations

import pytest

from cf.models import Block
from cf.summarise import metadata as md


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Inspection dates: 11 to 15 September 2023", ("2023-09-11", "2023-09-15")),
        ("on 15 and 16 January 2019. The inspectors", ("2019-01-15", "2019-01-16")),
        ("Inspection dates: 8 October 2018 to 19 October 2018", ("2018-10-08", "2018-10-19")),
        ("Inspection dates: 27 April to 1 May 2026", ("2026-04-27", "2026-05-01")),
        ("Inspection date: 2 June 2014 – 25 June 2014", ("2014-06-02", "2014-06-25")),
        ("Inspection dates: 9–24 November 2017", ("2017-11-09", "2017-11-24")),
        ("from 30 November 2020 to 4 December 2020", ("2020-11-30", "2020-12-04")),
        ("on 30 December to 3 January 2020", ("2019-12-30", "2020-01-03")),
        ("services on 13 October 2020. The inspectors", ("2020-10-13", "2020-10-13")),
    ],
)
def test_date_ranges(text, expected):
    assert md.date_range(text) == expected


def test_range_without_year_takes_the_letters_year():
    assert md.date_range("Between 20 and 24 June, Ofsted", year_hint=2016) == ("2016-06-20", "2016-06-24")
    assert md.date_range("Between 20 and 24 June, Ofsted") is None


def test_impossible_date_is_none():
    assert md.iso("31", "February", "2019") is None
    assert md.first_date("dated 7 February 2019") == "2019-02-07"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("London Borough of Southwark", "Southwark"),
        ("Southwark local authority", "Southwark"),
        ("Bristol City Council", "Bristol"),
        ("Metropolitan Borough of Barnsley Council", "Barnsley"),
        ("Dudley Metropolitan Borough Council", "Dudley"),
        ("City of London", "City of London"),
        ("City of Doncaster Council", "Doncaster"),
        ("Bath and North East Somerset", "Bath and North East Somerset"),
        ("Kent County Council", "Kent"),
        ("Sandwell Children's Trust", "Sandwell"),
        ("Royal Borough of Kingston upon Thames", "Kingston upon Thames"),
    ],
)
def test_clean_authority(raw, clean):
    assert md.clean_authority(raw) == clean


@pytest.mark.parametrize(
    ("title", "authority"),
    [
        ("Focused visit to Southwark local authority children's services", "Southwark"),
        ("Inspection of Bath and North East Somerset local authority children's services", "Bath and North East Somerset"),
        ("Focused visit to the London Borough of Lewisham's children's services", "Lewisham"),
        ("Monitoring visit of Sunderland children's services", "Sunderland"),
        ("Joint targeted area inspection of the multi-agency response to sexual abuse in the family in Cornwall", "Cornwall"),
        ("Area SEND inspection of Dorset Local Area Partnership", "Dorset"),
        ("Inspection of children's social care services", None),
    ],
)
def test_authority_from_title(title, authority):
    assert md.authority_from_title(title) == authority


def test_team_with_roles_after_names():
    team = md.parse_team("The inspectors were Andy Whippey, Her Majesty's Inspector, and "
                         "Maire Atherton, Her Majesty's Inspector.")
    assert [(p.name, p.role) for p in team] == [
        ("Andy Whippey", "Her Majesty's Inspector"), ("Maire Atherton", "Her Majesty's Inspector")]


def test_team_with_one_role_for_the_list_and_a_missing_full_stop():
    team = md.parse_team("His Majesty's Inspectors for this visit were Kendra Bell and Teresa Godfrey "
                         "Inspectors looked at the local authority's arrangements.")
    assert [p.name for p in team] == ["Kendra Bell", "Teresa Godfrey"]
    assert {p.role for p in team} == {"His Majesty's Inspector"}


def test_team_with_hmi_after_names_and_mixed_roles():
    assert [p.name for p in md.parse_team("The inspectors were John Roughton HMI, Pauline Higham HMI and Stephen Bentham HMI.")] == [
        "John Roughton", "Pauline Higham", "Stephen Bentham"]
    team = md.parse_team("The inspectors were Jane Smith, lead inspector, Her Majesty's Inspector, and Bob O'Brien, Ofsted Inspector.")
    assert [(p.name, p.role, p.lead) for p in team] == [
        ("Jane Smith", "Her Majesty's Inspector", True), ("Bob O'Brien", "Ofsted Inspector", False)]


def test_team_of_a_monitoring_visit():
    team = md.parse_team("This visit was carried out by Jo Bloggs and Sam Smith, Her Majesty's Inspectors.")
    assert [(p.name, p.role) for p in team] == [
        ("Jo Bloggs", "Her Majesty's Inspector"), ("Sam Smith", "Her Majesty's Inspector")]


def test_lead_inspector_line_wins_and_the_signatory_joins():
    head = "Inspection dates: 11 to 15 September 2023 Lead inspector: Anna Gravelle, His Majesty's Inspector"
    sign = [Block("paragraph", t, t) for t in ("Yours sincerely", "Tom Brown", "His Majesty's Inspector")]
    people = md.inspectors(head, head, sign)
    assert [(p.name, p.role, p.lead) for p in people] == [
        ("Anna Gravelle", "His Majesty's Inspector", True), ("Tom Brown", "His Majesty's Inspector", False)]


def test_signatory_leads_a_letter_without_a_lead_line():
    head = "The inspectors were Ann Lee, Her Majesty's Inspector, and Tom Brown, Her Majesty's Inspector."
    sign = [Block("paragraph", t, t) for t in ("Yours sincerely", "Tom Brown Her Majesty's Inspector")]
    people = md.inspectors(head, head, sign)
    assert [p.name for p in people if p.lead] == ["Tom Brown"]


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("The experiences and progress of children who need help and protection: requires improvement to be good",
         ("help_and_protection", "requires improvement")),
        ("The experiences and progress of care leavers: Good", ("care_leavers", "good")),
        ("The experiences and progress of children in care and care leavers is: Good", ("children_in_care", "good")),
        ("The impact of leaders on social work practice with children and families is good", ("impact_of_leaders", "good")),
        ("The graded judgement about the experiences and progress of care leavers is that it is good", ("care_leavers", "good")),
        ("Leadership, management and governance Requires improvement", ("impact_of_leaders", "requires improvement")),
        ("The experiences and progress of children in care", None),
        ("The graded judgement for adoption performance is that it is good", None),
    ],
)
def test_graded_headings(heading, expected):
    assert md.graded_heading(heading) == expected


def test_table_cells_in_reading_order_and_merged_rows():
    cells = ["Judgement", "Grade",
             "The impact of leaders on social work practice with children and families", "Good",
             "The experiences and progress of children who need help and protection", "Requires improvement to be good",
             "The experiences and progress of children in care | Outstanding",
             "Overall effectiveness", "Inadequate"]
    grades = md.table_grades([Block("paragraph", c, c) for c in cells])
    assert grades == {"impact_of_leaders": "good", "help_and_protection": "requires improvement",
                      "children_in_care": "outstanding", "overall_effectiveness": "inadequate"}


def test_table_read_a_column_at_a_time_is_matched_by_rows():
    labels = ["The impact of leaders on social work practice", "Children who need help and protection", "Overall effectiveness"]
    cells = [Block("paragraph", t, t, page=1, y0=100 + 40 * i, x0=70) for i, t in enumerate(labels)]
    cells += [Block("paragraph", g, g, page=1, y0=100 + 40 * i + 6, x0=400)
              for i, g in enumerate(["Good", "Inadequate", "Good"])]
    assert md.table_grades(cells) == {"impact_of_leaders": "good", "help_and_protection": "inadequate",
                                      "overall_effectiveness": "good"}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("This letter summarises the findings of the monitoring visit to X. This visit was the fourth monitoring visit since", 4),
        ("This was the 3rd monitoring visit to", 3),
        ("This letter summarises the findings of the monitoring visit to X.", None),
    ],
)
def test_monitoring_visit_ordinal(text, number):
    assert md.ordinal_visit(text) == number


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("since the local authority was judged inadequate for overall effectiveness in April 2017.", "April 2017"),
        ("The local authority was judged to be inadequate at its inspection in March 2019.", "March 2019"),
        ("following the inspection that judged services inadequate. In 2018 it", None),
        ("since the inspection in October 2016, when services were judged inadequate overall.", "October 2016"),
    ],
)
def test_inadequate_since(text, since):
    assert md.inadequate_since(text) == since


def test_grade_names():
    assert md.grade_name("Requires improvement to be good") == "requires improvement"
    assert md.grade_name("require improvement") == "requires improvement"
    assert md.grade_name("Outstanding") == "outstanding"


# ---------------------------------------------------------------- previous and focus


def test_previous_inspection_as_the_report_states_it():
    cases = {
        "Services for children and families in Medway have substantially improved since the inspection in 2019, "
        "when they were judged to be inadequate.": (2019, "inadequate"),
        "Services for children in Southend-on-Sea require improvement to be good, as was the case at the last "
        "inspection in 2016.": (2016, "requires improvement"),
        "Since the last inspection in June 2018, when services for children in the London Borough of Havering were "
        "judged to be good overall, the progress children make has declined.": (2018, "good"),
        "Progress has been made since the last inspection in 2016, when all judgements were graded as 'requires "
        "improvement to be good'.": (2016, "requires improvement"),
        # One area's grade is not the service's.
        "The quality of practice for children in need of help and protection has improved since the inspection in "
        "2018, when it was judged as 'requires improvement'.": (2018, None),
    }
    for sentence, want in cases.items():
        assert md.previous([sentence], "requires improvement") == want, sentence
    assert md.previous(["Leaders know their services well."], "good") is None


def test_focus_in_the_letters_words():
    assert md.focus(["Inspectors looked at the local authority's arrangements for care leavers."], "") == "care leavers"
    assert md.focus(["Inspectors considered the local authority's arrangements for children who need help and "
                     "protection, in accordance with the inspections of local authority children's services "
                     "framework."], "") == "children who need help and protection"
    assert md.focus(["The focus of this visit was on planning and achieving permanence for children."], "") == \
        "planning and achieving permanence for children"
    assert md.focus([], "Joint targeted area inspection of the multi-agency response to child sexual abuse "
                        "in the family in Anytown") == "child sexual abuse in the family"
    assert md.focus(["Leaders know their services well."], "Focused visit to Anytown") is None


def test_previous_and_focus_reach_the_json(tmp_path):
    from cf.models import Style
    from cf.summarise.pipeline import summarise

    from conftest import EXAMPLES

    path = EXAMPLES / "barnsley-2023-10-27.pdf"
    if not path.exists():
        pytest.skip("example not present")
    doc = summarise(path.read_bytes(), str(path), Style()).to_dict()["document"]
    assert doc["previous"] == {"year": 2018, "overall_effectiveness": "good"}
    assert doc["focus"] is None  # a report, not a visit
