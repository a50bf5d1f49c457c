"""Blind held-out check of the sentence scorer against tests/data/heldout.jsonl.

    python benchmarks/heldout.py [--errors] [FILE]

The held-out sentences come from 18 documents that neither dev label file uses (8 focused-visit
letters, 6 inspection reports 2014-2026, 2 JTAI and 2 area SEND letters); they were labelled by
reading before the scorer was run, and must not be relabelled to suit it.

Two figures, both as benchmarks/labels.py computes them (mixed counts as its lean, neutral gold
left out, a neutral judgement is a miss):
- `sentence alone`: each text judged on its own, exactly like the dev files (`cf score`);
- `with section`: rows carrying a `section` field (items listed under "What needs to
  improve", "Areas for improvement", ...) are judged with that heading, as the pipeline can;
- `prose only`: the rows without a section, i.e. the findings written as prose.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from labels import Figures, evaluate, figures, gold_polarity, load  # noqa: E402

HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "heldout.jsonl"


def _assess_with_sections(rows: list[dict]) -> list:
    """Judge each text as one sentence, passing its section heading when the row names one."""
    from cf.summarise.nlp import get_nlp
    from cf.summarise.score import assess

    docs = get_nlp().pipe([r["text"] for r in rows])
    return [assess(doc, r.get("section")) for doc, r in zip(docs, rows)]


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=HELDOUT)
    parser.add_argument("--errors", action="store_true", help="list misjudged sentences")
    args = parser.parse_args(argv)
    rows = [r for r in load(args.file) if r["label"] != "neutral"]
    alone = evaluate(args.file)
    alone.name += " [sentence alone]"
    report(alone, rows, args.errors)
    sectioned = figures(args.file.name + " [with section]", rows, _assess_with_sections(rows))
    report(sectioned, rows, args.errors)
    prose = [r for r in rows if not r.get("section")]
    report(figures(args.file.name + " [prose only, no list items]", prose,
                   _assess_with_sections(prose)), prose, False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
