"""The shipped list of English local authorities (summarise/authorities.toml) and how the
structure stage names a document's authority from it."""
from __future__ import annotations

import csv

import pytest

from cf.summarise import authorities as A
from cf.summarise.pipeline import read_letter

from conftest import CORPUS


def test_the_list_has_every_authority_with_childrens_services_today():
    today = [a for a in A.authorities() if a.until is None]
    assert len(today) == 153  # 33 in London, 36 metropolitan, 21 counties, 63 unitary
    assert len({a.name for a in A.authorities()}) == len(A.authorities())


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("City of Bristol", "Bristol"),
        ("Hull", "Kingston upon Hull"),
        ("the Isle of Wight", "Isle of Wight"),
        ("Royal Borough of Windsor and Maidenhead", "Windsor and Maidenhead"),
        ("Bournemouth, Christchurch and Poole", "Bournemouth, Christchurch and Poole"),
        ("St. Helens", "St Helens"),
        ("Southend-On-Sea", "Southend-on-Sea"),
        ("Richmond Upon Thames", "Richmond upon Thames"),
        ("Brighton & Hove", "Brighton and Hove"),
        ("London Corporation", "City of London"),
    ],
)
def test_variants_give_the_short_name(written, name):
    assert A.canonical(written) == name


def test_authorities_that_have_gone_count_only_in_their_years():
    assert A.canonical("Northamptonshire", 2019) == "Northamptonshire"
    assert A.canonical("Northamptonshire", 2023) is None
    assert A.canonical("Bournemouth", 2016) == "Bournemouth"
    assert A.canonical("West Northamptonshire", 2015) is None
    assert A.canonical("Exampleshire") is None


def test_a_name_in_running_text_counts_only_as_a_place_or_a_council():
    assert A.mentioned("Reading the case files, inspectors found delay.", strict=True) is None
    assert A.mentioned("Children in Reading are seen promptly.", strict=True) == "Reading"
    assert A.mentioned("Kent County Council has acted.", strict=True) == "Kent"
    assert A.mentioned("Children in Kingston upon Hull wait.", strict=True) == "Kingston upon Hull"


def _letter(title: str, body: str = "Inspectors found that children are seen promptly.") -> str:
    text = f"{title}\n\nThis letter summarises the findings of the inspection.\n\n{body}\n"
    return read_letter(text.encode(), "letter.txt").metadata.local_authority


@pytest.mark.parametrize(
    ("title", "name"),
    [
        # a JTAI title names its theme before the authority
        ("Joint targeted area inspection of the multi-agency responses to children’s mental health in East Sussex",
         "East Sussex"),
        ("Inspection of the Isle of Wight local authority children’s services", "Isle of Wight"),
        ("Area SEND inspection of the Royal Borough of Greenwich Local Area Partnership", "Greenwich"),
        ("Focused visit to Kingston upon Hull City Council children’s services", "Kingston upon Hull"),
    ],
)
def test_the_authority_is_a_real_one_from_the_title(title, name):
    assert _letter(title) == name


def test_a_title_without_an_authority_takes_it_from_the_intro():
    title = "Review of the effectiveness of the Local Safeguarding Children Board"
    assert _letter(title, "The inspection of services in Bedford took place in 2015.") == "Bedford"


def test_a_name_not_on_the_list_is_kept_with_a_warning():
    text = ("Focused visit to Exampleshire children’s services\n\nThis letter summarises the findings.\n\n"
            "Inspectors found that children are seen promptly.\n")
    letter = read_letter(text.encode(), "letter.txt")
    assert letter.metadata.local_authority == "Exampleshire"
    assert any("not on the list" in w for w in letter.warnings)


@pytest.mark.needs_corpus
def test_every_authority_of_the_reference_table_is_on_the_list():
    with (CORPUS / "ilacs" / "reference.csv").open(encoding="utf-8") as f:
        names = {row["local_authority"] for row in csv.DictReader(f)}
    assert names
    assert {n for n in names if A.canonical(n) is None} == set()


def test_an_island_is_named_as_a_sentence_names_it():
    from cf.models import Style
    from cf.summarise.faithful import check
    from cf.summarise.pipeline import summarise

    from conftest import ROOT

    text = (ROOT / "tests" / "data" / "anyshire-focused-visit.txt").read_text(encoding="utf-8")
    text = text.replace("Anyshire local authority", "the Isle of Wight local authority").replace(
        "Anyshire", "the Isle of Wight")
    result = summarise(text.encode(), "iow.txt", Style())
    s = result.summary
    assert result.letter.metadata.local_authority == "Isle of Wight"
    assert "in Isle of Wight" not in s.text and "the the" not in s.text
    assert "Isle of Wight" in s.headline and not s.headline.startswith("the ")
    assert s.recommendation_sentence.startswith("In order to improve practice, the Isle of Wight should")
    assert check(s, result.letter) == []
    assert A.in_place("Isle of Wight") == "on the Isle of Wight"
    assert A.in_place("City of London") == "in the City of London" and A.in_place("Kent") == "in Kent"
