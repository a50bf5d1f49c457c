"""Fit the scorer's weights on the labelled sentences, with folds grouped by document.

    python benchmarks/fit_weights.py [--write] [--folds 5] [--boot 2000]

Every labelled sentence this repository may fit on (benchmarks/_labelled.py: dev, heldout,
blind2-6) is judged alone with its section, and each weighted cue the rules leave is
recorded under its weight key: the lexicon's category and tier for a cue no rule changed
("pos.strong", "neg.mid", "plan": the cue weights by tier), or the rule that set it for one a
rule did ("negate.flip", "mitigate.fix", "section.shortfall": the effects' weights). A
logistic regression (scikit-learn, in the `bench` extra; never at run time) predicts
weakness against strength from the sentence's net (the sum the scorer leans by) and each
key's share of it: the coefficient of a key's share, over that of the net, is how much its
weight should move, shrunk towards no change (factor 1) by the regularisation C, chosen
from a grid by an inner cross-validation (folds grouped by document, within the training
documents only) on the sign of the reweighted net.

Out of fold first. The documents are split into folds (no document's sentences on both
sides); each fold's sentences are judged by the real scorer with the factors fitted on the
other folds, and again with the hand weights (every factor 1). Both are scored as
benchmarks/labels.py scores (macro-F1 over strength and weakness with mixed as its lean, a
neutral judgement a miss; weakness recall; neutral recall on neutral gold). The hand weights
were set by reading these same sets, so the comparison favours them.

Within noise: the documents are resampled with replacement (`--boot` times) and each figure
recomputed on each resample; its standard deviation is how much the figure moves from one
draw of documents to another. The fitted weights are as good as the hand ones when their
macro-F1 and weakness recall, out of fold, are below the hand weights' by less than that
standard deviation (the paired difference's own deviation over the same resamples is
printed too).
Then, with `--write`, the factors fitted on every sentence are written to
summarise/weights.toml (keys with fewer than --min-rows sentences keep 1.0), which the scorer
multiplies into each cue's weight; otherwise nothing is written.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _labelled import gold, judge, rows

WEIGHTS = Path(__file__).resolve().parent.parent / "summarise" / "weights.toml"


def features(data: list[dict]) -> list[dict[str, float]]:
    """Each row's weighted cues summed by key, with the shipped factors taken out."""
    from cf.summarise import score

    seen: list[list[tuple[str, float, bool]]] = []
    score.record_weights(seen)
    factors = score.fitted_factors()
    try:
        judge(data)
    finally:
        score.record_weights(None)
    out = []
    for cues in seen:
        row: dict[str, float] = {}
        for key, value, _weak in cues:
            row[key] = row.get(key, 0.0) + value / factors.get(key, 1.0)
        out.append(row)
    return out


def _matrix(feats: list[dict[str, float]], keys: list[str]):
    import numpy as np

    x = np.array([[f.get(k, 0.0) for k in keys] for f in feats])
    return np.hstack([x.sum(axis=1, keepdims=True), x])


def fit(feats: list[dict[str, float]], golds: list[str], keys: list[str], c: float
        ) -> dict[str, float]:
    """Each key's factor on its hand weight: (net coefficient + its own) / net coefficient,
    the sign turned since the model predicts weakness, which a negative net means."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    pairs = [(f, g) for f, g in zip(feats, golds, strict=True) if g != "neutral"]
    model = LogisticRegression(C=c, max_iter=5000).fit(
        _matrix([f for f, _ in pairs], keys), np.array([g == "weakness" for _, g in pairs]))
    coef = model.coef_[0]
    net = -coef[0]
    return {k: round(float((net - coef[i + 1]) / net), 2) for i, k in enumerate(keys)}


def judged_with(data: list[dict], factors: dict[str, float]) -> list[str]:
    """Each row judged by the real scorer with these factors: its polarity, or neutral."""
    from cf.summarise import score

    shipped = score.fitted_factors
    score.fitted_factors = lambda: factors  # type: ignore[assignment]  # for measurement
    try:
        return [a.polarity if a.label != "neutral" else "neutral" for a in judge(data)]
    finally:
        score.fitted_factors = shipped  # type: ignore[assignment]


def figures(golds: list[str], preds: list[str]) -> tuple[float, float, float]:
    """macro-F1 (strength, weakness), weakness recall and neutral recall."""
    pairs = list(zip(golds, preds, strict=True))

    def f1(cls: str) -> float:
        tp = sum(g == p == cls for g, p in pairs)
        fp = sum(p == cls and g != cls for g, p in pairs if g != "neutral")
        fn = sum(g == cls and p != cls for g, p in pairs)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def recall(cls: str) -> float:
        hits = [p == cls for g, p in pairs if g == cls]
        return sum(hits) / len(hits) if hits else 0.0

    return (f1("strength") + f1("weakness")) / 2, recall("weakness"), recall("neutral")


def bootstrap(docs: list[str], golds: list[str], a: list[str], b: list[str], n: int
              ) -> list[tuple[float, float, float, float]]:
    """Over `n` resamples of the documents: a's macro-F1 and weakness recall, and the paired
    differences (b minus a) in each."""
    by_doc: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        by_doc.setdefault(d, []).append(i)
    names = sorted(by_doc)
    rng = random.Random(16)
    diffs: list[tuple[float, float, float, float]] = []
    for _ in range(n):
        idx = [i for d in rng.choices(names, k=len(names)) for i in by_doc[d]]
        fa = figures([golds[i] for i in idx], [a[i] for i in idx])
        fb = figures([golds[i] for i in idx], [b[i] for i in idx])
        diffs.append((fa[0], fa[1], fb[0] - fa[0], fb[1] - fa[1]))
    return diffs


_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)


def choose_c(feats: list[dict[str, float]], golds: list[str], docs: list[str], keys: list[str]
             ) -> float:
    """The regularisation whose factors, fitted within these documents, best predict the
    sign of the others' net (inner folds grouped by document); the smaller on a tie."""
    from sklearn.model_selection import GroupKFold

    best = (-1.0, 0.0)
    for c in _GRID:
        preds = ["neutral"] * len(feats)
        for train, test in GroupKFold(n_splits=4).split(feats, golds, docs):
            factors = fit([feats[i] for i in train], [golds[i] for i in train], keys, c)
            for i in test:
                net = sum(v * factors.get(k, 1.0) for k, v in feats[i].items())
                preds[i] = "neutral" if not feats[i] else "strength" if net > 0 else "weakness"
        score = figures(golds, preds)[0]
        if score > best[0] + 1e-9:
            best = (score, c)
    return best[1]


def _sd(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return (sum((v - mean) ** 2 for v in values) / (len(values) - 1)) ** 0.5


def main(argv: list[str] | None = None) -> int:
    from sklearn.model_selection import GroupKFold

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--min-rows", type=int, default=8)
    ap.add_argument("--boot", type=int, default=2000)
    ap.add_argument("--write", action="store_true", help="write summarise/weights.toml when within noise")
    args = ap.parse_args(argv)
    data = rows()
    golds = [gold(r) for r in data]
    docs = [r["doc"] for r in data]
    feats = features(data)
    support: dict[str, int] = {}
    for f, g in zip(feats, golds, strict=True):
        for k in f if g != "neutral" else ():
            support[k] = support.get(k, 0) + 1
    keys = sorted(k for k, n in support.items() if n >= args.min_rows)
    hand = judged_with(data, {})
    oof = ["neutral"] * len(data)
    chosen = []
    for train, test in GroupKFold(n_splits=args.folds).split(feats, golds, docs):
        part = ([feats[i] for i in train], [golds[i] for i in train], [docs[i] for i in train])
        chosen.append(choose_c(*part, keys))
        fold = fit(part[0], part[1], keys, chosen[-1])
        for i, p in zip(test, judged_with([data[i] for i in test], fold), strict=True):
            oof[i] = p
    print(f"{len(data)} labelled sentences ({sum(g != 'neutral' for g in golds)} strength or "
          f"weakness) from {len(set(docs))} documents, {args.folds} folds grouped by document; "
          f"{len(keys)} weight keys with >= {args.min_rows} rows; C per fold "
          + ", ".join(str(c) for c in chosen))
    for name, preds in (("hand weights", hand), ("fitted, out of fold", oof)):
        f1, weak, neutral = figures(golds, preds)
        print(f"  {name:20} macro-F1 {f1:.3f}  weakness recall {weak:.3f}  neutral recall {neutral:.3f}")
    diffs = bootstrap(docs, golds, hand, oof, args.boot)
    obs = [b - a for a, b in zip(figures(golds, hand), figures(golds, oof), strict=True)][:2]
    sds = [_sd([d[k] for d in diffs]) for k in range(4)]
    within = obs[0] > -sds[0] and obs[1] > -sds[1]
    print(f"  fitted minus hand: macro-F1 {obs[0]:+.4f}, weakness recall {obs[1]:+.4f}; over "
          f"{args.boot} resamples of the documents the hand figures move by sd {sds[0]:.4f} and "
          f"{sds[1]:.4f} (the paired differences by {sds[2]:.4f} and {sds[3]:.4f}): "
          + ("within noise" if within else "worse than noise"))
    c = choose_c(feats, golds, docs, keys)
    final = fit(feats, golds, keys, c)
    print(f"fitted on every sentence with C={c} (factor on the hand weight, by key; support):")
    for k in keys:
        print(f"  {k:28} {final[k]:>5.2f}  ({support[k]})")
    if args.write and within:
        lines = ["# Factors on the scorer's weights, by weight key, fitted by benchmarks/fit_weights.py",
                 f"# (logistic regression, C={c}, on {len(data)} labelled sentences; out of fold, folds",
                 f"# grouped by document: macro-F1 {figures(golds, oof)[0]:.3f} against the hand weights'",
                 f"# {figures(golds, hand)[0]:.3f}). Regenerate with --write; never edit by hand.",
                 "[factors]"]
        lines += [f'"{k}" = {v}' for k, v in sorted(final.items()) if v != 1.0]
        WEIGHTS.write_text("\n".join(lines) + "\n", "utf-8")
        print(f"wrote {WEIGHTS}")
    elif args.write:
        print("not written: the fitted weights are worse than the hand weights out of fold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
