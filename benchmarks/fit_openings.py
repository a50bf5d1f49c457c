"""Fit the weights that choose the lead, the quote, the `However,` sentence and the headline's
form on the stories the site published, and measure them on stories they were not fitted on
(issue 17).

    python benchmarks/fit_openings.py              # cross-validated figures, then fitted on all
    python benchmarks/fit_openings.py --write      # and write the weights fitted on all stories
                                                   # into summarise/openings.toml
    python benchmarks/fit_openings.py --folds 6 --repeats 3 --seed 17
    python benchmarks/fit_openings.py --no-cv      # only the fit on all stories (quick, while working)

The composer lists the candidates for each part and describes each by named features
(summarise/ranking.py); the one with the highest weighted sum serves. Here the composer is run
on each story's document with a recorder in place of `ranking.best`, which keeps every choice's
candidates and features; each candidate gets its target from the site's story (lead and
headline: word-F1 with the site's, as benchmarks/stories.py measures them; quote and
`However,`: 1 when it is the site's sentence). The weights maximise the likelihood of the
site's choices under a softmax over each choice's candidates (soft targets for word-F1), with
an L2 penalty. The parts are fitted in story order (lead, quote, `However,`, headline), each
recorded again under the weights fitted so far, since a quote's candidates depend on the lead.

Cross-validation is grouped by story: the stories are split into folds; the weights fitted on
the other folds draft each fold's stories, which benchmarks/stories.py's measures then score.
The cross-validated figures are the ones that count; the figures on the stories fitted on
follow them. Needs scipy (the `bench` extra); nothing here runs in cf.
"""
from __future__ import annotations

import argparse
import contextlib
import random
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.special import logsumexp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories import (
    _however_core,
    covered,
    measure,
    read_stories,
    sentences,
    story_letters,
    unattributed,
    word_f1,
)

from _letters import ROOT

PARTS = ("lead", "quote", "however", "headline")
L2 = 1.0  # the penalty on the squared weights, per part (fixed before looking at any figure)
TAU = 0.05  # soft targets: how sharply a better word-F1 is preferred
MIN_F1 = 0.3  # a choice whose best candidate scores less than this teaches nothing
WEIGHTS_FILE = ROOT / "summarise" / "openings.toml"


# ---------------------------------------------------------------- the composer, recorded

class Recorder:
    """Stands in for `ranking.best`: picks as it does under the given weights, and keeps each
    choice's candidates and their features."""

    def __init__(self, weights: dict[str, dict[str, float]]) -> None:
        self.weights = weights
        self.choices: list[tuple[str, list[Any], list[dict[str, float]]]] = []

    def best(self, part: str, candidates: Any, describe: Callable[[Any], dict[str, float]]) -> Any:
        feats = [describe(c) for c in candidates]
        self.choices.append((part, list(candidates), feats))
        w = self.weights.get(part, {})
        top, top_score = None, float("-inf")
        for c, f in zip(candidates, feats, strict=True):
            s = sum(w.get(k, 0.0) * v for k, v in f.items())
            if s > top_score + 1e-9:
                top, top_score = c, s
        return top


@contextlib.contextmanager
def recording(weights: dict[str, dict[str, float]]) -> Iterator[Recorder]:
    from cf.summarise import ranking

    recorder = Recorder(weights)
    saved = ranking.best
    ranking.best = recorder.best  # type: ignore[assignment]
    try:
        yield recorder
    finally:
        ranking.best = saved  # type: ignore[assignment]


def compose_with(weights: dict[str, dict[str, float]], letter: Any, sentences_: list[Any]) -> tuple[Any, Recorder]:
    from cf.models import Style
    from cf.summarise.compose import compose

    with recording(weights) as recorder:
        summary = compose(letter, sentences_, Style())
    return summary, recorder


# ---------------------------------------------------------------- targets from the site's story

def candidate_text(part: str, candidate: Any, la: str) -> str:
    from cf.summarise.opening import lead_text

    if part == "lead":
        return unattributed(candidate) if isinstance(candidate, str) else lead_text(candidate, la)
    if part == "however":
        return str(candidate[0].text)
    if part == "headline":
        return str(candidate[1])
    return str(candidate.text)


def target(part: str, text: str, story: dict[str, Any]) -> float | None:
    """How well a candidate matches the site's choice (None: the story does not tell)."""
    if part == "lead":
        return word_f1(text, unattributed(story["lead"])) if story.get("lead") else None
    if part == "headline":
        return word_f1(text, story["headline"]) if story.get("headline") else None
    if part == "quote":
        theirs = sentences(story.get("quote") or "")
        return float(any(covered(text, t) or covered(t, text) for t in theirs)) if theirs else None
    core = _however_core(story["however"]) if story.get("however") else ""
    return float(covered(core, text)) if core else None


def soft(ys: list[float], graded: bool) -> np.ndarray | None:
    """The target distribution over one choice's candidates, or None if it teaches nothing."""
    y = np.array(ys)
    if graded:
        if y.max() < MIN_F1:
            return None
        q = np.exp((y - y.max()) / TAU)
    else:
        if y.sum() == 0 or y.sum() == len(y):
            return None
        q = y
    return q / q.sum()


# ---------------------------------------------------------------- the fit

def fit(groups: list[tuple[list[dict[str, float]], np.ndarray]]) -> dict[str, float]:
    """Weights maximising the penalised likelihood of the soft targets under a softmax."""
    names = sorted({k for feats, _ in groups for f in feats for k in f})
    if not names:
        return {}
    index = {n: k for k, n in enumerate(names)}
    mats = []
    for feats, q in groups:
        x = np.zeros((len(feats), len(names)))
        for i, f in enumerate(feats):
            for k, v in f.items():
                x[i, index[k]] = v
        mats.append((x, q))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.5 * L2 * float(w @ w), L2 * w
        for x, q in mats:
            z = x @ w
            logp = z - logsumexp(z)
            total -= float(q @ logp)
            grad = grad - x.T @ (q - np.exp(logp))
        return total, grad

    result = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B")
    return {n: round(float(v), 3) for n, v in zip(names, result.x, strict=True) if abs(v) >= 1e-3}


def fit_all(data: list[tuple[dict[str, Any], Any, list[Any]]],
            start: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Each part in story order, its choices recorded under the weights fitted so far."""
    weights = {p: dict(w) for p, w in start.items()}
    for part in PARTS:
        groups = []
        for story, letter, sents in data:
            _, rec = compose_with(weights, letter, sents)
            la = letter.metadata.local_authority
            for name, cands, feats in rec.choices:
                if name != part or not cands:
                    continue
                ys = [target(part, candidate_text(part, c, la), story) for c in cands]
                if any(y is None for y in ys):
                    continue
                q = soft([float(y or 0.0) for y in ys], graded=part in ("lead", "headline"))
                if q is not None:
                    groups.append((feats, q))
        weights[part] = fit(groups)
    return weights


# ---------------------------------------------------------------- the figures

def figures(rows: list[dict[str, Any]]) -> dict[str, tuple[float, int]]:
    out = {}
    for key in ("lead", "quote", "bullets", "however", "headline"):
        if key == "bullets":
            vals = [float(b) for r in rows for b in r["bullets"]]
        else:
            vals = [r[key] for r in rows if key in r]
        out[key] = (sum(vals) / len(vals) if vals else 0.0, len(vals))
    return out


def drafts(weights: dict[str, dict[str, float]], data: list[tuple[dict[str, Any], Any, list[Any]]]) -> list[dict[str, Any]]:
    # Each row keeps where its document lives: corpus/ for the 25 stories the earlier hand
    # rules were shaped on, stories/ for the 53 they never saw (the fair comparison with them).
    return [{**measure(story, compose_with(weights, letter, sents)[0]), "set": story["document"].split("/")[0]}
            for story, letter, sents in data]


def cross_validated(data: list[tuple[dict[str, Any], Any, list[Any]]], start: dict[str, dict[str, float]],
                    folds: int, repeats: int, seed: int) -> list[dict[str, Any]]:
    """Every story drafted by weights fitted on the other folds, `repeats` times over."""
    rows: list[dict[str, Any]] = []
    for r in range(repeats):
        order = list(range(len(data)))
        random.Random(seed + r).shuffle(order)
        for f in range(folds):
            held = {k for n, k in enumerate(order) if n % folds == f}
            weights = fit_all([d for k, d in enumerate(data) if k not in held], start)
            rows += drafts(weights, [d for k, d in enumerate(data) if k in held])
    return rows


def report(label: str, rows: list[dict[str, Any]], by_set: bool = False) -> None:
    print(label)
    for key, (value, n) in figures(rows).items():
        print(f"  {key:9} {value:.3f}  (n={n})")
    for name in sorted({r["set"] for r in rows}) if by_set else []:
        part = figures([r for r in rows if r["set"] == name])
        print(f"    {name + '/':9} " + ", ".join(f"{k} {v:.3f}" for k, (v, _) in part.items()))


def write(weights: dict[str, dict[str, float]], cv: dict[str, tuple[float, int]],
          fitted: dict[str, tuple[float, int]], n: int) -> None:
    lines = [
        "# Weights of the features that choose the lead, the quote, the `However,` sentence and the",
        "# headline's form (summarise/ranking.py says what each feature is). Written by",
        "# benchmarks/fit_openings.py --write from the site's stories; do not edit by hand.",
        f"# Fitted on {n} stories. Cross-validated (grouped by story): "
        + ", ".join(f"{k} {v:.2f}" for k, (v, _) in cv.items()) + ".",
        "# On the stories fitted on: " + ", ".join(f"{k} {v:.2f}" for k, (v, _) in fitted.items()) + ".",
    ]
    for part in PARTS:
        lines += ["", f"[{part}]"]
        lines += [f"{name} = {value}" for name, value in sorted(weights.get(part, {}).items())]
    WEIGHTS_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS_FILE.relative_to(ROOT)}")


def load(paths: list[dict[str, Any]]) -> list[tuple[dict[str, Any], Any, list[Any]]]:
    from cf.summarise.analyse import analyse

    return [(story, letter, analyse(letter)) for story, letter in story_letters(paths)]


def main(argv: list[str] | None = None) -> int:
    import tomllib

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=6)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--write", action="store_true", help="write the weights fitted on all stories")
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validation (a quick refit while working)")
    args = ap.parse_args(argv)
    data = load(read_stories())
    shipped = tomllib.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    start: dict[str, dict[str, float]] = {p: {} for p in PARTS}
    report(f"The weights as shipped ({WEIGHTS_FILE.relative_to(ROOT)}), on all {len(data)} stories:",
           drafts(shipped, data))
    cv_rows = [] if args.no_cv else cross_validated(data, start, args.folds, args.repeats, args.seed)
    if cv_rows:
        report(f"Cross-validated: {args.folds} folds grouped by story, {args.repeats} repeats "
               f"(each story drafted by weights fitted on the others):", cv_rows, by_set=True)
    weights = fit_all(data, start)
    fitted_rows = drafts(weights, data)
    report(f"Fitted on all {len(data)} stories, measured on them:", fitted_rows)
    for part in PARTS:
        print(f"  [{part}] " + ", ".join(f"{k} {v:+.2f}" for k, v in sorted(weights[part].items(), key=lambda x: -abs(x[1]))))
    if args.write:
        if not cv_rows:
            print("not written: the weights file records the cross-validated figures (run without --no-cv)")
            return 1
        write(weights, figures(cv_rows), figures(fitted_rows), len(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
