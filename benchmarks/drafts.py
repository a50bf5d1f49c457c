"""What a reader sees first, and the faults an editor would reject, over every draft (issues 8, 17).

    python benchmarks/drafts.py            # counts, with each headline and lead defect listed
    python benchmarks/drafts.py --quiet    # counts only
    python benchmarks/drafts.py --cases    # and each fault found, draft by draft

Every document of the corpus and of ../shared/stories/documents is drafted.

Headline and lead defects (issue 8, corpus only): the headline and the lead (its attribution
removed) must not end on a function word or a dangling adjective, must have a verb, must not
open with a word that points back (This, These, However, In particular, Subsequently, As a
result, ...), and must keep quotes and brackets balanced; the headline names the authority in
4 to 12 words (more for a long name) and no draft takes boilerplate as its quote. Goal: 0
defects. Also the recommendations sentence's length (median and 95th percentile; goal <= 70
words at the 95th) and faithfulness (`faithful.check`; goal 100%).

Faults (issue 17): a registry of small detectors (`@fault`), each reading one draft beside its
letter and saying what is wrong or nothing: no recommendations where the document has an
improvement list, "should improve" before a whole clause, an authority not in the shipped list
(summarise/authorities.toml), a page number or furniture in a bullet, no findings, a headline
over 12 words, the headline said again as a paragraph. Goal: 0 of each.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _letters import CORPUS, ROOT, SHARED, corpus_documents, draft, letters

ARTICLES = set("a an the of to in for with from by at on their its his her our".split())
FUNCTION = set("a an the of to in on for with by at from and or but that which who whose what how is are was "
               "were be been being has have had their its his her our this these those very more most so as "
               "than into such both all some many each every other own not no".split())
POINTS_BACK = re.compile(r"^(?:this(?! (?:letter|visit|inspection|report|focused visit|monitoring visit)\b)|these|"
                         r"that|those|they|it(?! is (?:clear|evident|a\b)| has been a\b)|its|their|such|however|"
                         r"in particular|particularly|subsequently|as a result|consequently|therefore|also|"
                         r"furthermore|moreover|in addition|additionally|for (?:a few|some|many|most|these) "
                         r"(?:children|young people)?,? ?(?:this|these|they))\b", re.I)
# An independent check for a verb: auxiliaries, and -s/-ed forms after a subject.
VERBS = re.compile(r"\b(?:is|are|was|were|has|have|had|can|will|do|does|did|may|must|should|remains?|"
                   r"continues?|requires?|improves?|declines?|rated|makes?|praises?|finds?|receives?|"
                   r"benefits?|knows?|provides?|shows?|ensures?|demonstrates?|supports?|helps?|works?|"
                   r"needs?|leads?|enjoys?|offers?|meets?|protects?|prioritises?|values?|understands?|results?|"
                   r"found|made|took|saw|led|gave|brought|kept|met|built|began)\b", re.I)
ATTRIBUTION = re.compile(r", (?:Ofsted has (?:said|warned)|the (?:focused visit|monitoring visit|inspection|"
                         r"joint targeted area inspection) (?:to|of) .+ found|the report found)\.$")
BOILERPLATE = re.compile(r"Crown copyright|Open Government Licence|reuse this|Yours sincerely|"
                         r"Ofsted will take the findings|This publication is available", re.I)
DANGLING = re.compile(r"(?:ive|ful|ous|ible|able|ic)$")  # adjectives, not "-ent" nouns


def phrase_defects(text: str, what: str) -> list[str]:
    out = []
    toks = [re.sub(r"^\W+|\W+$", "", t) for t in text.split()]
    toks = [t for t in toks if t]
    if not toks:
        return [f"{what} empty"]
    last, before = toks[-1].lower(), toks[-2].lower() if len(toks) > 1 else ""
    if last in FUNCTION:
        out.append(f"{what} ends on a function word")
    if DANGLING.search(last) and before in ARTICLES and toks[-1][:1].islower():
        out.append(f"{what} ends on a dangling adjective")
    if not VERBS.search(" ".join(toks[1:])) and not re.search(r"\b\w+ed\b", " ".join(toks[1:])):
        out.append(f"{what} has no verb")
    if POINTS_BACK.match(text):
        out.append(f"{what} opens with a word that points back")
    folded = text.replace("\u201c", '"').replace("\u201d", '"')
    if folded.count('"') % 2 or text.count("(") != text.count(")"):
        out.append(f"{what} leaves a quote or bracket unbalanced")
    return out


def defects(letter, summary) -> list[str]:
    la = letter.metadata.local_authority
    out = phrase_defects(summary.headline, "headline")
    n = len(summary.headline.split())
    if not 4 <= n <= 12 + max(0, len(la.split()) - 2):
        out.append(f"headline has {n} words")
    if la and la.lower() not in summary.headline.lower():
        out.append("headline does not name the authority")
    if summary.lead:
        out += phrase_defects(ATTRIBUTION.sub("", summary.lead), "lead")
    for quote in summary.quotes:
        if BOILERPLATE.search(quote):
            out.append("boilerplate as a quote")
    return out


# ---------------------------------------------------------------- faults an editor rejects (issue 17)
# A registry of small detectors: each reads one draft beside its letter and says what is
# wrong (a few words) or None. They are the benchmark's own readings of the letter (its
# headings, the shipped list of authorities), not the composer's rules.

@dataclass
class Draft:
    """One draft beside its letter (and the scorer's reading of the letter's sentences)."""

    path: Path
    letter: Any
    summary: Any
    sentences: list[Any]


FaultCheck = Callable[[Draft], "str | None"]
FAULTS: dict[str, tuple[str, FaultCheck]] = {}


def fault(name: str, what: str) -> Callable[[FaultCheck], FaultCheck]:
    """Register a detector: it returns what is wrong with the draft (a few words), or None."""
    def register(check: FaultCheck) -> FaultCheck:
        FAULTS[name] = (what, check)
        return check
    return register


# How Ofsted heads the list of what must improve, in every kind and era.
IMPROVE_HEADING = re.compile(r"^(?:what (?:needs|does [\w ]{0,40}? need) to improve|areas? for (?:priority )?"
                             r"(?:action|improvement|development)|priority (?:and immediate )?actions?|"
                             r"recommendations?\b|what needs to happen)", re.I)
NOTHING_TO_IMPROVE = re.compile(r"\b(?:no|not (?:find|identify) any) areas? for (?:priority )?(?:action|improvement)\b", re.I)
# The parts of a report that are not about the local authority's own services.
NOT_THE_LA = re.compile(r"\bLSCB\b|Safeguarding Children Board|Section 2\b|practice study|case study", re.I)


def improvement_list(letter: Any) -> list[str]:
    """The text under the document's improvement headings (empty when it has none)."""
    out: list[str] = []
    lscb = False
    for section in letter.sections:
        heading = section.heading.strip()
        lscb = lscb or bool(re.match(r"^(?:Section 2\b|The Local Safeguarding Children Board)", heading))
        if lscb or NOT_THE_LA.search(heading) or not IMPROVE_HEADING.match(heading):
            continue
        out += [b.text for b in section.blocks if not NOTHING_TO_IMPROVE.search(b.text)]
    return out


@fault("no_recommendations", "the document has an improvement list, the draft no recommendations")
def _no_recommendations(d: Draft) -> str | None:
    if d.summary.recommendation_sentence or not improvement_list(d.letter):
        return None
    return improvement_list(d.letter)[0][:80]


# After "should improve" comes a noun phrase; a clause has its own subject and finite verb
# ("should improve some children wait too long", "should improve during the inspection, ...").
CLAUSE_OPENER = re.compile(r"^(?:during|there|some|many|most|too|when|while|whilst|although|if|it|they|this|"
                           r"these|in (?:a|some|most|many)\b|the areas? for (?:improvement|priority action))\b", re.I)
FINITE = re.compile(r"\b(?:is|are|was|were|remains?|continues?|do not|does not|did not|has not|have not|has yet|"
                    r"wait|waits|told|say|says|said|should be|must be|needs to be)\b", re.I)
# A finite verb is the item's own only where no relative or purpose word comes before it in
# the item ("the rigour with which actions are set" is a noun phrase).
RELATIVE = re.compile(r"\b(?:that|which|who|whom|whose|where|when|whether|how|what|why|so that|in order to|if|"
                      r"while|because|including)\b", re.I)


def improve_body(sentence: str) -> str:
    """What a recommendations sentence folds under "should improve", or ""."""
    m = re.search(r"\bshould improve (.+?)(?:, among \w+ areas for improvement)?\.(?:\s|$)", sentence)
    return m.group(1) if m else ""


# Where a recommendations sentence may take its items from: the improvement list, and an area
# SEND report's "What does the area partnership need to do better?".
FOLDED_FROM = re.compile(IMPROVE_HEADING.pattern + r"|need to do better", re.I)


def folded_items(letter: Any, body: str) -> list[str]:
    """The first sentence of each listed item that a recommendations sentence folds under
    "should improve" (found by its opening words in the folded body)."""
    low = body.lower().replace("\u2019", "'")
    out = []
    listed = [b.text for section in letter.sections if FOLDED_FROM.search(section.heading) for b in section.blocks]
    for text in listed:
        first = re.split(r"(?<=[.;:])\s", text.strip())[0]
        key = first[:40].lower().replace("\u2019", "'")
        if len(key) >= 15 and key in low:
            out.append(first)
    return out


IMPROVE_A_VERB = re.compile(r"\bimprove (?:(?:and|or) )?(?:ensure|stabilise|develop|establish|review|make|take|address|"
                            r"continue|implement|strengthen|reduce|increase|provide|embed)\b")


@fault("garbled_improve", "\"should improve\" before a whole clause")
def _garbled_improve(d: Draft) -> str | None:
    sentence = d.summary.recommendation_sentence or ""
    body = improve_body(sentence)
    for item in folded_items(d.letter, body) if body else []:
        if CLAUSE_OPENER.match(item):
            return item[:80]
        verb = next((v for v in FINITE.finditer(item) if not item[: v.start()].endswith("to ")), None)
        if verb and not RELATIVE.search(item[: verb.start()]):
            return item[:80]
    if IMPROVE_A_VERB.search(sentence):
        return "improve before a verb"
    if re.search(r"\bshould (?!improve\b)\w+ing\b|\bshould (?:[a-z]+(?:tion|ment|ance|ence|sis))\b", sentence):
        return "should before a noun"
    return None


def shipped_authorities() -> set[str]:
    """Every name and variant in the package's list of authorities, folded for comparison."""
    import tomllib

    data = tomllib.loads((ROOT / "summarise" / "authorities.toml").read_text("utf-8"))
    names = set()
    for entry in data["authority"]:
        names |= {_fold_name(n) for n in [entry["name"], *entry.get("variants", [])]}
    return names


def _fold_name(name: str) -> str:
    return re.sub(r"[\s-]+", " ", name.lower().replace("&", "and").replace("\u2019", "'").replace(".", "")).strip()


@fault("not_an_authority", "the authority named is not an English local authority")
def _not_an_authority(d: Draft) -> str | None:
    la = d.letter.metadata.local_authority or ""
    if not (ROOT / "summarise" / "authorities.toml").exists():
        return f"no list shipped ({la!r})"
    if _fold_name(la) in shipped_authorities():
        return None
    return repr(la) if la else "no authority"


# A page number or page furniture left in a bullet: "2 disabled children when ...".
FURNITURE = re.compile(r"^\d{1,3}\s+(?!and\b|or\b|to\b|of\b|per\b|years?\b)[a-z]|\bPage \d+ of \d+\b|www\.|@|\bCrown copyright\b|"
                       r"\bPiccadilly Gate\b|\bT 0300\b|\bgov\.uk\b", re.I)


@fault("furniture_in_bullet", "a page number or page furniture in a bullet")
def _furniture_in_bullet(d: Draft) -> str | None:
    for finding in d.summary.findings:
        text = finding.text.rstrip(".")
        if FURNITURE.search(text):
            return text[:80]
    return None


@fault("no_findings", "the draft has no findings (cf refuses it)")
def _no_findings(d: Draft) -> str | None:
    return None if d.summary.findings else "no findings"


@fault("long_headline", "the headline has more than 12 words (more for a long name)")
def _long_headline(d: Draft) -> str | None:
    la = d.letter.metadata.local_authority or ""
    n = len(d.summary.headline.split())
    return f"{n} words" if n > 12 + max(0, len(la.split()) - 2) else None


def _pairs_of(text: str) -> set[tuple[str, str]]:
    toks = re.findall(r"[a-z0-9]+", text.lower())
    return set(zip(toks, toks[1:], strict=False))


@fault("headline_repeated", "the headline is said again as a paragraph of the draft")
def _headline_repeated(d: Draft) -> str | None:
    la = d.letter.metadata.local_authority or ""
    head = d.summary.headline
    head = head[: -len(f" in {la}")] if la and head.endswith(f" in {la}") else head
    mine = _pairs_of(head)
    if len(mine) < 4:
        return None
    for paragraph in d.summary.paragraphs:
        first = re.split(r"(?<=[.!?])\s+", paragraph)[0]
        theirs = _pairs_of(first)
        if theirs and len(mine & theirs) / len(mine) >= 0.8 and len(mine) / len(theirs) >= 0.6:
            return first[:80]
    return None


def faults(d: Draft) -> dict[str, str]:
    """Every registered fault found in the draft: name -> what."""
    out = {}
    for name, (_, check) in FAULTS.items():
        found = check(d)
        if found:
            out[name] = found
    return out


SETS = {"corpus": CORPUS, "stories": SHARED / "stories" / "documents"}


def documents() -> dict[Path, str]:
    """Every document drafted: the corpus's and the site's stories' extra documents."""
    out = {p: "corpus" for p in corpus_documents()}
    out.update({p: "stories" for p in sorted(SETS["stories"].glob("*.pdf"))})
    return out


@dataclass
class Tally:
    """What one run over the documents found."""

    found: int = 0
    lengths: list[int] = field(default_factory=list)
    unfaithful: list[tuple[Path, list[str]]] = field(default_factory=list)
    drafted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SETS, 0))
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: {n: dict.fromkeys(SETS, 0) for n in FAULTS})
    cases: list[str] = field(default_factory=list)


def _one(tally: Tally, path: Path, where: str, name: Path, letter: Any, quiet: bool) -> None:
    from cf.summarise.faithful import check

    sentences, summary = draft(letter)
    tally.drafted[where] += 1
    for fault_name, what in faults(Draft(path, letter, summary, sentences)).items():
        tally.counts[fault_name][where] += 1
        tally.cases.append(f"  {fault_name}: {where}/{name}: {what}")
    if where != "corpus":
        return
    problems = defects(letter, summary)
    tally.found += len(problems)
    if problems and not quiet:
        print(f"  {name}: {'; '.join(problems)}\n      {summary.headline!r}\n      {summary.lead[:160]!r}")
    if summary.recommendation_sentence:
        tally.lengths.append(len(summary.recommendation_sentence.split()))
    if check(summary, letter):
        tally.unfaithful.append((name, check(summary, letter)))


def _report(t: Tally, cases: bool) -> None:
    lengths = sorted(t.lengths)
    p95 = lengths[min(len(lengths) - 1, int(0.95 * len(lengths)))] if lengths else 0
    print(f"Drafts of {t.drafted['corpus']} corpus documents:")
    print(f"  headline and lead defects: {t.found} (goal 0)")
    print(f"  recommendations sentence: median {statistics.median(lengths) if lengths else 0:.0f} words, "
          f"95th percentile {p95}, longest {lengths[-1] if lengths else 0} (goal <= 70 at the 95th; n={len(lengths)})")
    print(f"  faithful: {t.drafted['corpus'] - len(t.unfaithful)}/{t.drafted['corpus']} (goal 100%)")
    for name, problems in t.unfaithful:
        print(f"    UNFAITHFUL {name}: {problems[0][:200]}")
    print(f"Faults in the drafts of {t.drafted['corpus']} corpus documents and {t.drafted['stories']} story documents "
          f"(stories/documents):")
    print(f"  {'':22} {'corpus':>6} {'stories':>7}")
    for fault_name, (what, _) in FAULTS.items():
        c = t.counts[fault_name]
        print(f"  {fault_name:22} {c['corpus']:6d} {c['stories']:7d}  {what}")
    if cases:
        print("\n".join(sorted(t.cases)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quiet", action="store_true", help="counts only")
    ap.add_argument("--cases", action="store_true", help="each fault found, draft by draft")
    args = ap.parse_args(argv)
    which = documents()
    tally = Tally()
    for path, letter in letters(which).items():
        where = which[path]
        name = path.relative_to(SETS[where]) if where == "stories" else path.relative_to(CORPUS)
        if isinstance(letter, Exception):
            print(f"  not read: {where}/{name}: {letter}")
            continue
        _one(tally, path, where, name, letter, args.quiet)
    _report(tally, args.cases)
    return 0


if __name__ == "__main__":
    sys.exit(main())
