"""Strength-vs-weakness agreement with the hand-labelled sentences in ../shared/labels.

    python benchmarks/labels.py [--split all|dev|heldout] [--errors] [FILE ...]

For each file: macro-F1 over strength and weakness and weakness recall, with `mixed` counted
as its lean and neutral gold sentences left out (a sentence judged neutral counts as a miss
for its gold class), the confusion counts, and (with --errors) every misjudged sentence with
its cues. `--split` picks, for dev-focused.jsonl, half of its letters (sorted by name, every
other one): `dev` for developing rules, `heldout` for checking them.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

LABELS = Path(__file__).resolve().parent.parent.parent / "shared" / "labels"
FILES = ("dev.jsonl", "dev-focused.jsonl")


@dataclass
class Figures:
    name: str
    n: int
    macro_f1: float
    weakness_recall: float
    strength_f1: float
    weakness_f1: float
    confusion: dict[str, int]
    errors: list[dict] = field(default_factory=list)


def gold_polarity(row: dict) -> str:
    label = row["label"]
    return (row.get("lean") or "weakness") if label == "mixed" else label


def load(path: Path, split: str = "all") -> list[dict]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    if split == "all" or not path.name.startswith("dev-focused"):
        return rows
    docs = sorted({r["doc"] for r in rows})
    keep = set(docs[0::2] if split == "dev" else docs[1::2])
    return [r for r in rows if r["doc"] in keep]


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def figures(name: str, rows: list[dict], assessments: list) -> Figures:
    """Macro-F1 over strength/weakness and weakness recall (mixed as its lean)."""
    confusion: Counter[str] = Counter()
    errors = []
    for row, a in zip(rows, assessments, strict=True):
        gold, pred = gold_polarity(row), a.polarity
        confusion[f"{gold}->{pred}"] += 1
        if gold != pred:
            errors.append({"id": row["id"], "gold": gold, "pred": pred, "label": a.label,
                           "score": a.score, "cues": list(a.cues), "text": row["text"]})
    f1 = {}
    for cls in ("strength", "weakness"):
        tp = confusion[f"{cls}->{cls}"]
        fp = sum(v for k, v in confusion.items() if k.endswith(f"->{cls}") and not k.startswith(cls))
        fn = sum(v for k, v in confusion.items() if k.startswith(f"{cls}->") and not k.endswith(cls))
        f1[cls] = _f1(tp, fp, fn)
    weak_total = sum(v for k, v in confusion.items() if k.startswith("weakness->"))
    recall = confusion["weakness->weakness"] / weak_total if weak_total else 0.0
    return Figures(name, len(rows), (f1["strength"] + f1["weakness"]) / 2, recall,
                   f1["strength"], f1["weakness"], dict(sorted(confusion.items())), errors)


def evaluate(path: Path, split: str = "all") -> Figures:
    """Score every labelled sentence of one file and compare with the gold polarity."""
    from cf.summarise.score import score_texts

    rows = [r for r in load(path, split) if r["label"] != "neutral"]
    tag = "" if split == "all" or path.name == "dev.jsonl" else f" [{split}]"
    return figures(path.name + tag, rows, score_texts([r["text"] for r in rows]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--split", choices=("all", "dev", "heldout"), default="all")
    parser.add_argument("--errors", action="store_true", help="list misjudged sentences")
    args = parser.parse_args(argv)
    files = args.files or [LABELS / f for f in FILES]
    for path in files:
        fig = evaluate(path, args.split)
        print(f"{fig.name}: n={fig.n} macro-F1={fig.macro_f1:.3f} "
              f"weakness recall={fig.weakness_recall:.3f} "
              f"(F1 strength {fig.strength_f1:.3f}, weakness {fig.weakness_f1:.3f})")
        print("  confusion (gold->judged): " + ", ".join(f"{k} {v}" for k, v in fig.confusion.items()))
        if args.errors:
            for e in fig.errors:
                print(f"  {e['id']} gold={e['gold']} judged={e['label']}/{e['pred']} "
                      f"{e['score']:+.2f} {e['cues']}\n      {e['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
