"""The clause layer: where conditions, concessions, aims and the objects of named problems
begin and end in a sentence, found once per judged sentence as labelled spans.

The scorer's rules (score.py, rules.toml) ask the layer which clause a cue stands in, rather
than each working out the grammar again. `find` returns the sentence's clauses; `store`
puts them into `doc.spans["clauses"]` where anyone can read them. Labels:

- `condition`: "When children cannot return home, ..." (to its comma, past a second limb
  "or do not reduce,"); a fronted "Where ..." opens one, a trailing ", where ..." does not;
- `relative`: a trailing ", where drift had occurred." after a noun, to the sentence's end;
- `concession` (form `fronted`, `bracketed` or `trailing`): "Although X, ..." to the comma
  that ends it (past a "with ..." phrase); ", although well focused," between commas before
  the main verb; ", though the quality is ..." to the sentence's end or a semicolon;
- `goal`: after "needs to", "should", "plans to", to the next comma (to the sentence's next
  turn after a modal that is not in a relative clause);
- `purpose`: after "so that", "to ensure that", to the next comma;
- `object`: what a named problem holds up ("delay | in achieving permanence") from its
  preposition to the main verb, or a hindering verb's direct object ("hampers | how quickly
  ..."), each through ", including ...".
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from cf.summarise.tokens import is_participle, lemma_phrase

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span

    from cf.summarise.score import _Rules as Words

CLAUSES_KEY = "clauses"
PUNCT_BREAKS = frozenset({",", ";", ":", "(", ")", "—", "–", ".", "!", "?"})
_PUNCT_BREAKS = PUNCT_BREAKS
OPENERS = frozenset({"however", "but", "yet", "and", "so", "also", "additionally", "furthermore",
                     "moreover", "overall", "consequently", "as", "a", "result"})
# Nouns naming cases: "occasions when", "examples where" open a relative, not a condition.
CASE_NOUNS = frozenset({"examples", "occasions", "instances", "times", "cases", "occasion",
                        "example", "instance"})
MODALS = frozenset({"should", "must", "need", "needs", "could", "would"})
TURNS = frozenset({"but", "however", "although", "though", "while", "whilst", "yet", ";", "."})


class Cue(Protocol):
    """What the layer needs of a cue: its kind, words and place in the sentence."""

    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Clause:
    """One clause of a sentence: token indexes relative to the sentence, `head` the word that
    opens it (the condition's "when", the problem named, the goal's modal)."""

    label: str
    start: int
    end: int
    head: int
    form: str = ""


def find(norms: Sequence[str], cues: Sequence[Cue], concessions: Sequence[Cue],
         aims: Sequence[Cue], rules: Words) -> list[Clause]:
    """Every clause of one sentence: its conditions and trailing relatives, its concessions
    (from the concession cues), aims (from goal, plan and purpose cues) and the objects of
    its named problems (from its neg and negscope cues)."""
    out = conditions(norms, rules)
    out += [c for m in concessions if (c := concession(norms, m, rules)) is not None]
    out += [aim(norms, g) for g in aims]
    for neg in cues:
        if neg.kind in ("neg", "negscope"):
            # an active hindering verb ("hampers", "limiting"); a participle is passive
            # ("has been hampered by inconsistent data") or an adjective ("limited")
            hinders = lemma_phrase(neg.text) in rules.hindering \
                and not is_participle(neg.text.split()[0])
            bounds = _hindered(norms, neg, rules) if hinders else _problem_object(norms, neg, rules)
            if bounds is not None:
                out.append(Clause("object", bounds[0], bounds[1], neg.start,
                                  "hinders" if hinders else "problem"))
    return out


def store(span: Span, clauses: Sequence[Clause]) -> None:
    """Add a sentence's clauses to doc.spans["clauses"], labelled."""
    from spacy.tokens import Span as SpacySpan

    doc = span.doc
    if CLAUSES_KEY not in doc.spans:
        doc.spans[CLAUSES_KEY] = []
    group = doc.spans[CLAUSES_KEY]
    for c in clauses:
        group.append(SpacySpan(doc, span.start + c.start, span.start + max(c.end, c.start),
                               label=c.label))


def conditions(norms: Sequence[str], rules: Words) -> list[Clause]:
    """Conditions ("when/if/unless ...", a fronted "where ...") and trailing relatives."""
    out: list[Clause] = []
    i = 0
    first = _first_word(norms)
    while i < len(norms):
        relative = i > 0 and norms[i - 1] in CASE_NOUNS
        fronted = norms[i] in rules.fronted_conditionals \
            and (i <= 2 or norms[i - 1] in PUNCT_BREAKS or norms[i - 1] in OPENERS)
        if fronted and _trailing_relative(norms, i):
            out.append(Clause("relative", i, len(norms), i))
            fronted = False
        if (not relative and norms[i] in rules.conditionals) or fronted:
            end = _condition_end(norms, i)
            if end is None:  # no comma: a fronted condition still ends before its main clause
                end = min(i + 8, len(norms)) if i <= first + 1 else len(norms)
            out.append(Clause("condition", i, end, i))
            i = end
        i += 1
    return out


def concession(norms: Sequence[str], m: Cue, rules: Words) -> Clause | None:
    """The clause a concession cue opens: fronted, bracketed or trailing (None for a
    mid-sentence "while", which compares rather than concedes, or an unclosed front)."""
    if m.start <= _first_word(norms):
        end = _concession_end(norms, m.end)
        return None if end is None else Clause("concession", m.start, end, m.start, "fronted")
    if m.text in ("while", "whilst"):
        return None
    if _bracketed(norms, m, rules):
        end = next(j for j in range(m.end, len(norms)) if norms[j] == ",")
        return Clause("concession", m.start, end, m.start, "bracketed")
    end = next((j for j in range(m.end, len(norms)) if norms[j] == ";"), len(norms))
    return Clause("concession", m.end, end, m.start, "trailing")


def aim(norms: Sequence[str], g: Cue) -> Clause:
    """What a goal, plan or purpose cue looks forward to: to the next comma, or for a
    recommendation ("X needs to ensure ..., with better feedback") to the next turn."""
    relative = any(w in ("that", "which", "who", "what") for w in norms[max(0, g.start - 3):g.start])
    modal = g.kind == "goal" and g.text.split()[0] in MODALS and not relative
    breaks = TURNS if modal else PUNCT_BREAKS
    end = next((j for j in range(g.end, len(norms)) if norms[j] in breaks), len(norms))
    purpose = g.kind == "purpose" and g.text != "in order to"
    return Clause("purpose" if purpose else "goal", g.end, end, g.start)


def _condition_end(norms: Sequence[str], i: int) -> int | None:
    """The comma that ends a condition opened at i: past a second limb ("When risks escalate,
    or do not reduce, managers ...") when another comma closes it."""
    end = next((j for j in range(i + 1, len(norms)) if norms[j] in (",", ";")), None)
    while end is not None and end + 1 < len(norms) and norms[end + 1] in ("or", "and"):
        nxt = next((j for j in range(end + 1, len(norms)) if norms[j] in (",", ";")), None)
        if nxt is None:
            break
        end = nxt
    return end


def _trailing_relative(norms: Sequence[str], i: int) -> bool:
    """", where some drift had occurred." after a noun, running to the sentence's end, says
    what happened in those cases: a relative clause, not a condition. Short conditions
    ("..., where appropriate.") stay conditions."""
    if i <= _first_word(norms) + 1 or norms[i - 1] != ",":
        return False
    rest = [w for w in norms[i + 1:] if w not in (".", "!", "?")]
    return len(rest) > 2 and not any(w in (",", ";", ":") for w in rest)


def _concession_end(norms: Sequence[str], start: int) -> int | None:
    """The comma that ends a fronted concession: the first, or a later one when what follows
    the first only adds to the concession (a "with ..." or "including ..." phrase, a list) and
    another comma closes it before the main clause."""
    end = next((j for j in range(start, len(norms)) if norms[j] in (",", ";")), None)
    while end is not None and norms[end] == "," and end + 1 < len(norms) \
            and norms[end + 1] in _RUNS_ON:
        nxt = next((j for j in range(end + 1, len(norms)) if norms[j] in (",", ";")), None)
        if nxt is None:
            break
        end = nxt
    return end


def _bracketed(norms: Sequence[str], m: Cue, rules: Words) -> bool:
    """Is the concession between commas, with the main verb straight after it?"""
    if not m.start or norms[m.start - 1] != ",":
        return False
    end = next((j for j in range(m.end, len(norms)) if norms[j] in (",", ";")), None)
    verbs = rules.item.get("finite", frozenset()) | rules.item.get("verbs", frozenset())
    return end is not None and norms[end] == "," and end + 1 < len(norms) \
        and norms[end + 1] in verbs


def _problem_object(norms: Sequence[str], neg: Cue, rules: Words) -> tuple[int, int] | None:
    """Where the object of a named problem lies: from its "in/to/for/of" to the main verb."""
    verbs = rules.item.get("finite", frozenset()) | rules.item.get("verbs", frozenset())
    stops = _PUNCT_BREAKS | verbs | rules.clause_breaks
    # the preposition must come before any verb: "challenges led to investment" is not one
    # ("issues with" holds its own)
    first = neg.end - 1 if norms[neg.end - 1] in _OBJECT_PREPS else neg.end
    prep = next((j for j in range(first, min(len(norms), neg.end + 4))
                 if norms[j] in _OBJECT_PREPS or norms[j] in stops
                 or _verb_after_and(norms, j, rules)), None)
    if prep is None or norms[prep] not in _OBJECT_PREPS:
        return None
    end = next((j for j in range(prep, len(norms)) if (norms[j] in stops
                and not _relative_verb(norms, j, verbs))
                or _verb_after_and(norms, j, rules)), len(norms))
    return prep, _runs_on(norms, end)


def _hindered(norms: Sequence[str], neg: Cue, rules: Words) -> tuple[int, int]:
    """What a hindering verb holds up: its direct object, with any clause of its own ("how
    quickly they can act"), to the clause's end."""
    end = next((j for j in range(neg.end, len(norms)) if norms[j] in _PUNCT_BREAKS
                or norms[j] in rules.clause_breaks or _verb_after_and(norms, j, rules)),
               len(norms))
    return neg.end - 1, _runs_on(norms, end)


def _runs_on(norms: Sequence[str], end: int) -> int:
    """An object or clause ending at a comma goes on through ", including ..." to the next
    break."""
    while end + 1 < len(norms) and norms[end] == "," and norms[end + 1] in _ELABORATIONS:
        end = next((j for j in range(end + 2, len(norms)) if norms[j] in _PUNCT_BREAKS),
                   len(norms))
    return end


def _relative_verb(norms: Sequence[str], j: int, verbs: frozenset[str]) -> bool:
    """"promises that have been made for positive change": the verb of a "that" clause
    inside the object, which runs on."""
    return norms[j] in verbs and any(norms[k] == "that" for k in range(max(0, j - 2), j))


def _verb_after_and(norms: Sequence[str], j: int, rules: Words) -> bool:
    """"... in identifying areas of concern and takes action": a second verb ends the object."""
    if norms[j] != "and" or j + 1 >= len(norms):
        return False
    nxt, r = norms[j + 1], rules.item
    if nxt in ("is", "are", "was", "were", "has", "have", "had"):
        return True
    return nxt in r.get("bare_verbs", ()) or nxt in r.get("verbs", ()) or (
        nxt.endswith(r.get("verb_endings", ("-",))) and not nxt.endswith("ss"))


def _first_word(norms: Sequence[str]) -> int:
    """Index of the sentence's first content word, past openers such as "However,"."""
    i = 0
    while i < len(norms) and (norms[i] in _PUNCT_BREAKS or norms[i] in ("however", "but", "and",
                                                                        "yet", "so", "also")):
        i += 1
    return i


_OBJECT_PREPS = frozenset({"in", "to", "for", "of", "with"})


_ELABORATIONS = frozenset({"including", "particularly", "especially", "notably"})


_RUNS_ON = frozenset({"with", "including", "such", "particularly", "especially", "notably",
                      "for", "in", "and", "or", "as", "albeit", "alongside"})
