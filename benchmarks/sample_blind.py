"""Draw a blind set's sentences: a fixed, seeded sample that no label set has used.

    python benchmarks/sample_blind.py                  # blind2's sample as JSON lines, unlabelled
    python benchmarks/sample_blind.py --context 3      # each with 3 sentences either side
    python benchmarks/sample_blind.py --check FILE     # does FILE hold exactly this sample?
    python benchmarks/sample_blind.py --set blind3     # the third set (see DRAWS)
    python benchmarks/sample_blind.py --set blind4     # the fourth
    python benchmarks/sample_blind.py --set blind5     # the fifth
    python benchmarks/sample_blind.py --set blind6     # the sixth
    python benchmarks/sample_blind.py --set blind7     # the seventh
    python benchmarks/sample_blind.py --set blind8     # the eighth

Each set's pool is corpus documents that no earlier label set (../shared/labels/,
tests/data/heldout.jsonl, and the earlier blind sets) draws on: for blind2 the kinds the
scorer was least developed on (every JTAI and area SEND letter, focused visits from 2022 on,
the 2026 reports); for blind3, drawn after the scorer was changed on blind2, every other
remaining focused visit and report; for blind4, drawn before issue 12's rules were
generalised on blind3's errors, every focused visit and report blind3 left, and the unused
sentences of the JTAI and SEND letters (each of those letters is used, but only a few of
their sentences; a sentence any set holds, in any document, is left out). Sentences are
split by cf's own pipeline (the analyse stage, nothing judged), so that a row names a
sentence the in-document benchmark finds again; headings, fragments under five words,
sign-offs and licence text are left out. Each document gives a fixed quota (more for a long
report), shared among its sections in proportion to their size (largest remainder; for
blind4, weighted towards weaknesses, a shortfall section such as "What needs to improve"
counts three times its size, findings and judgements graded below good twice), and drawn
within a section by a generator seeded with the document's name: the same corpus gives the
same sample on any machine. Blind5, drawn when every document of the corpus was in use, takes
unused sentences from all of them (one from each report and focused visit, two from each
JTAI and SEND letter); with so few a document, its sentences are drawn one by one at odds of
their section's weight (blind4's weights) rather than shared out by section, which would
always give the largest section. Blind6, drawn before issue 16's rule work, goes outside the
corpus: the 53 documents of ../shared/stories/documents (reports and focused visits 2017-2020,
named `stories/documents/<name>.pdf`, relative to ../shared, where corpus documents are
`kind/name.pdf`), five sentences each, weighted and shared out by section as blind4's are;
then three more unused sentences from each JTAI and SEND letter of the corpus, drawn at equal
odds (unweighted, so that their descriptive sentences are represented as they occur). Every
sentence an earlier set holds is left out of both. Blind7, drawn before issue 16's second
round, takes unused sentences from all three sources, every sentence of blind2-6, heldout and
the dev labels left out: four more from each stories document, at odds of their section's
weight as blind5's are (with four from a document already drawn from, a share by section
would go to the sections blind6 took most from); three more from each JTAI and SEND letter at
equal odds; one more from each report and focused visit, at odds of their section's weight.
Its generator is seeded with the set's name as well as the document's, so that its draw does
not follow an earlier one's ordering of the same document. Blind8, drawn before issue 16's
third round, repeats blind7's recipe on what blind7 left, except that the reports' and focused
visits' one sentence each is drawn at equal odds (blind7's weighting left it 25 neutral rows of
504, too few to measure neutral recall on). The labels in tests/data were written by
reading each sentence in its document before the scorer was run on any of them.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _letters import document_path, half

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
DATA = ROOT / "tests" / "data"
USED = [SHARED / "labels" / "dev.jsonl", SHARED / "labels" / "dev-focused.jsonl",
        DATA / "heldout.jsonl"]
SEED = 20240612
MIN_WORDS = 5
# every set before blind6: the dev labels, heldout and blind2 to blind5; before blind7, and 6
_UP_TO_5 = tuple(USED) + tuple(DATA / f"blind{n}.jsonl" for n in (2, 3, 4, 5))
_UP_TO_6 = _UP_TO_5 + (DATA / "blind6.jsonl",)
_UP_TO_7 = _UP_TO_6 + (DATA / "blind7.jsonl",)


@dataclass(frozen=True)
class Draw:
    """One blind set's recipe: which documents, how many sentences from each."""

    prefix: str  # row ids: "b2-0000"
    wanted: Callable[[str, int], bool]  # (kind, year) -> is the document in the pool?
    quota: dict[str, int]  # sentences per document, by kind
    used: tuple[Path, ...]  # label sets whose documents are left out
    every: int = 1  # keep every n-th document of the pool (sorted by name)
    # used documents that still give their unused sentences: (kind, year) -> in the pool?
    reused: Callable[[str, int], bool] = lambda _kind, _year: False
    weigh: bool = False  # weight sections towards weaknesses (see _WEIGHTS)
    unseen: bool = False  # leave out any sentence a used set holds, whatever its document
    by_odds: bool = False  # draw sentences at odds of their section's weight, not by section
    # a folder under ../shared whose every unused PDF is in the pool too (its quota keyed by
    # the folder's first part: "stories"; its used ones too when `reused` takes that kind)
    elsewhere: str | None = None
    then: Draw | None = None  # a second recipe, drawn after this one and numbered on from it
    halves: bool = False  # rows name their half (see _letters.half)
    salt: str = ""  # added to each document's seed, so that a set's draw is its own


def _every_source(prefix: str, used: tuple[Path, ...], weigh_reports: bool) -> Draw:
    """Unused sentences of every source (issue 16's later rounds): four from each stories
    document at odds of their section's weight, three from each JTAI and SEND letter at equal
    odds, one from each report and focused visit (weighted or not); seeded with the set's name."""
    salt = f"blind{prefix[1:]}"
    reports = Draw(prefix, lambda _kind, _year: False, {"ilacs": 1, "focused": 1}, used,
                   reused=lambda kind, _year: kind in ("focused", "ilacs"),
                   weigh=weigh_reports, unseen=True, by_odds=True, salt=salt)
    letters = Draw(prefix, lambda _kind, _year: False, {"jtai": 3, "send": 3}, used,
                   reused=lambda kind, _year: kind in ("jtai", "send"),
                   unseen=True, by_odds=True, salt=salt, then=reports)
    return Draw(prefix, lambda _kind, _year: False, {"stories": 4}, used,
                reused=lambda kind, _year: kind == "stories", weigh=True, unseen=True,
                by_odds=True, elsewhere="stories/documents", halves=True, salt=salt, then=letters)


DRAWS = {
    # the kinds the scorer was least developed on (issue 12)
    "blind2": Draw("b2", lambda kind, year: kind in ("jtai", "send") or (
        kind == "focused" and year >= 2022) or (kind == "ilacs" and year >= 2026),
        {"ilacs": 10, "focused": 5, "jtai": 5, "send": 5}, tuple(USED)),
    # drawn after the scorer was changed on blind2: older letters and reports nobody used
    "blind3": Draw("b3", lambda kind, _year: kind in ("focused", "ilacs"),
                   {"ilacs": 2, "focused": 2}, tuple(USED) + (DATA / "blind2.jsonl",), every=2),
    # drawn while the rules were generalised on blind3: the reports and letters left, and
    # the JTAI and SEND letters' unused sentences, weighted towards weakness
    "blind4": Draw("b4", lambda kind, _year: kind in ("focused", "ilacs"),
                   {"ilacs": 3, "focused": 4, "jtai": 2, "send": 2},
                   tuple(USED) + (DATA / "blind2.jsonl", DATA / "blind3.jsonl"),
                   reused=lambda kind, _year: kind in ("jtai", "send"), weigh=True, unseen=True),
    # issue 12's third round: every document is in use, so unused sentences from all of them
    "blind5": Draw("b5", lambda _kind, _year: False,
                   {"ilacs": 1, "focused": 1, "jtai": 2, "send": 2},
                   tuple(USED) + tuple(DATA / f"blind{n}.jsonl" for n in (2, 3, 4)),
                   reused=lambda kind, _year: kind in ("focused", "ilacs", "jtai", "send"),
                   weigh=True, unseen=True, by_odds=True),
    # issue 16 (rules declared and fitted): documents nobody here has read, weighted towards
    # weakness, then more of the JTAI and SEND letters' unused sentences at equal odds
    "blind6": Draw("b6", lambda _kind, _year: False, {"stories": 5}, _UP_TO_5,
                   weigh=True, unseen=True, elsewhere="stories/documents", halves=True,
                   then=Draw("b6", lambda _kind, _year: False, {"jtai": 3, "send": 3}, _UP_TO_5,
                             reused=lambda kind, _year: kind in ("jtai", "send"),
                             unseen=True, by_odds=True)),
    # issue 16's second round: unused sentences of every source, the stories documents and the
    # reports and focused visits weighted towards weakness, the JTAI and SEND letters not
    "blind7": _every_source("b7", _UP_TO_6, weigh_reports=True),
    # issue 16's third round: blind7's recipe on what blind7 left, but the reports and focused
    # visits at equal odds, so that their descriptive (neutral) sentences occur as they do
    "blind8": _every_source("b8", _UP_TO_7, weigh_reports=False),
}
# How much a section weighs in blind4's share of a document, by role: shortfall lists most,
# then findings and judgements graded below good (the weakness-bearing prose).
_WEIGHTS = {"improve": 3, "findings": 2}
_LOW_GRADES = ("requires improvement", "inadequate")
_BOILERPLATE = re.compile(
    r"ofsted\.gov\.uk|government licence|crown copyright|yours sincerely|nationalarchives|"
    r"large print|majesty's (chief )?inspector|^dear\b", re.I)
_YEAR = re.compile(r"-(\d{4})-\d\d-\d\d\.pdf$")


def used_documents(used: tuple[Path, ...]) -> set[str]:
    """Every `doc` that the given label sets draw on."""
    docs: set[str] = set()
    for path in used:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                docs.add(json.loads(line)["doc"])
    return docs


def used_texts(used: tuple[Path, ...]) -> list[str]:
    """Every sentence the given label sets hold, as a matching key."""
    return [_key(json.loads(line)["text"]) for path in used
            for line in path.read_text("utf-8").splitlines() if line.strip()]


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def pool(draw: Draw) -> list[str]:
    """The documents to sample from, sorted: the unused ones of the draw's other folder, then
    those of the corpus (every n-th, as `kind/name.pdf`), then the used ones whose unused
    sentences the draw takes."""
    used = used_documents(draw.used)
    fresh: list[str] = []
    reused: list[str] = []
    if draw.elsewhere:
        kind = draw.elsewhere.split("/")[0]
        for path in sorted((SHARED / draw.elsewhere).glob("*.pdf")):
            doc = f"{draw.elsewhere}/{path.name}"
            if doc not in used:
                fresh.append(doc)
            elif draw.reused(kind, int(_YEAR.search(path.name).group(1))):
                reused.append(doc)
    for path in sorted(CORPUS.glob("*/*.pdf")):
        kind, year = path.parent.name, int(_YEAR.search(path.name).group(1))
        doc = f"{kind}/{path.name}"
        if draw.wanted(kind, year) and doc not in used:
            fresh.append(doc)
        elif draw.reused(kind, year) and doc in used:
            reused.append(doc)
    return fresh[::draw.every] + reused


def candidates(doc: str, weigh: bool = False, taken: list[str] | None = None) -> list[dict]:
    """The document's sentences as the pipeline splits them, less headings and boilerplate,
    and less any sentence that holds, or is held by, one of `taken` (keys of used sentences)."""
    from cf.summarise.analyse import unjudged
    from cf.summarise.pipeline import read_letter

    path = document_path(doc)
    letter = read_letter(path.read_bytes(), str(path))
    roles = {s.heading: s.role for s in letter.sections}
    weights = {s.heading: _weight(s.role, s.grade) if weigh else 1 for s in letter.sections}
    rows = []
    for i, s in enumerate(unjudged(letter)):
        keep = (s.block_kind != "heading" and len(s.text.split()) >= MIN_WORDS
                and roles.get(s.section) != "signoff" and not _BOILERPLATE.search(s.text)
                and not (taken and _is_taken(_key(s.text), taken)))
        rows.append({"position": i, "doc": doc, "text": s.text, "section": s.section,
                     "page": s.page, "block_index": s.block_index,
                     "index_in_block": s.index_in_block, "keep": keep,
                     "weight": weights.get(s.section, 1)})
    return rows


def _weight(role: str, grade: str | None) -> int:
    if role == "judgement":
        return 2 if (grade or "").lower() in _LOW_GRADES else 1
    return _WEIGHTS.get(role, 1)


def _is_taken(key: str, taken: list[str]) -> bool:
    """Does a label set already hold this sentence (the same words, or a split of it)?"""
    return any(key == t or (len(t) > 30 and t in key) or (len(key) > 30 and key in t)
               for t in taken)


def allocate(sizes: list[int], quota: int) -> list[int]:
    """Share `quota` among strata in proportion to their sizes (largest remainder)."""
    total = sum(sizes)
    quota = min(quota, total)
    exact = [quota * n / total for n in sizes]
    share = [int(x) for x in exact]
    order = sorted(range(len(sizes)), key=lambda k: (share[k] - exact[k], k))
    for k in order[:quota - sum(share)]:
        share[k] += 1
    return share


def sample_document(doc: str, rows: list[dict], quota: dict[str, int], by_odds: bool = False,
                    salt: str = "") -> list[dict]:
    """The document's quota, spread over its sections (or drawn at odds of their weights), in
    document order."""
    kept = [r for r in rows if r["keep"]]
    if by_odds:
        return _draw_by_odds(salt + doc, kept, quota[doc.split("/")[0]])
    sections: dict[str, list[dict]] = {}
    for r in kept:
        sections.setdefault(r["section"], []).append(r)
    groups = list(sections.values())
    if not groups:
        return []
    rng = random.Random(f"{SEED}:{salt}{doc}")
    chosen = []
    sizes = [len(g) * g[0]["weight"] for g in groups]
    shares = [min(n, len(g)) for n, g in zip(allocate(sizes, quota[doc.split("/")[0]]), groups, strict=True)]
    for group, n in zip(groups, shares, strict=True):
        chosen.extend(rng.sample(group, n))
    return sorted(chosen, key=lambda r: r["position"])


def _draw_by_odds(seed: str, kept: list[dict], n: int) -> list[dict]:
    """n sentences drawn without replacement, each at odds of its section's weight (the
    weighted draw of Efraimidis and Spirakis: the n largest of u ** (1 / weight)), by a
    generator seeded with `seed` (the document's name, after the set's salt if it has one)."""
    rng = random.Random(f"{SEED}:{seed}")
    keyed = sorted(kept, key=lambda r: rng.random() ** (1 / r["weight"]), reverse=True)
    return sorted(keyed[:n], key=lambda r: r["position"])


def sample(draw: Draw) -> tuple[list[dict], dict[str, list[dict]]]:
    """The whole sample, numbered, and every document's sentences (for context)."""
    out, everything = [], {}
    recipe: Draw | None = draw
    while recipe is not None:
        taken = used_texts(recipe.used) if recipe.unseen else None
        for doc in pool(recipe):
            rows = candidates(doc, recipe.weigh, taken)
            everything[doc] = rows
            out.extend(sample_document(doc, rows, recipe.quota, recipe.by_odds, recipe.salt))
        recipe = recipe.then
    for n, r in enumerate(out):
        r["id"] = f"{draw.prefix}-{n:04d}"
        if draw.halves:
            r["half"] = half(r["doc"])
    return out, everything


def _public(r: dict) -> dict:
    keys = ("id", "doc", "text", "section", "page", "block_index", "index_in_block", "position",
            "half")
    return {k: r[k] for k in keys if k in r}


def _show_context(rows: list[dict], everything: dict[str, list[dict]], width: int) -> None:
    for r in rows:
        doc_rows = everything[r["doc"]]
        i = r["position"]
        print(f"=== {r['id']}  {r['doc']}  p{r['page']}  [{r['section'] or '(no heading)'}]")
        for c in doc_rows[max(0, i - width):i + width + 1]:
            mark = ">>" if c["position"] == i else "  "
            print(f"{mark} {c['text']}")
        print()


def check(path: Path, rows: list[dict]) -> list[str]:
    """How FILE differs from the sample (ids, documents, texts and halves), if it does."""
    stored = [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]
    problems = [f"{len(stored)} rows stored, {len(rows)} drawn"] if len(stored) != len(rows) else []
    for s, r in zip(stored, rows, strict=False):  # a length difference is reported above
        if (s["id"], s["doc"], s["text"], s.get("half")) != (r["id"], r["doc"], r["text"], r.get("half")):
            problems.append(f"{s['id']}: stored {s['text'][:60]!r}, drawn {r['text'][:60]!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--context", type=int, metavar="N", help="show N sentences either side")
    parser.add_argument("--check", type=Path, metavar="FILE", help="compare FILE with the sample")
    parser.add_argument("--set", choices=sorted(DRAWS), default="blind2", help="which blind set")
    args = parser.parse_args(argv)
    rows, everything = sample(DRAWS[args.set])
    if args.check:
        problems = check(args.check, rows)
        print("\n".join(problems) or f"{args.check.name}: the {len(rows)} rows are the sample")
        return 1 if problems else 0
    if args.context is not None:
        _show_context(rows, everything, args.context)
        return 0
    for r in rows:
        print(json.dumps(_public(r), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
