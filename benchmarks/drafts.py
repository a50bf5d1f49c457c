"""What a reader sees first, over every corpus document (issue 8, "Figures").

    python benchmarks/drafts.py            # counts, with each defect listed
    python benchmarks/drafts.py --quiet    # counts only

For every draft: the headline and the lead (its attribution removed) must not end on a
function word or a dangling adjective, must have a verb, must not open with a word that
points back (This, These, However, In particular, Subsequently, As a result, ...), and must
keep quotes and brackets balanced; the headline names the authority in 4 to 12 words (more
for a long name) and no draft takes boilerplate as its quote. Goal: 0 defects. Also the
recommendations sentence's length (median and 95th percentile; goal <= 70 words at the 95th)
and faithfulness (`faithful.check`; goal 100%).
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _letters import CORPUS, corpus_documents, draft, letters  # noqa: E402

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


def main(argv: list[str] | None = None) -> int:
    from cf.summarise.faithful import check

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    read = letters(corpus_documents())
    found, lengths, unfaithful, drafted = 0, [], [], 0
    for path, letter in read.items():
        if isinstance(letter, Exception):
            print(f"  not read: {path.relative_to(CORPUS)}: {letter}")
            continue
        _, summary = draft(letter)
        drafted += 1
        problems = defects(letter, summary)
        found += len(problems)
        if problems and not args.quiet:
            print(f"  {path.relative_to(CORPUS)}: {'; '.join(problems)}\n      {summary.headline!r}\n      {summary.lead[:160]!r}")
        if summary.recommendation_sentence:
            lengths.append(len(summary.recommendation_sentence.split()))
        if check(summary, letter):
            unfaithful.append((path, check(summary, letter)))
    lengths.sort()
    p95 = lengths[min(len(lengths) - 1, int(0.95 * len(lengths)))] if lengths else 0
    print(f"Drafts of {drafted} corpus documents:")
    print(f"  headline and lead defects: {found} (goal 0)")
    print(f"  recommendations sentence: median {statistics.median(lengths) if lengths else 0:.0f} words, "
          f"95th percentile {p95}, longest {lengths[-1] if lengths else 0} (goal <= 70 at the 95th; n={len(lengths)})")
    print(f"  faithful: {drafted - len(unfaithful)}/{drafted} (goal 100%)")
    for path, problems in unfaithful:
        print(f"    UNFAITHFUL {path.relative_to(CORPUS)}: {problems[0][:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
