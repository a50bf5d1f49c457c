"""The recommendations sentence, from the letter's "What needs to improve" list.

Items are folded under one "improve" (`In order to improve practice, Southwark should
improve the quality of A, B and C.`). A reader takes in about 60 words in one sentence:
a longer list keeps its first items whole (priorities first) and counts the rest (`...,
among seven areas for improvement.`); `summary.recommendations` keeps every item."""
from __future__ import annotations

import re

from cf.summarise import templates as T
from cf.summarise.storydoc import StoryDoc, limits
from cf.summarise.textutil import lower_first, strip_stop, upper_first, words

_IMPROVE_VERB = re.compile(r"^(?:to )?(?:improve|improving|improvement in|improvements in|improvement of)\s+", re.I)
# "The local authority needs to take swift action ..., including:" -> "take swift action ..."
_MODAL_LEAD = re.compile(r"^.{0,60}?\b(?:needs to|need to|should|must)\s+(?P<verb>[a-z].+)$")
# An item that is a whole clause ("Supervision of cases should be reflective ...", "That
# children ...") cannot fold under "should improve": it is kept verbatim.
_CLAUSE = re.compile(r"^(?!how\b|what\b|whether\b|why\b|the extent\b)(?:that\b|although\b|while\b|whilst\b|"
                     r"despite\b|when\b|where\b|if\b|"
                     r"(?:(?!which\b|that\b|who\b|where\b|ensur)\S+ ){1,10}(?:should|must|needs? to|do not|does not|are not|is not|has not|have not|has yet)\b|"
                     # the verb of a relative or purpose clause ("arrangements which ensure
                     # that all partners have ...", "..., to ensure police are ...") leaves
                     # the item a noun phrase
                     r"(?:(?!which\b|that\b|who\b|where\b|whom\b|ensur)\S+ ){1,8}(?:is|are|was|were|has|have|had)\b)", re.I)
_IMPROVE_TAIL = re.compile(r"^(?P<np>.{8,}?) (?:needs?|need) to (?:be )?improved?$|"
                           r"^(?P<np2>.{8,}?) (?:should|must) (?:be )?improved?$", re.I)
_PURPOSE = re.compile(r",\s*(?:so that|in order to|to ensure|which|where|including:?$)|"
                      r"\s(?:so that|in order to|in order that|to ensure that)\s")
_SUBHEADING = re.compile(r"^(?:[A-Z][\w'’-]*|and|of|the|for|in|to)(?: (?:[A-Z][\w'’-]*|and|of|the|for|in|to)){0,5}$")
_ENDS_OPEN = re.compile(r"^(?:a|an|the|of|to|in|for|with|by|at|on|from|and|or|but|what|how|that|which|who|as|than|into)$",
                        re.I)


def improve_items(doc: StoryDoc) -> list[str]:
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
    items = [blocks[k][1].text.strip() for k in units]
    # "..., the local authority should take the following action." introduces the list and
    # says nothing itself.
    return [t for t in items if not (_LEAD_IN.search(t) and len(items) > 1)]


_LEAD_IN = re.compile(r"\bthe following\b[^.]*[.:]$|:$", re.I)


def phrases(items: list[str], proper: set[str]) -> tuple[list[tuple[bool, str]], list[str]]:
    """(under "improve", phrase) for each item that folds into one sentence, and the items
    that do not (whole clauses such as "Supervision should be reflective"), kept verbatim.

    Folding: full stops and a trailing acronym gloss dropped, the first letter lower-cased
    unless a name, the item's own improve verb folded into the sentence's one "improve", a
    long item trimmed before its purpose clause ("..., so that ...")."""
    out: list[tuple[bool, str]] = []
    verbatim: list[str] = []
    if _narrative(items):
        # Older letters put prose findings under "Areas for improvement": not a list to fold.
        return [], [strip_stop(raw.split(". ")[0]) for raw in items if raw[:1].isupper()]
    for raw in items:
        if _SUBHEADING.match(raw.strip()):
            continue  # "Looked After Children": a heading inside an older report's list
        text = _first_sentence(raw)
        lead = _MODAL_LEAD.match(text)
        tail = _IMPROVE_TAIL.match(text)
        if tail and not _CLAUSE.match(tail["np"] or tail["np2"]):
            # "The quality of information-sharing needs to improve": the item is what improves.
            out.append((True, lower_first(tail["np"] or tail["np2"], proper)))
        elif _IMPROVE_VERB.match(text):
            out.append((True, lower_first(_IMPROVE_VERB.sub("", text), proper)))
        elif _opens_with_verb(text) or re.match(r"^[a-z]+ing\b", text):
            out.append((False, lower_first(text, proper)))
        elif lead and raw.rstrip().endswith(":"):
            if not re.search(r"\bfollowing\b", text, re.I):  # "in the following areas:" says nothing
                out.append((False, lead.group("verb")))
        elif _CLAUSE.match(text):
            verbatim.append(text)  # its first sentence, verbatim
        else:
            out.append((True, lower_first(text, proper)))
    return out, verbatim


def _first_sentence(item: str) -> str:
    """An item's first sentence, without its gloss, a dangling "including" or its purpose."""
    text = strip_stop(item.split(". ")[0]).rstrip(":").strip()
    text = re.sub(r",?\s*including$", "", text)
    text = re.sub(r"\s*\([^()]*\)$", "", text)  # an acronym gloss or a framework reference
    m = _PURPOSE.search(text)
    if m and words(text[: m.start()]) >= 6:
        text = text[: m.start()]  # the item, not why it matters
    return text


def _narrative(items: list[str]) -> bool:
    """Mostly whole clauses or sentence fragments (not noun phrases or imperatives)?"""
    prose = 0
    for n, raw in enumerate(items):
        lead_in = n > 0 and items[n - 1].rstrip().endswith(":")
        if _CLAUSE.match(raw) or (raw[:1].islower() and not lead_in and not _opens_with_verb(raw)):
            prose += 1
    return len(items) >= 4 and prose > len(items) / 2


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


def sentence(doc: StoryDoc, folded: list[tuple[bool, str]], verbatim: list[str]) -> str | None:
    """The folded items within the word limit, whole and in order, the rest counted; then any
    clause-like items verbatim while they fit."""
    limit = int(limits("recommendations")["max_words"])
    total = len(folded) + len(verbatim)
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
    if toks and toks[0][0].endswith("ly") and len(toks) > 1:
        toks = toks[1:]
    return bool(toks) and toks[0][1] == "VERB"
