"""Sentence traits: what a sentence does besides praising or criticising.

The cf_traits pipe (nlp.py) matches traits.toml into doc.spans["traits"]; here each
sentence gets the traits that count where they stand: a word that points back only at the
sentence's start (or straight after a fronted phrase and its comma), the rest anywhere.
The composer reads traits from the assessment and never looks for these words itself.

Traits: points_back (needs the sentence before it), connective (opens on "However,", "In
addition," ...: lifted out it drops the connective, and stands alone unless it also points
back), history, past_verdict, progress, decline, specific, summing_up, boilerplate, background
(the setting: how services are organised and delivered, demand), organisation (who leads
and the systems that record the work, told as news: "has strengthened its senior leadership team
with permanent appointments", "a new electronic recording system"), intent (what leaders mean
to do: "is a service priority", "continue to focus on improving"), procedure (the letter
telling its reader what happens next: "send us your action plan"), severe
(the gravest verdicts: "widespread and/or systemic failings"), context (the
pandemic, the area and its people; context_fronted when it is only the time or the odds: "Since
the start of the pandemic, ..."), own_view (the authority's
self-evaluation), past_time (opens on a time before the visit: "Last summer, ..."),
past_tense and present_tense (a verb in the past, in the present or perfect), refers_back (a
demonstrative and a noun anywhere: "is supporting these improvements"), reporting
(opens on the report's own frame, "At this focused visit, inspectors found that ...": it needs
no attribution, and lifted out it drops the frame), acronym (a capitalised abbreviation: a
named team or service). The analyse stage adds fragment (a verbless list
item, "The quality of plans."), which the scorer recognises.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

FRONTED_MAX = 8  # tokens: a fronted phrase before the comma ("For a few children,")
INNER_MAX = 6  # tokens: how early "also" leans on the sentence before
PAST_REACH = 3  # tokens: how far back an auxiliary makes a past form a participle ("have not yet been")
ANYWHERE = ("history", "past_verdict", "progress", "decline", "specific", "summing_up", "boilerplate",
            "background", "organisation", "intent", "procedure", "severe", "context", "context_fronted",
            "own_view", "self_knowledge", "past_tense", "pluperfect", "present_tense", "refers_back")
AT_START = ("points_back", "connective", "summing_up", "boilerplate", "past_time")


def sentence_traits(doc: Doc, spans: Sequence[Span]) -> list[tuple[str, ...]]:
    """The traits of each sentence span of one Doc, in a fixed order."""
    from cf.summarise.nlp import TRAITS_KEY

    found = list(doc.spans[TRAITS_KEY]) if TRAITS_KEY in doc.spans else []
    starts = [t.start for t in found]
    out = []
    for span in spans:
        lo, hi = bisect_left(starts, span.start), bisect_left(starts, span.end)
        mine = [t for t in found[lo:hi] if t.end <= span.end]
        out.append(_traits_of(span, mine))
    return out


def _traits_of(span: Span, matches: list[Span]) -> tuple[str, ...]:
    first = _first_word(span)
    opener = next((m for m in matches if m.start == first and m.label_ in ("fronted", "connective", "reporting")),
                  None)
    reporting = opener is not None and opener.label_ == "reporting"
    comma = _comma_after(span, first) if opener is not None and not reporting else None
    # After "However," the sentence starts again: what follows the comma (or the connective,
    # or the report's own frame, "Inspectors found that") may still point back ("However,
    # this has meant ...", "During this visit, inspectors found that this scrutiny ...").
    restart = comma if comma is not None else (opener.end if opener is not None and opener.label_ != "fronted"
                                               else None)
    # "However, for many children, this process ...": a fronted phrase after the connective,
    # and the sentence starts again after its comma.
    inner = next((m for m in matches if restart is not None and m.start == restart and m.label_ == "fronted"), None)
    again = _comma_after(span, restart) if inner is not None and restart is not None else None
    traits: set[str] = {"reporting"} if reporting else set()
    for m in matches:
        label = m.label_
        if label in ("points_back", "refers_back") and (m.start in (first, restart, again) or (
                again is not None and restart is not None and restart < m.start < again)):
            # "These children ...", "However, for many children, this process ...", "However,
            # for some of these children, ..."
            traits.add("points_back")
            traits.add(label)
        elif label in AT_START and m.start in (first, restart):
            traits.add("points_back" if label == "connective" and m.start != first else label)
        elif label == "points_back" and opener is not None and opener.label_ == "fronted" and comma \
                and first < m.start < comma:
            traits.add("points_back")  # "For these children, ...", "In these cases, ..."
        elif label == "points_back_inner" and m.start - first < INNER_MAX:
            traits.add("points_back")
        elif label == "refers_back" and m.start - (restart or first) < INNER_MAX:
            traits.update(("points_back", "refers_back"))  # "However, leaders have identified these challenges"
        elif label in ANYWHERE and label not in AT_START:
            traits.add(label)
    if any(t.is_upper and len(t) >= 2 and t.is_alpha for t in span[1:]):
        traits.add("acronym")
    if any(_told_past(t, span) for t in span):
        traits.add("past_tense")
    return tuple(sorted(traits))


def _told_past(token: Token, span: Span) -> bool:
    """A verb in the simple past ("The chief executive brought in ...", "who subsequently
    established ..."): a past form the token layer tagged (not a base form that merely ends
    in "-ed", "need"), with no auxiliary or "to" before it in its verb group ("has
    established", "were not seen", "have improved X and reduced Y"), not part of a compound
    ("care-experienced"), no "by" after it ("services commissioned by the council") and no
    "that" (a report's frame, "Inspectors found that ...": what it reports has its own tense)."""
    if token.pos_ != "VERB" or "Part" not in token.morph.get("VerbForm", []) or token.lemma_ == token.norm_:
        return False
    if token.i == span.start or span.doc[token.i - 1].text in ("-", "‐", "–"):
        return False
    # A verb joined by "and" shares the auxiliary of the one before it.
    joined = span.doc[token.i - 1].norm_ in ("and", "or")
    before = span.doc[span.start if joined else max(span.start, token.i - PAST_REACH): token.i]
    after = token.nbor(1).norm_ if token.i + 1 < span.end else ""
    if token.norm_.endswith("ed") and after.isalpha() and after not in _AFTER_A_VERB and not after.endswith("ly"):
        # an adjective before its noun ("care experienced children", "committed staff"); so read,
        # a verb straight before its bare object ("enabled staff to ...") is missed
        return False
    return (not any(t.pos_ == "AUX" or t.norm_ in ("to", "being", "get", "got") for t in before)
            and after not in ("by", "that")
            and before[-1:].text.lower() not in ("the", "a", "an", ",", "well", "newly", "recently"))


# What may follow a verb in the simple past (a determiner, a preposition or particle, a
# conjunction, a pronoun); any other word after an "-ed" form makes it an adjective.
_AFTER_A_VERB = frozenset(
    "the a an their its this these those his her our your my that which who what whether all some many more "
    "most no not several each every any both either up out off over back down on in at by for with from into "
    "onto to through about and or but as also further them it they him us you".split())


def _first_word(span: Span) -> int:
    """Index of the first word (past opening quotes, brackets and list numbering)."""
    for token in span:
        if token.is_alpha or token.like_num and not token.text.endswith((".", ")")):
            return token.i
    return span.start


def _comma_after(span: Span, first: int) -> int | None:
    """Index of the word after the comma that closes a short opening phrase, if any."""
    for token in span[first - span.start: first - span.start + FRONTED_MAX]:
        if token.text == ",":
            return token.i + 1 if token.i + 1 < span.end else None
    return None
