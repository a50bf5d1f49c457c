"""Nothing lost, nothing doubled: the extract stage's blocks against `pdftotext` (poppler).

    python benchmarks/extract_vs_pdftotext.py                     # every PDF in ../shared/corpus
    python benchmarks/extract_vs_pdftotext.py --only ilacs --limit 5
    python benchmarks/extract_vs_pdftotext.py FILE.pdf ...        # chosen files, all lines shown

Every line pdftotext prints is looked for (letters and digits only, so spacing, hyphens and
line breaks do not matter) in the concatenated text of the blocks (with their "12." labels).
A line not found is either page furniture the stage removes on purpose (page numbers, running
headers and footers, the Ofsted address, the licence boilerplate, a contents page) or an
unexplained loss, which is listed. Blocks whose text occurs twice are listed as possible
duplicates (some reports do repeat a sentence: check them by eye).
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from cf.summarise.errors import DocumentError
from cf.summarise.extract import extract, normalise

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
# What the stage drops on purpose, as pdftotext prints it (one line at a time).
FURNITURE = re.compile(
    r"^\d{1,3}$|^Page \d+ of \d+$|^Contents$"
    r"|^(?:Inspection of|Area SEND inspection report|Inspection report:?|Local area partnership report)\b"
    r"|^\d{1,2}(?: \w+)?(?: \d{4})? (?:to|and|-|–) \d{1,2} \w+ \d{4}$"
    r"|Office for Standards in Education|regulates and inspects|inspects childcare|Court Advisory"
    r"|achieve excellence|learners of all|teacher training|training in prisons|secure establishments"
    r"|inspects (?:local authority )?services for|child protection\.$|safeguarding children boards\.$"
    r"|different format|Braille|reuse this information|copy all or parts|details of the source"
    r"|email alerts|Open Government|licence|Information Policy|psi@|is available at|organisations/ofsted"
    r"|Interested in our work|eepurl|Piccadilly|^Store St|^Manchester|M1 2WD|0300|Text ?phone|enquiries@"
    r"|www\.(?:gov\.uk/)?ofsted|Crown copyright|complain|^Ofsted$|protection\.$", re.I)


def letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", normalise(text).lower())


def check(path: Path) -> tuple[int, int, list[str], list[str]]:
    """(pdftotext lines, furniture lines, unexplained missing lines, duplicated blocks)."""
    extraction = extract(path.read_bytes(), path.name)
    ours = letters(" ".join(f"{b.number or ''} {b.text}" for b in extraction.blocks))
    reference = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    lines = [ln.strip() for ln in reference.splitlines() if len(letters(ln)) >= 2]
    missing = [ln for ln in lines if letters(ln) not in ours]
    furniture = [ln for ln in missing if FURNITURE.search(ln)]
    lost = [ln for ln in missing if not FURNITURE.search(ln)]
    counts = Counter(b.norm for b in extraction.blocks if len(b.norm) > 40)
    doubled = [text for text, n in counts.items() if n > 1]
    return len(lines), len(furniture), lost, doubled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--only", choices=["ilacs", "focused", "jtai", "send"], action="append")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    files = args.files or [p for f in (args.only or ["ilacs", "focused", "jtai", "send"])
                           for p in sorted((CORPUS / f).glob("*.pdf"))[: args.limit]]
    totals = Counter()
    for path in files:
        try:
            n, furniture, lost, doubled = check(path)
        except DocumentError as error:
            print(f"{path.name}: {error}")
            continue
        totals.update(files=1, lines=n, furniture=furniture, lost=len(lost), doubled=len(doubled))
        if lost or doubled or args.files:
            print(f"{path.parent.name}/{path.name}: {n} lines, {furniture} furniture, "
                  f"{len(lost)} unexplained, {len(doubled)} doubled blocks", flush=True)
            for line in lost[: None if args.files else 6]:
                print(f"    lost:    {line[:110]}")
            for text in doubled[:3]:
                print(f"    doubled: {text[:110]}")
    if not totals["files"]:
        sys.exit("no PDFs read")
    print(f"\n{totals['files']} files, {totals['lines']} pdftotext lines: {totals['furniture']} "
          f"dropped as furniture, {totals['lost']} unexplained "
          f"({100 * totals['lost'] / max(1, totals['lines']):.2f}%), {totals['doubled']} doubled blocks")


if __name__ == "__main__":
    main()
