"""The story's parts on letters written here: opening (lead, context, quote), findings list,
`However,`, recommendations and the word budget, each by its own rule."""
from __future__ import annotations

import re

from cf.models import Style
from cf.summarise.faithful import check
from cf.summarise.pipeline import summarise

LETTER = """Focused visit to Anyshire local authority children's services

This letter summarises the findings of the focused visit to Anyshire local authority children's services on 3 and 4 May 2023. Inspectors looked at the local authority's arrangements for care leavers.

Headline findings

This has been a difficult year for the service.
Care leavers in Anyshire receive a strong service from committed personal advisers.
Since the last inspection in 2021, leaders have strengthened the support offered to care leavers.
Personal advisers know their young people well and keep in touch with them regularly.
However, too many care leavers live in unsuitable accommodation.

What needs to improve in this area of social work practice

The quality and timeliness of pathway plans.
The range of suitable accommodation for care leavers.

Main findings

Personal advisers visit young people often and build trusting relationships with them.
Pathway plans are not updated when circumstances change. This means that some plans are out of date.
Care leavers have good access to health services and receive their health histories.
The local offer is clear and is published on the council's website.
Care leavers in custody are visited regularly and are well supported on release.
Support for care leavers who are parents is effective and sensitive.
Young people are helped to manage their money and are supported into work.

Yours sincerely

Jane Smith
His Majesty's Inspector
"""


def _draft(text: str = LETTER, style: Style | None = None):
    # One paragraph a line, as a writer's text file has them (blank lines between).
    return summarise(text.replace("\n", "\n\n").encode(), "anyshire.txt", style or Style())


def test_lead_is_the_first_claim_that_stands_alone():
    r = _draft()
    s = r.summary
    # "This has been a difficult year" points back (and is no claim about services): skipped.
    assert s.lead == "Care leavers in Anyshire receive a strong service from committed personal advisers, Ofsted has said."
    assert s.headline == "Care leavers in Anyshire receive a strong service from committed personal advisers" \
        or s.headline.startswith("Care leavers in Anyshire receive a strong service")
    # The context is the visit's history; the quote is the next claim, never the lead.
    assert s.paragraphs[0].startswith("Since the last inspection in 2021, leaders have strengthened")
    assert s.paragraphs[0].endswith("the focused visit to Anyshire found.")
    assert s.quotes and s.quotes[0].startswith("Personal advisers know their young people well")
    assert check(s, r.letter) == []


def test_however_turns_against_a_positive_lead_and_stands_alone():
    s = _draft().summary
    # The opening's weakness stays beside the lead (its "However," dropped) ...
    assert "Too many care leavers live in unsuitable accommodation." in s.paragraphs
    # ... and `However,` carries the findings' first weakness, never "This means that ...".
    assert s.however == ["However, pathway plans are not updated when circumstances change."]
    assert not any(p.startswith(("This", "However, this")) for p in s.paragraphs + s.however)


def test_however_turns_against_a_negative_lead():
    negative = LETTER.replace("Care leavers in Anyshire receive a strong service from committed personal advisers.",
                              "Care leavers in Anyshire do not receive a good enough service.")
    s = _draft(negative).summary
    assert s.lead.endswith("Ofsted has warned.")
    assert s.however and not re.search(r"\bnot\b|too many", s.however[0]), s.however


def test_bullets_are_self_standing_sentences_in_letter_order():
    r = _draft()
    texts = [f.text for f in r.summary.findings]
    assert 5 <= len(texts) <= 8
    positions = [LETTER.index(t) for t in texts]
    assert positions == sorted(positions)
    assert all(not t.startswith(("This", "These", "They")) for t in texts)
    assert "This means that some plans are out of date." not in texts
    assert all(f.label in ("strength", "mixed") for f in r.summary.findings)


def test_recommendations_keep_whole_items_within_the_limit_and_count_the_rest():
    items = "\n".join(f"The quality and timeliness of the {w} plans for every child in the service." for w in
                      ["first", "second", "third", "fourth", "fifth", "sixth", "seventh"])
    text = LETTER.replace("The quality and timeliness of pathway plans.\nThe range of suitable accommodation for care leavers.",
                          items)
    r = _draft(text)
    rec = r.summary.recommendation_sentence
    assert rec.startswith("In order to improve practice, Anyshire should improve the quality and timeliness of the first")
    assert rec.endswith(", among seven areas for improvement.")
    assert len(rec.split()) <= 60
    assert len(r.summary.recommendations) == 7  # the JSON keeps every item
    assert check(r.summary, r.letter) == []


def test_word_budget_drops_bullets_first():
    style = Style(word_budget=150, min_bullets=3)
    s = _draft(style=style).summary
    assert len(s.findings) == 3
    assert s.lead and s.recommendation_sentence
