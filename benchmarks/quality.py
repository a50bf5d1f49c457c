"""Quality figures for the compose stage (issue 3, "Figures").

    python benchmarks/quality.py              # everything (faithfulness over every PDF: minutes)
    python benchmarks/quality.py --sample 20  # faithfulness over a spread sample only
    python benchmarks/quality.py --no-corpus  # ROUGE and labels only

Prints ROUGE-1/2/L F1 of the Southwark draft (from the PDF and from the text) against the
story the site published; faithfulness over the corpus and the examples; the scorer's
label figures (benchmarks/labels.py) when that script is present.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
EXAMPLES = ROOT / "examples"
SEED_PDF = CORPUS / "focused" / "southwark-2019-02-07.pdf"
SEED_TEXT = SHARED / "seeds" / "southwark-letter.txt"
ARTICLE = SHARED / "seeds" / "southwark-article.txt"
# The published story runs from its headline to its link line (the rest is page furniture).
STORY_START = "Children in care in Southwark receive effective support"
STORY_END = "Focused visit to Southwark local authority children"
ANCHORS = "anchors: lead-of-overview baseline R2 0.525, TextRank 0.465, LexRank 0.456, ceiling ~0.89; goal R2 >= 0.80"


def article_story(path: Path = ARTICLE) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.strip() == STORY_START)
    end = next(i for i, ln in enumerate(lines) if i > start and ln.strip().startswith(STORY_END))
    return "\n".join(lines[start : end + 1]).strip()


def rouge(draft: str, reference: str) -> dict[str, float]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False)
    scores = scorer.score(reference, draft)
    return {k: round(v.fmeasure, 3) for k, v in scores.items()}


def draft_for(path: Path) -> tuple[str, list[str]]:
    """The draft's text and its faithfulness problems."""
    from cf.models import Style
    from cf.summarise.faithful import check
    from cf.summarise.pipeline import summarise

    result = summarise(path.read_bytes(), str(path), Style())
    return result.summary.text, check(result.summary, result.letter)


def lead_baseline(path: Path, n_words: int) -> str:
    """The lead-of-overview baseline: the overview's first words, as long as the story."""
    from cf.summarise import storydoc
    from cf.summarise.analyse import analyse
    from cf.summarise.pipeline import read_letter

    letter = read_letter(path.read_bytes(), str(path))
    doc = storydoc.build(letter, analyse(letter))
    text = " ".join(i.text for i in storydoc.overview(doc))
    return " ".join(text.split()[:n_words])


def print_rouge() -> None:
    story = article_story()
    print("ROUGE F1 against the published Southwark story", f"({len(story.split())} words)")
    for label, path in (("text", SEED_TEXT), ("pdf", SEED_PDF)):
        try:
            draft, problems = draft_for(path)
        except Exception as error:  # a stage another helper is still writing
            print(f"  {label:5} could not draft: {type(error).__name__}: {error}")
            continue
        r = rouge(draft, story)
        print(f"  {label:5} R1 {r['rouge1']:.3f}  R2 {r['rouge2']:.3f}  RL {r['rougeL']:.3f}  "
              f"({len(draft.split())} words, {len(problems)} faithfulness problems)")
    try:
        base = lead_baseline(SEED_TEXT, len(story.split()))
        r = rouge(base, story)
        print(f"  lead-of-overview baseline (text): R1 {r['rouge1']:.3f}  R2 {r['rouge2']:.3f}  RL {r['rougeL']:.3f}")
    except Exception as error:
        print(f"  baseline unavailable: {error}")
    print("  " + ANCHORS)


def documents(sample: int | None) -> list[Path]:
    paths = sorted(p for d in ("focused", "ilacs", "jtai", "send") for p in (CORPUS / d).glob("*.pdf"))
    if sample:
        step = max(1, len(paths) // sample)
        paths = paths[::step][:sample]
    return paths + sorted(EXAMPLES.glob("*.pdf")) + sorted(EXAMPLES.glob("*.txt"))


def print_faithfulness(sample: int | None) -> None:
    paths = documents(sample)
    faithful, failures, errors = 0, [], []
    began = time.perf_counter()
    for path in paths:
        try:
            _, problems = draft_for(path)
        except Exception as error:
            errors.append(f"{path.relative_to(ROOT.parent)}: {type(error).__name__}: {error}")
            continue
        if problems:
            failures.append((path, problems))
        else:
            faithful += 1
    drafted = len(paths) - len(errors)
    pct = 100.0 * faithful / drafted if drafted else 0.0
    print(f"\nFaithfulness: {faithful}/{drafted} drafts faithful ({pct:.1f}%), "
          f"{len(errors)} documents not drafted, {time.perf_counter() - began:.0f}s")
    for path, problems in failures:
        print(f"  FAIL {path.relative_to(ROOT.parent)}")
        for p in problems[:5]:
            print(f"    - {p[:200]}")
    for line in errors:
        print(f"  ERROR {line[:200]}")


def print_labels() -> None:
    script = ROOT / "benchmarks" / "labels.py"
    print("\nScorer label figures (benchmarks/labels.py):")
    if not script.exists():
        print("  skipped: benchmarks/labels.py is not there yet")
        return
    spec = importlib.util.spec_from_file_location("cf_bench_labels", script)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader
    sys.modules[spec.name] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        print(f"  skipped: labels.py did not load: {type(error).__name__}: {error}")
        return
    fn = getattr(module, "main", None)
    if not callable(fn):
        print("  skipped: labels.py has no main() to call")
        return
    try:
        fn([])
    except Exception as error:  # the scorer is another helper's work in progress
        print(f"  skipped: labels.py failed: {type(error).__name__}: {error}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=int, default=None, help="faithfulness over N corpus PDFs only")
    ap.add_argument("--no-corpus", action="store_true", help="skip the corpus-wide faithfulness loop")
    ap.add_argument("--no-labels", action="store_true", help="skip the scorer's label figures")
    args = ap.parse_args(argv)
    print_rouge()
    if not args.no_corpus:
        print_faithfulness(args.sample)
    if not args.no_labels:
        print_labels()
    return 0


if __name__ == "__main__":
    sys.exit(main())
