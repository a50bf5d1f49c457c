"""The clause layer: where conditions, concessions, aims and the objects of named problems
begin and end in a sentence, found once per judged sentence and kept as labelled spans in
`doc.spans["clauses"]`, so that the scorer's rules ask which clause a cue stands in rather
than each working out the grammar again. Labels: `condition` ("When children cannot return
home, ..."), `relative` (a trailing ", where drift had occurred."), `concession` (form
`fronted`, `bracketed` or `trailing`), `goal` (after "needs to", "should"), `purpose` (after
"so that"), `object` (what a named problem or a hindering verb holds up).
"""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from cf.summarise.data_files import load_data, load_lexicon
from cf.summarise.tokens import is_participle, lemma_phrase

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span

    from cf.summarise.cues import Lexicon as Words
    from cf.summarise.rules import Cue

CLAUSES_KEY = "clauses"
PUNCT_BREAKS = frozenset({",", ";", ":", "(", ")", "—", "–", ".", "!", "?"})


@dataclass(frozen=True)
class Clause:
    """One clause of a sentence: token indexes relative to the sentence, `head` the word that
    opens it (the condition's "when", the problem named, the goal's modal)."""

    label: str
    start: int
    end: int
    head: int
    form: str = ""


def find(norms: Sequence[str], cues: Sequence[Cue], markers: Mapping[str, Sequence[Cue]],
         rules: Words) -> list[Clause]:
    """Every clause of one sentence: its conditions and trailing relatives, its concessions
    (from the concession markers), aims (from the goal markers: goal, plan and purpose cues)
    and the objects of its named problems (from its neg and negscope cues)."""
    out = conditions(norms, rules)
    out += [c for m in markers.get("contrast_concede", []) if (c := concession(norms, m, rules))]
    out += [aim(norms, g) for g in markers.get("goal", [])]
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
        relative = i > 0 and norms[i - 1] in grammar("case_nouns")
        fronted = norms[i] in rules.fronted_conditionals \
            and (i <= 2 or norms[i - 1] in PUNCT_BREAKS or norms[i - 1] in grammar("openers"))
        if fronted and _trailing_relative(norms, i):
            out.append(Clause("relative", i, len(norms), i))
            fronted = False
        if (not relative and norms[i] in rules.conditionals) or fronted:
            end = _limb_end(norms, i + 1, ("or", "and"))
            if end is None:  # no comma: a fronted condition still ends before its main clause
                span = load_data("rules.toml")["clauses"]["fronted_condition_span"]
                end = min(i + span, len(norms)) if i <= first + 1 else len(norms)
            out.append(Clause("condition", i, end, i))
            i = end
        i += 1
    return out


def concession(norms: Sequence[str], m: Cue, rules: Words) -> Clause | None:
    """The clause a concession cue opens: fronted, bracketed or trailing (None for a
    mid-sentence "while", which compares rather than concedes, or an unclosed front)."""
    if m.start <= _first_word(norms):
        end = _limb_end(norms, m.end, grammar("runs_on"), after=(",",))
        return None if end is None else Clause("concession", m.start, end, m.start, "fronted")
    if m.text in ("while", "whilst"):
        return None
    if _bracketed(norms, m, rules):
        return Clause("concession", m.start, next_of(norms, m.end, {","}), m.start, "bracketed")
    return Clause("concession", m.end, next_of(norms, m.end, {";"}), m.start, "trailing")


def aim(norms: Sequence[str], g: Cue) -> Clause:
    """What a goal, plan or purpose cue looks forward to: to the next comma, or for a
    recommendation ("X needs to ensure ..., with better feedback") to the next turn."""
    relative = any(w in ("that", "which", "who", "what") for w in norms[max(0, g.start - 3):g.start])
    modal = g.kind == "goal" and g.text.split()[0] in grammar("modals") and not relative
    end = next_of(norms, g.end, grammar("turns") if modal else PUNCT_BREAKS)
    purpose = g.kind == "purpose" and g.text != "in order to"
    return Clause("purpose" if purpose else "goal", g.end, end, g.start)


def next_of(norms: Sequence[str], lo: int, words: Collection[str]) -> int:
    """Index of the first of `words` at or after lo; len(norms) when there is none."""
    return next((j for j in range(lo, len(norms)) if norms[j] in words), len(norms))


def _limb_end(norms: Sequence[str], start: int, goes_on: Collection[str],
              after: Collection[str] = (",", ";")) -> int | None:
    """The comma (or semicolon) that ends a clause, past a limb that only goes on with it
    ("When risks escalate, or do not reduce, ...", "Although X, with Y, ...") when another
    comma closes it."""
    end = next_of(norms, start, (",", ";"))
    while end + 1 < len(norms) and norms[end] in after and norms[end + 1] in goes_on:
        nxt = next_of(norms, end + 1, (",", ";"))
        if nxt == len(norms):
            break
        end = nxt
    return None if end == len(norms) else end


def _trailing_relative(norms: Sequence[str], i: int) -> bool:
    """", where some drift had occurred." after a noun, running to the sentence's end, says
    what happened in those cases: a relative clause, not a condition. Short conditions
    ("..., where appropriate.") stay conditions."""
    if i <= _first_word(norms) + 1 or norms[i - 1] != ",":
        return False
    rest = [w for w in norms[i + 1:] if w not in (".", "!", "?")]
    return len(rest) > 2 and not any(w in (",", ";", ":") for w in rest)


def _bracketed(norms: Sequence[str], m: Cue, rules: Words) -> bool:
    """Is the concession between commas, with the main verb straight after it?"""
    if not m.start or norms[m.start - 1] != ",":
        return False
    end = next_of(norms, m.end, (",", ";"))
    verbs = rules.item["finite"] | rules.item["verbs"]
    return end + 1 < len(norms) and norms[end] == "," and norms[end + 1] in verbs


def _problem_object(norms: Sequence[str], neg: Cue, rules: Words) -> tuple[int, int] | None:
    """Where the object of a named problem lies: from its "in/to/for/of" to the main verb."""
    verbs = rules.item["finite"] | rules.item["verbs"]
    stops = PUNCT_BREAKS | verbs | rules.clause_breaks
    # the preposition must come before any verb: "challenges led to investment" is not one
    # ("issues with" holds its own)
    first = neg.end - 1 if norms[neg.end - 1] in grammar("object_preps") else neg.end
    prep = next((j for j in range(first, min(len(norms), neg.end + load_data("rules.toml")["clauses"]["object_prep_reach"]))
                 if norms[j] in grammar("object_preps") or norms[j] in stops
                 or _verb_after_and(norms, j, rules)), None)
    if prep is None or norms[prep] not in grammar("object_preps"):
        return None
    end = next((j for j in range(prep, len(norms)) if (norms[j] in stops
                and not _relative_verb(norms, j, verbs))
                or _verb_after_and(norms, j, rules)), len(norms))
    return prep, _runs_on(norms, end)


def _hindered(norms: Sequence[str], neg: Cue, rules: Words) -> tuple[int, int]:
    """What a hindering verb holds up: its direct object, with any clause of its own ("how
    quickly they can act"), to the clause's end."""
    end = next((j for j in range(neg.end, len(norms)) if norms[j] in PUNCT_BREAKS
                or norms[j] in rules.clause_breaks or _verb_after_and(norms, j, rules)),
               len(norms))
    return neg.end - 1, _runs_on(norms, end)


def _runs_on(norms: Sequence[str], end: int) -> int:
    """An object or clause ending at a comma goes on through ", including ..." to the next
    break."""
    while end + 1 < len(norms) and norms[end] == "," and norms[end + 1] in grammar("elaborations"):
        end = next_of(norms, end + 2, PUNCT_BREAKS)
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
    if nxt in grammar("auxiliaries"):
        return True
    return nxt in r["bare_verbs"] or nxt in r["verbs"] or (
        nxt.endswith(r["verb_endings"]) and not nxt.endswith("ss"))


@cache
def grammar(key: str) -> frozenset[str]:
    """A list of the function words the rules read (lexicon.toml's [rules.grammar])."""
    return frozenset(load_lexicon()["rules"]["grammar"][key])


def _first_word(norms: Sequence[str]) -> int:
    """Index of the sentence's first content word, past openers such as "However,"."""
    i = 0
    while i < len(norms) and (norms[i] in PUNCT_BREAKS or norms[i] in ("however", "but", "and",
                                                                        "yet", "so", "also")):
        i += 1
    return i
