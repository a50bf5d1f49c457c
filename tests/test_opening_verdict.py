"""What issue 17 asks of a draft's opening, behaviour by behaviour: the lead is the verdict
(never background or history), names the council and is attributed as the news deserves; the
headline never says the opposite of the lead and the `However,`; `However,` shows the main
weakness; neither the quote nor `However,` points back.

Synthetic letters (the focused visit written here, its overview changed) test each rule; the
real documents of ../shared/stories/documents and the corpus's graded reports test them
together, read by benchmarks/drafts.py's own detectors (not the composer's rules)."""
from __future__ import annotations

import csv
import sys

import pytest

from cf.models import Style
from cf.models.analysis import Assessment, Sentence
from cf.summarise import compose as C
from cf.summarise import templates as T
from cf.summarise.faithful import check
from cf.summarise.opening import Opening
from cf.summarise.pipeline import summarise
from cf.summarise.storydoc import Item, cut_off

from conftest import CORPUS, ROOT, SHARED

LETTER = (ROOT / "tests" / "data" / "anyshire-focused-visit.txt").read_text(encoding="utf-8")
OVERVIEW = LETTER[LETTER.index("This has been a difficult year"): LETTER.index("What needs to improve")].strip()
VERDICT = "Care leavers in Anyshire receive a strong service from committed personal advisers."
NEXT = "Personal advisers know their young people well and keep in touch with them regularly."


def _draft(*overview: str, replace: tuple[str, str] | None = None):
    text = LETTER.replace(OVERVIEW, "\n\n".join(overview))
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    r = summarise(text.encode(), "anyshire.txt", Style())
    assert check(r.summary, r.letter) == [], "every sentence of the draft is in the letter"
    return r


# ---------------------------------------------------------------- the lead is the verdict

@pytest.mark.parametrize("background", [
    "Last summer, a rapid rise in demand put pressure on the service for care leavers.",
    "Since 2017, the local authority has outsourced its services for care leavers to an independent "
    "provider which delivers them on its behalf.",
    "The council's self-evaluation identifies that the service model for care leavers is not responsive enough.",
    "Services for care leavers were judged to be good when they were last inspected in 2018.",
    "Senior leaders acknowledge that the quality of support for care leavers has deteriorated.",
    "An independent review concluded that progress for care leavers has been slow.",
    "During the last 12 months, Anyshire has strengthened its senior leadership team with permanent appointments.",
    "Relationship-based practice for care leavers is a service priority.",
    "Senior leaders know their service for care leavers very well.",
], ids=["past-time", "outsourcing", "self-evaluation", "past-grade", "own-admission", "another-review",
        "organisation", "intent", "self-knowledge"])
def test_the_lead_is_the_verdict_not_background_or_history(background):
    s = _draft(background, VERDICT, NEXT).summary
    assert s.lead == VERDICT[:-1] + ", Ofsted has said."
    assert background not in s.text


def test_what_happened_before_the_visit_does_not_lead():
    told = "The new director brought in an interim head of service, who subsequently strengthened the team."
    s = _draft(told, VERDICT, NEXT).summary
    assert s.lead == VERDICT[:-1] + ", Ofsted has said."


def test_history_leads_when_it_carries_the_verdict_of_change():
    s = _draft("The quality of support for care leavers has deteriorated since the last inspection.", NEXT).summary
    assert s.lead.startswith("The quality of support for care leavers has deteriorated since the last inspection")


# ---------------------------------------------------------------- the lead names the council

def test_the_local_authority_a_lead_opens_on_is_named():
    s = _draft("The local authority has strengthened the support it offers to care leavers.", NEXT).summary
    assert s.lead == "Anyshire has strengthened the support it offers to care leavers, Ofsted has said."


def test_a_lead_that_does_not_name_the_council_names_the_occasion():
    s = _draft("Care leavers receive a strong service from committed personal advisers.", NEXT).summary
    assert s.lead == ("Care leavers receive a strong service from committed personal advisers, Ofsted has said "
                      "following a focused visit to Anyshire.")
    # The visit is named once: the context is not attributed to it again.
    assert not any("the focused visit to Anyshire found" in p for p in s.paragraphs)


# ---------------------------------------------------------------- the attribution fits

def test_warned_goes_with_a_shortfall_never_with_progress():
    decline = _draft("The quality of support for care leavers has deteriorated since the last inspection.", NEXT)
    assert decline.summary.lead.endswith("Ofsted has warned following a focused visit to Anyshire.")
    progress = _draft("Services for care leavers are no longer inadequate.", NEXT)
    assert "warned" not in progress.summary.lead
    assert progress.summary.lead.endswith("Ofsted has said following a focused visit to Anyshire.")


def test_a_sentence_reporting_the_finding_loses_its_frame_rather_than_being_attributed_twice():
    s = _draft("At this focused visit, inspectors found that care leavers receive a strong service from "
               "committed personal advisers.", NEXT).summary
    assert s.lead == ("Care leavers receive a strong service from committed personal advisers, Ofsted has said "
                      "following a focused visit to Anyshire.")


# ---------------------------------------------------------------- the headline agrees

def _item(text: str, label: str, score: float, traits: tuple[str, ...] = ()) -> Item:
    sentence = Sentence(text, "Overview", 1, 0, 0, "paragraph", Assessment(label, score, traits=traits))  # type: ignore[arg-type]
    return Item(sentence, "overview", 0, 0, True)


def test_a_headline_cut_from_the_lead_keeps_the_leads_verdict():
    from cf.summarise.headline import keeps_verdict

    lead = _item("The new leadership team is very new, and plans have not yet had an impact on services.",
                 "weakness", -0.6)
    assert not keeps_verdict("The new leadership team is very new in Anyshire", lead)
    shortfall = _item("Too many care leavers live in unsuitable accommodation, and plans are late.", "weakness", -0.9)
    assert keeps_verdict("Too many care leavers live in unsuitable accommodation in Anyshire", shortfall)


def test_the_headline_never_praises_beside_a_plain_shortfall():
    lead = _item(VERDICT, "strength", 0.8)
    caveat = _item("Too many care leavers live in unsuitable accommodation.", "weakness", -0.9)
    verdict = C._headline_verdict([lead, caveat], Opening(lead_item=lead), "strength", caveat)
    assert verdict == "mixed"
    assert verdict not in ("strength", "progress")
    # Without the shortfall beside it, the lead's praise is the headline's.
    assert C._headline_verdict([lead], Opening(lead_item=lead), "strength", None) == "strength"


def test_the_headline_never_says_progress_over_a_lead_that_is_a_shortfall():
    lead = _item("Too many care leavers are not supported well enough.", "weakness", -0.9)
    progress = _item("Since the last inspection, leaders have strengthened the support offered to care leavers.",
                     "strength", 0.6, ("progress",))
    verdict = C._headline_verdict([lead, progress], Opening(lead_item=lead), "weakness", None)
    assert verdict in ("weakness", "mixed")


def test_the_gravest_verdict_is_not_told_as_plain_weaknesses():
    lead = _item("There are widespread and/or systemic failings leading to significant concerns about the "
                 "experiences of children and young people with SEND.", "weakness", -0.9, ("severe",))
    assert C._headline_verdict([lead], Opening(lead_item=lead), "weakness", None) == "severe"
    assert T.verdict_headline("severe", _meta_send()) == "Inspectors find serious failings in SEND services in Anyshire"


def _meta_send():
    from cf.models import Metadata

    return Metadata(kind="other", local_authority="Anyshire", title="Area SEND inspection of Anyshire Local Area Partnership")


def test_the_verdict_templates_say_what_the_verdict_says():
    r = _draft(VERDICT, NEXT)
    meta = r.letter.metadata
    assert T.verdict_headline("mixed", meta).startswith("Ofsted finds strengths and weaknesses in")
    assert "praises" not in T.verdict_headline("weakness", meta)


# ---------------------------------------------------------------- `However,` is a weakness

def test_however_is_the_main_weakness_not_yet_told():
    s = _draft(VERDICT, NEXT, "However, too many care leavers live in unsuitable accommodation.").summary
    # The overview's own weakness is told beside the lead; `However,` tells the findings' first.
    assert "Too many care leavers live in unsuitable accommodation." in s.paragraphs
    assert s.however == ["However, pathway plans are not updated when circumstances change."]


def test_however_never_points_back():
    r = _draft(VERDICT, NEXT, replace=(
        "Pathway plans are not updated when circumstances change. This means that some plans are out of date.",
        "For some of these young people, pathway plans are not updated when circumstances change.\n\n"
        "Too few care leavers are in education, employment or training."))
    assert r.summary.however == ["However, too few care leavers are in education, employment or training."]


def test_a_sentence_the_reader_cut_off_is_never_lifted():
    # A page break can leave "... with a 'practice lead' who." as a sentence: it is neither
    # the `However,` nor anything else of the draft.
    cut = "Too few care leavers are supported by a personal adviser who."
    r = _draft(VERDICT, NEXT, replace=(
        "Pathway plans are not updated when circumstances change. This means that some plans are out of date.",
        f"{cut}\n\nToo few care leavers are in education, employment or training."))
    assert cut[:-1] not in r.summary.text
    assert r.summary.however == ["However, too few care leavers are in education, employment or training."]
    assert not cut_off("Care leavers get the support they are entitled to.")  # a preposition may end one


def test_the_quote_never_points_back():
    s = _draft(VERDICT, "These young people therefore benefit from stable homes and good support.",
               "This has led to better pathway plans for most of the young people supported.", NEXT).summary
    assert s.quotes == [NEXT]


def test_however_is_the_main_weakness_after_a_negative_lead_too():
    """A counterpoint (a strength) only when no weakness is left to tell: after a shortfall
    lead, the site's `However,` is still a weakness most of the time."""
    s = _draft("Too many care leavers in Anyshire do not receive the support they need.", NEXT).summary
    assert s.lead.startswith("Too many care leavers in Anyshire do not receive the support they need")
    assert s.however and s.however[0].startswith("However, pathway plans are not updated when circumstances change")


def test_the_counterpoint_serves_only_when_no_weakness_is_left():
    s = _draft("Too many care leavers in Anyshire do not receive the support they need.", NEXT,
               replace=("Pathway plans are not updated when circumstances change. This means that some plans "
                        "are out of date.", "Pathway plans are thorough and up to date.")).summary
    # the first strength not yet told (the first finding is the quote: the overview has none)
    assert s.however and s.however[0].startswith("However, pathway plans are thorough and up to date.")


def test_a_letter_with_no_overview_leads_on_a_finding_not_the_scene_its_findings_open_on():
    """The visits of 2020 and 2021 have no overview: the opening is the first findings
    paragraphs, and those that set the scene (the pandemic) are not the verdict."""
    text = LETTER[: LETTER.index("Headline findings")] + LETTER[LETTER.index("What needs to improve"):]
    first = "Personal advisers visit young people often and build trusting relationships with them."
    scene = ("The pandemic has created additional pressures across the service for care leavers. "
             "Increased demand has resulted in some young people waiting for a personal adviser.")
    r = summarise(text.replace(first, scene + "\n\n" + first).encode(), "anyshire.txt", Style())
    assert check(r.summary, r.letter) == []
    assert r.summary.lead.startswith("Personal advisers visit young people often")
    assert "pandemic" not in r.summary.lead


def test_with_nothing_to_quote_in_the_opening_the_quote_is_the_first_findings_claim():
    s = _draft(VERDICT, "This was an area for development at the last inspection.").summary
    first = "Personal advisers visit young people often and build trusting relationships with them."
    assert s.quotes == [first]
    assert first not in [f.text for f in s.findings]  # quoted, so not listed again


# ---------------------------------------------------------------- real documents

sys.path.insert(0, str(ROOT / "benchmarks"))
OPENING_FAULTS = ("background_lead", "lead_without_council", "attribution_misfit", "double_attribution",
                  "headline_contradicts", "headline_cut", "positive_however", "no_weakness_shown", "points_back",
                  "lead_repeated")
STORY_DOCS = sorted((SHARED / "stories" / "documents").glob("*.pdf")) if SHARED.is_dir() else []


def _faults(path):
    from drafts import Draft, faults  # benchmarks/drafts.py: the detectors, independent of the composer

    r = summarise(path.read_bytes(), str(path), Style())
    d = Draft(path, r.letter, r.summary, r.sentences)
    return d, {k: v for k, v in faults(d).items() if k in OPENING_FAULTS}


@pytest.mark.needs_corpus
@pytest.mark.parametrize("path", STORY_DOCS[::3], ids=[p.name for p in STORY_DOCS[::3]])
def test_the_story_documents_openings_have_none_of_the_faults_an_editor_rejects(path):
    _, found = _faults(path)
    assert found == {}


def _graded_below_good() -> list:
    reference = CORPUS / "ilacs" / "reference.csv"
    if not reference.exists():
        return []
    with reference.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["overall_effectiveness_grade"] in ("requires improvement", "inadequate")]
    return [CORPUS / "ilacs" / r["file"] for r in rows][::3]


GRADED = _graded_below_good()


@pytest.mark.needs_corpus
@pytest.mark.parametrize("path", GRADED, ids=[p.name for p in GRADED])
def test_a_report_below_good_shows_its_weaknesses(path):
    d, found = _faults(path)
    assert d.grade in ("requires improvement", "inadequate")
    assert "no_weakness_shown" not in found and "positive_however" not in found
    # `However,` is a weakness, or the counterpoint after a lead and a list that carry them.
    assert d.polarity(d.however) == "weakness" or (d.lead_polarity == "weakness" and d.weak_bullets > 0)


@pytest.mark.needs_corpus
@pytest.mark.parametrize("name", ["havering-2016-12-09.pdf", "medway-2015-11-27.pdf"])
def test_a_lead_that_is_the_reports_own_sentence_of_the_grade_is_not_told_again(name):
    d, found = _faults(CORPUS / "ilacs" / name)
    assert "lead_repeated" not in found
    assert not any("overall effectiveness" in p for p in d.summary.paragraphs)
