"""The draft from `pdftotext letter.pdf -` against the draft from the PDF (issue 9, 2).

    python benchmarks/pdftotext_agreement.py              # the examples and a corpus sample
    python benchmarks/pdftotext_agreement.py --every 3    # a bigger sample (every 3rd file)
    python benchmarks/pdftotext_agreement.py --offset 4   # another sample of the same size
    python benchmarks/pdftotext_agreement.py FILE.pdf ... # chosen files

README's own pipeline, `pdftotext letter.pdf - | cf summarise -`, feeds cf text with no blank
lines between paragraphs. For each PDF this prints the number of findings in each draft, how
many of the PDF draft's findings the text draft has word for word ("identical"), and whether
the headlines and the recommendations sentences match; then the totals. Needs pdftotext (poppler-utils) and ../shared.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from cf.summarise.errors import DocumentError
from cf.summarise.pipeline import summarise

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
KINDS = ("focused", "ilacs", "jtai", "send")


def sample(every: int, offset: int = 0) -> list[Path]:
    files = [] if offset else sorted(ROOT.glob("examples/*.pdf"))
    for kind in KINDS:
        files += sorted((CORPUS / kind).glob("*.pdf"))[offset::every]
    return files


def draft(data: bytes, name: str) -> tuple[list[str], str, str | None]:
    try:
        summary = summarise(data, name).summary
    except DocumentError as error:
        return [], f"error: {error}", None
    return [f.text for f in summary.findings], summary.headline, summary.recommendation_sentence


def compare(pdf: Path) -> tuple[int, int, int, bool, bool]:
    """Findings in each draft, how many the same, whether the headlines and the
    recommendations sentences are the same."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    ours, headline, recommendations = draft(text, pdf.stem + ".txt")
    theirs, pdf_headline, pdf_recommendations = draft(pdf.read_bytes(), pdf.name)
    same = len(set(ours) & set(theirs))
    return len(theirs), len(ours), same, headline == pdf_headline, recommendations == pdf_recommendations


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--every", type=int, default=8, help="take every Nth corpus file of each kind")
    parser.add_argument("--offset", type=int, default=0,
                        help="start at this file of each kind (another sample; no examples)")
    args = parser.parse_args()
    files = args.files or sample(args.every, args.offset)
    totals = [0, 0, 0, 0, 0]
    empty = 0
    for pdf in files:
        n_pdf, n_text, same, headline, recommendations = compare(pdf)
        share = same / n_pdf if n_pdf else 1.0
        print(f"{pdf.parent.name}/{pdf.name}: findings pdf {n_pdf}, text {n_text}, identical {same} "
              f"({share:.0%}), headline {'same' if headline else 'differs'}, "
              f"recommendations {'same' if recommendations else 'differ'}", flush=True)
        totals = [totals[0] + n_pdf, totals[1] + n_text, totals[2] + same, totals[3] + headline,
                  totals[4] + recommendations]
        empty += n_text == 0
    n = len(files)
    print(f"\n{n} documents: {totals[2]} of {totals[0]} PDF findings identical in the text draft "
          f"({totals[2] / max(1, totals[0]):.1%}); same headline {totals[3]} of {n}; "
          f"same recommendations sentence {totals[4]} of {n}; text drafts with no findings {empty}")


if __name__ == "__main__":
    sys.exit(main())
