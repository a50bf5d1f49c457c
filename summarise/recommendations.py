"""The recommendations sentence, from the letter's "What needs to improve" list.

Items are folded under one "improve" (`In order to improve practice, Southwark should
improve the quality of A, B and C.`). A reader takes in about 60 words in one sentence:
a longer list keeps its first items whole (priorities first) and counts the rest (`...,
among seven areas for improvement.`); `summary.recommendations` keeps every item."""
from __future__ import annotations

import re

from cf.models import Section
from cf.summarise import templates as T
from cf.summarise.storydoc import StoryDoc, limits
from cf.summarise.structure import section_role
from cf.summarise.textutil import lower_first, split_sentences, strip_stop, upper_first, words

_IMPROVE_VERB = re.compile(r"^(?:to )?(?:improve|improving|improvement in|improvements in|improvement of)\s+", re.I)
# "The local authority needs to take swift action ..., including:" -> "take swift action ..."
_MODAL_LEAD = re.compile(r"^.{0,60}?\b(?:needs to|need to|should|must)\s+(?P<verb>[a-z].+)$")
# An item that is a whole clause ("Supervision of cases should be reflective ...", "That
# children ...") cannot fold under "should improve": it is kept verbatim.
_CLAUSE = re.compile(r"^(?!how\b|what\b|whether\b|why\b|the extent\b)(?:that\b|although\b|while\b|whilst\b|"
                     r"despite\b|when\b|where\b|if\b|"
                     r"(?:(?!which\b|that\b|who\b|where\b|when\b|while\b|whilst\b|if\b|because\b|how\b|what\b|whether\b|ensur)\S+ ){1,14}(?:should|must|needs? to|do not|does not|are not|is not|has not|have not|has yet)\b|"
                     # the verb of a relative or purpose clause ("arrangements which ensure
                     # that all partners have ...", "..., to ensure police are ...") leaves
                     # the item a noun phrase
                     r"(?:(?!which\b|that\b|who\b|where\b|whom\b|when\b|while\b|whilst\b|if\b|because\b|how\b|what\b|whether\b|ensur)\S+ ){1,12}(?<!to )(?:is|are|was|were|has|have|had)\b)", re.I)
_IMPROVE_TAIL = re.compile(r"^(?P<np>.{8,}?) (?:needs?|need) to (?:be )?improved?$|"
                           r"^(?P<np2>.{8,}?) (?:should|must) (?:be )?improved?$", re.I)
_PURPOSE = re.compile(r",\s*(?:so that|in order to|to ensure|which|where|including:?$)|"
                      r"\s(?:so that|in order to|in order that|to ensure that)\s")
_SUBHEADING = re.compile(r"^(?:[A-Z][\w'’-]*|and|of|the|for|in|to)(?: (?:[A-Z][\w'’-]*|and|of|the|for|in|to)){0,5}$")
_ENDS_OPEN = re.compile(r"^(?:a|an|the|of|to|in|for|with|by|at|on|from|and|or|but|what|how|that|which|who|as|than|into)$",
                        re.I)


# An item with a subject and a finite verb of its own is a clause, never a noun phrase to fold
# ("Some children wait too long", "In a small number of cases, there is ...", "The length of
# time children remain subject to a plan is too long").
_CLAUSE_OPENER = re.compile(r"^(?:there (?:is|are|was|were|remains?|has|have)|(?:some|many|most|few|too many|too few|"
                            r"not all|all) (?:children|young people|care leavers|families|parents|staff|social workers|"
                            r"plans|cases|of)|in (?:a|some|most|many|the majority of|a small number of|too many) |during\b|"
                            r"the areas? for (?:improvement|priority action))", re.I)
_OWN_VERB = re.compile(r"^(?:(?!which\b|that\b|who\b|whom\b|whose\b|where\b|when\b|how\b|whether\b|to\b)\S+ ){1,11}"
                       r"(?:waits?|remain|remains|varies|vary|lacks?|adheres?|attends?|means)\b", re.I)
# An item that says what should be done with a subject of its own ("Area leaders should
# strengthen ..."): a recommendation to carry whole, not a noun phrase.
_MODAL = re.compile(r"^.{0,80}?\b(?:should|must|needs? to|ought to)\b", re.I)
# "... and ensure that:", "... by:", "They should focus on:" end a lead-in before its list.
_LEAD_IN_TAIL = re.compile(r"(?:,? (?:and )?(?:ensure|ensuring) that|,? (?:by|to|for|including|through|on|so that|"
                           r"in order to|as follows|in the following areas?))\s*:$", re.I)
_GROUND = {"bullet", "numbered"}


def improve_items(doc: StoryDoc) -> list[Unit]:
    """The letter's improvement list, one unit per item: its text and, for a lead-in ending
    ":", the list items under it. A document with several lists (an area SEND report's
    findings under "need to do better", then its areas for improvement) keeps the lists that
    recommend over the lists that mostly find; a report's part on the safeguarding board
    (its own recommendations) is not the authority's."""
    per_section: list[list[Unit]] = []
    for n, section in enumerate(doc.letter.sections):
        if _BOARD.search(section.heading):
            break
        if section_role(section, n) == "improve":
            per_section.append(_section_units(section))
    per_section = [units for units in per_section if units]
    recommending = [units for units in per_section if sum(map(_finding, units)) <= len(units) / 2]
    units = [u for units in (recommending or per_section) for u in units]
    # "..., the local authority should take the following action." introduces the list and
    # says nothing itself.
    return [u for u in units if not (_LEAD_IN.search(u[0]) and not u[1] and len(units) > 1)]


_BOARD = re.compile(r"^(?:Section 2\b|(?:The )?Local Safeguarding Children Board\b|(?:The )?LSCB\b)", re.I)
Unit = tuple[str, list[str]]


def _cell(text: str) -> str:
    """A table row's last cell without its label ("Responsible body X | Areas for priority
    action Leaders should ..." -> "Leaders should ...")."""
    cells = [c.strip() for c in text.split(" | ")]
    text = next((c for c in cells if _MODAL.search(c)), cells[-1])
    return re.sub(r"^Areas? (?:for|of) (?:priority action|improvement)s?\s+", "", text)


def _section_units(section: Section) -> list[Unit]:
    blocks = [(b.kind, _cell(b.text)) for b in section.blocks]
    blocks = [(k, t) for k, t in blocks if t and not _NOTHING.search(t)]
    listed = any(k in _GROUND for k, _ in blocks)
    units: list[Unit] = []
    lead_kind = ""
    previous = ""
    for kind, text in blocks:
        carries_on = bool(previous) and not previous.rstrip().endswith((".", "!", "?", ":", ";")) and kind == "paragraph"
        previous = text
        if carries_on:
            continue  # the rest of a sentence that the reader split in two: not an item
        if kind in _GROUND and kind != lead_kind and units and units[-1][0].rstrip().endswith(":"):
            units[-1][1].append(text)  # an item of the lead-in's list (a numbered item's bullets)
        elif kind in _GROUND or text.rstrip().endswith(":"):
            units.append((text, []))
            lead_kind = kind
        elif not listed and words(text) <= 40 or _MODAL.match(text):
            units.append((text, []))  # a paragraph item; narrative around a list is not one
        elif not listed and len(asks := _asking_sentences(text)) >= 2:
            units += [(t, []) for t in asks]  # recommendations the reader joined into one paragraph
    return units


_ASKS = re.compile(r"\b(?:should|must)\b", re.I)


def _asking_sentences(text: str) -> list[str]:
    """A paragraph's sentences when every one of them asks for something (an area SEND
    report's areas for improvement, one recommendation a paragraph, read as one block)."""
    sentences = [t for t in split_sentences(text) if t.strip()]
    return sentences if all(_ASKS.search(t) for t in sentences) else []


_LEAD_IN = re.compile(r"\bthe following\b[^.]*[.:]$|:$", re.I)
_NOTHING = re.compile(r"\b(?:no|not (?:find|identify) any) areas? for (?:priority )?(?:action|improvement)\b", re.I)


def _finding(unit: Unit) -> bool:
    """A finding, not a recommendation: a clause of its own that asks for nothing."""
    text = _first_sentence(unit[0], purpose=False)
    return not unit[1] and _is_clause(text) and not _MODAL.match(text)


def _is_clause(text: str) -> bool:
    return bool(_CLAUSE.match(text) or _CLAUSE_OPENER.match(text) or _OWN_VERB.match(text))


def phrases(items: list[str] | list[Unit], proper: set[str]) -> tuple[list[tuple[bool, str]], list[str]]:
    """(under "improve", phrase) for each item that folds into one sentence, and the items
    that do not (whole clauses such as "Supervision should be reflective"), kept verbatim.

    Folding: full stops and a trailing acronym gloss dropped, the first letter lower-cased
    unless a name, the item's own improve verb folded into the sentence's one "improve", a
    long item trimmed before its purpose clause ("..., so that ..."). A whole clause (an area
    SEND report's "Leaders should ...", an older letter's findings under "Areas for
    improvement") is carried whole: its first sentence; a list made mostly of them is carried
    whole, item by item."""
    units: list[Unit] = [(u, []) if isinstance(u, str) else u for u in items]
    units = [u for u in units if not _SUBHEADING.match(u[0].strip())]  # "Looked After Children"
    if units and sum(1 for u in units if _whole(u)) > len(units) / 2:
        # Mostly whole clauses (an older letter's findings under "Areas for improvement"):
        # each carried whole, none folded; a verbless item is a heading, not a sentence.
        whole = (_carried(u) for u in units)
        return [], [c for c in whole if c and _has_verb(c)]
    out: list[tuple[bool, str]] = []
    verbatim: list[str] = []
    for text, children in units:
        if children:
            folded, carried = _group(text, children, proper)
            out += folded
            verbatim += carried
        elif _whole((text, children)):
            verbatim += [c for c in [_carried((text, children))] if c]
        else:
            out += [f for f in [_fold(text, proper)] if f]
    return out, verbatim


_AUTHORITY_SUBJECT = re.compile(r"^(?:the )?(?:local authority|council|authority|trust|county council)\b", re.I)


def _whole(unit: Unit) -> bool:
    """An item to carry whole: a clause with a subject of its own (a finding, or a
    recommendation that names who other than the authority should act), unless it only
    introduces "the following"."""
    text = _first_sentence(unit[0], purpose=False)
    if unit[1]:
        return (bool(_MODAL.match(text)) and _is_clause(text) and not _AUTHORITY_SUBJECT.match(text)
                and not re.search(r"\bfollowing\b", text, re.I))
    tail = _IMPROVE_TAIL.match(_first_sentence(unit[0]))
    return _is_clause(text) and not (tail and not _is_clause(tail["np"] or tail["np2"]))


def _fold(raw: str, proper: set[str]) -> tuple[bool, str] | None:
    """(under "improve", phrase) for an item that folds, None for a whole clause."""
    text = _first_sentence(raw)
    tail = _IMPROVE_TAIL.match(text)
    if tail and not _is_clause(tail["np"] or tail["np2"]):
        # "The quality of information-sharing needs to improve": the item is what improves.
        return True, lower_first(tail["np"] or tail["np2"], proper)
    if _IMPROVE_VERB.match(text):
        return True, lower_first(_IMPROVE_VERB.sub("", text), proper)
    if _opens_with_verb(text):
        return False, lower_first(text, proper)
    if _is_clause(text):
        return None
    return True, lower_first(text, proper)  # a noun phrase (a gerund's too: "monitoring of ...")


def _group(lead_in: str, children: list[str], proper: set[str]) -> tuple[list[tuple[bool, str]], list[str]]:
    """A lead-in and its list: the items folded (after the lead-in's own action when the
    authority is to take it: "The local authority needs to take swift action, including:");
    the lead-in carried whole when someone else is to act ("Leaders should ensure that:");
    each item carried whole when they are findings ("... in the following areas:" and then
    "There are significant delays ...")."""
    if _whole((lead_in, children)):
        return [], [c for c in [_carried((lead_in, []))] if c]
    folded = [_fold(c, proper) for c in children]
    if any(f is None for f in folded):
        return [], [c for c in (_carried((child, [])) for child in children) if c]
    text = _first_sentence(lead_in, purpose=False)
    lead = _MODAL_LEAD.match(text)
    head = _LEAD_IN_TAIL.sub("", lead.group("verb").rstrip(":") + ":").rstrip(":").strip() if lead else ""
    head = _first_sentence(head) if head else ""
    if head and not re.search(r"\bfollowing\b", text, re.I) and _opens_with_verb(head):
        return [(False, head), *(f for f in folded if f)], []
    return [f for f in folded if f], []


def _carried(unit: Unit) -> str | None:
    """An item carried whole: its first sentence (a lead-in's, cut before its list), trimmed
    before its purpose when long; None for a fragment that cannot stand alone."""
    text, _ = unit
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip(), maxsplit=1)[0].strip()
    if first.endswith(":"):
        first = _LEAD_IN_TAIL.sub("", first).rstrip(":").strip()
        if first.endswith(":") or words(first) < 6 or _ENDS_OPEN.match(first.split()[-1]):
            return None
    first = strip_stop(first)
    if words(first) > _CARRY_WORDS:
        m = _PURPOSE.search(first)
        if m and words(first[: m.start()]) >= 8:
            first = first[: m.start()]
    if not first[:1].isupper() or words(first) < 4:
        return None  # a lower-case list item is part of a sentence, not one
    return first


_CARRY_WORDS = 35


def _first_sentence(item: str, purpose: bool = True) -> str:
    """An item's first sentence, without its gloss, a dangling "including" or its purpose."""
    text = strip_stop(item.split(". ")[0]).rstrip(":;").strip()
    text = re.sub(r"[;,]?\s+(?:and|or)$", "", text).strip()
    text = re.sub(r",?\s*including$", "", text)
    text = re.sub(r"\s*\([^()]*\)$", "", text)  # an acronym gloss or a framework reference
    m = _PURPOSE.search(text) if purpose else None
    if m and words(text[: m.start()]) >= 6:
        # the item, not why it matters; nor the "and" that joined the two ("... to families
        # and to ensure that this help is timely")
        text = re.sub(r"[;,]?\s+(?:and|or)$", "", text[: m.start()]).strip()
    return text


def shortfalls(doc: StoryDoc, verbatim: list[str]) -> list[str]:
    """Of the items carried whole, those that ask for something ("Leaders should ...") or that
    the scorer reads as a weakness: an older letter's "Areas for improvement" holds findings,
    and a strength or a piece of background there is not what needs to improve. All of them
    when none is."""
    def judged(text: str) -> str | None:
        key = text[:60]
        found = next((i for i in doc.items if i.text.startswith(key)), None)
        return found.pol if found is not None else None

    kept = [v for v in verbatim if _MODAL.match(v) or judged(v) in ("weakness", None)]
    return kept or verbatim


def shorten(phrase: str) -> str:
    """An item's first clause (at least five words), when one item alone is too long."""
    for m in re.finditer(r",? so that|,? to ensure|,? in order to|, including|, particularly|, which", phrase):
        head = phrase[: m.start()]
        last = re.sub(r"\W+$", "", head.split()[-1]) if head.split() else ""
        if words(head) >= 5 and not _ENDS_OPEN.match(last):
            return head
    return phrase


def _folded(la: str, items: list[tuple[bool, str]], total: int | None) -> str:
    parts: list[str] = []
    under_improve = False
    for improve, phrase in items:
        parts.append(f"improve {phrase}" if improve and not under_improve else phrase)
        under_improve = improve
    body = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return T.recommendation(la or "the local authority", body, total)


def sentence(doc: StoryDoc, folded: list[tuple[bool, str]], verbatim: list[str], total: int | None = None) -> str | None:
    """The folded items within the word limit, whole and in order, the rest counted (`total`:
    every item of the list, when `verbatim` carries only some); then any clause-like items
    verbatim while they fit."""
    limit = int(limits("recommendations")["max_words"])
    total = total or len(folded) + len(verbatim)
    out: list[str] = []
    counted = False  # the sentence ends "among N areas": the rest are counted, not listed
    if folded:
        keep = len(folded)
        line = whole = _folded(doc.la, folded, None)
        while words(line) > limit and keep > 1:
            keep -= 1
            line = _folded(doc.la, folded[:keep], total)
        if words(line) > limit:  # one item alone is too long: its first clause
            line = _folded(doc.la, [(folded[0][0], shorten(folded[0][1]))], total if total > 1 else None)
        counted = total > 1 and line != whole
        out.append(line)
    for item in [] if counted else verbatim:
        text = upper_first(item) if item.endswith((".", "?", "!")) else upper_first(item) + "."
        if out and words(" ".join(out + [text])) > limit:
            break
        out.append(text)
    return " ".join(out) if out else None


def _opens_with_verb(text: str) -> bool:
    """Does the item open with a verb ("Strengthen ...", "Consistently apply ..."), as the token
    layer (tokens.py) reads it: its first word, past an adverb in "-ly"?"""
    from cf.summarise.tokens import verb_forms

    toks = [t for t in verb_forms(text) if re.search(r"\w", t[0])]
    if toks and toks[0][0].endswith("ly") and toks[0][0] not in _ADJECTIVES_IN_LY and len(toks) > 1:
        toks = toks[1:]
    if not toks or toks[0][1] != "VERB":
        return False
    if "Inf" in toks[0][2]:
        # a base form the layer also reads as a noun: "support for care leavers" is one
        return not (len(toks) > 1 and toks[1][0] in _NOUN_NEXT)  # "Monitoring of" is a noun
    # a base form the layer reads as finite ("address"): a verb when an object follows
    return "Fin" in toks[0][2] and not re.search(r"(?:[^s]s|ed)$", toks[0][0]) and len(toks) > 1 \
        and toks[1][0] in _OBJECT_OPENS


_NOUN_NEXT = frozenset("for of and or in on at from home".split())  # "return home interviews"
# Words in "-ly" that are adjectives, not adverbs before a verb: "early help services".
_ADJECTIVES_IN_LY = frozenset("early timely family elderly friendly likely only daily weekly monthly quarterly "
                              "yearly costly orderly".split())
_OBJECT_OPENS = frozenset("the a an their its all any every this these those our more further".split())


def _has_verb(text: str) -> bool:
    """Is there a verb anywhere in it (a sentence, not a heading), as the token layer reads it:
    a verb or auxiliary it knows ("lacks", "varies", "should"), or a participle ("delayed")?"""
    from cf.summarise.tokens import is_participle, verb_forms

    return any(pos in ("VERB", "AUX") or is_participle(word) for word, pos, _form in verb_forms(text))
