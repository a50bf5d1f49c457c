"""What a reader sees first, and the faults an editor would reject, over every draft (issues 8, 17).

    python benchmarks/drafts.py            # counts, with each headline and lead defect listed
    python benchmarks/drafts.py --quiet    # counts only
    python benchmarks/drafts.py --cases    # and each fault found, draft by draft
    python benchmarks/drafts.py --dump DIR # and every draft's text into DIR (to diff two versions)

Every document of the corpus and of ../shared/stories/documents is drafted.

Headline and lead defects (issue 8): the headline and the lead (its attribution removed) must
not end on a function word or a dangling adjective, must have a verb, must not open with a
word that points back (This, These, However, In particular, Subsequently, As a result, ...),
and must keep quotes and brackets balanced; the headline names the authority in 4 to 12 words
(more for a long name) and no draft takes boilerplate as its quote. Goal: 0 defects. Also the
recommendations sentence's length (median and 95th percentile; goal <= 70 words at the 95th)
and faithfulness (`faithful.check`; goal 100%).

Faults (issue 17): a registry of small detectors (`@fault`), each reading one draft beside
its letter and the scorer's reading of the letter's sentences, and saying what is wrong or
nothing. They are the benchmark's own patterns of how Ofsted writes background, history and
attribution, not the composer's rules, so that the composer can be checked against them. Also:
no recommendations where the document has an improvement list, "should improve" before a
whole clause, an authority not in the shipped list (summarise/authorities.toml), a page number
or furniture in a bullet, no findings, a headline over 12 words, the headline said again as a
paragraph, the lead said again by the quote or a later paragraph. Goal: 0 of each.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cf.summarise.textutil import split_sentences

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
                   r"needs?|leads?|enjoys?|offers?|meets?|protects?|prioritises?|values?|understands?|results?|maintains?|"
                   r"found|made|took|saw|led|gave|brought|kept|met|built|began)\b", re.I)
# ", Ofsted has said.", ", Ofsted has warned following a focused visit to X.", ", the focused visit to X found."
ATTRIBUTION = re.compile(r", (?:(?:Ofsted|inspectors) (?:has|have) (?:said|warned)(?: (?:following|after) [^,]+)?|"
                         r"the (?:focused visit|monitoring visit|inspection|joint targeted area inspection) "
                         r"(?:to|of) .+ found|the report found)\.$")
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

@dataclass
class Draft:
    """One draft beside its letter and the scorer's reading of the letter's sentences."""

    path: Path
    letter: Any
    summary: Any
    sentences: list[Any]

    @property
    def la(self) -> str:
        return str(self.letter.metadata.local_authority or "")

    @property
    def grade(self) -> str | None:
        meta = self.letter.metadata
        return meta.judgements.overall_effectiveness if meta.kind == "inspection" else None

    @cached_property
    def lead_body(self) -> str:
        return ATTRIBUTION.sub("", self.summary.lead)

    @cached_property
    def _index(self) -> list[tuple[set[tuple[str, str]], Any]]:
        return [(_pairs(s.text), s) for s in self.sentences]

    def source(self, text: str) -> Any | None:
        """The letter's sentence a sentence of the draft was taken from (trimmed, its
        connective dropped or its subject named), if any."""
        mine = _pairs(_QUOTED.sub(r"\1", ATTRIBUTION.sub("", re.sub(r"^However,\s*", "", text))))
        if not mine:
            return None
        share, best = max(((len(mine & theirs) / len(mine), s) for theirs, s in self._index),
                          key=lambda x: x[0], default=(0.0, None))
        return best if share >= 0.6 else None

    def polarity(self, text: str | None) -> str:
        """strength, weakness or neutral as the scorer files the draft sentence's source;
        "" for a sentence built from metadata."""
        s = self.source(text) if text else None
        return s.assessment.polarity if s is not None else ""

    @cached_property
    def opening(self) -> list[str]:
        """The sentences before the findings list: the lead, context, quote, extra."""
        return [self.summary.lead, *(x for p in self.summary.paragraphs for x in _split(p))]

    @cached_property
    def however(self) -> str | None:
        paragraph = self.summary.however[0] if self.summary.however else None
        return _split(paragraph)[0] if paragraph else None

    @cached_property
    def lead_polarity(self) -> str:
        """The lead's, as the scorer files its source; a report's grade told as the lead goes
        the grade's way."""
        found = self.polarity(self.summary.lead)
        if found or not self.grade:
            return found
        return "weakness" if self.grade in ("requires improvement", "inadequate") else "strength"

    @cached_property
    def weak_bullets(self) -> int:
        return sum(1 for f in self.summary.findings if f.score < 0 or f.label == "weakness")


_WORDS = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
_QUOTED = re.compile(r'^"(.+?)[,.]?" (?:said the report|the report concluded)\.$')


def _pairs(text: str) -> set[tuple[str, str]]:
    toks = _WORDS.findall(text.lower().replace("\u2019", "'"))
    return set(zip(toks, toks[1:], strict=False))


def _split(paragraph: str) -> list[str]:
    if paragraph.startswith(('"', "\u201c")):
        return [paragraph]
    return split_sentences(paragraph)


FaultCheck = Callable[[Draft], "str | None"]
FAULTS: dict[str, tuple[str, FaultCheck]] = {}


def fault(name: str, what: str) -> Callable[[FaultCheck], FaultCheck]:
    """Register a detector: it returns what is wrong with the draft (a few words), or None."""
    def register(check: FaultCheck) -> FaultCheck:
        FAULTS[name] = (what, check)
        return check
    return register


# How Ofsted writes background: the context, the pandemic, how services are organised or
# delivered, the council's own view, what happened before the visit.
BACKGROUND = re.compile("|".join([
    r"\b(?:covid(?:-19)?|coronavirus|pandemic|lockdowns?)\b",
    r"\boutsourc\w*", r"\bdelegated to\b", r"\bon behalf of\b", r"\bindependent (?:provider|trust)\b",
    r"\barrangement with\b", r"\b(?:re-?organi[sz]ation|restructur\w*)\b",
    r"\b(?:challenging|difficult|unprecedented) (?:year|period|time|times)\b",
    r"\b(?:has|have) (?:recently )?(?:been appointed|undergone|completed a review)\b",
    r"^(?:a|the) (?:significant |rapid |sharp |considerable )?(?:rise|increase) in (?:demand|referrals)\b",
    r"\bgeographical area\b|\bdeprivation\b",
    r"\b(?:recognised|acknowledged?|identified) that\b[^.]*\b(?:was|were|had been)\b",
]), re.I)
# The council's own view of itself is background whatever it says.
OWN_VIEW = re.compile(r"\bself-(?:evaluation|assessment)s?\b|\bown (?:analysis|evaluation|assessment|audit)s?\b", re.I)
# A past inspection's verdict ...
PAST_VERDICT = re.compile(r"\b(?:was|were|had been) (?:last )?(?:judged|found|rated|graded|assessed|inspected)\b|"
                          r"\blast inspected\b|\binspection\b[^,.]{0,40}\b(?:found|took place)\b", re.I)
# ... is news only with the change since then, or the state it still is in.
CHANGE = re.compile(r"\b(?<!requires )(?<!require )(?<!required )(?<!requiring )(?:improv\w*|"
                    r"(?<!experiences and )(?<!experience and )progress\w*|declin\w*|deteriorat\w*|strengthen\w*|weaken\w*|sustain\w*|"
                    r"maintain\w*|better|worse|turned around|transformed|no longer)\b", re.I)
STILL = re.compile(r"\b(?:since|now|remains?|remained|continues?|continued|still|as was the case)\b", re.I)
# Background that opens the sentence ("In 2015-16, ...", "Last summer, ...") is background
# whatever follows; elsewhere it is background unless the sentence judges a change.
FRONTED = re.compile(r"^(?:in|at|during|by|throughout|following|after) (?:the |a )?(?:[\w-]+ ){0,4}(?:19|20)\d\d\b|"
                     r"^(?:last|this|early this|earlier this) (?:summer|spring|autumn|winter|year)\b|"
                     r"^(?:on|at) the (?:last|previous) (?:full )?(?:ofsted )?(?:inspection|visit)\b|"
                     r"^(?:over|throughout|during|in) the previous ", re.I)
# A lead told in the past tense alone says how things were, not how they are (unless it is
# what the visit saw: "were seen to be working well").
SEEN = re.compile(r"\b(?:seen|found) to be\b", re.I)
PAST_FORM = re.compile(r"\b(?:was|were|had|led|did)\b", re.I)
PRESENT_FORM = re.compile(r"\b(?:is|are|has|have|remains?|continues?|does|do|can|will|receives?|benefits?|"
                          r"provides?|ensures?|requires?)\b", re.I)


def background(text: str) -> str | None:
    """What makes a sentence background rather than the verdict, if anything."""
    fronted, topic = FRONTED.search(text) or OWN_VIEW.search(text), BACKGROUND.search(text)
    if fronted and not (text.lower().startswith(("following", "after")) and CHANGE.search(text)):
        return f"background ({fronted.group(0)!r})"
    if topic and not CHANGE.search(text):
        return f"background ({topic.group(0)!r})"
    if PAST_VERDICT.search(text) and not (CHANGE.search(text) or STILL.search(text)):
        return "a past inspection's verdict told as if current"
    if PAST_FORM.search(text) and not PRESENT_FORM.search(text) and not CHANGE.search(text) \
            and not SEEN.search(text):
        return "how things were (past tense alone)"
    return None


def _no_verdict(d: Draft, text: str) -> bool:
    """Neither a judgement nor a change: the scorer finds the sentence neutral."""
    return d.polarity(text) == "neutral" and not CHANGE.search(text)


@fault("background_lead", "the lead is background or history, not the verdict")
def _background_lead(d: Draft) -> str | None:
    if not d.summary.lead:
        return None
    return background(d.lead_body) or ("no verdict (a neutral sentence)" if _no_verdict(d, d.lead_body) else None)


_GENERIC = {"city", "north", "south", "east", "west", "royal", "borough", "london", "county", "the", "of", "and"}


def names_council(text: str, la: str) -> bool:
    """The authority's name, or its distinctive first word ("Southend" for Southend-on-Sea)."""
    low, name = text.lower(), la.lower()
    if not name or name in low:
        return True
    first = next((w for w in re.split(r"[\s-]+", name) if w not in _GENERIC), "")
    return len(first) >= 4 and re.search(rf"\b{re.escape(first)}", low) is not None


@fault("lead_without_council", "the lead does not name the council")
def _lead_without_council(d: Draft) -> str | None:
    return None if not d.summary.lead or names_council(d.summary.lead, d.la) else "no council in the lead"


WARNED = re.compile(r", (?:Ofsted|inspectors) (?:has|have) warned\b[^,]*\.$")
BETTER = re.compile(r"\bno longer\b|\b(?:has|have) (?:\w+ly )?(?:improved|progressed|strengthened)\b|"
                    r"\bimprovements? (?:has|have) been\b|\bprogress (?:has|have) been\b|\bmade \w* ?progress\b", re.I)
WORSE = re.compile(r"\bnot\b|\btoo\b|\bdeclin|\bdeteriorat|\bweak|\binadequate\b|\bpoor|\bfail|\bserious", re.I)


@fault("attribution_misfit", "the attribution does not fit the news (\"warned\" on progress or background)")
def _attribution_misfit(d: Draft) -> str | None:
    if not WARNED.search(d.summary.lead):
        return None
    if BETTER.search(d.lead_body) and not WORSE.search(d.lead_body):
        return "warned on progress"
    if background(d.lead_body):
        return "warned on background"
    if d.polarity(d.summary.lead) == "strength":
        return "warned on a strength"
    return None


REPORTING = re.compile(r"\b(?:inspectors|this visit|the visit|this inspection|the inspection|this focused visit|"
                       r"ofsted)\b[^,.]{0,30}\b(?:found|identified|saw|noted|observed|concluded)\b|"
                       r"^(?:at|during) (?:this|the) (?:focused |monitoring )?(?:visit|inspection),", re.I)


@fault("double_attribution", "a sentence that reports Ofsted's finding is attributed again")
def _double_attribution(d: Draft) -> str | None:
    for sentence in d.opening:
        if ATTRIBUTION.search(sentence) and REPORTING.search(ATTRIBUTION.sub("", sentence)):
            return sentence[:90]
    return None


POSITIVE_HEAD = re.compile(r"\b(?:praises?|makes progress|improves|improved|strengthens)\b", re.I)
PRAISE_HEAD = re.compile(r"^(?:Ofsted praises|Inspectors praise)\b")
NEGATIVE_HEAD = re.compile(r"\b(?:finds? (?:weaknesses|decline)|declines)\b", re.I)
GRADED_HEAD = re.compile(r"\b(?:rated|require improvement|requires improvement|remain|remains|improves from|"
                         r"declines from)\b")


# How Ofsted says a shortfall is serious, not a detail: praise cannot head it.
SERIOUS = re.compile(r"\btoo (?:variable|inconsistent|slow|many|high|weak|few)\b|\bserious\b|\bwidespread\b|"
                     r"\bnot (?:yet )?(?:good|strong|effective|consistent|robust|timely) enough\b|\binadequate\b|"
                     r"\b(?:remains?|is|are) (?:poor|weak)\b", re.I)


def _clear_weakness(d: Draft, text: str) -> bool:
    s = d.source(text)
    return s is not None and s.assessment.polarity == "weakness" and s.assessment.score <= -0.5


@fault("headline_contradicts", "the headline says the opposite of the lead or the opening's weakness")
def _headline_contradicts(d: Draft) -> str | None:
    head = d.summary.headline
    if d.grade and GRADED_HEAD.search(head):
        return None  # the grade is the verdict
    lead = d.polarity(d.summary.lead)
    template = POSITIVE_HEAD.search(head) or NEGATIVE_HEAD.search(head)
    head_pol = ("strength" if POSITIVE_HEAD.search(head) else "weakness") if template else d.polarity(head)
    if head_pol == "strength" and lead == "weakness" and d.source(d.summary.lead).assessment.label != "mixed":
        return "positive headline, negative lead"
    if head_pol == "weakness" and lead == "strength" and d.polarity(d.however) != "weakness":
        return "negative headline, positive lead and no weakness after it"
    told = [*d.opening, *([d.however] if d.however else [])]
    serious = next((s for s in told if SERIOUS.search(s) and _clear_weakness(d, s)), None)
    if PRAISE_HEAD.search(head) and serious:
        return f"praise over {serious[:80]!r}"
    return None


# A list or phrase that goes on past the cut: ", referral and assessment", " and those ...", " of ...".
LIST_GOES_ON = re.compile(r"^,\s*(?!(?:when|which|who|where|while|as|but|and|with|although|because|so|including|"
                          r"particularly|especially)\b)[\w'\u2019-]+(?:\s+[\w'\u2019-]+){0,2},?\s+(?:and|or)\b")
PHRASE_GOES_ON = re.compile(r"^\s+(?:and|or|of|to|for)\b|^/")
SERVICE = re.compile(r"(?:makes progress in|praises?|weaknesses in|decline in|strengths and weaknesses in) "
                     r"(?:services for )?(.+?)(?: in [A-Z].*)?$")


@fault("headline_cut", "the headline is cut mid-phrase")
def _headline_cut(d: Draft) -> str | None:
    head = d.summary.headline
    focus = (d.letter.metadata.focus or "").lower()
    m = SERVICE.search(head)
    if m and focus:
        svc = m.group(1).lower().strip("'\u2018\u2019 ")
        k = focus.find(svc)
        if k >= 0 and LIST_GOES_ON.match(focus[k + len(svc):]):
            return f"{svc!r} of {focus[:80]!r}"
    suffix = f" in {d.la}"
    for body in dict.fromkeys([head, head[: -len(suffix)] if d.la and head.endswith(suffix) else head]):
        for s in d.sentences:
            k = s.text.find(body) if len(body.split()) >= 4 else -1
            rest = s.text[k + len(body):] if k >= 0 else ""
            if k >= 0 and (LIST_GOES_ON.match(rest) or PHRASE_GOES_ON.match(rest)):
                return f"cut from {s.text[:90]!r}"
        if any(body in s.text for s in d.sentences):
            break
    return None


@fault("positive_however", "`However,` is a strength while the lead and the list do not both carry weaknesses")
def _positive_however(d: Draft) -> str | None:
    if d.polarity(d.however) != "strength":
        return None
    if d.lead_polarity == "weakness" and d.weak_bullets:
        return None
    return (d.however or "")[:90]


@fault("no_weakness_shown", "a report that requires improvement or is inadequate shows no weakness")
def _no_weakness_shown(d: Draft) -> str | None:
    if d.grade not in ("requires improvement", "inadequate"):
        return None
    told = [*d.opening, *(d.summary.however and _split(d.summary.however[0]) or [])]
    if d.weak_bullets or any(d.polarity(s) == "weakness" for s in told):
        return None
    return d.grade


LEANS_BACK = re.compile(r"^[^,]{0,40}\b(?:therefore|as a result|consequently|also)\b|^to address (?:this|these|them)\b|"
                        r"^in response\b(?! to)", re.I)


@fault("points_back", "the quote or `However,` points back at a sentence the draft does not have")
def _points_back(d: Draft) -> str | None:
    for text in [*d.summary.quotes[:1], re.sub(r"^However,\s*", "", d.however or "")]:
        if text and (POINTS_BACK.match(text) or LEANS_BACK.match(text)):
            return text[:90]
    return None


# ---- issue 17, second half: recommendations, names, furniture, findings, headline length and repeats

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


def _paragraph_openings(d: Draft, unquoted: bool = False) -> list[tuple[str, set[tuple[str, str]]]]:
    """Each paragraph's first sentence (out of its quotation marks and attribution when
    `unquoted`) and its word pairs."""
    out = []
    for paragraph in d.summary.paragraphs:
        body = re.sub(r'^["“]|[”"],? said the report\.$', "", paragraph) if unquoted else paragraph
        first = re.split(r"(?<=[.!?])\s+", body)[0]
        out.append((first, _pairs_of(first)))
    return out


@fault("headline_repeated", "the headline is said again as a paragraph of the draft")
def _headline_repeated(d: Draft) -> str | None:
    la = d.letter.metadata.local_authority or ""
    head = d.summary.headline
    head = head[: -len(f" in {la}")] if la and head.endswith(f" in {la}") else head
    mine = _pairs_of(head)
    if len(mine) < 4:
        return None
    for first, theirs in _paragraph_openings(d):
        if theirs and len(mine & theirs) / len(mine) >= 0.8 and len(mine) / len(theirs) >= 0.6:
            return first[:80]
    return None


@fault("lead_repeated", "a later paragraph of the opening (the quote too) says the lead again")
def _lead_repeated(d: Draft) -> str | None:
    mine = _pairs_of(d.lead_body)
    if len(mine) < 4:
        return None
    for first, theirs in _paragraph_openings(d, unquoted=True):
        if theirs and len(mine & theirs) / min(len(mine), len(theirs)) >= 0.8:
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


# ---------------------------------------------------------------- the run

SETS = {"corpus": CORPUS, "stories": SHARED / "stories" / "documents"}


def documents() -> dict[Path, str]:
    """Every document drafted: the corpus's and the site's stories' extra documents."""
    out = {p: "corpus" for p in corpus_documents()}
    out.update({p: "stories" for p in sorted(SETS["stories"].glob("*.pdf"))})
    return out


@dataclass
class Tally:
    """What one run found: defects, faults and faithfulness."""

    verbose: bool
    defects: int = 0
    lengths: list[int] = field(default_factory=list)
    unfaithful: list[tuple[Path, list[str]]] = field(default_factory=list)
    drafted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SETS, 0))
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: {n: dict.fromkeys(SETS, 0) for n in FAULTS})
    cases: list[str] = field(default_factory=list)
    counterpoints: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SETS, 0))

    def add(self, where: str, name: Path, d: Draft) -> None:
        from cf.summarise.faithful import check

        self.drafted[where] += 1
        self.counterpoints[where] += d.polarity(d.however) == "strength"
        for fault_name, what in faults(d).items():
            self.counts[fault_name][where] += 1
            self.cases.append(f"  {fault_name}: {where}/{name}: {what}")
        if where != "corpus":
            return  # the issue 8 figures stay those of the corpus
        problems = defects(d.letter, d.summary)
        self.defects += len(problems)
        if problems and self.verbose:
            print(f"  {name}: {'; '.join(problems)}\n      {d.summary.headline!r}\n      {d.summary.lead[:160]!r}")
        if d.summary.recommendation_sentence:
            self.lengths.append(len(d.summary.recommendation_sentence.split()))
        if check(d.summary, d.letter):
            self.unfaithful.append((name, check(d.summary, d.letter)))

    def report(self, cases: bool) -> None:
        lengths = sorted(self.lengths)
        p95 = lengths[min(len(lengths) - 1, int(0.95 * len(lengths)))] if lengths else 0
        n = self.drafted["corpus"]
        print(f"Drafts of {n} corpus documents:")
        print(f"  headline and lead defects: {self.defects} (goal 0)")
        print(f"  recommendations sentence: median {statistics.median(lengths) if lengths else 0:.0f} words, "
              f"95th percentile {p95}, longest {lengths[-1] if lengths else 0} (goal <= 70 at the 95th; "
              f"n={len(lengths)})")
        print(f"  faithful: {n - len(self.unfaithful)}/{n} (goal 100%)")
        for name, problems in self.unfaithful:
            print(f"    UNFAITHFUL {name}: {problems[0][:200]}")
        print(f"Faults in the drafts of {n} corpus documents and {self.drafted['stories']} story documents "
              f"(stories/documents):")
        print(f"  {'':22} {'corpus':>6} {'stories':>7}")
        for fault_name, (what, _) in FAULTS.items():
            c = self.counts[fault_name]
            print(f"  {fault_name:22} {c['corpus']:6d} {c['stories']:7d}  {what}")
        print(f"  (not a fault) `However,` a strength, as the scorer reads it: {self.counterpoints['corpus']} corpus, "
              f"{self.counterpoints['stories']} stories")
        if cases:
            print("\n".join(sorted(self.cases)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quiet", action="store_true", help="counts only")
    ap.add_argument("--cases", action="store_true", help="each fault found, draft by draft")
    ap.add_argument("--dump", type=Path, metavar="DIR", help="write every draft's text into DIR")
    args = ap.parse_args(argv)
    which = documents()
    tally = Tally(verbose=not args.quiet)
    for path, letter in letters(which).items():
        where = which[path]
        name = path.relative_to(SETS[where])
        if isinstance(letter, Exception):
            print(f"  not read: {where}/{name}: {letter}")
            continue
        try:
            sentences, summary = draft(letter)
        except Exception as error:  # a document with no draft
            print(f"  not drafted: {where}/{name}: {error}")
            continue
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            (args.dump / f"{where}__{str(name).replace('/', '__')}.txt").write_text(summary.text, encoding="utf-8")
        tally.add(where, name, Draft(path, letter, summary, sentences))
    tally.report(args.cases)
    return 0


if __name__ == "__main__":
    sys.exit(main())
