"""Every hand-labelled sentence this repository may fit and ablate on, with its document.

The dev files in ../shared/labels and the blind sets in tests/data that have been measured
(heldout, blind2-7; blind6 and blind7 were measured once, at the end of issue 16's first and
second rounds, and are development data since). A set not yet measured is never read here: pass only these names.
Each row keeps its set name, document, text, section (when the row names one) and gold label.
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "dev": ROOT.parent / "shared" / "labels" / "dev.jsonl",
    "dev-focused": ROOT.parent / "shared" / "labels" / "dev-focused.jsonl",
    "heldout": ROOT / "tests" / "data" / "heldout.jsonl",
    "blind2": ROOT / "tests" / "data" / "blind2.jsonl",
    "blind3": ROOT / "tests" / "data" / "blind3.jsonl",
    "blind4": ROOT / "tests" / "data" / "blind4.jsonl",
    "blind5": ROOT / "tests" / "data" / "blind5.jsonl",
    "blind6": ROOT / "tests" / "data" / "blind6.jsonl",
    "blind7": ROOT / "tests" / "data" / "blind7.jsonl",
}


def rows(names: tuple[str, ...] = tuple(SETS)) -> list[dict]:
    """The rows of the named sets, each with a "set" key."""
    out = []
    for name in names:
        for line in SETS[name].read_text("utf-8").splitlines():
            if line.strip():
                out.append({**json.loads(line), "set": name})
    return out


def gold(row: dict) -> str:
    """strength, weakness or neutral: a mixed row counts as its lean, as labels.py does."""
    if row["label"] == "mixed":
        return row.get("lean") or "weakness"
    return row["label"]


def judge(rows_: list[dict]) -> list:
    """Each row's sentence judged alone with its section heading (as `cf score` would with
    the heading known): the cheap stand-in for judging it in its document."""
    from cf.summarise.nlp import get_nlp
    from cf.summarise.score import assess

    docs = get_nlp().pipe([r["text"] for r in rows_], batch_size=256)
    return [assess(doc, r.get("section")) for doc, r in zip(docs, rows_, strict=True)]


def right(row: dict, assessment) -> bool:
    """Is the judgement the gold one: its polarity for strength and weakness gold, the
    neutral label itself for neutral gold?"""
    g = gold(row)
    return assessment.label == "neutral" if g == "neutral" else assessment.polarity == g
