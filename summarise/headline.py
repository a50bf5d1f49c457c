"""The headline: a complete phrase of 4 to 12 words that names the authority.

The forms a document allows: an inspection report's grade, or the change since the last
inspection when the report states the last grade; the lead's claim when a whole clause of it
fits (`Children in care in Southwark receive effective support`); a template naming what the
visit looked at and its verdict (`Bedford makes progress in services for children in need`).
`ranking` chooses among them by the weights fitted on the site's stories. A clause is cut only where a clause ends, never at an
arbitrary word; the verdict never says the opposite of the lead (compose decides it)."""
from __future__ import annotations

import re
from typing import Any

from cf.summarise import ranking
from cf.summarise import templates as T
from cf.summarise.storydoc import Item, StoryDoc, limits
from cf.summarise.textutil import balanced, drop_connective, strip_stop, upper_first, words

_GLOSS = re.compile(r" \([A-Z][A-Za-z&]{1,9}\)")
_GRADE = re.compile(r"\b(?:good|outstanding|inadequate|requires? improvement)\b", re.I)


def headline(doc: StoryDoc, lead: Item | None, verdict: str) -> str:
    """The fitted weights' choice among the headlines the document allows."""
    meta = doc.letter.metadata
    chosen = ranking.best("headline", candidates(doc, lead, verdict),
                          lambda c: ranking.headline_features(c[0], c[1], doc, verdict))
    return chosen[1] if chosen is not None else meta.title or "Ofsted report"


def candidates(doc: StoryDoc, lead: Item | None, verdict: str) -> list[tuple[str, str]]:
    """(form, headline) for each headline the document allows: a report's grade (or its one
    grade in every area), the lead's claim cut to a clause, and the template naming what the
    visit looked at and the verdict. A later claim of the opening never heads the story: a
    side point ("Disabled children receive good-quality services") is not the verdict."""
    meta = doc.letter.metadata
    out: list[tuple[str, str]] = []
    grade = meta.judgements.overall_effectiveness if doc.kind == "inspection" else None
    if grade and doc.la:
        previous = meta.previous.overall_effectiveness if meta.previous else None
        out.append(("graded", T.graded_headline(doc.la, grade, previous)))
    if doc.kind == "inspection" and doc.la and not grade:
        grades = {getattr(meta.judgements, name) for name, _ in T.AREAS[1:]} - {None}
        if len(grades) == 1:
            out.append(("every_area", T.every_area_headline(doc.la, grades.pop())))
    cut = clause(lead.text, doc.la) if lead is not None else None
    # A graded report's headline tells its grade or the change since the last inspection.
    if lead is not None and cut and (not grade or lead.change or _GRADE.search(cut)) and keeps_verdict(cut, lead):
        out.append(("lead_clause", cut))
    if doc.la and not grade:
        # A graded report's verdict is its grade: "Ofsted finds decline" over a report that
        # remains good would say the opposite of it.
        out.append((verdict, T.verdict_headline(verdict, meta)))
    return out


def keeps_verdict(cut: str, item: Item) -> bool:
    """The headline says what the claim says: the scorer reads the cut clause the claim's
    way ("The new leadership team is very new" is not the shortfall of "..., and plans have
    not yet had an impact"); a caveated claim's clause may go either way."""
    from cf.summarise.score import score_texts

    if item.pol == "neutral":
        return True
    read = score_texts([cut])[0].label
    return read in (item.pol, "mixed") or (item.mixed and read != "neutral")


def clause(text: str, la: str, whole: bool = False) -> str | None:
    """The sentence's main claim as a headline, or None when no whole clause fits: the
    connective, a fronted phrase and acronym glosses dropped, cut at the first clause end,
    "The local authority" named, and " in <LA>" added when the claim does not name it."""
    lim = limits("headline")
    body = _drop_fronted(_GLOSS.sub("", drop_connective(strip_stop(text))), lim)
    if body is None:
        return None
    head = _first_clause(body, lim)
    if whole and head != body:
        return None
    head = T.name_authority(head, la)
    if la and la.lower() not in head.lower():
        head = T.headline_in(head, la)
    return head if well_formed(head, la) else None


def _drop_fronted(body: str, lim: dict[str, Any]) -> str | None:
    adverb = re.match(r"^[A-Z][a-z]+ly, ", body)  # "Importantly, ..."
    if adverb:
        body = upper_first(body[adverb.end():])
    low = body.lower()
    if not any(low.startswith(f + " ") or low.startswith(f) and f.endswith(" 20") for f in lim["fronted"]):
        return body
    comma = body.find(", ")
    if comma < 0 or words(body[:comma]) > 25:
        return None  # a fronted phrase with no end in sight: no clean claim
    return upper_first(body[comma + 2:])


def _first_clause(body: str, lim: dict[str, Any]) -> str:
    """Up to the first clause end that leaves a claim (at least four words)."""
    cuts = [m.start() for brk in lim["clause_breaks"] for m in re.finditer(re.escape(brk) + r"(?=\s|$)", body)]
    cuts += [m.start() for m in re.finditer(r" that\b", body)
             if body[: m.start()].split()[-1].lower() not in lim["that_verbs"]]
    for cut in sorted(set(cuts)):
        head = body[:cut].rstrip(" ,;:")
        if words(head) >= lim["min_words"]:
            return head
    return body


def well_formed(head: str, la: str) -> bool:
    """4 to 12 words (more for a long name), a finite verb, the authority named, quotes and
    brackets closed, and a last word that can end a phrase."""
    lim = limits("headline")
    toks = [re.sub(r"^\W+|\W+$", "", t) for t in head.split()]
    toks = [t for t in toks if t]
    if not toks:
        return False
    if not lim["min_words"] <= len(toks) <= T.headline_room(la):
        return False
    if la and la.lower() not in head.lower():
        return False
    if not balanced(head) or toks[0].lower() in lim["cannot_open"]:
        return False
    body = head[: head.lower().rfind(" in " + la.lower())] if head.endswith(" in " + la) else head
    last = re.sub(r"\W+$", "", body.split()[-1]) if body.split() else ""
    from cf.summarise.tokens import verb_forms

    forms = verb_forms(body)  # the token layer's reading, once for both tests
    return _has_verb(forms, lim) and can_end(last, body, lim, forms)


Forms = list[tuple[str, str, str]]  # tokens.verb_forms: (folded word, POS, VerbForm)


def _has_verb(forms: Forms, lim: dict[str, Any]) -> bool:
    """A verb of the main clause as the token layer reads it (tokens.py), not a gerund: not
    in a relative clause ("Children who are ...") and not an infinitive ("to support")."""
    toks = [t for t in forms if re.search(r"\w", t[0])]
    if any(t[0] in ("who", "which", "whose", "whom") for t in toks):
        return False
    # Not after "to" (an infinitive) or a determiner ("the lead member": a noun).
    return any(pos in ("VERB", "AUX") and form != "Ger" and toks[k - 1][0] not in lim["before_noun"]
               for k, (_, pos, form) in enumerate(toks) if k > 0)


def _bare_verb(forms: Forms, word: str, lim: dict[str, Any]) -> bool:
    """Does the phrase end on its finite verb, one that needs an object or complement (only
    a verb of change, "Practice improves", ends a claim)?"""
    from cf.summarise.tokens import lemma_of

    if not forms or forms[-1][0] != word or forms[-1][1:] != ("VERB", "Fin"):
        return False
    return lemma_of(word) not in {lemma_of(w) for w in lim["intransitive"]}


def can_end(last: str, body: str, lim: dict[str, Any], forms: Forms) -> bool:
    """Not a word that needs what follows, a participle or adverb left hanging, or an
    adjective straight after an article or preposition ("access to a broad")."""
    word = last.lower()
    words_before = [re.sub(r"\W+$", "", w).lower() for w in body.split()[:-1]]
    before = words_before[-1] if words_before else ""
    if before.endswith("ly") and len(words_before) > 1 and words_before[-2] in lim["perfect"]:
        before = words_before[-2]  # "have significantly improved": the adverb between
    if not word or word in lim["needs_more"] or word.endswith("ly"):
        return False
    if _bare_verb(forms, word, lim):
        return False  # "oversight in the MASH helps" (to ensure ...): its object was cut away
    if word == "need":
        return before == "in"  # "children in need", not "there is a need"
    if re.search(r"(?:ed|ing)$", word) and word not in lim["not_participles"]:
        # "is improving", "are embedded" end a claim; "have ensured", "to implement" do not.
        if before in lim["passive"]:
            return True
        return before in lim["perfect"] and word in lim["intransitive"]
    return not (any(word.endswith(s) for s in lim["modifier_suffixes"]) and before in lim["needs_more"])
