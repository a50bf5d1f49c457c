"""Fit the scorer's weights on the labelled sentences, with folds grouped by document.

    python benchmarks/fit_weights.py [--write] [--folds 5] [--C 1.0]

Every labelled sentence this repository may fit on (benchmarks/_labelled.py: dev, heldout,
blind2-5) is judged alone with its section, and each weighted cue the rules leave is
recorded under its weight key: the rule that set it ("negate.flip", "section.shortfall") or
the lexicon's category and tier ("pos.strong", "neg.mid"). A logistic regression (scikit-
learn, in the `bench` extra; never at run time) then predicts weakness against strength
from the sentence's net (the sum the scorer leans by) and each key's share of it: the
coefficient of a key's share, over that of the net, is how much its weight should move,
shrunk towards no change by the regularisation (`--C`).

Out-of-fold first: the sentences are split into folds by document (no document's
sentences on both sides), each fold judged by the weights fitted on the others, and the
hand weights' and the fitted weights' macro-F1 and weakness recall printed on the same
folds (a sentence with no weighted cue stays neutral, a miss, either way). With `--write`,
the weights fitted on every sentence are written to summarise/weights.toml as a factor per
key (keys with fewer than --min-rows sentences keep 1.0), which the scorer multiplies in
when it weighs a sentence.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _labelled import gold, judge, rows

WEIGHTS = Path(__file__).resolve().parent.parent / "summarise" / "weights.toml"


def features(data: list[dict]) -> tuple[list[dict[str, float]], list]:
    """Each row's weighted cues summed by key (with the scorer's factors unapplied), and the
    scorer's assessments."""
    from cf.summarise import score

    seen: list[list[tuple[str, float, bool]]] = []
    score.record_weights(seen)
    factors = score.fitted_factors()
    try:
        judged = judge(data)
    finally:
        score.record_weights(None)
    out = []
    for cues in seen:
        row: dict[str, float] = {}
        for key, value, _weak in cues:
            row[key] = row.get(key, 0.0) + value / factors.get(key, 1.0)
        out.append(row)
    return out, judged


def _matrix(feats: list[dict[str, float]], keys: list[str]):
    import numpy as np

    x = np.array([[f.get(k, 0.0) for k in keys] for f in feats])
    net = x.sum(axis=1, keepdims=True)
    return np.hstack([net, x])


def _fit(x, y, c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=2000).fit(x, y)


def factors_from(model, keys: list[str]) -> dict[str, float]:
    """Each key's weight factor: (net coefficient + its own) / net coefficient. The sign is
    flipped since the model predicts weakness, which the net's negative side means."""
    coef = model.coef_[0]
    net = -coef[0]
    return {k: round(float((net - coef[i + 1]) / net), 2) for i, k in enumerate(keys)}


def _score(feats: list[dict[str, float]], factors: dict[str, float]) -> list[str]:
    out = []
    for f in feats:
        net = sum(v * factors.get(k, 1.0) for k, v in f.items())
        out.append("neutral" if not f else "strength" if net > 0 else "weakness")
    return out


def _figures(golds: list[str], preds: list[str]) -> tuple[float, float]:
    def f1(cls: str) -> float:
        tp = sum(g == p == cls for g, p in zip(golds, preds, strict=True))
        fp = sum(p == cls and g != cls for g, p in zip(golds, preds, strict=True))
        fn = sum(g == cls and p != cls for g, p in zip(golds, preds, strict=True))
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    weak = [p for g, p in zip(golds, preds, strict=True) if g == "weakness"]
    return (f1("strength") + f1("weakness")) / 2, sum(p == "weakness" for p in weak) / len(weak)


def main(argv: list[str] | None = None) -> int:
    import numpy as np
    from sklearn.model_selection import GroupKFold

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--min-rows", type=int, default=8)
    ap.add_argument("--write", action="store_true", help="write summarise/weights.toml")
    args = ap.parse_args(argv)
    data = [r for r in rows() if gold(r) != "neutral"]
    feats, judged = features(data)
    golds = [gold(r) for r in data]
    support = {}
    for f in feats:
        for k in f:
            support[k] = support.get(k, 0) + 1
    keys = sorted(k for k, n in support.items() if n >= args.min_rows)
    x = _matrix(feats, keys)
    y = np.array([g == "weakness" for g in golds])
    groups = [r["doc"] for r in data]
    hand = [a.polarity if a.label != "neutral" else "neutral" for a in judged]
    oof = ["neutral"] * len(data)
    for train, test in GroupKFold(n_splits=args.folds).split(x, y, groups):
        fitted = factors_from(_fit(x[train], y[train], args.C), keys)
        for i, p in zip(test, _score([feats[i] for i in test], fitted), strict=True):
            oof[i] = p
    same_sums = _score(feats, {})
    print(f"{len(data)} strength or weakness sentences from {len(set(groups))} documents, "
          f"{args.folds} folds grouped by document; {len(keys)} weight keys with >= {args.min_rows} rows")
    for name, preds in (("scorer as it stands", hand), ("its sums, unfitted", same_sums),
                        ("fitted, out of fold", oof)):
        f1, recall = _figures(golds, preds)
        print(f"  {name:22} macro-F1 {f1:.3f}  weakness recall {recall:.3f}")
    final = factors_from(_fit(x, y, args.C), keys)
    print("fitted on every sentence (factor on the hand weight, by key; support):")
    for k in keys:
        print(f"  {k:28} {final[k]:>5.2f}  ({support[k]})")
    if args.write:
        lines = ["# Factors on the scorer's weights, by weight key, fitted by benchmarks/fit_weights.py",
                 f"# (logistic regression, C={args.C}, on {len(data)} labelled sentences; folds grouped by",
                 "# document for its out-of-fold figures). Regenerate with --write; never edit by hand.",
                 "[factors]"]
        lines += [f'"{k}" = {v}' for k, v in sorted(final.items()) if v != 1.0]
        WEIGHTS.write_text("\n".join(lines) + "\n", "utf-8")
        print(f"wrote {WEIGHTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
