"""Which candidate serves: the lead, the quote, the `However,` sentence and the headline's form.

The composer's modules list the candidates that may serve (a lead stands alone and makes a
claim; a quote is verbatim and never the lead; ...). Here each candidate is described by
features a writer would name: where it sits (first sentence of the opening, the start of a
paragraph, its distance from the lead), what the scorer reads in it (strength, weakness,
mixed, how clear), its traits (progress, decline, history, specific), whether it names the
council or speaks of children and services as a whole, how long it is. The candidate with
the highest weighted sum serves; ties go to the earlier candidate.

The weights are data (openings.toml), fitted by benchmarks/fit_openings.py on the stories the
site published and checked there by cross-validation grouped by story; nothing is fitted at
run time."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from cf.summarise.storydoc import Item, StoryDoc
from cf.summarise.textutil import words

T = TypeVar("T")
Features = dict[str, float]

_CHILDREN_OR_SERVICES = re.compile(r"^(?:the )?(?:(?:most|many|all|the majority of) )?(?:children|young people|"
                                   r"services|children's services|children's social care|care leavers|families)\b",
                                   re.I)
_LEADERS = re.compile(r"^(?:the )?(?:senior |political |strategic |corporate |experienced |new )*"
                      r"(?:leaders|leadership|managers|management)\b", re.I)
_AUTHORITY = re.compile(r"\b(?:the local authority|the council|the authority|the borough|the county council)\b", re.I)
_FRONTED = re.compile(r"^[A-Z][^,\s]*\s[^,]{2,60}, ")  # "Since the last inspection, ...", not "However, ..."
_GRADE_WORDS = re.compile(r"\b(?:good|outstanding|inadequate|requires? improvement|requiring improvement)\b", re.I)
GRADE_DIRECTION = {"outstanding": "strength", "good": "strength", "requires improvement": "weakness",
                   "inadequate": "weakness"}


def weights(part: str) -> dict[str, float]:
    """The fitted weights of one part (openings.toml's table for it)."""
    from cf.summarise.data_files import load_data

    table: dict[str, float] = load_data("openings.toml")[part]
    return table


def score(part: str, features: Features) -> float:
    w = weights(part)
    return sum(w.get(name, 0.0) * value for name, value in features.items())


def best(part: str, candidates: Sequence[T], describe: Callable[[T], Features]) -> T | None:
    """The candidate with the highest score (the first of equals), or None if there are none."""
    top: T | None = None
    top_score = float("-inf")
    for candidate in candidates:
        s = score(part, describe(candidate))
        if s > top_score + 1e-9:
            top, top_score = candidate, s
    return top


# ---------------------------------------------------------------- what every sentence carries

def names_council(text: str, la: str) -> bool:
    return bool(la) and la.lower() in text.lower()


def _sentence(item: Item, la: str) -> Features:
    """What the scorer and the traits read in a sentence, and its shape."""
    n = words(item.text)
    return {
        "strength": float(item.pol == "strength" and not item.mixed),
        "weakness": float(item.pol == "weakness" and not item.mixed),
        "mixed": float(item.mixed),
        "clear": min(abs(item.score), 1.0),
        "progress": float(item.has("progress")),
        "decline": float(item.has("decline")),
        "history": float(item.has("history")),
        "specific": float(item.has("specific")),
        "names_council": float(names_council(item.text, la) or bool(_AUTHORITY.search(item.text))),
        "children_or_services": float(bool(_CHILDREN_OR_SERVICES.match(item.text))),
        "leaders": float(bool(_LEADERS.match(item.text))),
        "fronted": float(bool(_FRONTED.match(item.text))),
        "long": float(n > 35),
        "short": float(n < 12),
    }


def _agrees_with_grade(item: Item, doc: StoryDoc) -> float:
    grade = doc.letter.metadata.judgements.overall_effectiveness if doc.kind == "inspection" else None
    return float(grade is not None and GRADE_DIRECTION.get(grade) == item.pol)


# ---------------------------------------------------------------- the parts

def lead_features(item: Item | None, doc: StoryDoc, opening: list[Item], rank: int = 0) -> Features:
    """A lead candidate: one of the opening's sentences (the `rank`th that may lead), or None
    for the report's grade told as the lead ("Children's services in X have been rated good by
    Ofsted")."""
    if item is None:
        return {"grade_template": 1.0}
    k = opening.index(item) if item in opening else len(opening)
    out = _sentence(item, doc.la)
    out.update({
        "first_candidate": float(rank == 0),
        "first": float(k == 0),
        "second": float(k == 1),
        "position": min(k, 10) / 10,
        "paragraph_start": float(item.first),
        "agrees_grade": _agrees_with_grade(item, doc),
        "grade_words": float(bool(_GRADE_WORDS.search(item.text))),
        "first_of_visit": float(k == 0 and doc.kind != "inspection"),
    })
    return out


def quote_features(item: Item, opening: list[Item], lead: Item | None, rank: int = 0) -> Features:
    """A quote candidate: a sentence of the opening near the lead (the `rank`th that may
    serve). A writer picks it by where it sits (docs/writers.md: sentences 2 to 6 of the
    opening section)."""
    k = opening.index(item) if item in opening else len(opening)
    start = opening.index(lead) + 1 if lead in opening else 0
    gap = k - start
    return {
        "first_candidate": float(rank == 0),
        "before_lead": float(gap < 0),
        "next": float(gap == 0),
        "near": float(0 < gap <= 2),
        "gap": min(max(gap, 0), 10) / 10,
        "paragraph_start": float(item.first),
    }


def however_features(item: Item, doc: StoryDoc, place: str, rank: int) -> Features:
    """A `However,` candidate: where it comes from (the opening section, the first sentence
    of a finding, a later sentence of one), its rank there, and whether the opening section
    itself opens it with "However"."""
    out = _sentence(item, doc.la)
    out.update({
        "opening": float(place == "opening"),
        "finding_head": float(place == "head"),
        "inner": float(place == "inner"),
        # Document order counts in the opening section and among the findings' first
        # sentences; the later sentences of findings come strongest first.
        "rank": min(rank, 10) / 10 if place != "inner" else 0.0,
        "first_in_place": float(rank == 0 and place != "inner"),
        # The overview's own "However, ..." marks its main caveat; inside a finding it only
        # qualifies that finding.
        "letter_however": float(place == "opening" and bool(re.match(r"^however\b", item.text, re.I))),
    })
    return out


HEADLINE_FORMS = ("graded", "every_area", "lead_clause", "progress", "strength", "mixed",
                  "weakness", "severe", "decline")


def headline_features(form: str, text: str, doc: StoryDoc, verdict: str) -> Features:
    """A headline candidate: its form, whether its verdict is the lead's, how long it is."""
    out: Features = {f"form_{form}": 1.0}
    if doc.kind == "inspection":
        out[f"form_{form}_inspection"] = 1.0
    out["agrees_verdict"] = float(form == verdict or form in ("graded", "every_area", "lead_clause"))
    out["long"] = float(words(text) > 10)
    return out


