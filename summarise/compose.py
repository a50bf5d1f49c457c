"""Compose stage: Letter + assessed sentences -> Summary, the story draft in the house style.

Every sentence of the draft is a sentence of the letter (trimmed at most), or one of the
fixed templates that `cf.summarise.faithful` knows (attributions, the `However,` opener,
the recommendations sentence, context built from metadata). The order follows STYLE.md:
headline, lead, context, quote, extra overview, findings list, `However,`, recommendations,
closing quote, link line.

Picking rules, in short (each function below says why):
- lead: the overview's first claim that is not just history ("X was last inspected in ...")
  and does not lean on the sentence before it ("This ..."); a graded report leads with its
  grade. The headline is the lead's claim trimmed (or a later claim that trims cleanly).
- findings list: the first sentence of findings that open with a strength or with progress
  ("Progress has been made ..., but ..."), ranked by news value (change, figures, teams,
  timescales, names, the visit's focus area, first in its section; caveats and long
  sentences lose), spread through the letter, no near-duplicates, source order kept. A
  monitoring visit or a damning verdict lists key findings of both kinds.
- `However,`: the headline findings' weaknesses and the findings that open with one, clear
  weaknesses before caveated progress; every weakness stays in `Summary.weaknesses`.
- recommendations: every item of the improve list, folded under one "improve".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from cf.models import DraftFinding, Finding, Letter, Section, Sentence, Style, Summary
from cf.summarise import faithful as T

# ---------------------------------------------------------------- sections and roles

_ROLE_BY_HEADING: list[tuple[str, re.Pattern[str]]] = [
    ("improve", re.compile(r"what (?:needs|does .{0,40}need) to (?:improve|do)|areas? for (?:priority )?"
                           r"(?:action|improvement|development)|^recommendations?\b|need to improve", re.I)),
    ("overview", re.compile(r"^(?:overview|headline findings|summary of (?:findings|judgements)|"
                            r"executive summary|overall effectiveness\b)", re.I)),
    ("judgement", re.compile(r"^the (?:experiences and progress|impact of leaders)", re.I)),
    ("findings", re.compile(r"findings|evaluation of progress|^strengths\b|^progress\b", re.I)),
    ("summary", re.compile(r"^(?:in )?summary|^conclusion", re.I)),
    ("signoff", re.compile(r"^yours sincerely|^yours faithfully", re.I)),
]


def section_role(section: Section, index: int = 1) -> str:
    """The structure stage's role when it set one, else a guess from the heading's wording."""
    role = getattr(section, "role", "other") or "other"
    if role == "overview" and re.match(r"^(?:main )?findings\b", section.heading.strip(), re.I):
        return "findings"  # "Main findings" holds the findings, not the headline findings
    if role != "other":
        return role
    heading = section.heading.strip()
    for name, pattern in _ROLE_BY_HEADING:
        if pattern.search(heading):
            return name
    if re.match(r"^dear\b", heading, re.I) or (index == 0 and not heading):
        return "intro"
    return "other"


# ---------------------------------------------------------------- polarity

# For telling a finding whose caveat comes after a contrast ("..., but not for all
# children") from plain progress, when picking bullets; the judging is the scorer's.
_NEG = re.compile(
    r"\b(?:not (?:yet|always|all|consistently|sufficiently|routinely|enough|clear|robust|"
    r"timely|effective|evident|recorded|being)|no evidence|too (?:many|long|slow|variable|much)|"
    r"inconsisten\w*|variab\w*|weak\w*|poor\w*|delay\w*|drift|lack\w*|limited|insufficient\w*|"
    r"deteriorat\w*|declin\w*|fail\w*|inadequate|shortfall\w*|gaps?|concern\w*|missed|"
    r"does not|do not|did not|is not|are not|have not|has not|cannot|few|unclear|"
    r"requires? improvement|need(?:s)? to (?:improve|be)|further work|still more to do)\b",
    re.I,
)
_CONTRAST = re.compile(r"\b(?:although|but|however|though|while|despite)\b", re.I)


def polarity(sentence: Sentence) -> tuple[str, float, bool]:
    """(strength | weakness | neutral, score, mixed?) as the scorer judged the sentence."""
    a = sentence.assessment
    return a.polarity, a.score, a.label == "mixed"


# ---------------------------------------------------------------- the document model used here

@dataclass
class Item:
    """One sentence with where it sits in the letter."""

    sentence: Sentence
    role: str
    section_index: int
    unit: int  # index of its block in Letter.blocks(): one finding = one block
    first: bool  # first sentence of its block
    pol: str
    score: float
    mixed: bool = False

    @property
    def text(self) -> str:
        # An opening quote mark the sentence splitter left at the end belongs to the next one.
        return re.sub(r"\s*[\u2018\u201c'\"(]+$", "", self.sentence.text.strip())


@dataclass
class Doc:
    letter: Letter
    items: list[Item]
    la: str
    kind: str
    proper: set[str] = field(default_factory=set)

    def by_role(self, *roles: str) -> list[Item]:
        return [i for i in self.items if i.role in roles]


# Sign-off formulas and licence lines that are never news (whatever section they land in).
_BOILERPLATE = re.compile(r"^(?:Ofsted will take the findings|Yours sincerely|Yours faithfully|If you have any|"
                          r"This publication is available|You may reuse this|© Crown copyright)", re.I)


def build_doc(letter: Letter, sentences: list[Sentence]) -> Doc:
    blocks = letter.blocks()
    sec_index = {id(s): n for n, s in enumerate(letter.sections)}
    roles = {id(s): section_role(s, n) for n, s in enumerate(letter.sections)}
    # Before the first overview/findings, an untitled or "other" section is the letter's intro.
    seen_body = False
    for s in letter.sections:
        r = roles[id(s)]
        if r in ("overview", "improve", "findings", "judgement"):
            seen_body = True
        elif r == "other" and not seen_body and s.blocks and _looks_intro(s):
            roles[id(s)] = "intro"
    items: list[Item] = []
    for s in sentences:
        if not 0 <= s.block_index < len(blocks) or not s.text.strip() or _BOILERPLATE.match(s.text.strip()):
            continue
        section, block = blocks[s.block_index]
        if block.kind == "heading":
            continue
        pol, score, mixed = polarity(s)
        # "Progress has been made ..., but ...": progress with a caveat is mixed, whatever
        # single label it got; writers list it as progress and do not lead the weaknesses with it.
        mixed = mixed or (pol == "weakness" and _CONTRAST.search(s.text) is not None and progress_first(s.text))
        items.append(Item(s, roles[id(section)], sec_index[id(section)], s.block_index,
                          s.index_in_block == 0, pol, score, mixed))
    la = letter.metadata.local_authority.strip() or _la_from_title(letter.metadata.title)
    return Doc(letter, items, la, letter.metadata.kind, _proper_words(letter))


def _looks_intro(section: Section) -> bool:
    text = " ".join(b.norm for b in section.blocks).lower()
    return "this letter summarises" in text or "inspectors looked at" in text or "inspection took place" in text


def _la_from_title(title: str) -> str:
    m = re.search(r"(?:visit (?:to|of)|inspection of)\s+(.+?)(?:\s+local authority)?\s+children.s services", title, re.I)
    return m.group(1).strip() if m else ""


def _proper_words(letter: Letter) -> set[str]:
    """Words the letter capitalises mid-sentence (names, acronyms): never lower-cased."""
    upper: set[str] = set()
    lower: set[str] = set()
    for _, block in letter.blocks():
        tokens = block.norm.split()
        for prev, word in zip(tokens, tokens[1:]):
            word = re.sub(r"\W+$", "", word)
            if word[:1].isupper() and not prev.endswith((".", "?", "!", ":")):
                upper.add(word)
            elif word[:1].islower():
                lower.add(word)
    # "Police" in "Metropolitan Police" is a name there, but not where "police" is common.
    return {w for w in upper if w.lower() not in lower or w.isupper()}


# ---------------------------------------------------------------- helpers

_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*")
_STOP = set("the a an and or of to in on for with by at is are was were be been has have had that this "
            "these those their they them it its as from who which when where not all most some".split())


def words(text: str) -> int:
    """Words as a writer counts them: whitespace-separated, "multi-agency" is one."""
    return sum(1 for token in text.split() if re.search(r"[A-Za-z0-9]", token))


def content(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 2}


def _bigrams(text: str) -> set[tuple[str, str]]:
    toks = [w.lower() for w in _WORD.findall(text)]
    return set(zip(toks, toks[1:]))


def similar(a: str, b: str) -> float:
    """Shared word pairs over the shorter text's: near 1 for the same point in the same words
    (topic words alone, such as "help and protection", do not make two findings the same)."""
    ba, bb = _bigrams(a), _bigrams(b)
    return len(ba & bb) / min(len(ba), len(bb)) if ba and bb else 0.0


def lower_first(text: str, proper: set[str]) -> str:
    """Lower-case the first letter unless the first word is a name or an acronym."""
    first = re.sub(r"\W+$", "", text.split(" ", 1)[0])
    if not first or first in proper or (len(first) > 1 and first[:2].isupper()) or first == "I":
        return text
    return text[0].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def strip_stop(text: str) -> str:
    return re.sub(r"[.!?]+$", "", text.strip())


_HISTORY = re.compile(r"\b(?:last|previous|previously) (?:full )?(?:inspect|ilacs|focused|visit|monitoring)|"
                      r"\bwas judged|\bwere judged|\bwere found to\b|\bwhen (?:the )?overall effectiveness|"
                      r"\binspection in (?:[A-Z][a-z]+ )?(?:19|20)\d\d\b[^.]*\b(?:found|judged|rated)\b", re.I)


# ---------------------------------------------------------------- picking

def overview_items(doc: Doc) -> list[Item]:
    items = doc.by_role("overview")
    if not items:
        # Reports without an overview heading: the paragraphs before the first list/findings.
        first_body = min((i.section_index for i in doc.items if i.role in ("improve", "findings", "judgement")),
                         default=None)
        items = [i for i in doc.items if i.role == "other" and first_body is not None
                 and i.section_index < first_body and i.sentence.block_kind == "paragraph"]
    if not items:
        # No overview at all (some letters open straight on their findings): the first two
        # findings paragraphs play its part.
        units = sorted({i.unit for i in doc.items if i.role in ("findings", "judgement")})[:2]
        items = [i for i in doc.items if i.unit in units]
    return items


def pick_lead(doc: Doc, overview: list[Item]) -> Item | None:
    """The letter's headline judgement: the first evaluative overview sentence that is not
    just history (when it was last inspected and how it was judged)."""
    for item in overview:
        if _ANAPHORIC.match(item.text):
            continue
        if item.pol != "neutral" and not (_HISTORY.search(item.text) and words(item.text) < 45
                                          and not _has_present_claim(item.text)):
            return item
    return overview[0] if overview else None


def _has_present_claim(text: str) -> bool:
    """History sentences often carry the current verdict after a comma ("Since 2017, X has...")."""
    return bool(re.search(r"^(?:since|following|despite|at this)\b", text, re.I))


def finding_units(doc: Doc) -> list[list[Item]]:
    """Each block of a findings (or graded area) section is one finding, sentences in order."""
    units: dict[int, list[Item]] = {}
    for item in doc.items:
        if item.role in ("findings", "judgement"):
            units.setdefault(item.unit, []).append(item)
    return [units[k] for k in sorted(units)]


_SPECIFIC = re.compile(
    r"\d|\b(?:team|teams|panels?|hubs?|units?|trackers?|officers?|weeks?|days?|months?|years?|miles|"
    r"timescales?|since the last inspection|new|newly|recent(?:ly)?|appointed|investment)\b|\b[A-Z]{2,}s?\b")


_PROGRESS = re.compile(r"\b(?:progress|improv(?:ed|ing|ement|ements)|strengthened|developed|introduc\w*|created|"
                       r"established|transformed|reduced|increased|increasing)\b", re.I)


def caveat(text: str) -> bool:
    """A claim with a shortfall after its contrast word ("improving, although not yet ...")."""
    m = _CONTRAST.search(text)
    return bool(m and m.start() > 0 and _NEG.search(text[m.end():]))


def progress_first(text: str) -> bool:
    """Progress stated before any caveat: news for the findings list even when caveated."""
    m = _CONTRAST.search(text)
    return bool(_PROGRESS.search(text[: m.start()] if m else text))


def area_terms(doc: Doc) -> set[str]:
    """The distinctive words of what the visit looked at ("disabled" in "children in care,
    including disabled children"): findings about the focus area are news."""
    area = doc.letter.metadata.area or ""
    return content(area) - {"children", "child", "young", "people", "care", "services", "including", "need"}


def news_value(unit: list[Item], doc: Doc, section_first: bool) -> float:
    """How much a finding carries news: change and progress, specifics (figures, teams,
    timescales, names), the visit's focus, position in its section, a clean claim."""
    head = unit[0]
    text = head.text
    value = 1.0 + 0.3 * min(abs(head.score), 1.0)
    value += 0.25 * min(len(_SPECIFIC.findall(text)), 3)
    value += 0.4 if progress_first(text) else 0.0
    value += 0.4 if content(text) & area_terms(doc) else 0.0
    value += 0.2 if any(w in doc.proper for w in _WORD.findall(text)) else 0.0
    value += 0.5 if section_first else 0.0
    value -= 0.4 if caveat(text) else 0.0
    n = words(text)
    value -= 0.6 if n > 40 else 0.3 if n > 30 else 0.0
    value -= 0.6 if n < 7 else 0.0
    return value


def bullet_text(unit: list[Item]) -> str:
    """The finding's first sentence, or its first two when the first is very short."""
    text = unit[0].text
    if words(text) < 9 and len(unit) > 1 and unit[1].pol != "weakness" and words(unit[1].text) < 30:
        text = f"{text} {unit[1].text}"
    return text


SPREAD = 0.5  # how much a finding loses for sitting next to one already picked


def pick_bullets(doc: Doc, units: list[list[Item]], avoid: list[str], style: Style,
                 allow_weak: bool = False) -> list[list[Item]]:
    """The findings list: mostly strengths and progress; for a monitoring visit (or a letter
    with too few strengths to fill it), key findings of either kind. Ranked by news value,
    near-duplicates dropped, source order kept."""
    allow_weak = allow_weak or doc.kind == "monitoring_visit"
    firsts: set[int] = set()
    seen_sections: set[int] = set()
    for unit in units:
        if unit[0].section_index not in seen_sections:
            seen_sections.add(unit[0].section_index)
            firsts.add(unit[0].unit)
    candidates = [u for u in units if u[0].first and (
        u[0].pol == "strength" or (u[0].mixed and progress_first(u[0].text)) or (allow_weak and u[0].pol == "weakness"))]
    value = {id(u): news_value(u, doc, u[0].unit in firsts) for u in candidates}
    position = {id(u): n / max(1, len(units)) for n, u in enumerate(units)}
    slot = 1.0 / max(1, style.max_bullets)
    chosen: list[list[Item]] = []
    per_section: dict[int, int] = {}
    cap = max(2, -(-style.max_bullets // max(1, len(seen_sections))) + 1) if len(seen_sections) > 1 else style.max_bullets
    pool = list(candidates)
    while pool and len(chosen) < style.max_bullets:
        # A writer reads the whole letter: highlights spread through it beat a cluster.
        def gain(u: list[Item]) -> float:
            near = min((abs(position[id(u)] - position[id(c)]) for c in chosen), default=1.0)
            return value[id(u)] - SPREAD * max(0.0, 1.0 - near / slot)
        unit = max(pool, key=gain)
        pool.remove(unit)
        text = bullet_text(unit)
        if any(similar(text, other) > 0.5 for other in avoid + [bullet_text(c) for c in chosen]):
            continue
        if per_section.get(unit[0].section_index, 0) >= cap:
            continue
        per_section[unit[0].section_index] = per_section.get(unit[0].section_index, 0) + 1
        chosen.append(unit)
    return sorted(chosen, key=lambda u: u[0].unit)


_ANAPHORIC = re.compile(r"^(?:this|these|that|those|they|it|its|their|such|he|she)\b", re.I)


def pick_weaknesses(doc: Doc, units: list[list[Item]], overview: list[Item]) -> list[Item]:
    """Every weakness the story must not drop, in priority order: findings that open with
    a weakness, then the overview's (headline findings') weaknesses, then weaknesses inside
    findings when there are fewer than two."""
    opening = [u[0] for u in units if u[0].first and u[0].pol == "weakness"]
    headline = [i for i in overview if i.pol == "weakness"]
    # Headline findings first, then findings that open with a weakness; clear weaknesses
    # before caveated progress ("improving, although ..."), source order kept within each.
    out = [i for i in headline if not i.mixed] + [i for i in opening if not i.mixed]
    out += [i for i in headline if i.mixed] + [i for i in opening if i.mixed]
    if len(out) < 2:
        inner = [i for u in units for i in u[1:] if i.pol == "weakness"]
        out.extend(sorted(inner, key=lambda i: i.score)[: 2 - len(out)])
    return out


def however_items(weak: list[Item], used: list[str], limit: int = 2) -> list[Item]:
    """The `However,` paragraph: the first weaknesses that stand alone (no "This ..."), not
    already in the story."""
    out: list[Item] = []
    for item in weak:
        if len(out) >= limit:
            break
        if _ANAPHORIC.match(item.text) or words(item.text) > 45:
            continue
        if any(similar(item.text, u) > 0.5 for u in used + [o.text for o in out]):
            continue
        out.append(item)
    return out


# ---------------------------------------------------------------- recommendations

_IMPROVE_VERB = re.compile(r"^(?:to )?(?:improve|improving|improvement in|improvements in|improvement of)\s+", re.I)


def improve_items(doc: Doc) -> list[str]:
    """The letter's "what needs to improve" list, one string per item (whole blocks)."""
    blocks = doc.letter.blocks()
    units = sorted({i.unit for i in doc.by_role("improve")})
    listed = [k for k in units if blocks[k][1].kind in ("bullet", "numbered")]
    # A list is the list; narrative paragraphs around it (or a section of prose that is not
    # a list at all) are not items. A lead-in paragraph ending with ":" still counts.
    if listed:
        units = [k for k in units if k in listed or blocks[k][1].text.rstrip().endswith(":")]
    else:
        units = [k for k in units if words(blocks[k][1].text) <= 40]
    return [blocks[k][1].text.strip() for k in units]


_VERB_ITEM = re.compile(r"^(?:ensur|strengthen|develop|increas|reduc|embed|review|make|provide|establish|"
                        r"continue|address|take|secure|prioritis|implement|promot|us(?:e|ing)\b|put|ke(?:ep|eping)\b|"
                        r"consider|recruit|undertake|complete|identify|respond|monitor|tackle|agree|commission|"
                        r"engag|raise|extend|enable|evaluat|analys|clarif|publish|produc|updat|sustain|build|"
                        r"involv|offer|invest|assess|minimis|maximis|captur|focus|align|revis|accelerat)\w*\b", re.I)
# "The local authority needs to take swift action ..., including:" -> "take swift action ..."
_MODAL_LEAD = re.compile(r"^.{0,60}?\b(?:needs to|need to|should|must)\s+(?P<verb>[a-z].+)$")
# An item that is a whole clause ("Supervision of cases should be reflective ...", "That
# children ...") cannot fold under "should improve": it is kept verbatim.
_CLAUSE = re.compile(r"^(?!how\b|what\b|whether\b|why\b|the extent\b)(?:that\b|although\b|while\b|whilst\b|"
                     r"despite\b|when\b|where\b|if\b|"
                     r"(?:(?!which\b|that\b|who\b|where\b)\S+ ){1,10}(?:should|must|needs? to|do not|does not|are not|is not|has not|have not|has yet)\b|"
                     # the verb of a relative clause ("arrangements which ensure that all
                     # partners have ...") leaves the item a noun phrase
                     r"(?:(?!which\b|that\b|who\b|where\b|whom\b)\S+ ){1,8}(?:is|are|was|were|has|have|had)\b)", re.I)
_PURPOSE = re.compile(r",\s*(?:so that|in order to|to ensure|which|where|including:?$)")


def recommendation_phrases(items: list[str], proper: set[str]) -> tuple[list[tuple[bool, str]], list[str]]:
    """(under "improve", phrase) for each item that folds into one sentence, and the items
    that do not (whole clauses such as "Supervision should be reflective"), kept verbatim.

    Folding: full stops and a trailing acronym gloss dropped, the first letter lower-cased
    unless a name, the item's own improve verb folded into the sentence's one "improve", a
    long item trimmed before its purpose clause ("..., so that ...")."""
    out: list[tuple[bool, str]] = []
    verbatim: list[str] = []
    if _narrative(items):
        # Older letters put prose findings under "Areas for improvement": not a list to fold.
        firsts = [strip_stop(raw.split(". ")[0]) for raw in items if raw[:1].isupper()]
        return [], firsts
    for raw in items:
        if _SUBHEADING.match(raw.strip()):
            continue  # "Looked After Children": a heading inside an older report's list
        text = strip_stop(raw.split(". ")[0]).rstrip(":").strip()  # the item's first sentence
        text = re.sub(r",?\s*including$", "", text)
        text = re.sub(r"\s*\([^()]*\)$", "", text)  # an acronym gloss or a framework reference
        if words(text) > 25:
            m = _PURPOSE.search(text)
            if m and words(text[: m.start()]) >= 6:
                text = text[: m.start()]
        lead = _MODAL_LEAD.match(text)
        if _IMPROVE_VERB.match(text):
            out.append((True, lower_first(_IMPROVE_VERB.sub("", text), proper)))
        elif _VERB_ITEM.match(text) or re.match(r"^[a-z]+ing\b", text):
            out.append((False, lower_first(text, proper)))
        elif lead and raw.rstrip().endswith(":"):
            if not re.search(r"\bfollowing\b", text, re.I):  # "in the following areas:" says nothing
                out.append((False, lead.group("verb")))
        elif _CLAUSE.match(text):
            verbatim.append(text)  # its first sentence, verbatim
        else:
            out.append((True, lower_first(text, proper)))
    if sum(words(p) for _, p in out) > _LONG_LIST:
        out = [(improve, shorten(p)) for improve, p in out]
    return out, verbatim


def _narrative(items: list[str]) -> bool:
    """Mostly whole clauses or sentence fragments (not noun phrases or imperatives)?"""
    prose = 0
    for n, raw in enumerate(items):
        lead_in = n > 0 and items[n - 1].rstrip().endswith(":")
        if _CLAUSE.match(raw) or (raw[:1].islower() and not lead_in):
            prose += 1
    return len(items) >= 4 and prose > len(items) / 2


_LONG_LIST = 110  # words: beyond this, every item is cut to its first clause
_SUBHEADING = re.compile(r"^(?:[A-Z][\w'’-]*|and|of|the|for|in|to)(?: (?:[A-Z][\w'’-]*|and|of|the|for|in|to)){0,5}$")


def shorten(phrase: str) -> str:
    """An item's first clause (at least five words), for a long improve list."""
    # only before a purpose or an example: a cut at any comma or "which" leaves half a phrase
    for m in re.finditer(r",? so that|,? to ensure|,? in order to|, including|, particularly", phrase):
        head = phrase[: m.start()]
        last = re.sub(r"\W+$", "", head.split()[-1]) if head.split() else ""
        if words(head) >= 5 and not (_NEEDS_MORE.match(last) or _PHRASE_OPENER.match(last)):
            return head
    return phrase


def recommendation_sentence(doc: Doc, phrases: list[tuple[bool, str]], verbatim: list[str] | None = None) -> str | None:
    """One sentence from the foldable items; any clause-like items follow it verbatim."""
    if not phrases and not verbatim:
        return None
    parts: list[str] = []
    under_improve = False
    for improve, phrase in phrases:
        if improve and not under_improve:
            parts.append(f"improve {phrase}")
        else:
            parts.append(phrase)
        under_improve = improve
    sentences = []
    if parts:
        body = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        sentences.append(T.recommendation(doc.la or "the local authority", body))
    # Each kept item is a sentence of its own: capital first letter, full stop.
    sentences += [upper_first(v) if v.endswith((".", "?", "!")) else upper_first(v) + "." for v in verbatim or []]
    return " ".join(sentences)


# ---------------------------------------------------------------- headline

_FRONTED = re.compile(r"^(?:since|following|despite|within|at this|on this|during|in the|as a result|overall|"
                      r"recognising|in addition|with|over|throughout|after|before|at a|at the|"
                      r"in (?:january|february|march|april|may|june|july|august|september|october|november|december|"
                      r"\d{4}))\b[^,]{0,160},\s+", re.I)
# A headline needs a verb: "Over the last 12 months in Nottingham" is a stump, not a verdict.
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|can|will|does|do|did|continues?|remains?|receives?|"
                     r"benefits?|knows?|provides?|shows?|makes?|understands?|ensures?|demonstrates?|supports?|"
                     r"helps?|works?|means?|needs?|leads?|gets?|feels?|enjoys?|achieves?|offers?)\b|\b\w{3,}ed\b",
                     re.I)
_CUT = re.compile(r",|;| (?:that|which|who|because|so that|to ensure|ensuring|and this|including|"
                  r"as well as|with the|although|but|while|when|where)\b")


_ADJUNCT = re.compile(r"^(?:in|for|at|across|through|within|during|because|so|when|where|while|and|which|"
                      r"that|who|since|despite|following)$", re.I)
_NEEDS_MORE = re.compile(r"^(?:a|an|the|of|to|in|for|with|by|at|on|from|and|or|but|what|how|that|which|who|"
                         r"is|are|was|were|be|been|being|has|have|had|needs?|continues?|able|ensures?|helps?|"
                         r"seeks?|aims?|wants?|makes?|enables?|their|its|his|her|our|more|most|very|so|brought|put|set|carried|"
                         r"taken|made|given|led|highlights?|shows?|found|identified)$", re.I)
_PHRASE_OPENER = re.compile(r"^(?:of|to|with|by|on|from|what|or|as|than|into)$", re.I)

# ", including the chief executive and lead member of the council," between subject and verb.
_PARENTHETICAL = re.compile(r"^(?P<subject>[^,]{3,60}?), (?:including|particularly|especially|such as|as well as|"
                            r"together with|with|alongside|supported by)\b[^,]{3,120},(?= )")


def headline_from(text: str, la: str, max_words: int = 12) -> str:
    return headline_cut(text, la, max_words)[0]


def headline_cut(text: str, la: str, max_words: int = 12) -> tuple[str, float]:
    """The claim trimmed, and how much trimming it took (0 = a clean cut): acronym glosses
    and a parenthetical after the subject dropped, a fronted clause dropped, cut at the first
    clause break that leaves at least five words; the authority added when not named."""
    cost = 0.0
    body = drop_connective(strip_stop(text))
    body = re.sub(r" \([A-Z][A-Za-z]{1,7}\)", "", body)
    m = _FRONTED.match(body)
    if m and words(body[m.end():]) >= 5:
        rest = body[m.end():]
        # "Since 2023, where X was judged Y, leaders have ...": the nested clause goes too.
        nested = re.match(r"^(?:where|when|which|and|despite)\b[^,]{0,160},\s+", rest, re.I)
        if nested and words(rest[nested.end():]) >= 5:
            rest = rest[nested.end():]
        body = upper_first(rest)
        cost += 0.5
    elif re.match(r"^(?:where|when|if|although|while|as|because)\b", body, re.I):
        cost += 3.0  # opens on a subordinate clause that cannot be dropped cleanly
    body = _PARENTHETICAL.sub(lambda m: m.group("subject"), body, count=1)
    cut = body
    for match in _CUT.finditer(body):
        head = body[: match.start()]
        last = re.sub(r"\W+$", "", head.split()[-1]) if head.split() else ""
        if re.search(r" (?:who|which|whose)\b", head):
            break  # a relative clause would be left without its main verb
        if words(head) >= 5 and not (_NEEDS_MORE.match(last) or _PHRASE_OPENER.match(last)
                                     or _ADJUNCT.match(last) or _dangling_modifier(head)):
            cut = head
            break
    if la and la.lower() not in cut.lower():
        cut = T.name_authority(cut, la)
    # The authority must survive the cut: named within the first max_words words, or added.
    named_early = bool(la) and la.lower() in " ".join(cut.split()[:max_words]).lower()
    suffix_words = 0 if not la or named_early else words(la) + 1
    cost += 0.5 if suffix_words else 0.0
    max_words += max(0, words(la) - 2) if suffix_words else 0  # long names ("Bath and North East Somerset")
    if words(cut) + suffix_words > max_words:
        toks = cut.split()
        limit = max(5, max_words - suffix_words)
        # Cut before a phrase ("in ...", "when ...", "of ..."), never after a word that needs
        # what follows ("continue | to", "needs | to"): the latest such cut that fits.
        span = [k for k in range(5, min(limit, len(toks) - 1) + 1) if _can_end(toks[k - 1])]
        adjunct = [k for k in span if _ADJUNCT.match(toks[k])]
        complement = [k for k in span if _PHRASE_OPENER.match(toks[k])]
        k = adjunct[-1] if adjunct else complement[-1] if complement else limit
        cost += 1.0 if (adjunct or complement) else 3.0
        cost += 1.0 if k < 7 else 0.0  # a stump
        cut = " ".join(toks[:k])
        cost += 2.0 if re.search(r" (?:who|which|whose)\b", cut) else 0.0  # verbless
    cut = cut.rstrip(",;: ")
    cost += 0.0 if _FINITE.search(cut) else 4.0
    if la and not suffix_words and la.lower() not in cut.lower():
        return headline_cut(T.headline_in(cut, la), la, max_words)  # the cut lost the name
    return (cut if not suffix_words else T.headline_in(cut, la)), cost


_MODIFIER = re.compile(r"(?:ive|ful|ous|ible|able|ic|al|ant|ent)$", re.I)


def _dangling_modifier(head: str) -> bool:
    """"... benefit from responsive" (before ", compassionate social work"): an adjective
    straight after a preposition or article is the start of a noun phrase, not its end."""
    toks = [re.sub(r"\W+$", "", t) for t in head.split()[-2:]]
    return (len(toks) == 2 and bool(_MODIFIER.search(toks[1]))
            and bool(_PHRASE_OPENER.match(toks[0]) or _NEEDS_MORE.match(toks[0]) and toks[0].lower()
                     in {"a", "an", "the", "for", "in", "at", "from", "their", "its", "more", "most", "very"}))


def _can_end(token: str) -> bool:
    """Can a headline end on this word? Not on one that needs what follows ("focused",
    "timely", "subject", "of")."""
    word = re.sub(r"\W+$", "", token)
    return not (_NEEDS_MORE.match(word) or re.search(r"(?:ed|ly|ing)$", word, re.I)
                or word.lower() in {"subject", "lead", "leads", "due", "according", "up", "out", "off", "risk"})


def pick_headline(doc: Doc, overview: list[Item], lead: Item) -> Item:
    """The lead claim unless a claim just after it makes a much cleaner headline."""
    best, best_cost = lead, headline_cut(lead.text, doc.la)[1]
    start = overview.index(lead) if lead in overview else 0
    for n, item in enumerate(overview[start + 1 : start + 4], 1):
        if item.pol == "neutral" or _ANAPHORIC.match(item.text) or _HISTORY.search(item.text):
            continue
        if item.pol != lead.pol:
            continue  # the headline keeps the lead's verdict
        cost = headline_cut(item.text, doc.la)[1] + 0.75 * n
        if cost < best_cost:
            best, best_cost = item, cost
    return best


# ---------------------------------------------------------------- compose

def compose(letter: Letter, sentences: list[Sentence], style: Style) -> Summary:
    doc = build_doc(letter, sentences)
    meta = letter.metadata
    overview = overview_items(doc)
    grade = meta.judgements.overall_effectiveness if meta.kind == "inspection" else None
    used: list[str] = []
    quotes: list[str] = []
    paragraphs: list[str] = []

    # Headline and lead: the graded verdict, else the overview's first claim.
    lead_item = None if grade else pick_lead(doc, overview)
    if lead_item is not None:
        lead_item = pick_headline(doc, overview, lead_item)
    if grade:
        headline = T.graded_headline(doc.la, grade)
        negative = grade in ("requires improvement", "inadequate")
        lead = T.attributed(headline, style.negative_attribution if negative else style.positive_attribution)
    elif lead_item:
        headline = headline_from(lead_item.text, doc.la)
        lead = T.attributed(lead_item.text, style.negative_attribution if lead_item.pol == "weakness"
                            else style.positive_attribution)
        used.append(lead_item.text)
    else:
        headline, lead = meta.title or "Ofsted report", ""

    # Context: the visit's history, from metadata or an overview sentence.
    rest = [i for i in overview if i is not lead_item]
    context = context_paragraph(doc, rest, style)
    last: Item | None = None
    if context:
        paragraphs.append(context[0])
        if context[1]:
            used.append(context[1].text)
            last = context[1]
    if grade:
        grades = T.grades_sentence(meta.judgements)
        if grades:
            paragraphs.append(grades)
    # A verbatim quote: the next overview claim that stands alone (or follows the context).
    damning = grade == "inadequate" or (lead_item is not None and lead_item.pol == "weakness" and not lead_item.mixed)
    quote_item = pick_quote(doc, rest, used, last, "weakness" if damning else "strength")
    if quote_item:
        paragraphs.append(T.quoted(quote_item.text, style.quote_attribution))
        quotes.append(quote_item.text)
        used.append(quote_item.text)
    # Optional extra overview sentence: the overview's first caveat, so a headline weakness stays.
    extra = next((i for i in rest if i.text not in used and (i.pol == "weakness" or i.mixed or caveat(i.text))
                  and not _ANAPHORIC.match(i.text)
                  and words(i.text) <= 50), None)
    if extra:
        paragraphs.append(drop_connective(extra.text))
        used.append(extra.text)

    units = finding_units(doc)
    # A damning verdict is not reported through a list of strengths: like a monitoring
    # visit's, the list then carries the key findings of both kinds.
    bullets = pick_bullets(doc, units, used, style, allow_weak=damning)
    both_kinds = doc.kind == "monitoring_visit" or damning
    if len(bullets) < style.min_bullets:
        bullets = pick_bullets(doc, units, used, style, allow_weak=True)
        both_kinds = True
    weak = pick_weaknesses(doc, units, overview)
    in_list = [bullet_text(u) for u in bullets]
    however = however_paragraphs(however_items(weak, used + in_list), doc)
    items = improve_items(doc)
    phrases, verbatim = recommendation_phrases(items, doc.proper)
    rec = recommendation_sentence(doc, phrases, verbatim)
    closing_item = next((i for i in doc.items if re.match(r"^in (?:summary|conclusion)\b", i.text, re.I)
                         and i.text not in used), None)
    closing = T.closing(closing_item.text, style.closing_attribution) if closing_item else None
    if closing_item:
        quotes.append(closing_item.text)
    intro = style.findings_intro
    if both_kinds:
        intro = style.monitoring_findings_intro or intro

    summary = Summary(
        headline=headline, lead=lead, paragraphs=paragraphs, findings_intro=intro,
        findings=[_draft_finding(bullet_text(u), u[0]) for u in bullets],
        strengths=judged(sentences, "strength"),
        weaknesses=judged(sentences, "weakness"),
        however=however, recommendations=[p for _, p in phrases] + verbatim, recommendation_sentence=rec,
        quotes=quotes, closing=closing, link_title=meta.title,
    )
    fit_budget(summary, bullets, style, doc, phrases, verbatim)
    summary.text = render_text(summary)
    return summary


def pick_quote(doc: Doc, rest: list[Item], used: list[str], last: Item | None,
               prefer: str = "strength") -> Item | None:
    def ok(i: Item) -> bool:
        if i.text in used or _HISTORY.search(i.text) or not 8 <= words(i.text) <= 45:
            return False
        # "They have ..." only straight after the sentence it refers to.
        follows = last is not None and i.unit == last.unit and doc.items.index(i) == doc.items.index(last) + 1
        return not _ANAPHORIC.match(i.text) or follows

    return (next((i for i in rest if ok(i) and i.pol == prefer), None)
            or next((i for i in rest if ok(i) and i.pol != "neutral"), None))


_CONNECTIVE = re.compile(r"^(?:however|but|although|also|furthermore|moreover|in addition|nevertheless|"
                         r"nonetheless|in contrast|conversely|equally|similarly|additionally),?\s+", re.I)


def drop_connective(text: str) -> str:
    """A sentence lifted out of its paragraph loses its opening "However," (trimming)."""
    return upper_first(_CONNECTIVE.sub("", text)) if _CONNECTIVE.match(text) else text


def context_paragraph(doc: Doc, rest: list[Item], style: Style) -> tuple[str, Item | None] | None:
    meta = doc.letter.metadata
    if doc.kind == "monitoring_visit":
        sentence = T.monitoring_context(doc.la, meta.monitoring_visit_number, meta.inadequate_since)
        if sentence:
            return sentence, None
        own = next((i for i in doc.items if re.search(r"monitoring visit since", i.text, re.I)), None)
        return (own.text, own) if own else None
    # Prefer the overview sentence about the history of the service; else the next claim.
    pick = next((i for i in rest if _HISTORY.search(i.text) or re.match(r"^since\b", i.text, re.I)), None)
    pick = pick or next((i for i in rest if i.pol != "neutral" and not _ANAPHORIC.match(i.text)), None)
    if pick is None:
        return None
    if _HISTORY.search(pick.text) and not _has_present_claim(pick.text):
        return pick.text, pick  # history only: the visit did not "find" it
    return T.attributed(drop_connective(pick.text), T.visit_found(doc.kind, doc.la)), pick


def however_paragraphs(weak: list[Item], doc: Doc) -> list[str]:
    if not weak:
        return []
    first = weak[0].text
    if not re.match(r"^however\b", first, re.I):
        first = T.however(lower_first(drop_connective(first), doc.proper))
    sentences = [first] + [upper_first(drop_connective(w.text)) for w in weak[1:]]
    # A list item may lack its full stop; the paragraph needs them between sentences.
    return [" ".join(x if x.rstrip().endswith((".", "?", "!")) else x.rstrip() + "." for x in sentences)]


def _draft_finding(text: str, item: Item) -> DraftFinding:
    a = item.sentence.assessment
    return DraftFinding(text=text, label=a.label, page=item.sentence.page, score=item.score)


def judged(sentences: list[Sentence], polarity: str) -> list[Finding]:
    """Every sentence filed as `polarity` (a mixed one by its lean), strongest first."""
    picked = [s for s in sentences if s.assessment.polarity == polarity]
    picked.sort(key=lambda s: -abs(s.assessment.score))
    return [Finding(text=s.text, score=s.assessment.score, page=s.page, cues=list(s.assessment.cues))
            for s in picked]


def fit_budget(summary: Summary, bullets: list[list[Item]], style: Style,
               doc: Doc | None = None, phrases: list[tuple[bool, str]] | None = None,
               verbatim: list[str] | None = None) -> None:
    """While over the word budget: drop the longest bullets (down to the minimum), then the
    second weakness, then the last recommendation items (the JSON keeps them all), and
    only then cut the remaining items to their first words."""
    def over() -> bool:
        return words(render_text(summary)) > style.word_budget

    while over() and len(summary.findings) > style.min_bullets:
        longest = max(range(len(summary.findings)), key=lambda k: words(summary.findings[k].text))
        summary.findings.pop(longest)
    if over() and summary.however:
        first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", summary.however[0], maxsplit=1)[0]
        summary.however = [first]
    if not over() or doc is None or not (phrases or verbatim):
        return
    short = list(phrases or [])
    kept = list(verbatim or [])
    # A very long list (older reports have thirty items, priorities first): the story leads
    # with the first whole items; `summary.recommendations` keeps them all.
    while over() and (len(short) > 3 or len(kept) > 1):
        if len(kept) > 1:
            kept = kept[:-1]
        else:
            short = short[:-1]
        summary.recommendation_sentence = recommendation_sentence(doc, short, kept)
    if over():  # only then cut the remaining items short, at a word that can end a phrase
        short = [(imp, clip(p, 12)) for imp, p in short]
        summary.recommendation_sentence = recommendation_sentence(doc, short, kept)


def clip(phrase: str, limit: int) -> str:
    """At most `limit` words, never ending on a word that needs what follows."""
    toks = phrase.split()
    if len(toks) <= limit:
        return phrase
    k = limit
    while k > 3 and (_NEEDS_MORE.match(re.sub(r"\W+$", "", toks[k - 1]))
                     or _PHRASE_OPENER.match(re.sub(r"\W+$", "", toks[k - 1]))
                     or _ADJUNCT.match(re.sub(r"\W+$", "", toks[k - 1]))):
        k -= 1
    return " ".join(toks[:k]).rstrip(",;:")


def render_text(s: Summary) -> str:
    parts = [s.headline, s.lead, *s.paragraphs]
    if s.findings:
        parts.append(s.findings_intro + "\n\n" + "\n".join(f"- {f.text}" for f in s.findings))
    parts += s.however
    if s.recommendation_sentence:
        parts.append(s.recommendation_sentence)
    if s.closing:
        parts.append(s.closing)
    if s.link_title:
        parts.append(s.link_title)
    return "\n\n".join(p for p in parts if p) + "\n"
