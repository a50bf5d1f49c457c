"""Score stage: judge a sentence as strength, weakness, mixed or neutral, with its cues.

The words live in lexicon.toml and are matched by the pipeline's `cf_cues` component
(nlp.py); the token layer (tokens.py) gives lemmas and verb forms, the clause layer
(clauses.py) where conditions, concessions, aims and the objects of named problems lie.
The rules that read them are the rows of rules.toml, each applied by a pass here in the
rows' precedence; a cue a rule changed carries the rule's id, shown with it ("negation:not
effective [negate.flip]"), and is settled. docs/scorer.md says how to add one.

Weak praise ("supported", "most") decides only a sentence that says nothing stronger, and
never makes one mixed; a sentence with both sides said with force is `mixed`, its lean the
sign of the weighted sum (a tie leans to weakness, the scarcer and newsier class).
"""
from __future__ import annotations

import math
import os
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from cf.models import Assessment, Label
from cf.summarise import clauses as cl
from cf.summarise.clauses import PUNCT_BREAKS as _PUNCT_BREAKS
from cf.summarise.clauses import Clause, _first_word, _runs_on
from cf.summarise.data_files import load_data, load_lexicon
from cf.summarise.nlp import CUES_KEY, doc_text, get_nlp
from cf.summarise.tokens import lemma_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

# Scoped weaknesses that negate rather than name a problem: "prevent not yet" means nothing.
_NEGATING_HEADS = frozenset({
    "not", "no", "insufficiently", "inadequately", "fail", "fails", "failed", "unable", "yet",
    "has", "have", "had", "do", "does", "are", "is", "less", "unclear", "hard", "difficult",
    "may", "could"})
_BEFORE_NOW = frozenset({"previously", "formerly", "historically", "once"})
_QUESTIONS = frozenset({"how", "what", "whether", "why", "where", "when", "who"})
_CONSEQUENCES = frozenset({"allowing", "enabling", "ensuring", "helping", "leaving", "meaning"})
_AUXILIARIES = frozenset({"is", "are", "was", "were", "has", "have", "had"})
_NEUTRAL_OVERRIDE = 1.0  # evaluative weight that outweighs a boilerplate marker
_MIXED_MIN = 0.5  # each side needs this much weight for a sentence to be "mixed"
_WEAK_CAP = 0.6  # most that weak praise can add up to


@dataclass
class _Item:
    """One evaluative cue in a sentence: where it is, how much it weighs, how to show it."""

    start: int  # token index relative to the sentence
    end: int
    weight: float
    text: str
    kind: str  # "pos", "neg", "plan", "grade", ...
    tier: str = ""  # "strong", "mid" or "weak" for words graded by strength
    note: str = ""  # how a rule changed it, as shown: "negation:not", "mitigation:reduce", ...
    factor: float = 1.0  # contrast weighting
    rule: str = ""  # the id of the rule that changed it (rules.toml); a changed item is settled

    @property
    def key(self) -> str:
        """Whose weight this is: the rule that set it, else the lexicon's category and tier."""
        return self.rule or (f"{self.kind}.{self.tier}" if self.tier else self.kind)

    def mark(self, rule: str, note: str) -> None:
        """Record that `rule` changed this item, shown as `note`."""
        self.rule, self.note = rule, note


@dataclass(frozen=True)
class _Rules:
    weights: dict[str, float]
    imperatives: frozenset[str]
    clause_breaks: frozenset[str]
    conditionals: frozenset[str]
    fronted_conditionals: frozenset[str]
    relatives: frozenset[str]
    need_as_noun_after: frozenset[str]
    conditional_subjects: frozenset[str]
    shortfall_sections: tuple[str, ...]
    strength_sections: tuple[str, ...]
    numbers: dict[str, float] = field(default_factory=dict)
    item: dict[str, Any] = field(default_factory=dict)  # verbless improvement items
    levels: dict[str, frozenset[str]] = field(default_factory=dict)  # "caseloads are high"
    dealing: frozenset[str] = frozenset()  # verbs that act on a problem ("review", "escalate")
    benchmarks: dict[str, frozenset[str]] = field(default_factory=dict)  # "below national"
    providers: frozenset[str] = frozenset()  # "carers who cannot ...": the service, not the served
    hindering: frozenset[str] = frozenset()  # "hinders", "complicates": hold up their object
    context_sections: tuple[str, ...] = ()  # "Information about the local area partnership"

    def n(self, key: str) -> float:
        return self.numbers[key]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    lex = load_lexicon()
    raw = lex["rules"]
    weights: dict[str, float] = {}

    def walk(prefix: str, spec: dict[str, Any]) -> None:
        if "phrases" in spec or "patterns" in spec:
            weights[prefix] = float(spec.get("weight", 0.0))
            return
        for key, sub in spec.items():
            if isinstance(sub, dict):
                walk(f"{prefix}.{key}", sub)

    for cat, spec in lex["cues"].items():
        walk(cat, spec)
    numbers = {k: float(v) for k, v in raw.items() if isinstance(v, (int, float))}
    return _Rules(
        weights=weights,
        imperatives=frozenset(raw["imperatives"]),
        clause_breaks=frozenset(raw["clause_breaks"]),
        conditionals=frozenset(raw["conditionals"]),
        fronted_conditionals=frozenset(raw["fronted_conditionals"]),
        relatives=frozenset(raw["relatives"]),
        need_as_noun_after=frozenset(raw.get("need_as_noun_after", ())),
        conditional_subjects=frozenset(raw.get("conditional_subjects", ())),
        shortfall_sections=tuple(raw["shortfall_sections"]),
        strength_sections=tuple(raw.get("strength_sections", ())),
        numbers=numbers,
        item=_item_rules(raw.get("item", {})),
        levels={k: frozenset(v) for k, v in raw.get("levels", {}).items()},
        dealing=frozenset(raw.get("dealing", ())),
        benchmarks={k: frozenset(v) for k, v in raw.get("benchmarks", {}).items()},
        providers=frozenset(raw.get("providers", ())),
        hindering=frozenset(raw.get("hindering", ())),
        context_sections=tuple(raw.get("context_sections", ())),
    )


def _item_rules(raw: dict[str, Any]) -> dict[str, Any]:
    """The word lists for verbless improvement items, as sets and tuples for speed."""
    out: dict[str, Any] = {k: frozenset(v) for k, v in raw.items()}
    out["nominal_suffixes"] = tuple(raw.get("nominal_suffixes", ()))
    out["verb_endings"] = tuple(raw.get("verb_endings", ()))
    out["finite"] = frozenset(w for w in raw.get("finite", ()) if " " not in w)
    return out


# ---------------------------------------------------------------- public API


def assess(span_or_doc: Span | Doc, section: str | None = None) -> Assessment:
    """Judge one sentence (a Span, or a whole Doc taken as one sentence).

    The Doc normally comes through `get_nlp()`, which stores the cue spans; any other Doc
    on the same vocabulary gets them found here. `section` is the heading of the section the
    sentence sits in, if known."""
    from spacy.tokens import Span  # loaded already: the Doc came from spaCy

    span = span_or_doc if isinstance(span_or_doc, Span) else span_or_doc[:]
    if CUES_KEY not in span.doc.spans:  # a Doc from elsewhere: find its cues now
        nlp = get_nlp()
        nlp.get_pipe("cf_cues")(nlp.get_pipe("cf_norm")(span.doc))
    cues = [c for c in span.doc.spans[CUES_KEY] if c.start >= span.start and c.end <= span.end]
    return _judge(span, cues, section)


def assess_all(doc: Doc, spans: Sequence[Span], sections: Sequence[str] | None = None
               ) -> list[Assessment]:
    """Judge many sentences of one Doc, sharing one pass over its cue spans."""
    cues = list(doc.spans[CUES_KEY])
    starts = [c.start for c in cues]
    norms = _norms(doc)
    text = doc_text(doc)
    out = []
    for i, span in enumerate(spans):
        lo = bisect_left(starts, span.start)
        hi = bisect_left(starts, span.end)
        mine = [c for c in cues[lo:hi] if c.end <= span.end]
        out.append(_judge(span, mine, sections[i] if sections else None,
                          norms[span.start:span.end], text))
    return out


def _norms(doc: Doc) -> list[str]:
    """Every token's NORM, read from an array (no Token objects: letters are long)."""
    strings = doc.vocab.strings
    return [strings[n] for n in doc.to_array("NORM").tolist()]


def score_texts(texts: Iterable[str], batch_size: int = 256) -> list[Assessment]:
    """Judge each text as ONE sentence (what `cf score` does with each input line)."""
    nlp = get_nlp()
    return [assess(doc) for doc in nlp.pipe(list(texts), batch_size=batch_size)]


# ---------------------------------------------------------------- the rules


def _judge(span: Span, cues: Sequence[Span], section: str | None,
           norms: Sequence[str] | None = None, text: str | None = None) -> Assessment:
    rules = _rules()
    if norms is None:
        norms = [t.norm_ for t in span]
    items, markers = _items(span, cues, rules, text if text is not None else doc_text(span.doc))
    found = cl.find(norms, items, markers.get("contrast_concede", []), markers.get("goal", []),
                    rules)
    cl.store(span, found)
    s = _Sentence(span, norms, section, rules, items, markers, found)
    for name in _pass_order():
        _PASSES[name](s)
    factors = fitted_factors()
    for it in items:  # the weights as fitted (benchmarks/fit_weights.py)
        it.weight *= factors.get(it.key, 1.0)
    if _SEEN is not None:
        _SEEN.append([(it.key, it.weight * it.factor, _is_weak(it)) for it in items if it.weight])
    return _verdict(items, markers, s.lean)


@lru_cache(maxsize=1)
def fitted_factors() -> dict[str, float]:
    """weights.toml's factor on each weight key's hand weight (1.0 where none is given)."""
    return {k: float(v) for k, v in load_data("weights.toml")["factors"].items()}


# For benchmarks/fit_weights.py: when a list, each judged sentence's weighted cues (weight
# key, weight times factor, weak or not) are appended to it.
_SEEN: list[list[tuple[str, float, bool]]] | None = None


def record_weights(into: list[list[tuple[str, float, bool]]] | None) -> None:
    """Collect (or, given None, stop collecting) every judged sentence's weighted cues."""
    global _SEEN
    _SEEN = into


@dataclass
class _Sentence:
    """What the passes share: the sentence, its cues so far, and the contrast that leans it."""

    span: Span
    norms: Sequence[str]
    section: str | None
    rules: _Rules
    items: list[_Item]
    markers: dict[str, list[_Item]]
    clauses: list[Clause]  # the clause layer's (clauses.py)
    lean: tuple[str, str] = ("", "")  # the contrast word that decided the lean, and its rule


def _contrast_pass(s: _Sentence) -> None:
    s.lean = _contrast(s.items, s.markers, s.norms, s.rules, s.clauses)


# Each pass applies the rules whose rows (rules.toml) name it, in the rows' precedence.
_PASSES: dict[str, Callable[[_Sentence], None]] = {
    "benchmarks": lambda s: _benchmarks(s.items, s.markers, s.norms, s.rules),
    "intensify": lambda s: _intensify(s.items, s.markers, s.rules),
    "mitigate": lambda s: _mitigate(s.items, s.markers, s.norms, s.rules),
    "goals": lambda s: _goals(s.items, s.clauses, s.rules),
    "negate": lambda s: _negate(s.items, s.markers, s.norms, s.rules, s.clauses),
    "scarce_problems": lambda s: _scarce_problems(s.items, s.norms, s.rules),
    "frequency": lambda s: _frequency(s.items, s.norms, s.rules),
    "levels": lambda s: _levels(s.items, s.norms, s.rules),
    "who_clauses": lambda s: _who_clauses(s.items, s.norms),
    "previously": lambda s: _previously(s.items, s.norms),
    "objects": lambda s: _objects(s.items, s.norms, s.rules, s.clauses),
    "limited": lambda s: _limited(s.items),
    "predicate": lambda s: _predicate(s.items, s.norms),
    "conditionals": lambda s: _conditionals(s.items, s.norms, s.clauses),
    "contrast": _contrast_pass,
    "front": lambda s: _front(s.items, s.markers, s.norms, s.rules),
    "history": lambda s: _history(s.items, s.markers),
    "past": lambda s: _past(s.items, s.markers, s.norms),
    "context": lambda s: _context(s.items, s.markers, s.span, s.norms, s.section, s.rules),
}


def rule_rows() -> list[dict[str, Any]]:
    """The scorer's rules as declared in rules.toml, in precedence order."""
    return sorted(load_data("rules.toml")["rules"], key=lambda r: int(r["precedence"]))


@lru_cache(maxsize=1)
def _pass_order() -> tuple[str, ...]:
    """The passes in the precedence of their rules (the cue-reading pass "items" runs first)."""
    order: list[str] = []
    for row in rule_rows():
        if row["pass"] != "items" and row["pass"] not in order:
            order.append(row["pass"])
    return tuple(order)


_OFF: frozenset[str] = frozenset(
    w.strip() for w in os.environ.get("CF_RULES_OFF", "").split(",") if w.strip())


def switch_off(ids: Iterable[str]) -> None:
    """Switch rules off by id, for measurement (benchmarks/rules.py); an id without a dot
    switches off its whole family. The environment variable CF_RULES_OFF does the same."""
    global _OFF
    _OFF = frozenset(ids)


def _on(rule: str) -> bool:
    """Is this rule switched on?"""
    return not _OFF or (rule not in _OFF and rule.split(".")[0] not in _OFF)


def _items(span: Span, cues: Sequence[Span], rules: _Rules, text: str
           ) -> tuple[list[_Item], dict[str, list[_Item]]]:
    """Split the cue spans into evaluative items and markers (negators, contrast, ...)."""
    items: list[_Item] = []
    markers: dict[str, list[_Item]] = {}
    for cue in cues:
        label = cue.label_
        kind = label.split(".")[0]
        tier = label.split(".")[1] if "." in label else ""
        item = _Item(cue.start - span.start, cue.end - span.start, rules.weights.get(label, 0.0),
                     text[cue.start_char:cue.end_char].lower(), kind, tier)
        if kind == "goal" and not _modal_goal(span, cue, item.text, rules):
            continue
        if kind == "plan" and item.text.split()[-2:] in (["the", "need"], ["need", "to"]) \
                and not _need_for_change(span, cue, rules):
            continue  # "aware of the need to obtain consent" knows the practice
        if kind in ("pos", "neg", "negscope", "plan", "hedge", "grade_pos", "grade_neg", "early",
                    "quant_scarce", "goal", "quant_most"):
            items.append(item)
            # "have plans to <goal>" looks forward; "recognise this" points back and closes.
            if kind in ("plan", "goal") and not item.text.endswith(_POINTS_BACK):
                markers.setdefault("goal", []).append(item)
        elif kind == "purpose":
            markers.setdefault("goal", []).append(item)
        elif kind == "awareness":
            items.append(item)
            markers.setdefault("goal", []).append(item)
        else:
            markers.setdefault(kind, []).append(item)
        if kind == "negscope":  # a scoped weakness also negates what follows it
            markers.setdefault("negator", []).append(_Item(item.start, item.end, 0.0, item.text,
                                                           "negscope"))
    return items, markers


# A plan or awareness that ends on what it knows points back to a shortfall, not ahead to a goal.
_POINTS_BACK = (" this", " these", " it", " issues", " issue", " shortfalls", " shortfall",
                " gaps", " weaknesses", " deficits", " deficiencies", " problems", " difficulties",
                " concerns")


def _norm(token: Token) -> str:
    return token.norm_


def _modal_goal(span: Span, cue: Span, text: str, rules: _Rules) -> bool:
    """Is this "need to"/"should" a call for change? Not in "children's needs to be met", "the
    skills they need to live independently" or "should they wish to" (a condition)."""
    doc = span.doc
    before = [_norm(doc[k]) for k in range(max(span.start, cue.start - 2), cue.start)]
    prev = before[-1] if before else ""
    if any(_norm(doc[k]) in ("what", "how", "whom", "whether") or _asked(doc, k, span.start)
           for k in range(max(span.start, cue.start - 3), cue.start)):
        return False  # "what they should do next", "how they need to" describe
    if text.startswith("need") and "improv" not in text and " be" not in text:
        nxt = _norm(doc[cue.end]) if cue.end < span.end else ""
        if prev in _POSSESSIVES or (prev in rules.need_as_noun_after and nxt != "be"):
            return False  # "children's needs to be met"; "planning ... need to be" asks
        # "the help they need to ..." describes; "leaders know that they need to ..." asks
        if prev in ("they", "we", "you") and nxt != "be" and len(before) == 2 \
                and before[0] not in (
                "that", ",", "and", "but", "so", "know", "knows", "recognise", "recognises",
                "accept", "understand", "acknowledge", "leaders", "managers", "partners"):
            return False
    if text == "should" and cue.end < span.end:
        nxt = _norm(doc[cue.end])
        if nxt in rules.conditional_subjects:
            return False  # "should they wish", "should young people need support"
    return True


# Prepositions that make the "who"/"when" after them a question ("decisions on who should
# lead", "clarity about when plans should end"), not a relative.
_QUESTION_PREPS = frozenset({"on", "about", "over", "regarding", "of", "as"})


def _asked(doc: Doc, k: int, start: int) -> bool:
    """Is the word at k a question word put after a preposition ("agreement on who should")?"""
    return k > start and _norm(doc[k]) in ("who", "which", "when", "where") \
        and _norm(doc[k - 1]) in _QUESTION_PREPS


def _levels(items: list[_Item], norms: Sequence[str], rules: _Rules) -> None:
    """A measure and its level: "Caseloads for some practitioners ... are high", "high uptake
    of health checks", "attendance has declined". A burden (caseloads, waits, exclusions)
    that is high or rising, or a good (attendance, take-up, morale) that is low or falling,
    is a shortfall; the other way round a strength. The level is an adjective before the
    measure or the predicate after it, in the same sentence part."""
    lv = rules.levels
    if not _on("level.measure") or not lv or lv["ups"].isdisjoint(norms) and lv["downs"].isdisjoint(norms):
        return
    for i, w in enumerate(norms):
        sense = 1 if w in lv["ups"] else -1 if w in lv["downs"] else 0
        if not sense or any(it.start <= i < it.end and it.end - it.start > 1 for it in items):
            continue  # a phrase says it already ("too high", "caseloads remain high")
        measure = _measure_of(norms, i, lv)
        if measure is None:
            continue
        for it in items:  # the level reads the words: "increased" demand is no praise, nor
            # the "continues to" before a level ("demand continues to rise")
            if (it.start == measure or (it.start == i and it.end == i + 1)
                    or (measure < it.start < i and it.tier == "weak")) \
                    and it.kind in ("pos", "neg"):
                it.weight = 0.0
        name = "".join(norms[measure:measure + 3])
        name = name if name in lv["burdens"] | lv["goods"] else norms[measure]  # "take-up"
        sign = sense * (-1 if name in lv["burdens"] else 1)
        items.append(_Item(i, i + 1, float(sign), f"{name} … {w}" if measure < i
                           else f"{w} {name}", "neg" if sign < 0 else "pos", "mid",
                           note=f"level:{name} {w}", rule="level.measure"))


def _benchmarks(items: list[_Item], markers: dict[str, list[_Item]], norms: Sequence[str],
                rules: _Rules) -> None:
    """A measure compared with a benchmark: "41.7% make good progress compared with 65.3% of
    all children", "attainment is below the national average", "re-referrals are lower than
    in similar areas". Below the benchmark is a shortfall for a good (progress, attendance,
    care leavers in education) and a strength for a burden (re-referrals, exclusions), above
    it the other way round; the measure's own words (the "good" in "good progress") name it
    and do not judge. A comparison with no clear direction or measure says nothing."""
    bm = rules.benchmarks
    if not _on("benchmark.compare") or not bm or bm["references"].isdisjoint(norms) and bm["comparators"].isdisjoint(norms):
        return
    for c in range(len(norms)):
        if norms[c] not in bm["comparators"] and norms[c] not in bm["below"] \
                and norms[c] not in bm["above"]:
            continue
        lo = max((j + 1 for j in range(c) if _bench_break(norms, j)), default=0)
        hi = next((j for j in range(c + 1, len(norms)) if _bench_break(norms, j)), len(norms))
        if norms[c] not in bm["comparators"] and "than" not in norms[c + 1:c + 6] \
                and not any(_reference(norms, j, bm) for j in range(c + 1, min(hi, c + 5))):
            continue  # "more work is needed": no comparison
        if not any(_reference(norms, j, bm) for j in range(c, hi)) \
                and not _two_figures(norms, lo, c, hi):
            continue
        direction = _direction(norms, lo, c, hi, bm)
        good = _measure_sense(items, norms, [j for j in range(lo, hi) if j != c
                                             and not _reference(norms, j, bm)], bm, rules)
        if not direction or not good:
            continue
        # "fewer", "not in education" belong to the comparison, not to a negation
        markers["negator"] = [n for n in markers.get("negator", []) if not lo <= n.start < hi]
        sign = direction * good
        for it in items:  # the measure's words name it: "make good progress", "rate of"
            if lo <= it.start < hi and it.weight and _on("benchmark.measure_words"):
                it.weight = 0.0
                if not it.rule:
                    it.mark("benchmark.measure_words", f"measure:{it.text}")
        side = "above" if direction > 0 else "below"
        items.append(_Item(c, c + 1, float(sign), f"{side} benchmark",
                           "pos" if sign > 0 else "neg", "mid",
                           note=f"benchmark:{side} ({'a good' if good > 0 else 'a burden'})",
                           rule="benchmark.compare"))
        return


_BENCH_BREAKS = frozenset({";", "but", "however", "whereas", "while", "whilst", "although"})


def _bench_break(norms: Sequence[str], j: int) -> bool:
    """Where a comparison's clause ends: a turn, a semicolon, or ", and" before a new clause."""
    return norms[j] in _BENCH_BREAKS or (norms[j] == "," and j + 1 < len(norms)
                                         and norms[j + 1] in ("and", "but"))


def _reference(norms: Sequence[str], j: int, bm: dict[str, frozenset[str]]) -> bool:
    """Is the word at j a benchmark ("nationally", "similar areas", "all children")? "all"
    and "other" only before the people or places compared ("other children", "all pupils")."""
    w = norms[j]
    if w in ("all", "other"):
        return j + 1 < len(norms) and norms[j + 1] in bm["compared"]
    return w in bm["references"]


def _figure(word: str) -> float | None:
    try:
        return float(word.replace(",", ""))
    except ValueError:
        return None


def _figures(norms: Sequence[str], lo: int, hi: int) -> list[float]:
    """The figures between lo and hi: percentages first ("41.7%"), else plain numbers that
    are not years."""
    found = [(_figure(norms[j]), norms[j + 1] if j + 1 < len(norms) else "")
             for j in range(lo, hi)]
    figures = [(f, nxt) for f, nxt in found if f is not None]
    cents = [f for f, nxt in figures if nxt in ("%", "per", "percent")]
    return cents or [f for f, _ in figures if not (1900 <= f <= 2100 and f == int(f))]


def _two_figures(norms: Sequence[str], lo: int, c: int, hi: int) -> bool:
    return bool(_figures(norms, lo, c)) and bool(_figures(norms, c + 1, hi))


def _direction(norms: Sequence[str], lo: int, c: int, hi: int,
               bm: dict[str, frozenset[str]]) -> int:
    """+1 when the measure is above its benchmark, -1 below, 0 when unclear."""
    if norms[c] in bm["below"]:
        return -1
    if norms[c] in bm["above"]:
        return 1
    words = [w for w in norms[max(lo, c - 3):c]]
    if any(w in bm["below"] for w in words):
        return -1  # "lower than", "less likely than"
    if any(w in bm["above"] for w in words):
        return 1
    before, after = _figures(norms, lo, c), _figures(norms, c + 1, hi)
    if before and after and before[-1] != after[0]:
        return 1 if before[-1] > after[0] else -1
    return 0


def _measure_sense(items: list[_Item], norms: Sequence[str], where: list[int],
                   bm: dict[str, frozenset[str]], rules: _Rules) -> int:
    """+1 for a good measured (progress, attendance), -1 for a burden (re-referrals, children
    not in education), 0 when the words at `where` do not say which."""
    words = [norms[j] for j in where]
    inside = [it for it in items if it.start in where and it.weight
              and it.kind not in ("quant_scarce", "quant_limit", "quant_most")]
    burdens = bm["burdens"] | rules.levels.get("burdens", frozenset())
    if any(w in ("not", "no") for w in words):
        return -1  # "care leavers not in education"
    burden = any(w in burdens for w in words) \
        or any(it.weight < 0 and it.kind != "negation" for it in inside)
    good = any(w in bm["goods"] for w in words) or any(it.weight > 0 for it in inside)
    return 0 if burden == good else -1 if burden else 1  # both: "missing children offered"


def _measure_of(norms: Sequence[str], i: int, lv: dict[str, frozenset[str]]) -> int | None:
    """The burden or good whose level the word at i gives, if any: the next word ("high
    caseloads"), or the subject of the copula before it ("caseloads ... are high")."""
    measures = lv["burdens"] | lv["goods"]
    k = i + 1
    if k + 1 < len(norms) and norms[k] in lv["quantities"] and norms[k + 1] == "of":
        k += 2  # "low rates of agency staff", "high levels of absence"
    if k < len(norms) and (norms[k] in measures or "".join(norms[k:k + 3]) in measures):
        return k  # "take-up" is three tokens
    j = i - 1
    while j >= 0 and norms[j] in lv["adverbs"]:
        j -= 1
    if j < 0 or norms[j] not in lv["copulas"]:
        return None
    for k in range(j - 1, -1, -1):
        if norms[k] in _PUNCT_BREAKS:
            return None
        if norms[k] in measures or "".join(norms[k:k + 3]) in measures:
            return k  # "take-up by young people is low"
    return None


def _need_for_change(span: Span, cue: Span, rules: _Rules) -> bool:
    """Is "the need to ..." a need to change something ("to improve", "to develop further",
    "for more foster carers"), which still exists, rather than a practice known ("the need to
    obtain consent", "the need to maintain the foster carer cohort")?"""
    words = [_norm(t) for t in span.doc[cue.end:min(span.end, cue.end + 3)]]
    words = [w for w in words if w not in ("to", "for", "further", "continue", "urgently")]
    return not words or words[0] in rules.imperatives or words[0] in _CHANGE_WORDS


_CHANGE_WORDS = frozenset({"more", "better", "greater", "further", "change", "changes",
                           "improvement", "improvements", "progress", "accelerate", "make",
                           "recruit", "expand", "grow", "build", "create", "reduce", "increase"})


def _clause_end(norms: Sequence[str], i: int, reach: int, rules: _Rules) -> int:
    """First token index at or after i where a clause breaks, or i + reach. A second limb
    that repeats the first's question word ("do not show how ..., or how ...") goes on."""
    limit = i + reach
    j = i
    while j < min(len(norms), limit):
        if norms[j] == "," and _list_goes_on(norms, j):
            j += 1
            continue
        if norms[j] == "," and _parallel_limb(norms, i, j):
            limit = j + 2 + reach
            j += 2
            continue
        if norms[j] in _PUNCT_BREAKS or norms[j] in rules.clause_breaks:
            return j
        j += 1
    return min(len(norms), limit)


def _parallel_limb(norms: Sequence[str], i: int, j: int) -> bool:
    """", or how they ..." after "... how young people ...": the same question again."""
    after = norms[j + 1:j + 3]
    return len(after) == 2 and after[0] in ("or", "and", "nor") and after[1] in _QUESTIONS \
        and after[1] in norms[i:j]


def _list_goes_on(norms: Sequence[str], j: int) -> bool:
    """Is the comma at j inside a list ("not always clear, specific or timely")?"""
    after = norms[j + 1:j + 5]
    if after and after[0] in _CONSEQUENCES:
        return True  # "not capturing life stories, allowing them to understand": still negated
    if not after or after[0] in ("and", "or", "but", "nor", "which", "who", "as", "so"):
        return False
    for w in after[1:]:
        if w in _PUNCT_BREAKS:
            return False
        if w in ("or", "and", "nor"):
            return True
    return False


def _intensify(items: list[_Item], markers: dict[str, list[_Item]], rules: _Rules) -> None:
    for m in markers.get("intensifier", []) if _on("intensify") else []:
        for it in items:
            if m.end <= it.start <= m.end + 1 and it.weight:
                it.weight *= rules.n("intensifier_factor")
                it.text = f"{m.text} {it.text}"
                break


def _clause_start(norms: Sequence[str], i: int, reach: int, rules: _Rules) -> int:
    for j in range(i - 1, max(-1, i - reach - 1), -1):
        if norms[j] in _PUNCT_BREAKS or norms[j] in rules.clause_breaks:
            return j + 1
    return max(0, i - reach)


def _mitigate(items: list[_Item], markers: dict[str, list[_Item]], norms: Sequence[str],
              rules: _Rules) -> None:
    """"reduce delay", "delays have reduced": a weakness being fixed reads as a strength."""
    reach = int(rules.n("mitigator_reach"))
    plans = [p.end for p in markers.get("goal", []) if p.kind == "plan"]
    plans += [it.end for it in items if it.kind == "early"]
    ongoing = [it.end for it in items if it.kind == "hedge" and it.text in _ONGOING]
    for m in list(markers.get("mitigator", [])):
        if m.start and norms[m.start - 1] in _SELDOM:
            continue  # "delays are rarely challenged": not handled
        if _on("mitigate.under_way") and any(0 <= m.start - end <= 4 for end in ongoing) \
                and m.end < len(norms) \
                and norms[m.end] in _ANAPHORS:
            # "work is under way to address them": the shortfall named before is still there
            items.append(_Item(m.start, m.end + 1, rules.weights.get("plan", -0.8),
                               f"{m.text} {norms[m.end]}", "plan",
                               note=f"plan:{m.text} {norms[m.end]} (work under way)",
                               rule="mitigate.under_way"))
            continue
        if any(0 <= m.start - end <= 3 for end in plans + ongoing):
            continue  # "plans to address delay": the delay is still there
        # Only a participle looks back ("delays have reduced", "drift is being tackled");
        # "a barrier to prevent support" is not a barrier prevented.
        lo = _clause_start(norms, m.start, 2 * reach, rules) \
            if m.text.endswith(("ed", "ing", "en", "overcome")) and _predicative(norms, m.start) \
            else m.start
        hi = _clause_end(norms, m.end, reach + 1, rules)
        done = False
        for it in items:
            mitigable = it.kind == "neg" or (it.kind == "negscope"
                                             and it.text.split()[0] not in _NEGATING_HEADS)
            if " remain" in it.text:
                continue  # "reduce caseloads, which remain high": the problem is still there
            if it.weight < 0 and mitigable and lo <= it.start < hi and not it.rule \
                    and not _manner(it, m) and _on("mitigate.fix"):
                it.weight = abs(it.weight) * rules.n("negated_weakness_factor")
                it.mark("mitigate.fix", f"mitigation:{m.text} {it.text}" if it.start > m.start
                        else f"mitigation:{it.text} {m.text}")
                done = True
        if not done and lo < m.start and norms[lo] in _ANAPHORS | {"they"} \
                and _on("mitigate.named_before"):
            # "..., but these have now been addressed": what was named is put right
            items.append(_Item(m.start, m.end, 1.0, f"{norms[lo]} … {m.text}", "pos", "mid",
                               note=f"mitigation:{norms[lo]} {m.text}", rule="mitigate.named_before"))


def _manner(it: _Item, m: _Item) -> bool:
    """"closed prematurely", "addressed slowly": an adverb right after the verb says how the
    fix was done, and that is the shortfall; it is not a problem fixed."""
    return m.end <= it.start <= m.end + 1 and it.text.endswith("ly") and " " not in it.text


# Work on something not yet done ("work is under way to", "are working to").
_ONGOING = frozenset({"well under way", "well underway", "work is under way", "work is underway",
                      "under way", "underway", "in the process of", "aim to", "aims to",
                      "are working to", "is working to", "working towards", "is intended to",
                      "are intended to"})
_ANAPHORS = frozenset({"this", "these", "them", "it", "those"})


def _predicative(norms: Sequence[str], i: int) -> bool:
    """Is the participle at i a predicate ("delays have reduced", "drift is being tackled"),
    which looks back at its subject, rather than a gerund ("challenges in identifying")?"""
    j = i - 1
    while j >= 0 and (norms[j].endswith("ly") or norms[j] in ("now", "also", "since", "been",
                                                               "being", "be")):
        if norms[j] in ("been", "being", "be"):
            return True
        j -= 1
    return j >= 0 and (norms[j] in _AUXILIARIES or norms[j] in _COPULAS)


def _goals(items: list[_Item], clauses: list[Clause], rules: _Rules) -> None:
    """After "needs to", "plans to", strengths in the goal clause are the aim, not the fact.
    In a purpose clause ("so that", "to ensure that") they are the aim of what was found: they
    count for little, so that the finding before them decides."""
    for c in clauses:
        if c.label not in ("goal", "purpose") \
                or not _on("goal.aim" if c.label == "goal" else "goal.purpose"):
            continue
        for it in items:
            if c.start <= it.start < c.end and it.weight > 0:
                if c.label == "purpose":
                    it.factor *= rules.n("purpose_factor")
                else:
                    it.weight = 0.0


def _negate(items: list[_Item], markers: dict[str, list[_Item]], norms: Sequence[str],
            rules: _Rules, clauses: list[Clause]) -> None:
    """Negators flip what they reach; with nothing to flip they are a weakness themselves."""
    for neg in markers.get("negator", []):
        if neg.kind == "negscope" and any(it.start == neg.start and it.rule.startswith(
                "mitigate.") for it in items):
            continue  # "challenge drift and delay robustly": a problem handled negates nothing
        describes = _on("negate.describes") and _describes(norms, neg.start, rules)
        hi = _negator_end(neg, clauses, norms, rules, describes)
        if describes and neg.kind == "negscope":  # "children who are unable to live at home"
            for it in items:
                if it.start == neg.start and it.kind == "negscope" and it.weight:
                    it.weight = 0.0
                    it.mark("negate.describes", f"condition:who {it.text}")
        if describes:  # "children who do not attend school | are offered tuition"
            hi = next((j for j in range(neg.end, hi) if norms[j] in _AUXILIARIES), hi)
        flipped = _on("negate.flip") and _flip_reached(items, neg, norms, rules, describes, hi)
        if not describes and not _conditional_before(norms, neg.start, rules):
            flipped |= _negated_clause(items, neg, norms, hi, rules)
        if flipped or neg.kind == "negscope" or describes:
            continue
        bare = _bare_negation(neg, norms, hi, rules)
        if _on(bare.rule):
            items.append(bare)


def _negated_clause(items: list[_Item], neg: _Item, norms: Sequence[str], hi: int,
                    rules: _Rules) -> bool:
    """A finding's negation: the praise in its subject names the topic, and a relative clause
    on what it denies says what is missing. Whether anything was flipped."""
    if _on("negate.subject"):
        _damp_subject(items, norms, neg.start)
    return _on("negate.denied_relative") \
        and _denied_relative(items, neg, norms, _relative_start(norms, hi, rules), rules)


_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whose"})
# Words before a verb that still belongs to a relative clause ("who knows what is needed").
_LINKS_VERB = _QUESTIONS | _RELATIVE_PRONOUNS | {"and", "or"}


def _relative_start(norms: Sequence[str], hi: int, rules: _Rules) -> int:
    """Where a relative clause opens at or after the end of a negator's reach, in the same
    clause (a long object can outrun the reach), or -1."""
    j = hi
    while j < len(norms) and norms[j] not in _RELATIVE_PRONOUNS \
            and norms[j] not in _PUNCT_BREAKS and norms[j] not in rules.clause_breaks:
        j += 1
    ok = 0 < j < len(norms) and norms[j] in _RELATIVE_PRONOUNS and norms[j - 1] not in _PUNCT_BREAKS
    return j if ok else -1  # ", which means ..." comments on the whole clause


def _denied_relative(items: list[_Item], neg: _Item, norms: Sequence[str], hi: int,
                     rules: _Rules) -> bool:
    """"Children do not have a worker who knows them well": a relative clause on what the
    negation denies says what is missing, so its praise is none, through ", including ...".
    After "no" it is what does not exist, so its problem is denied ("there are no children
    who wait for a worker"). Whether a problem was."""
    if hi < 0:
        return False
    end = _runs_on(norms, next((j for j in range(hi, len(norms)) if norms[j] in _PUNCT_BREAKS),
                               len(norms)))
    if any(norms[k] in _AUXILIARIES and norms[k - 1] not in _LINKS_VERB
           for k in range(hi + 2, end)):
        return False  # "... and partners who work with them are well informed": a subject's
    inside = [it for it in items if hi <= it.start < end and it.weight and not it.rule]
    for it in inside:
        if it.weight > 0:
            it.weight = 0.0
        elif neg.text in ("no", "none", "nobody") and it.kind in ("neg", "negscope"):
            it.weight = abs(it.weight) * rules.n("negated_weakness_factor")
        else:
            continue
        it.mark("negate.denied_relative", f"negation:{neg.text} … {it.text}")
    return any(it.weight > 0 for it in inside)


def _negator_end(neg: _Item, clauses: list[Clause], norms: Sequence[str], rules: _Rules,
                 describes: bool) -> int:
    """Where a negator's reach ends: its clause, a conditional's comma, a fronted concession."""
    hi = _clause_end(norms, neg.end, 4 if describes else int(rules.n("negator_reach")), rules)
    if _conditional_before(norms, neg.start, rules):  # stays inside "when ..., "
        hi = min(hi, next((j for j in range(neg.end, len(norms))
                           if norms[j] in _PUNCT_BREAKS), len(norms)))
    conceded = _fronted_concession(clauses)
    if conceded and conceded.start <= neg.start < conceded.end:
        hi = min(hi, conceded.end)  # "Although there are gaps, | practice is strong"
    return hi


def _flip_reached(items: list[_Item], neg: _Item, norms: Sequence[str], rules: _Rules,
                  describes: bool, hi: int) -> bool:
    """Flip the praise (and negate the list of weaknesses) the negator reaches before `hi`;
    whether anything was flipped."""
    reached = [it for it in items if neg.end <= it.start < hi and it.weight]
    flipped = False
    last_neg = None  # once a weakness is negated, only a list of weaknesses goes on
    skipped = 0  # weak praise in the subject of "none of ..." that the negation passes
    for k, it in enumerate(reached):
        k -= skipped
        if last_neg is not None and not (it.kind in ("neg", "negscope")
                                         and _coordinated(norms, last_neg.end, it.start)):
            break
        if it.weight > 0:
            if describes and it.tier == "weak":
                continue
            if it.tier == "weak" and neg.text in ("none", "no", "nobody", "never") \
                    and any(r.weight < 0 for r in reached[k + skipped + 1:]):
                skipped += 1
                continue  # "None of the children seen were living in unsuitable homes"
            # "not timely": the strength becomes a weakness; a scoped weakness such as
            # "not always" already carries the weight, so what it reaches only explains.
            it.weight = 0.0 if neg.kind == "negscope" else -max(it.weight, 1.0)
            it.mark("negate.flip", f"negation:{neg.text} {it.text}")
            flipped = True
        elif it.kind in ("neg", "negscope"):
            if k == 0 and _dealt_with(norms, neg.end, it.start, rules):
                break  # "do not review outstanding actions": the problem stands, unhandled
            if (k == 0 or last_neg is not None) and neg.kind != "negscope":  # "no drift or delay"
                it.weight = abs(it.weight) * rules.n("negated_weakness_factor")
                it.mark("negate.flip", f"negation:{neg.text} {it.text}")
                flipped = True
                last_neg = it
                continue
            break  # a weakness ends the negator's reach
    return flipped


def _bare_negation(neg: _Item, norms: Sequence[str], hi: int, rules: _Rules) -> _Item:
    """A negator with nothing to flip: a weakness itself, half a strength when it denies a
    danger."""
    if _denies_danger(norms, neg, hi):
        return _Item(neg.start, neg.end, -rules.n("bare_negation_weight") / 2,
                     neg.text, "negation", note=f"negation:{neg.text} at risk", rule="negate.danger")
    return _Item(neg.start, neg.end, rules.n("bare_negation_weight"), neg.text,
                 "negation", note=f"negation:{neg.text}", rule="negate.bare")


_SELDOM = frozenset({"rarely", "seldom", "infrequently", "occasionally", "sometimes", "never"})


_SCARCE = frozenset({"few", "very few", "rarely", "seldom", "rare", "very rare", "infrequent",
                     "infrequently"})
def _scarce_problems(items: list[_Item], norms: Sequence[str], rules: _Rules) -> None:
    """"There are very few delays", "Delays are rare", "Agency staff are rarely used": a problem
    said to be scarce is a strength, as "no delay" is. The scarcity stands next to the problem
    or is its predicate ("X are rare", "X are rarely used")."""
    for s in items:
        if s.text not in _SCARCE or s.weight >= 0 or s.rule:
            continue
        fronted = s.start <= _first_word(norms) and s.text in ("few", "very few")
        end = _clause_end(norms, s.end, 12 if fronted else 3, rules)
        lo = _clause_start(norms, s.start, 5, rules)
        acts = s.end < len(norms) and lemma_of(norms[s.end]) in rules.dealing  # "rarely challenged"
        near = [] if not _on("scarce.problem") else [
                it for it in items if it is not s and it.weight < 0 and not it.rule
                and it.kind in ("neg", "negscope") and it.start < end
                and (s.end <= it.start <= s.end + 1
                     or (fronted and not _dealt_with(norms, s.end, it.start, rules))
                     or (not acts and lo <= it.start < s.start and all(
                         w in _AUXILIARIES or w in _COPULAS for w in norms[it.end:s.start])))]
        for it in near:
            it.weight = abs(it.weight) * rules.n("negated_weakness_factor")
            it.mark("scarce.problem", f"scarce:{s.text} {it.text}")
        if near:
            s.weight = 0.0
            s.mark("scarce.problem", f"scarce:{s.text}")
        elif fronted and _on("scarce.fronted"):
            # "Few children have an up-to-date plan": the praise is what few have
            for it in items:
                if s.end <= it.start < end and it.weight > 0 and not it.rule:
                    it.weight = 0.0
                    it.mark("scarce.fronted", f"scarce:{s.text} {it.text}")


def _frequency(items: list[_Item], norms: Sequence[str], rules: _Rules) -> None:
    """"Parents are sometimes offered advocates": a frequency hedge on praise grudges it, as
    "not always" does; the praise is what is not done every time."""
    hedges = rules.levels.get("frequency_hedges", frozenset()) if _on("frequency.hedge") else ()
    for h in items:
        if h.kind != "neg" or h.text not in hedges or h.rule:
            continue
        end = min(_clause_end(norms, h.end, 4, rules), h.end + 4)
        # the hedge's own predicate: "sometimes arduous journeys are well understood" is not
        end = next((j for j in range(h.end, end) if norms[j] in _AUXILIARIES), end)
        grudged = [it for it in items if h.end <= it.start < end and it.weight > 0
                   and not it.rule]
        for it in grudged:
            it.weight = 0.0
            it.mark("frequency.hedge", f"hedge:{h.text} {it.text}")
        if grudged:
            h.weight = min(h.weight, rules.weights.get("negscope.mid", -1.0))


def _denies_danger(norms: Sequence[str], neg: _Item, hi: int) -> bool:
    """"No child was found to be at risk", "they were not at risk": a danger denied. Only
    "no", "none", "never" before it, or "not" right before it: "partners do not share
    information about children at risk" denies the sharing."""
    at = next((j for j in range(neg.end, hi - 1) if norms[j] == "at" and norms[j + 1] == "risk"),
              None)
    if at is None:
        return False
    return neg.text in ("no", "none", "never", "nobody") or at - neg.end <= 1


def _dealt_with(norms: Sequence[str], a: int, b: int, rules: _Rules) -> bool:
    """Is a verb that acts on a problem between a negator and the problem ("do not review
    outstanding actions", "do not escalate concerns about delay")? Its negation leaves the
    problem standing; "do not experience delay", "do not tolerate drift" deny the problem,
    and so do inspectors who did not identify one."""
    return any(lemma_of(w) in rules.dealing for w in norms[a:b]) \
        and not any(w in ("inspectors", "we", "inspection") for w in norms[:a])


def _previously(items: list[_Item], norms: Sequence[str]) -> None:
    """"a previously fragmented workforce": a shortfall so qualified is the past, since
    changed (as a fronted "Previously, ..." says)."""
    for it in list(items) if _on("previously.adverb") else []:
        if it.weight < 0 and it.start and norms[it.start - 1] in _BEFORE_NOW:
            it.weight = 0.0
            it.mark("previously.adverb", f"context:{norms[it.start - 1]} {it.text}")
            items.append(_Item(it.start - 1, it.start, 0.5, norms[it.start - 1], "past",
                               note=f"context:{norms[it.start - 1]} (since changed)",
                               rule="previously.adverb"))


def _objects(items: list[_Item], norms: Sequence[str], rules: _Rules, clauses: list[Clause]
             ) -> None:
    """"drift in improving their circumstances", "delay in achieving permanence": praise inside
    the object of a named problem (the clause layer's `object`) is what the problem holds up,
    not praise; so is the direct object of a verb that hinders ("complicates how quickly help
    is put in place"), unless that object is a problem it holds back."""
    objects = {c.head: c for c in clauses if c.label == "object"}
    for neg in items:
        if neg.weight >= 0 or neg.rule or neg.kind not in ("neg", "negscope") \
                or neg.start not in objects:
            continue
        c = objects[neg.start]
        hinders = c.form == "hinders"
        if hinders and _on("mitigate.holds_back") and _holds_back(items, neg, norms, c.end, rules):
            continue
        rule = "object.hinders" if hinders else "object.problem"
        if not _on(rule):
            continue
        for it in items:
            if c.start < it.start < c.end and it.weight > 0 and not it.rule:
                it.weight = 0.0
                it.mark(rule, f"object:{neg.text} … {it.text}")


def _holds_back(items: list[_Item], neg: _Item, norms: Sequence[str], end: int,
                rules: _Rules) -> bool:
    """"Oversight limits drift", "restricts the use of unregistered homes": a hindering verb
    whose object is a problem, with no praise in it, holds the problem back, as "reduce"
    does. Whether it did."""
    reach = neg.end + int(rules.n("mitigator_reach"))
    inside = [it for it in items if neg.end <= it.start < end and it.weight and not it.rule]
    if any(it.weight > 0 for it in inside):
        return False
    problems: list[_Item] = []
    for it in inside:  # the first problem in its object, and those listed with it
        after = problems[-1].end if problems else neg.end
        if it.kind not in ("neg", "negscope") or it.start > reach and not problems \
                or not (_coordinated(norms, after, it.start) if problems
                        else _no_link(norms, after, it.start)):
            break
        problems.append(it)
    if not problems:
        return False
    for it in problems:
        it.weight = abs(it.weight) * rules.n("negated_weakness_factor")
        it.mark("mitigate.holds_back", f"mitigation:{neg.text} {it.text}")
    neg.weight = 0.0
    neg.mark("mitigate.holds_back", f"mitigation:{neg.text}")
    return True


def _no_link(norms: Sequence[str], a: int, b: int) -> bool:
    """No "and", "or" or comma between a and b: one phrase ("the use of unregistered homes"),
    not a second clause ("hinder the team and cause delay")."""
    return not any(w in ("and", "or", ",") for w in norms[a:b])


_ADJECTIVE_ENDINGS = ("al", "ent", "ive", "ful", "ous", "ic", "er", "ely", "ant", "ed")
# Before "need(s) to" these make it a noun or a description whatever follows ("children's
# needs to be met", "children who need to be protected").
_POSSESSIVES = frozenset({"'s", "their", "his", "her", "its", "our", "s", "'", "who", "that",
                          "which", "whose"})
_COPULAS = frozenset({"is", "are", "was", "were", "been", "remains", "remain", "remained"})
_NOT_SUBJECT = frozenset({"where", "when", "that", "which", "who", "whose", "have", "has", "had",
                          "while", "whilst", "although", "if", "because", "and", "but"})


def _predicate(items: list[_Item], norms: Sequence[str]) -> None:
    """"Progress in improving assessments has been slower": the praise in the subject of a
    shortfall named as the predicate is its topic. "rather than X": X is what is not done."""
    if _on("alternative.rather_than"):
        _alternatives(items, norms)
    if not _on("predicate.subject"):
        return
    start = _first_word(norms)
    cop = next((j for j in range(start, len(norms)) if norms[j] in _COPULAS
                or norms[j] in _PUNCT_BREAKS), None)
    if cop is None or norms[cop] in _PUNCT_BREAKS:
        return
    subject = norms[start:cop - 1] if norms[cop] == "been" else norms[start:cop]
    if any(w in _NOT_SUBJECT for w in subject):
        return  # the copula belongs to a later clause ("Leaders have ... areas where X are")
    while cop + 1 < len(norms) and norms[cop + 1] in _COPULAS:
        cop += 1  # "has been"
    if not any(it.weight < 0 and it.kind in ("neg", "negscope") and cop < it.start <= cop + 2
               for it in items):
        return
    for it in items:
        if start <= it.start < cop and it.weight > 0:
            it.factor *= 0.3


def _alternatives(items: list[_Item], norms: Sequence[str]) -> None:
    """"rather than X", "instead of X": the praise in X, up to the next break, is not done."""
    for it in items:
        if it.kind == "neg" and it.text in ("rather than", "instead of"):
            end = next((j for j in range(it.end, len(norms)) if norms[j] in _PUNCT_BREAKS),
                       len(norms))
            for p in items:
                if it.end <= p.start < end and p.weight > 0:
                    p.weight = 0.0
                    p.mark("alternative.rather_than", f"alternative:{it.text} {p.text}")


def _limited(items: list[_Item]) -> None:
    """"only effective as ...", "only partially successful": praise grudged by "only"."""
    for lim in items if _on("limited.only") else []:
        if lim.kind == "quant_scarce" and lim.text == "only":
            for it in items:
                if it.start in (lim.end, lim.end + 1) and it.weight > 0 and it.kind == "pos":
                    it.weight = 0.0
                    it.mark("limited.only", f"limited:only {it.text}")


def _clause_punct_start(norms: Sequence[str], i: int) -> int:
    return next((j + 1 for j in range(i - 1, -1, -1) if norms[j] in _PUNCT_BREAKS), 0)


def _conditional_before(norms: Sequence[str], i: int, rules: _Rules) -> bool:
    start = _clause_punct_start(norms, i)
    return any(w in rules.conditionals or w in rules.fronted_conditionals or w in rules.relatives
               for w in norms[start:i])


def _damp_subject(items: list[_Item], norms: Sequence[str], i: int) -> None:
    """"The balance of a proportionate response is not always captured": the praise before a
    negated verb names the topic, the negation is the finding."""
    start = _clause_punct_start(norms, i)
    if 0 < start < i and all(w in _AUXILIARIES or w in ("been", "be") for w in norms[start:i]):
        start = _first_word(norms)  # "The drift, in improving X, is not recognised"
    for it in items:
        if start <= it.start < i and it.weight > 0:
            it.factor *= 0.3


def _coordinated(norms: Sequence[str], a: int, b: int) -> bool:
    """Nothing, or only "or", "and", "nor" or commas, between two cues ("no drift or delay")."""
    return all(w in ("or", "and", "nor", ",") for w in norms[a:b])


def _describes(norms: Sequence[str], i: int, rules: _Rules) -> bool:
    """Is the negator at i about whom the sentence is ("children who do not ...")?"""
    if "been" in norms[i:i + 3]:  # "children who had not been seen": the service's failing
        return False
    k = next((j for j in range(i - 1, max(-1, i - 4), -1) if norms[j] in rules.relatives), None)
    if k is None:
        return False
    # "carers who cannot meet their needs", "staff who do not understand": the service itself
    return not (k > 0 and norms[k - 1] in rules.providers)


def _conditionals(items: list[_Item], norms: Sequence[str], clauses: list[Clause]) -> None:
    """A weakness inside a condition ("when/if ..." up to the comma) is a situation, not a
    finding."""
    for c in clauses if _on("condition.clause") else []:
        if c.label != "condition":
            continue
        for it in items:
            if c.start <= it.start < c.end and it.weight < 0:
                it.weight = 0.0
                if not it.rule:
                    it.mark("condition.clause", f"condition:{norms[c.head]} {it.text}")


def _who_clauses(items: list[_Item], norms: Sequence[str]) -> None:
    """"Workers help young people who struggle with their mental health": a difficulty in a
    "who" clause says whom the service helps, when the sentence praises the help. A failing
    said with force ("children who wait too long") stays a finding."""
    if not _on("condition.who") or not any(it.weight > 0 and not it.rule for it in items):
        return
    for it in items:
        if it.kind == "neg" and it.weight < 0 and it.tier != "strong" and not it.rule \
                and any(w in ("who", "whose") for w in norms[max(0, it.start - 3):it.start]) \
                and not any(w in ("been", "had", "not")
                            for w in norms[max(0, it.start - 3):it.start]):
            it.weight = 0.0
            it.mark("condition.who", f"condition:who {it.text}")


def _contrast(items: list[_Item], markers: dict[str, list[_Item]], norms: Sequence[str],
              rules: _Rules, clauses: list[Clause]) -> tuple[str, str]:
    """Weight conceded clauses and what precedes a turn lightly. Returns the marker that
    leans the sentence, and its rule."""
    used = _concessions(items, markers, norms, rules, clauses) if _on("contrast.concede") else ""
    turn = _turns(items, markers, norms, rules)
    return (turn, "contrast.turn") if turn else (used, "contrast.concede") if used else ("", "")


def _concessions(items: list[_Item], markers: dict[str, list[_Item]], norms: Sequence[str],
                 rules: _Rules, clauses: list[Clause]) -> str:
    """Weight conceded clauses lightly ("Although ..., ..."). Returns the last marker used."""
    used = ""
    conceded = {c.head: c for c in clauses if c.label == "concession"}
    for m in markers.get("contrast_concede", []):
        c = conceded.get(m.start)
        if c is None:
            continue
        if c.form == "fronted":
            _scale(items, c.start, c.end, rules.n("concession_factor"))
            _keep_point(items, (c.start, c.end), (c.end, len(norms)))
        elif c.form == "bracketed":
            # "Oversight, although well focused, has not been robust": the main verb follows
            _scale(items, c.start, c.end, rules.n("concession_factor"))
        elif _concession_is_the_point(items, markers, m, c.end, norms):
            _scale(items, 0, m.start, rules.n("before_turn_factor"))
            used = m.text  # "Assessments are mostly timely, though the quality is ..."
            continue
        else:
            _scale(items, m.start, c.end, rules.n("concession_factor"))
        used = used or m.text
    return used


def _turns(items: list[_Item], markers: dict[str, list[_Item]], norms: Sequence[str],
           rules: _Rules) -> str:
    """Weight what precedes a mid-sentence turn lightly. Returns the last turn used, if any."""
    used = ""
    first = _first_word(norms)
    for m in markers.get("contrast_turn", []):
        if m.start <= first or _parenthetical(norms, m):
            continue  # an opening "However," or "This, however, ...": no clause before it
        if _on("contrast.turn"):
            _scale(items, 0, m.start, rules.n("before_turn_factor"))
            used = m.text
    return used


def _fronted_concession(clauses: list[Clause]) -> Clause | None:
    """The fronted "Although ..., " the sentence opens with, if any."""
    return next((c for c in clauses if c.label == "concession" and c.form == "fronted"), None)


def _keep_point(items: list[_Item], conceded: tuple[int, int], point: tuple[int, int]) -> None:
    """"Although X, Y" files under Y: when the conceded clause, lightened, still outweighs a
    point of the other sign (much praise conceded before "plans do not always ..."), it is
    lightened further, to less than the point."""
    def net(lo: int, hi: int) -> float:
        return sum(it.weight * it.factor for it in items if lo <= it.start < hi)

    said, granted = net(*point), net(*conceded)
    if said * granted < 0 and abs(granted) >= abs(said):
        _scale(items, *conceded, 0.8 * abs(said) / abs(granted))


# Restrictions that make a trailing concession a minor caveat ("..., although a small number
# of children ...", "..., although views are not always recorded").
_RESTRICTED = frozenset({"not always", "do not always", "does not always", "are not always",
                         "is not always", "not all", "not in all", "not for all"})
# Hedges that make the praise before a trailing concession less than a finding of its own.
_HEDGED = frozenset({"mostly", "largely", "generally", "usually", "in most cases", "most",
                     "the majority of"})


def _concession_is_the_point(items: list[_Item], markers: dict[str, list[_Item]], m: _Item,
                             end: int, norms: Sequence[str]) -> bool:
    """"The offer is outlined, although it has not been updated since 2018", "Assessments
    are mostly timely, though the quality is inconsistent": a trailing concession carries
    the point when the praise before it is weak or hedged and the shortfall it names is not
    limited to a few ("..., although a small number of children ..." stays a caveat)."""
    conceded = [it for it in items if m.end <= it.start < end]
    if not any(it.weight < 0 for it in conceded):
        return False
    limits = markers.get("quant_limit", []) + [it for it in items if it.kind == "quant_scarce"]
    if any(q.start < m.start for q in markers.get("quant_limit", [])) or _persists(norms, m, end):
        return True  # "Some progress has been made, although ...", "..., although X remains Y"
    if any(m.end <= q.start < end for q in limits) \
            or any(it.text in _RESTRICTED or it.rule == "frequency.hedge" for it in conceded):
        return False
    main = [it for it in items if it.start < m.start]
    hedged = any(it.kind == "quant_most" and it.text in _HEDGED for it in main)
    return hedged or all(_is_weak(it) for it in main if it.weight > 0)


def _persists(norms: Sequence[str], m: _Item, end: int) -> bool:
    """"..., although decision-making remains inconsistent": a shortfall that lasts."""
    return any(w in ("remain", "remains", "remained", "still") for w in norms[m.end:end])


def _parenthetical(norms: Sequence[str], m: _Item) -> bool:
    return (m.text == "however" and m.start > 0 and norms[m.start - 1] == ","
            and m.end < len(norms) and norms[m.end] == "," and m.start <= 6)


def _scale(items: list[_Item], lo: int, hi: int, factor: float) -> None:
    for it in items:
        if lo <= it.start < hi:
            it.factor *= factor


def _front(items: list[_Item], markers: dict[str, list[_Item]], norms: Sequence[str],
           rules: _Rules) -> None:
    """"For some children, ...", "In a small number of cases, ...": a shortfall follows."""
    first = _first_word(norms)
    for m in markers.get("quant_limit", []):
        lead = norms[first] if first < len(norms) else ""
        if m.start > first and norms[m.start - 1] in ("but", "whereas"):
            # "Most children live in stable homes, but some have ...": the turn's restriction
            if _on("quantifier.turn"):
                items.append(_Item(m.start, m.end, rules.weights.get("quant_limit", -0.6), m.text,
                                   "quantifier", note=f"quantifier:{norms[m.start - 1]} {m.text}",
                                   rule="quantifier.turn"))
            continue
        if m.text == "some" and (m.start == 0 or norms[m.start - 1] not in ("for", "in")):
            continue  # "Some care leavers choose to ..." only qualifies
        fronted = m.start <= first + 1 and (m.start == first or lead in ("for", "in"))
        before = m.start - 1 if m.start and norms[m.start - 1] not in ("for", "in") else m.start - 2
        fronted = fronted or (before >= 0 and norms[before] == ",")
        if fronted and _on("quantifier.fronted"):
            items.append(_Item(m.start, m.end, rules.weights.get("quant_limit", -0.6), m.text,
                               "quantifier", note=f"quantifier:{_lead_in(norms, m)}{m.text}",
                               rule="quantifier.fronted"))


def _lead_in(norms: Sequence[str], m: _Item) -> str:
    """ "for " or "in " when the restriction is "For some children" / "In a few cases"."""
    return f"{norms[m.start - 1]} " if m.start and norms[m.start - 1] in ("for", "in") else ""


def _past(items: list[_Item], markers: dict[str, list[_Item]], norms: Sequence[str]) -> None:
    """"Previously, plans were long and difficult to read": a shortfall that was, not is."""
    first = _first_word(norms)
    for m in markers.get("past", []) if _on("past.fronted") else []:
        if m.start == first and m.end < len(norms) and norms[m.end] == ",":
            shortfalls = [it for it in items if it.weight < 0]
            for it in shortfalls:
                it.factor *= 0.3
                if not it.rule:
                    it.mark("past.fronted", f"context:{m.text} {it.text}")
            if shortfalls:  # Ofsted says "Previously, ..." of what has since changed
                items.append(_Item(m.start, m.end, 0.5, m.text, "past",
                                   note=f"context:{m.text} (since changed)", rule="past.fronted"))


def _history(items: list[_Item], markers: dict[str, list[_Item]]) -> None:
    """A grade after "was judged", "last inspected" is the authority's history."""
    for h in markers.get("history", []) if _on("history.grade") else []:
        for it in items:
            if it.kind.startswith("grade") and it.start >= h.start and it.weight:
                it.weight = 0.0
                it.mark("history.grade", f"context:{h.text} {it.text}")


def _context(items: list[_Item], markers: dict[str, list[_Item]], span: Span,
             norms: Sequence[str], section: str | None, rules: _Rules) -> None:
    """Recommendations ("Ensure that ...") and shortfall sections weigh as weaknesses; a
    section that describes the area or the inspection is neutral, as boilerplate is."""
    _recommendation(items, span, norms, rules)
    if section:
        _section(items, norms, section, rules)
        low = section.lower()
        hit = next((c for c in rules.context_sections if low.startswith(c)), None)
        if hit and _on("section.context"):
            markers.setdefault("neutral", []).append(
                _Item(0, 0, 0.0, hit, "neutral", rule="section.context"))


def _recommendation(items: list[_Item], span: Span, norms: Sequence[str], rules: _Rules) -> None:
    """An imperative opener ("Ensure that ...") or a verbless improvement item asks for
    change: its praise words are the aim, and it weighs as a weakness."""
    first = _first_word(norms)
    if _on("recommend.imperative") and first < len(span) and norms[first] in rules.imperatives \
            and span[first].text[:1].isupper() \
            and not _heads_subject(norms, first, rules):
        for it in items:  # what a recommendation asks for is the goal, not a finding
            if it.weight > 0:
                it.weight = 0.0
        items.append(_Item(first, first + 1, rules.n("imperative_weight"), norms[first],
                           "recommendation", note=f"recommendation:{norms[first]}",
                           rule="recommend.imperative"))
    if _on("recommend.item") \
            and not any(it.kind.startswith("grade") or it.kind == "recommendation" for it in items) \
            and _verbless(_marked_quotes(span, norms), rules) and not _is_heading(span):
        for it in items:  # the item names what must improve; its praise words are the aim
            if it.weight > 0:
                it.weight = 0.0
        items.append(_Item(0, 0, rules.n("imperative_weight"), "", "item",
                           note="recommendation:improvement item", rule="recommend.item"))


def _section(items: list[_Item], norms: Sequence[str], section: str, rules: _Rules) -> None:
    """A shortfall section's heading weighs as a weakness (lightly on prose with a judgement
    of its own); a strengths heading makes a plain statement of practice a strength."""
    low = section.lower()
    hit = next((s for s in rules.shortfall_sections if s in low), None)
    if hit and _on("section.shortfall"):
        weight = rules.n("shortfall_section_weight")
        if _own_finding(items, norms, rules):
            weight = rules.n("shortfall_section_prose_weight")
        items.append(_Item(0, 0, weight, hit, "section", note=f"section:{hit}",
                           rule="section.shortfall"))
        return
    good = next((s for s in rules.strength_sections if s in low), None)
    if good and not any(it.weight for it in items) and _on("section.strength"):
        # a plain statement of practice listed under "Key strengths" is one of them
        items.append(_Item(0, 0, rules.n("strength_section_weight"), good, "section",
                           note=f"section:{good}", rule="section.strength"))


def _own_finding(items: list[_Item], norms: Sequence[str], rules: _Rules) -> bool:
    """A sentence with a finite verb and a judgement of its own: prose under "Areas for
    improvement" (as JTAI letters write it), not an item of its list."""
    words = [w for w in norms if w not in (".", "!", "?")]
    return bool(rules.item) and _main_verb(words, 0, rules.item, strict=True) \
        and any(it.weight for it in items if it.kind not in ("quant_most",))


def _heads_subject(norms: Sequence[str], first: int, rules: _Rules) -> bool:
    """"Review meetings are well attended": an opener that can be a noun heads the subject
    when a finite verb follows it before any clause of its own ("Review plans so that ...")."""
    if norms[first] not in rules.item.get("noun_imperatives", ()):
        return False
    stops = rules.item.get("subordinators", frozenset()) | {"to"}
    for w in norms[first + 1:]:
        if w in _PUNCT_BREAKS or w in stops:
            return False
        if w in rules.item.get("finite", ()) or w in rules.item.get("verbs", ()):
            return True
    return False


def _marked_quotes(span: Span, norms: Sequence[str]) -> list[str]:
    """The norms with each opening quote (after a space) as "«": Practitioners 'love' their
    work has no possessive "Practitioners'"."""
    out = list(norms)
    for k, w in enumerate(norms):  # norms fold curly quotes; only quotes need a Token
        if w in ("'", '"') and span[k].text in ("\u2018", "\u201c", "'", '"') \
                and (k == 0 or span[k - 1].whitespace_):
            out[k] = "«"
    return out


def _is_heading(span: Span) -> bool:
    """A letter's heading ("The experiences and progress of children in care") names a topic."""
    return span.has_extension("block_kind") and span._.block_kind == "heading"


def _item_head(words: Sequence[str], rules: _Rules) -> int | None:
    """Index of an opening aspect of practice ("The quality of", "Consideration of"), if any."""
    r = rules.item
    lead = bool(words) and words[0] in ("the", "a", "an")
    i = 1 if lead else 0
    for j in range(i, min(len(words), i + 5)):
        # past the first two words, only adjectives may stand before the aspect
        # ("Consistent and timely management oversight of ...")
        if j >= i + (3 if lead else 2) and not all(
                _adjectival(x, r) or _compound(words, k) for k, x in enumerate(words[:j])
                if k >= i):
            break
        w = words[j]
        if w in r["quantities"] and not (lead and words[0] == "the" and w in r["aspects"]):
            return None  # "The majority of children ..." is a finding; "The range of ..." an item
        if w in r["not_heads"]:
            continue
        if w in r["bare_verbs"] and j > i and words[j - 1] not in ("'", "'s") \
                and not all(_adjectival(x, r) for x in words[i:j]):
            continue  # "Managers ensure ..." is a finding; "Planned support for ..." and
            # "Children's access to ..." (a possessive's noun) are items
        nominal = w in r["aspects"] or (
            len(w) > 5 and w.rstrip("s").endswith(r["nominal_suffixes"]))
        if nominal:  # the first noun heads the phrase: "The arrangements support ..." is a finding
            return j if any(x in r["links"] for x in words[j + 1:j + 7]) else None
    return None


def _compound(words: Sequence[str], k: int) -> bool:
    """Does the word at k modify what follows: a possessive ("Senior managers' oversight") or
    a part of a hyphenated compound ("Multi-agency engagement")?"""
    return words[k + 1] in ("'", "'s", "-") or (k > 0 and words[k - 1] == "-")


def _adjectival(word: str, r: dict[str, Any]) -> bool:
    """Could this word stand before an aspect of practice ("Senior managers' oversight")?"""
    return (word in ("and", ",", "'", "'s", "(", ")", "-") or word.isupper()
            or word in r["premodifiers"] or word.endswith(_ADJECTIVE_ENDINGS))


def _verbless(norms: Sequence[str], rules: _Rules) -> bool:
    """Is this a listed improvement item: an aspect of practice with no finite verb?"""
    r = rules.item
    if not r:
        return False
    words = [w for w in norms if w not in (".", "!", "?")]
    if len(words) < 3 or ":" in words:
        return False
    if "?" not in norms and (any(" ".join(words[:n]) in r.get("openers", ()) for n in (2, 3, 4))
                             or (words[0] == "how" and words[1].endswith("ly"))):
        return True  # "How effectively plans drive progress for children."
    head = _item_head(words, rules)
    if head is None:
        # "ensuring that plans are updated": a recommendation's continuation, led by a gerund
        gerunds = r.get("gerunds", frozenset())
        head = 0 if words[0] in gerunds else 1 if " ".join(words[:2]) in gerunds else None
        if head is None:
            return False
    return not _main_verb(words, head, r)


def _main_verb(words: Sequence[str], head: int, r: dict[str, Any], strict: bool = False
               ) -> bool:
    """Has the sentence a finite verb of its own, beyond those its subordinate clauses owe
    ("when children are arrested", "How clearly the rationale is recorded")? `strict` counts
    only verbs known to be finite ("is", "has", "shows", "officers use"), not word endings."""
    owed = 1 if words and words[0] in _QUESTIONS else 0
    bracketed = False  # a clause between commas ("Although improving, ...", ", although X,")
    for i, w in enumerate(words):
        if _purpose_at(words, i, r):
            return False  # "..., to ensure that X is done and Y is recorded": all the aim's
        if w in (";", "(", ")") or (w == "," and bracketed):
            owed, bracketed = 0, False  # such a clause's debt lapses at its comma
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in r["subordinators"] and not (i == 0 and w == "that") and nxt != "to":
            owed += 1  # "who go missing" pays its own verb at once
            bracketed = bracketed or i == 0 or words[i - 1] == ","
            continue
        if _strict_finite(words, i, r) if strict else _finite(words, i, head, r):
            if owed:
                owed -= 1
            else:
                return True
    return False


def _purpose_at(words: Sequence[str], i: int, r: dict[str, Any]) -> bool:
    """Does a purpose ("to ensure that", "so that") open at i? Every verb after it is its own."""
    purposes = r.get("purposes", frozenset())
    return " ".join(words[i:i + 2]) in purposes or " ".join(words[i:i + 3]) in purposes


def _strict_finite(words: Sequence[str], i: int, r: dict[str, Any]) -> bool:
    w = words[i]
    if w in r["finite"] or w in r["verbs"]:
        return True
    # a bare verb straight after a plural subject ("court officers use ...")
    return i > 0 and w in r["bare_verbs"] and words[i - 1].endswith("s") \
        and words[i - 1] not in r["noun_markers"] and not words[i - 1].endswith("ss") \
        and not (i > 1 and words[i - 2] == "to")


def _finite(words: Sequence[str], i: int, head: int, r: dict[str, Any]) -> bool:
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w in r["finite"] or (w in ("need", "needs") and nxt == "to"):
        return True
    if i <= head or w in r.get("nouns", ()):
        return False  # "information-sharing systems in all agencies": a noun
    if w in r["verbs"]:
        return True  # "influences", "led to"; "decisions made for them" is a participle
    prev = words[i - 1]
    if prev in r["noun_markers"] or prev in r.get("ly_adjectives", ()):
        return False  # "the timely completion", "weekly visits"
    if w in r["bare_verbs"]:  # "Managers ensure ...", not "early help" or "lived experience"
        # nor the object of an infinitive ("to progress and record work"), nor a noun after
        # coordinated modifiers ("timely and proportionate support")
        coordinated = i > 2 and words[i - 2] in ("and", "or", ",") \
            and words[i - 3] in r["premodifiers"]
        return prev not in r["premodifiers"] and prev not in r["bare_verbs"] and not coordinated
    if w.endswith("ed") or w in r["participles"]:  # "contained a clear sense", not "made for"
        return nxt in r["after_verb"] or nxt.endswith("ly")
    if w.endswith("s") and not w.endswith(("ss", "us")):
        return w.endswith(r["verb_endings"]) or nxt in r["after_verb"] or nxt.endswith("ly")
    return False


def _verdict(items: list[_Item], markers: dict[str, list[_Item]], lean_note: tuple[str, str]
             ) -> Assessment:
    items.sort(key=lambda it: it.start)
    # Weak praise ("supported", "most") only decides a sentence that says nothing stronger.
    weak = sum(it.weight * it.factor for it in items if it.weight > 0 and _is_weak(it))
    pos = sum(it.weight * it.factor for it in items if it.weight > 0 and not _is_weak(it))
    pos += min(weak, _WEAK_CAP)
    neg = -sum(it.weight * it.factor for it in items if it.weight < 0)
    cues = [_show(it) for it in items if it.weight or it.note]
    neutral = markers.get("neutral", [])
    if neutral and max(pos - min(weak, _WEAK_CAP), neg) < _NEUTRAL_OVERRIDE:
        rule = f" [{neutral[0].rule}]" if neutral[0].rule else ""
        return Assessment("neutral", 0.0, None, tuple([f"neutral:{neutral[0].text}{rule}"] + cues))
    if pos == 0 and neg == 0:
        return Assessment("neutral", 0.0, None, tuple(cues))
    net = pos - neg
    lean: Literal["strength", "weakness"] = "strength" if net > 0 else "weakness"
    score = round(math.tanh(net / 2), 3)
    if lean == "weakness" and score == 0:
        score = -0.01
    # Mixed: both sides said with some force, however the contrast weighs them; weak praise
    # alone never makes a sentence mixed.
    raw_pos = sum(it.weight for it in items if it.weight > 0 and not _is_weak(it))
    raw_neg = -sum(it.weight for it in items if it.weight < 0)
    label: Label = lean
    if min(raw_pos, raw_neg) >= _MIXED_MIN and min(raw_pos, raw_neg) >= 0.2 * max(raw_pos, raw_neg):
        label = "mixed"
    if lean_note[0] and label == "mixed":
        cues.append(f"contrast:{lean_note[0]}->{lean} [{lean_note[1]}]")
    return Assessment(label, score, lean, tuple(cues))


def _is_weak(it: _Item) -> bool:
    return it.kind == "quant_most" or (it.kind == "pos" and it.tier == "weak" and not it.rule)


def _show(it: _Item) -> str:
    if it.note:
        return f"{it.note} [{it.rule}]" if it.rule else it.note
    if it.kind in ("plan", "hedge", "goal", "early"):
        return f"{it.kind}:{it.text}"
    if it.kind == "quant_most":
        return f"quantifier:{it.text}"
    if it.kind.startswith("grade"):
        return f"grade:{it.text}"
    return f"{'+' if it.weight > 0 else '-'}{it.text}"


def fragment(span: Span) -> bool:
    """A listed item with no finite verb of its own ("The quality of plans."): it names a
    topic, and is no sentence a story can set down on its own. Only list items are asked:
    prose has its verbs, and verb-spotting without a tagger misses some ("depend")."""
    if not span.has_extension("block_kind") or span._.block_kind not in ("bullet", "numbered"):
        return False
    norms = [t.norm_ for t in span]
    return _verbless(_marked_quotes(span, norms), _rules())
