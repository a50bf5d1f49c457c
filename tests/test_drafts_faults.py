"""The fault finder of benchmarks/drafts.py (issue 17): its patterns of background, history and
cut phrases find what an editor rejects and leave the verdict alone."""
from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from drafts import FAULTS, LIST_GOES_ON, background, names_council


@pytest.mark.parametrize("lead", [
    "Last summer, the council's services experienced a rapid rise in demand for services",
    "In 2015-16, a significant rise in demand led to a decline in the quality of some services",
    "Following the single inspection in 2013, a council restructure led to a reduction in capacity",
    "COVID-19 has placed huge pressures on children and families in Bedford Borough",
    "An independent provider, the trust, delivers all services for children in need",
    "All areas were judged to be good, with adoption judged to be outstanding",
    "Ofsted last inspected Kent children's services in 2017, giving an overall judgement of good",
    "Senior leaders have recognised that the model of social work delivery was not responsive enough",
    "The council's self-evaluation identifies the areas that need to improve",
])
def test_background_and_history_are_found(lead):
    assert background(lead)


@pytest.mark.parametrize("lead", [
    "Children in care in Southwark receive effective support that helps many of them to achieve good outcomes",
    "The quality of children's services in Middlesbrough has deteriorated since the last inspection in 2016",
    "Services for children in Southend-on-Sea require improvement to be good, as was the case at the last "
    "inspection in 2016",
    "Despite the challenges posed by the COVID-19 pandemic, the local authority has maintained the high standard",
    "Since the last inspection, when services were judged to be inadequate, there have been significant improvements",
])
def test_a_verdict_is_not_background(lead):
    assert background(lead) is None


def test_the_council_is_named_by_its_name_or_its_distinctive_word():
    assert names_council("Services for children in Southend require improvement", "Southend-on-Sea")
    assert names_council("The London Borough of Bexley has a strong partnership", "Bexley")
    assert not names_council("Care leavers are supported well into adulthood", "Bath and North East Somerset")


def test_a_list_cut_after_its_first_item_is_found():
    assert LIST_GOES_ON.match(", referral and assessment, including early help")
    assert not LIST_GOES_ON.match(", which is reflected in their plans and strategies")


def test_the_registry_names_and_explains_every_fault():
    assert {"background_lead", "positive_however", "headline_cut", "points_back"} <= set(FAULTS)
    assert all(what and callable(check) for what, check in FAULTS.values())
