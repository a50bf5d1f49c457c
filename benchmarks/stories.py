"""How close cf's drafts come to the stories the site published (issue 8, "Figures").

    python benchmarks/stories.py            # figures over ../shared/stories/stories.jsonl
    python benchmarks/stories.py --show     # and each story beside cf's draft parts

Per story, against what the site's writer chose:
- lead: word-F1 of content words, attributions ("..., Ofsted has said.") removed;
- quote: the site's quote is among cf's quotes (one of its sentences shares >= 70% of the
  shorter's word pairs with one of cf's quotes);
- bullets: share of the site's bullets in cf's list (70% of a bullet's word pairs in one of
  cf's bullets), pooled over stories;
- However: the site's `However,` sentence is in cf's draft (70% of its word pairs in one
  sentence of the draft);
- headline: word-F1 of content words.
Goals (on stories not held here): lead >= 0.60, quote >= 0.45, bullets >= 0.50,
However >= 0.85, headline >= 0.50.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _letters import SHARED, draft, letters

STORIES = SHARED / "stories" / "stories.jsonl"
GOALS = {"lead": 0.60, "quote": 0.45, "bullets": 0.50, "however": 0.85, "headline": 0.50}
_WORD = re.compile(r"[a-z0-9]+(?:['\u2019-][a-z0-9]+)*")
_STOP = set("the a an and or of to in on for with by at is are was were be been has have had that this "
            "these those their they them it its as from who which when where not all most some has said "
            "says ofsted inspectorate report according its latest".split())
# ", Ofsted has said." / ", according to Ofsted." / ", the focused visit to X found."
_ATTRIBUTION = re.compile(
    r",?\s+(?:according to (?:ofsted|the inspectorate|the report)|(?:ofsted|the inspectorate|the report|"
    r"the (?:focused visit|inspection|monitoring visit)[^,]*|a focused visit[^,]*)\s+(?:has\s+)?"
    r"(?:said|warned|found|reported|concluded|stated|has found)\b).*$", re.I)


def _norm(text: str) -> str:
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


def content(text: str) -> set[str]:
    return {w for w in _WORD.findall(_norm(text)) if w not in _STOP and len(w) > 2}


def word_f1(a: str, b: str) -> float:
    ca, cb = content(a), content(b)
    if not ca or not cb:
        return 0.0
    both = len(ca & cb)
    return 0.0 if not both else 2 * both / (len(ca) + len(cb))


def unattributed(text: str) -> str:
    return _ATTRIBUTION.sub("", text.strip()).strip()


def pairs(text: str) -> set[tuple[str, str]]:
    toks = _WORD.findall(_norm(text))
    return set(pairwise(toks))


def covered(part: str, whole: str, share: float = 0.7) -> bool:
    """Are `share` of part's word pairs in whole?"""
    p = pairs(part)
    return bool(p) and len(p & pairs(whole)) / len(p) >= share


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r'(?<=[.!?])["\u201d]?\s+(?=["\u201c]?[A-Z])', text.replace("\n", " ")) if s.strip()]


def _however_core(text: str) -> str:
    text = re.sub(r"^however,\s*(?:the (?:ofsted )?report (?:said|noted)(?: that)?:?\s*)?", "", text.strip(), flags=re.I)
    return text.strip("\u201c\u201d\" ")


def measure(story: dict, summary) -> dict:
    row: dict = {}
    if story.get("lead"):
        row["lead"] = word_f1(unattributed(summary.lead), unattributed(story["lead"]))
    if story.get("headline"):
        row["headline"] = word_f1(summary.headline, story["headline"])
    if story.get("quote"):
        ours = summary.quotes
        theirs = sentences(story["quote"])
        row["quote"] = float(any(covered(q, t) or covered(t, q) for q in ours for t in theirs))
    bullets = [f.text for f in summary.findings]
    row["bullets"] = [any(covered(b, mine) for mine in bullets) for b in story.get("bullets") or []]
    if story.get("however"):
        core = _however_core(story["however"])
        row["however"] = float(any(covered(core, s) for s in sentences(summary.text)))
    return row



def read_stories() -> list[dict[str, Any]]:
    """The site's stories, one object a line of stories.jsonl."""
    return [json.loads(line) for line in STORIES.read_text(encoding="utf-8").splitlines() if line.strip()]


def story_letters(stories: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], Any]]:
    """Each story with its document read (a document that cannot be read is said and skipped)."""
    read = letters([SHARED / s["document"] for s in stories])
    for story in stories:
        letter = read[SHARED / story["document"]]
        if isinstance(letter, Exception):
            print(f"  not read: {story['document']}: {letter}")
            continue
        yield story, letter


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", action="store_true", help="print each story beside cf's parts")
    ap.add_argument("--kind", choices=("inspection", "focused_visit"), help="only stories of this kind")
    args = ap.parse_args(argv)
    stories = read_stories()
    if args.kind:
        stories = [s for s in stories if s["kind"] == args.kind]
    rows = []
    for story, letter in story_letters(stories):
        _, summary = draft(letter)
        row = measure(story, summary)
        rows.append(row)
        if args.show:
            show(story, summary, row)
    print(f"Against {len(rows)} stories the site published ({STORIES.relative_to(SHARED.parent)}):")
    for key in ("lead", "quote", "bullets", "however", "headline"):
        if key == "bullets":
            hits = [b for r in rows for b in r["bullets"]]
            value, n = (sum(hits) / len(hits) if hits else 0.0), len(hits)
        else:
            vals = [r[key] for r in rows if key in r]
            value, n = (sum(vals) / len(vals) if vals else 0.0), len(vals)
        mark = "PASS" if value >= GOALS[key] else "below"
        print(f"  {key:9} {value:.3f}  (n={n}; goal >= {GOALS[key]:.2f}: {mark})")
    return 0


def show(story: dict, summary, row: dict) -> None:
    print(f"\n## {story['document']}  {json.dumps({k: v for k, v in row.items() if k != 'bullets'})}")
    print(f"  site headline: {story.get('headline')}\n  cf   headline: {summary.headline}")
    print(f"  site lead: {story.get('lead')}\n  cf   lead: {summary.lead}")
    print(f"  site quote: {(story.get('quote') or '')[:200]}\n  cf   quotes: {[q[:120] for q in summary.quotes]}")
    for bullet, hit in zip(story.get("bullets") or [], row["bullets"], strict=True):
        print(f"  {'+' if hit else '-'} site bullet: {bullet[:120]}")
    for f in summary.findings:
        print(f"    cf bullet: {f.text[:120]}")
    print(f"  site however: {story.get('however')}\n  cf   however: {summary.however}")


if __name__ == "__main__":
    sys.exit(main())
