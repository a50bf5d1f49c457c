"""What each of the scorer's rules earns: every rule id switched off in turn, on every set.

    python benchmarks/rules.py [--sets dev,heldout,...] [--ids negate.flip,...]

For each rule of summarise/rules.toml (and each family, the part of an id before its dot),
the sentences of every labelled set are judged with the rule switched off (score.switch_off),
each alone with its section, and compared with the judgements with every rule on. A row
gives, per set, how many more sentences are judged right with the rule than without it
(right: the gold polarity for strength and weakness gold, neutral for neutral gold), and the
weakness gold it keeps. `earned` sums the sets; `sets+` counts the sets where it gains and
`sets-` where it costs. A rule that earns nothing on any set (no set gains) does not carry
its weight; one that gains only on the sets it was written from is weaker evidence than one
that gains on sets drawn after it (blind4, blind5 half B).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _labelled import SETS, gold, judge, right, rows


def main(argv: list[str] | None = None) -> int:
    from cf.summarise import score

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--ids", default="", help="only these rule ids (default: every rule and family)")
    args = ap.parse_args(argv)
    names = tuple(args.sets.split(","))
    data = rows(names)
    base = judge(data)
    ids = [r["id"] for r in score.rule_rows()]
    families = sorted({i.split(".")[0] for i in ids if "." in i} - set(ids))
    wanted = args.ids.split(",") if args.ids else ids + families
    print(f"{len(data)} sentences; right with every rule on: "
          + ", ".join(f"{n} {sum(right(r, a) for r, a in zip(data, base, strict=True) if r['set'] == n)}"
                      f"/{sum(r['set'] == n for r in data)}" for n in names))
    print(f"{'rule':28} {'earned':>6} {'sets+':>5} {'sets-':>5} {'weak':>5}  " + " ".join(f"{n:>11}" for n in names))
    for rid in wanted:
        score.switch_off([rid])
        try:
            off = judge(data)
        finally:
            score.switch_off([])
        per = {n: 0 for n in names}
        weak = 0
        for r, a, b in zip(data, base, off, strict=True):
            per[r["set"]] += right(r, a) - right(r, b)
            if gold(r) == "weakness":
                weak += (a.polarity == "weakness") - (b.polarity == "weakness")
        total = sum(per.values())
        plus = sum(v > 0 for v in per.values())
        minus = sum(v < 0 for v in per.values())
        print(f"{rid:28} {total:>+6} {plus:>5} {minus:>5} {weak:>+5}  " + " ".join(f"{per[n]:>+11}" for n in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
