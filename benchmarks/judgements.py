"""Every labelled sentence's judgement, written down or compared with one written before.

    python benchmarks/judgements.py --write FILE [--no-document]
    python benchmarks/judgements.py --compare FILE [--no-document] [--ignore-ids]

A restructuring of the scorer (a rule moved from code into a row, a number into a data
file) must leave every judgement as it was. This records, for every sentence of the sets
in benchmarks/_labelled.py, its label, score, lean and cues three ways: alone (`cf score`),
alone with its section heading, and in its document (heldout.py's reading, blind sets
only). `--compare` lists each sentence whose judgement differs, and exits 1 when any does;
`--ignore-ids` leaves the rule ids shown with the cues out of the comparison.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _labelled import SETS, judge, rows


def _show(a) -> list:
    return [a.label, a.score, a.lean, list(a.cues)]


def snapshot(document: bool) -> dict[str, list]:
    """Each labelled sentence's judgements, keyed by set, position and way of judging."""
    from cf.summarise.score import score_texts

    data = rows(tuple(SETS))
    alone = score_texts([r["text"] for r in data])
    section = judge(data)
    out = {f"{r['set']}:{i}": {"text": r["text"], "alone": _show(a), "section": _show(s)}
           for i, (r, a, s) in enumerate(zip(data, alone, section, strict=True))}
    if document:
        from heldout import in_document

        keys = [f"{r['set']}:{i}" for i, r in enumerate(data) if not r["set"].startswith("dev")]
        judged, _missing = in_document([data[int(k.split(":")[1])] for k in keys])
        for k, a in zip(keys, judged, strict=True):
            out[k]["document"] = _show(a)
    return out


def _strip(v: list) -> list:
    return [v[0], v[1], v[2], [re.sub(r" \[[a-z_.]+\]", "", c) for c in v[3]]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", type=Path)
    ap.add_argument("--compare", type=Path)
    ap.add_argument("--no-document", action="store_true")
    ap.add_argument("--ignore-ids", action="store_true")
    args = ap.parse_args(argv)
    now = snapshot(not args.no_document)
    if args.write:
        args.write.write_text(json.dumps(now, indent=0), "utf-8")
        print(f"{len(now)} sentences written to {args.write}")
    if not args.compare:
        return 0
    before = json.loads(args.compare.read_text("utf-8"))
    changed = 0
    for key, was in before.items():
        for way in ("alone", "section", "document"):
            old, new = was.get(way), now.get(key, {}).get(way)
            if old is None or (args.no_document and way == "document"):
                continue
            if args.ignore_ids and new is not None:
                old, new = _strip(old), _strip(new)
            if old != new:
                changed += 1
                print(f"{key} [{way}] {was['text']}\n  was {old}\n  now {new}")
    print(f"{changed} judgements differ of {len(before)} sentences")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
