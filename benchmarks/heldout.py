"""Blind checks of the sentence scorer on sentences nobody tuned it on.

    python benchmarks/heldout.py [--errors] [--no-document] [FILE ...]
    python benchmarks/heldout.py tests/data/blind6.jsonl   # once, at the end of issue 16
    python benchmarks/heldout.py tests/data/blind7.jsonl   # once, at the end of its second round
    python benchmarks/heldout.py tests/data/blind8.jsonl   # once, at the end of its third round

Without FILE: the blind sets in tests/data, each labelled by reading before the scorer was
run on it, never to be relabelled to suit it:
- `heldout.jsonl`: 202 sentences from 18 documents that neither dev label file uses (8
  focused-visit letters, 6 inspection reports 2014-2026, 2 JTAI and 2 area SEND letters);
- `blind2.jsonl`: 340 sentences from 62 more (every unused JTAI and SEND letter, focused
  visits from 2022 on, the 2026 reports), drawn by benchmarks/sample_blind.py as cf's own
  pipeline splits them; issue 12's rules were then developed on its errors;
- `blind3.jsonl`: 104 sentences from 51 more (every other unused focused visit and report),
  drawn and labelled after those rules; issue 12's rules were then generalised on its errors
  and heldout's;
- `blind4.jsonl`: 234 sentences, drawn and labelled before that work (the 51 focused visits
  and reports blind3 left, weighted towards the sections that carry weaknesses, and unused
  sentences of the 32 JTAI and SEND letters) and measured once, at its end: the figure
  nobody has tuned on. Issue 12's third part then developed on its errors too;
- `blind5.jsonl`: 260 sentences from 228 documents, drawn when every document of the corpus
  was in use (one unused sentence from each report and focused visit, two from each JTAI and
  SEND letter, at odds of their section's weight) and labelled by reading each in its
  document before the scorer was run. It is split by document into two halves: a row is in
  half A when the SHA-256 of its `doc`, read as a number, is even, else in half B (`half`).
  Issue 12's third part developed rules on half A's errors alone (in document 0.906 / 0.837
  before, 0.977 / 0.977 after); nobody looked at half B's sentences or errors, and it was
  measured once, after the last rule change (in document 0.913 / 0.917, as before that
  work): its figure is the honest one. Both halves are printed after the whole set, and
  `--errors` lists half A's only.

`blind6.jsonl` is left out of that default and must be named: 361 sentences drawn by
benchmarks/sample_blind.py (`--set blind6`) and labelled by reading each in its document
before issue 16's rule work began, with nothing of the scorer's run on them, to be measured
once, at that work's end. 265 come from the 53 reports and focused-visit letters of
../shared/stories/documents (2017-2020, used by no label set; their `doc` is
`stories/documents/<name>.pdf`, read from ../shared), five each, weighted towards the
sections that carry weaknesses; 96 are three more unused sentences from each of the 32 JTAI
and area SEND letters, drawn at equal odds so that their descriptive sentences are
represented (21 of the 96 are neutral). Rows carry `half` (as blind5's are split) for any
later work that develops on half A. Measured once, after issue 16's last rule change: in
document macro-F1 0.937, weakness recall 0.888, neutral recall 18/37 (half A 0.952 / 0.911,
half B 0.923 / 0.867).

`blind7.jsonl` is kept out of the default too and must be named: 504 sentences drawn by
benchmarks/sample_blind.py (`--set blind7`) and labelled by reading each in its document
before the second round of issue 16's rule work began, with nothing of the scorer's run on
them or their documents, to be measured once, at that round's end. Every sentence an earlier
set holds is left out. 212 are four more sentences from each of the 53 stories documents and
196 one more from each corpus report and focused-visit letter, both drawn at odds of their
section's weight (blind5's way, towards the sections that carry weaknesses); 96 are three more
from each of the 32 JTAI and area SEND letters at equal odds, so that their descriptive
sentences are represented as they occur. Labels: strength 307, weakness 140, mixed 32 (29
leaning weakness), neutral 25 (11 of them among the 96 from JTAI and SEND letters); 91 are
marked low confidence. Rows carry `half`, as blind6's do. Measured once, after the second
round's last rule change: in document macro-F1 0.917, weakness recall 0.899, neutral recall
11/25; it was development data in the third round.

`blind8.jsonl` is kept out of the default likewise and must be named: 504 sentences drawn by
benchmarks/sample_blind.py (`--set blind8`) and labelled by reading each in its document
before the third round of issue 16's rule work began, with nothing of the scorer's run on
them or their documents, to be measured once, at that round's end. It repeats blind7's recipe
on what blind7 left (every sentence an earlier set holds is left out): 212 are four more
sentences from each of the 53 stories documents, at odds of their section's weight; 196 are
one more from each corpus report and focused-visit letter, this time at equal odds so that
descriptive sentences occur as they do; 96 are three more from each of the 32 JTAI and area
SEND letters at equal odds. Labels: strength 291, weakness 127, mixed 63 (58 leaning
weakness), neutral 23 (12 of them among the 96 from JTAI and SEND letters); 98 are marked low
confidence. Rows carry `half`, as blind7's do. Measured once, after the third round's last
rule change (main at bcbbbbf): in document macro-F1 0.908, weakness recall 0.854, neutral
recall 16/23 = 0.696 (half A 0.899 / 0.824, half B 0.915 / 0.880).

Figures, all as benchmarks/labels.py computes them (mixed counts as its lean, neutral gold
left out, a neutral judgement is a miss):
- `sentence alone`: each text judged on its own, exactly like the dev files (`cf score`);
- `with section`: judged alone but with the heading of its section when the row names one
  (items listed under "What needs to improve", ...);
- `in document`: the document read and analysed by the pipeline, the row's sentence found
  among its sentences (by its place, its text, or the sentence that holds it when the
  pipeline splits differently) and the judgement the draft uses taken from there (`cf score
  --document`); a row not found is judged with its section and counted;
- `prose only`: the rows without a section in heldout.jsonl, i.e. findings written as prose;
- `neutral recall`: of the rows labelled neutral, how many are judged neutral (alone and in
  document).

Documents are read once and kept in the system's temporary folder, keyed by the PDF and the
code of the reading stages, so a rerun after a scorer change takes seconds.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _letters import READING, document_path
from _letters import half as half_of
from labels import Figures, evaluate, figures, gold_polarity, load

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
HELDOUT = DATA / "heldout.jsonl"
BLIND2 = DATA / "blind2.jsonl"
BLIND3 = DATA / "blind3.jsonl"
BLIND4 = DATA / "blind4.jsonl"
BLIND5 = DATA / "blind5.jsonl"
BLIND_SETS = (HELDOUT, BLIND2, BLIND3, BLIND4, BLIND5)
# Measured once, at the end of issue 16, and so only when named (not in BLIND_SETS).
BLIND6 = DATA / "blind6.jsonl"
# Likewise measured once, at the end of issue 16's second round.
BLIND7 = DATA / "blind7.jsonl"
# Likewise measured once, at the end of issue 16's third round.
BLIND8 = DATA / "blind8.jsonl"
# Sets split by document into a half developed on (A) and a half measured once (B).
HALVED = frozenset({BLIND5.name, BLIND6.name, BLIND7.name, BLIND8.name})
# Where read documents are kept between runs (CF_BENCH_LETTERS overrides; tests use their own).
_CACHE = Path(os.environ.get("CF_BENCH_LETTERS") or Path(tempfile.gettempdir()) / "cf-bench-letters")


def _assess_with_sections(rows: list[dict]) -> list:
    """Judge each text as one sentence, passing its section heading when the row names one."""
    from cf.summarise.nlp import get_nlp
    from cf.summarise.score import assess

    docs = get_nlp().pipe([r["text"] for r in rows])
    return [assess(doc, r.get("section")) for doc, r in zip(docs, rows, strict=True)]


def read_document(doc: str):
    """The Letter of a row's document (a corpus one, or one under ../shared such as blind6's
    `stories/documents/...`), from the cache when its PDF and reader are unchanged."""
    from cf.summarise.pipeline import read_letter

    path = document_path(doc)
    data = path.read_bytes()
    key = hashlib.sha256(data)
    for name in READING:
        key.update((ROOT / "summarise" / name).read_bytes())
    cached = _CACHE / f"{key.hexdigest()}.pickle"
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    letter = read_letter(data, str(path))
    _CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(letter))
    return letter


def _key(text: str) -> str:
    from cf.summarise.nlp import fold

    return re.sub(r"\W+", " ", fold(text)).strip()


def find(row: dict, sentences: list, used: set[int]) -> int | None:
    """Index of the row's sentence among the document's: by place, then by text, then the
    sentence that holds it (or that it holds) when the two splits differ."""
    pos = row.get("position")
    if pos is not None and pos < len(sentences) and sentences[pos].text == row["text"]:
        return pos
    want = _key(row["text"])
    keys = [_key(s.text) for s in sentences]
    exact = [i for i, k in enumerate(keys) if k == want and i not in used]
    if exact:
        return exact[0]
    overlaps = [i for i, k in enumerate(keys) if k and (want in k or k in want)]
    return max(overlaps, key=lambda i: min(len(keys[i]), len(want)), default=None)


def in_document(rows: list[dict]) -> tuple[list, int]:
    """Each row judged where the pipeline judges it in its document; how many were not found."""
    from cf.summarise.analyse import analyse

    out: list = [None] * len(rows)
    missing: list[int] = []
    by_doc: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_doc.setdefault(r["doc"], []).append(i)
    for doc, indexes in by_doc.items():
        sentences = analyse(read_document(doc))
        used: set[int] = set()
        for i in indexes:
            j = find(rows[i], sentences, used)
            if j is None:
                missing.append(i)
            else:
                used.add(j)
                out[i] = sentences[j].assessment
    fallback = _assess_with_sections([rows[i] for i in missing])
    for i, a in zip(missing, fallback, strict=True):
        out[i] = a
    return out, len(missing)


def by_kind(fig: Figures, rows: list[dict]) -> str:
    """Weakness recall per document kind (focused, ilacs, jtai, send)."""
    missed = {e["id"] for e in fig.errors}
    parts = []
    for kind in sorted({r["doc"].split("/")[0] for r in rows}):
        weak = [r for r in rows if r["doc"].startswith(kind) and gold_polarity(r) == "weakness"]
        hit = sum(r["id"] not in missed for r in weak)
        parts.append(f"{kind} {hit}/{len(weak)}")
    return "weakness recall by kind: " + ", ".join(parts)


def report(fig: Figures, rows: list[dict], errors: bool) -> None:
    print(f"{fig.name}: n={fig.n} macro-F1={fig.macro_f1:.3f} "
          f"weakness recall={fig.weakness_recall:.3f} "
          f"(F1 strength {fig.strength_f1:.3f}, weakness {fig.weakness_f1:.3f})")
    print("  confusion (gold->judged): " + ", ".join(f"{k} {v}" for k, v in fig.confusion.items()))
    print("  " + by_kind(fig, rows))
    if errors:
        for e in fig.errors:
            print(f"  {e['id']} gold={e['gold']} judged={e['label']}/{e['pred']} "
                  f"{e['score']:+.2f} {e['cues']}\n      {e['text']}")


def half(row: dict) -> str:
    """Which half of a halved set a row is in, by its document: "A" when the SHA-256 of its
    name is even (developed on), else "B" (measured once)."""
    return half_of(row["doc"])


def judged_rows(path: Path, which: str | None = None) -> list[dict]:
    """The rows with a strength or weakness label, of one half when `which` is "A" or "B"."""
    rows = [r for r in load(path) if r["label"] != "neutral"]
    return [r for r in rows if which is None or half(r) == which]


def all_figures(path: Path, document: bool = True, which: str | None = None
                ) -> dict[str, Figures]:
    """Every figure this benchmark prints for one file (or its half `which`), by the name of
    its way of judging."""
    from cf.summarise.score import score_texts

    rows = judged_rows(path, which)
    name = path.name if which is None else f"{path.name} half {which}"
    if which is None:
        out = {"alone": evaluate(path)}
        out["alone"].name += " [sentence alone]"
    else:
        out = {"alone": figures(name + " [sentence alone]", rows,
                                score_texts([r["text"] for r in rows]))}
    out["section"] = figures(name + " [with section]", rows, _assess_with_sections(rows))
    if document:
        judged, missing = in_document(rows)
        out["document"] = figures(f"{name} [in document, {missing} not found]", rows, judged)
    prose = _prose(rows)
    if prose and len(prose) < len(rows):
        out["prose"] = figures(path.name + " [prose only, no list items]", prose,
                               _assess_with_sections(prose))
    return out


def _prose(rows: list[dict]) -> list[dict]:
    """Rows that name no section: in heldout.jsonl, the findings written as prose."""
    return [r for r in rows if "section" not in r]


def neutral_recall(path: Path, document: bool = True, which: str | None = None) -> dict[str, str]:
    """How many neutral gold rows are judged neutral, alone and in document ("k/n = x"), by
    the name of the way of judging; empty when the set has no neutral gold."""
    from cf.summarise.score import score_texts

    rows = [r for r in load(path) if r["label"] == "neutral" and (which is None or half(r) == which)]
    if not rows:
        return {}
    ways = {"alone": score_texts([r["text"] for r in rows])}
    if document:
        ways["in document"] = in_document(rows)[0]
    out = {}
    for way, judged in ways.items():
        hit = sum(a.label == "neutral" for a in judged)
        out[way] = f"{hit}/{len(rows)} = {hit / len(rows):.3f}"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--errors", action="store_true", help="list misjudged sentences")
    parser.add_argument("--no-document", action="store_true",
                        help="skip judging in the documents (needs ../shared/corpus)")
    args = parser.parse_args(argv)
    for path in args.files or BLIND_SETS:
        halves = ("A", "B") if path.name in HALVED else ()
        for which in (None, *halves):
            rows = judged_rows(path, which)
            for kind, fig in all_figures(path, not args.no_document, which).items():
                subset = rows if kind != "prose" else _prose(rows)
                # a halved set's errors are listed for half A only: half B is measured blind
                show = args.errors and kind in ("alone", "document") and (
                    not halves or which == "A")
                report(fig, subset, show)
            neutral = neutral_recall(path, not args.no_document, which)
            if neutral:
                tag = path.name if which is None else f"{path.name} half {which}"
                print(f"{tag} neutral recall: " + ", ".join(f"{k} {v}" for k, v in neutral.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
