"""Engine agreement and speed: pdfminer vs pdfium blocks, and both against `pdftotext`.

    python benchmarks/engine_agreement.py                  # ../shared/corpus/ilacs and focused
    python benchmarks/engine_agreement.py --only focused   # one folder
    python benchmarks/engine_agreement.py --limit 10       # the first 10 files of each folder
    python benchmarks/engine_agreement.py --diff           # print the blocks that differ

For each PDF the extract stage runs once with each engine. A block agrees when the other
engine gives a block of the same kind, number and text (counted as a multiset, in both
directions); a document agrees when its whole block list is identical. Times are wall-clock
seconds for the extract stage (engine + shared block logic) and for `pdftotext FILE -`
(poppler, C) on the same file, one file at a time, in this one process.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from collections import Counter
from functools import partial
from pathlib import Path

from cf.summarise.extract import extract

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def keys(extraction) -> list[tuple[str, str | None, str]]:
    return [(b.kind, b.number, b.text) for b in extraction.blocks]


def pdftotext_seconds(path: Path) -> float | None:
    if not shutil.which("pdftotext"):
        return None
    _, seconds = timed(lambda: subprocess.run(["pdftotext", str(path), "-"], capture_output=True))
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["ilacs", "focused", "jtai", "send"], action="append")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--diff", action="store_true")
    args = parser.parse_args()
    folders = args.only or ["ilacs", "focused"]
    files = [p for f in folders for p in sorted((CORPUS / f).glob("*.pdf"))[: args.limit]]
    totals = Counter()
    times = Counter()
    for path in files:
        data = path.read_bytes()
        miner, t_miner = timed(partial(extract, data, path.name, engine="pdfminer"))
        fast, t_fast = timed(partial(extract, data, path.name, engine="pdfium"))
        t_text = pdftotext_seconds(path)
        a, b = Counter(keys(miner)), Counter(keys(fast))
        common = sum((a & b).values())
        same = keys(miner) == keys(fast)
        totals.update(docs=1, same_docs=same, blocks_miner=sum(a.values()),
                      blocks_fast=sum(b.values()), common=common, pages=miner.pages or 0)
        times.update(pdfminer=t_miner, pdfium=t_fast, pdftotext=t_text or 0.0)
        print(f"{path.parent.name}/{path.name}: {'same' if same else 'DIFFERENT'} "
              f"{common}/{sum(a.values())} blocks  pdfminer {t_miner:.2f}s  pdfium {t_fast:.2f}s"
              + (f"  pdftotext {t_text:.2f}s" if t_text is not None else ""), flush=True)
        if args.diff and not same:
            for block in (a - b):
                print(f"    pdfminer only: {block[0]} {block[1] or ''} {block[2][:150]}")
            for block in (b - a):
                print(f"    pdfium only:   {block[0]} {block[1] or ''} {block[2][:150]}")
    if not totals["docs"]:
        sys.exit("no PDFs found under " + str(CORPUS))
    print()
    print(f"documents with identical blocks: {totals['same_docs']}/{totals['docs']} "
          f"({100 * totals['same_docs'] / totals['docs']:.1f}%)")
    print(f"blocks agreeing: {totals['common']}/{totals['blocks_miner']} of pdfminer's "
          f"({100 * totals['common'] / max(1, totals['blocks_miner']):.1f}%), "
          f"{totals['common']}/{totals['blocks_fast']} of pdfium's "
          f"({100 * totals['common'] / max(1, totals['blocks_fast']):.1f}%)")
    pages = max(1, totals["pages"])
    print(f"time over {totals['pages']} pages: pdfminer {times['pdfminer']:.1f}s "
          f"({1000 * times['pdfminer'] / pages:.1f} ms/page), pdfium {times['pdfium']:.1f}s "
          f"({1000 * times['pdfium'] / pages:.1f} ms/page), pdftotext {times['pdftotext']:.1f}s "
          f"({1000 * times['pdftotext'] / pages:.1f} ms/page)")
    if times["pdftotext"]:
        print(f"ratios: pdfium / pdftotext = {times['pdfium'] / times['pdftotext']:.2f}, "
              f"pdfminer / pdfium = {times['pdfminer'] / max(1e-9, times['pdfium']):.1f}")


if __name__ == "__main__":
    main()
