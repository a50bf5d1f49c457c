"""Score stage: judge a sentence as strength, weakness, mixed or neutral, with its cues.

The rules are the rows of rules.toml, applied by rules.py in their precedence; the functions
here are what a row cannot say (its `call`). docs/scorer.md describes the layers they read
and how to add a rule.
"""
from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from cf.models import Assessment, Label
from cf.summarise import clauses as cl
from cf.summarise.clauses import PUNCT_BREAKS as _PUNCT_BREAKS
from cf.summarise.clauses import Clause, _first_word, _runs_on, grammar, next_of
from cf.summarise.cues import Lexicon, lexicon
from cf.summarise.cues import read as read_cues
from cf.summarise.data_files import load_data
from cf.summarise.items import has_own_verb, heads_subject, is_heading, marked_quotes, verbless
from cf.summarise.nlp import CUES_KEY, doc_text, get_nlp
from cf.summarise.rules import Cue, Sentence, number, on, switch_off
from cf.summarise.rules import apply as apply_rules
from cf.summarise.tokens import lemma_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span

__all__ = ["assess", "assess_all", "score_texts", "switch_off"]


# ---------------------------------------------------------------- public API


def assess(span_or_doc: Span | Doc, section: str | None = None) -> Assessment:
    """Judge one sentence (a Span, or a whole Doc taken as one sentence) under the heading of
    its section, if known. A Doc not made by `get_nlp()` gets its cue spans found here."""
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
    norms = [doc.vocab.strings[n] for n in doc.to_array("NORM").tolist()]  # no Token objects
    text = doc_text(doc)
    out = []
    for i, span in enumerate(spans):
        lo = bisect_left(starts, span.start)
        hi = bisect_left(starts, span.end)
        mine = [c for c in cues[lo:hi] if c.end <= span.end]
        out.append(_judge(span, mine, sections[i] if sections else None,
                          norms[span.start:span.end], text))
    return out


def score_texts(texts: Iterable[str], batch_size: int = 256) -> list[Assessment]:
    """Judge each text as ONE sentence (what `cf score` does with each input line)."""
    nlp = get_nlp()
    return [assess(doc) for doc in nlp.pipe(list(texts), batch_size=batch_size)]


# ---------------------------------------------------------------- the rules


def _judge(span: Span, cues: Sequence[Span], section: str | None,
           norms: Sequence[str] | None = None, text: str | None = None) -> Assessment:
    rules = lexicon()
    if norms is None:
        norms = [t.norm_ for t in span]
    items, markers = read_cues(span, cues, rules, text if text is not None else doc_text(span.doc))
    found = cl.find(norms, items, markers, rules)
    cl.store(span, found)
    s = Sentence(span, norms, section, items, markers, found)
    apply_rules(s, _CALLS)
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


# What no row can say, by the name rows.toml's `call` gives it.
_CALLS: dict[str, Callable[[Sentence], None]] = {
    "levels": lambda s: _levels(s.items, s.norms, lexicon()),
    "benchmarks": lambda s: _benchmarks(s.items, s.markers, s.norms, lexicon()),
    "mitigate": lambda s: _mitigate(s.items, s.markers, s.norms, lexicon()),
    "negate": lambda s: _negate(s.items, s.markers, s.norms, lexicon(), s.clauses),
    "scarce": lambda s: _scarce_problems(s.items, s.norms, lexicon()),
    "frequency": lambda s: _frequency(s.items, s.norms, lexicon()),
    "holds_back": lambda s: _holding_back(s.items, s.norms, s.clauses),
    "predicate": lambda s: _predicate(s.items, s.norms),
    "contrast": lambda s: _contrast(s),
    "front": lambda s: _front(s.items, s.markers, s.norms, lexicon()),
    "context": lambda s: _context(s.items, s.markers, s.span, s.norms, s.section, lexicon()),
}


def _levels(items: list[Cue], norms: Sequence[str], rules: Lexicon) -> None:
    """A measure and its level ("caseloads ... are high", "high uptake of health checks"): a
    burden (caseloads, waits) high or rising, or a good (attendance, take-up) low or falling,
    is a shortfall; the other way round a strength."""
    lv = rules.levels
    if not on("level.measure") or not lv or lv["ups"].isdisjoint(norms) and lv["downs"].isdisjoint(norms):
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
        items.append(Cue(i, i + 1, sign * number("level.measure", "weight"),
                         f"{name} … {w}" if measure < i else f"{w} {name}", "neg" if sign < 0 else "pos",
                         "mid", note=f"level:{name} {w}", rule="level.measure"))


def _benchmarks(items: list[Cue], markers: dict[str, list[Cue]], norms: Sequence[str],
                rules: Lexicon) -> None:
    """A measure compared with a benchmark ("attainment is below the national average"): below
    it is a shortfall for a good (progress) and a strength for a burden (re-referrals), above
    it the other way round; the measure's own words (the "good" in "good progress") name it
    and do not judge. A comparison with no clear direction or measure says nothing."""
    bm = rules.benchmarks
    if not on("benchmark.compare") or not bm or bm["references"].isdisjoint(norms) and bm["comparators"].isdisjoint(norms):
        return
    triggers = bm["comparators"] | bm["below"] | bm["above"]
    for c in [j for j, w in enumerate(norms) if w in triggers]:
        lo = max((j + 1 for j in range(c) if _bench_break(norms, j)), default=0)
        hi = next((j for j in range(c + 1, len(norms)) if _bench_break(norms, j)), len(norms))
        ahead = int(number("benchmark.compare", "look_ahead"))
        if norms[c] not in bm["comparators"] and "than" not in norms[c + 1:c + 1 + ahead] \
                and not any(_reference(norms, j, bm) for j in range(c + 1, min(hi, c + ahead))):
            continue  # "more work is needed": no comparison
        if not any(_reference(norms, j, bm) for j in range(c, hi)) \
                and not (_figures(norms, lo, c) and _figures(norms, c + 1, hi)):
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
            if lo <= it.start < hi and it.weight and on("benchmark.measure_words"):
                it.weight = 0.0
                if not it.rule:
                    it.mark("benchmark.measure_words", f"measure:{it.text}")
        side = "above" if direction > 0 else "below"
        items.append(Cue(c, c + 1, sign * number("benchmark.compare", "weight"), f"{side} benchmark",
                         "pos" if sign > 0 else "neg", "mid", rule="benchmark.compare",
                         note=f"benchmark:{side} ({'a good' if good > 0 else 'a burden'})"))
        return


def _bench_break(norms: Sequence[str], j: int) -> bool:
    """Where a comparison's clause ends: a turn, a semicolon, or ", and" before a new clause."""
    return norms[j] in grammar("benchmark_breaks") or (norms[j] == "," and j + 1 < len(norms)
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


def _direction(norms: Sequence[str], lo: int, c: int, hi: int,
               bm: dict[str, frozenset[str]]) -> int:
    """+1 when the measure is above its benchmark, -1 below, 0 when unclear."""
    if norms[c] in bm["below"]:
        return -1
    if norms[c] in bm["above"]:
        return 1
    words = norms[max(lo, c - int(number("benchmark.compare", "look_back"))):c]
    if any(w in bm["below"] for w in words):
        return -1  # "lower than", "less likely than"
    if any(w in bm["above"] for w in words):
        return 1
    before, after = _figures(norms, lo, c), _figures(norms, c + 1, hi)
    if before and after and before[-1] != after[0]:
        return 1 if before[-1] > after[0] else -1
    return 0


def _measure_sense(items: list[Cue], norms: Sequence[str], where: list[int],
                   bm: dict[str, frozenset[str]], rules: Lexicon) -> int:
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


def _clause_end(norms: Sequence[str], i: int, reach: int, rules: Lexicon) -> int:
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
    return len(after) == 2 and after[0] in ("or", "and", "nor") and after[1] in grammar("questions") \
        and after[1] in norms[i:j]


def _list_goes_on(norms: Sequence[str], j: int) -> bool:
    """Is the comma at j inside a list ("not always clear, specific or timely")?"""
    after = norms[j + 1:j + 5]
    if after and after[0] in grammar("consequences"):
        return True  # "not capturing life stories, allowing them to understand": still negated
    if not after or after[0] in ("and", "or", "but", "nor", "which", "who", "as", "so"):
        return False
    for w in after[1:]:
        if w in _PUNCT_BREAKS:
            return False
        if w in ("or", "and", "nor"):
            return True
    return False


def _clause_start(norms: Sequence[str], i: int, reach: int = 0, rules: Lexicon | None = None) -> int:
    """Past the last break (and rules' clause breaks) before i, within reach if one is given."""
    lo, breaks = max(0, i - reach) if reach else 0, rules.clause_breaks if rules else ()
    return next((j + 1 for j in range(i - 1, lo - 1, -1)
                 if norms[j] in _PUNCT_BREAKS or norms[j] in breaks), lo)


def _mitigate(items: list[Cue], markers: dict[str, list[Cue]], norms: Sequence[str],
              rules: Lexicon) -> None:
    """"reduce delay", "delays have reduced": a weakness being fixed reads as a strength."""
    reach = int(number("mitigate.fix", "reach"))
    plans = [p.end for p in markers.get("goal", []) if p.kind == "plan"]
    plans += [it.end for it in items if it.kind == "early"]
    ongoing = [it.end for it in items if it.kind == "hedge" and it.text in grammar("ongoing")]
    for m in list(markers.get("mitigator", [])):
        if m.start and norms[m.start - 1] in grammar("seldom"):
            continue  # "delays are rarely challenged": not handled
        if on("mitigate.under_way") \
                and any(0 <= m.start - end <= number("mitigate.under_way", "gap") for end in ongoing) \
                and m.end < len(norms) \
                and norms[m.end] in grammar("anaphors"):
            # "work is under way to address them": the shortfall named before is still there
            items.append(Cue(m.start, m.end + 1, rules.weights.get("plan", -0.8), f"{m.text} {norms[m.end]}",
                             "plan", note=f"plan:{m.text} {norms[m.end]} (work under way)", rule="mitigate.under_way"))
            continue
        if any(0 <= m.start - end <= number("mitigate.fix", "plan_gap") for end in plans + ongoing):
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
                                             and it.text.split()[0] not in grammar("negating_heads"))
            # "closed prematurely": an adverb right after the fix says how it was done, and that
            # is the shortfall; "reduce caseloads, which remain high": the problem is still there
            manner = m.end <= it.start <= m.end + 1 and it.text.endswith("ly") and " " not in it.text
            if it.weight < 0 and mitigable and lo <= it.start < hi and not it.rule \
                    and not manner and " remain" not in it.text and on("mitigate.fix"):
                it.mark("mitigate.fix", f"mitigation:{m.text} {it.text}" if it.start > m.start
                        else f"mitigation:{it.text} {m.text}", abs(it.weight) * number("mitigate.fix", "factor"))
                done = True
        if not done and lo < m.start and norms[lo] in grammar("anaphors") | {"they"} \
                and on("mitigate.named_before"):
            # "..., but these have now been addressed": what was named is put right
            items.append(Cue(m.start, m.end, number("mitigate.named_before", "weight"), f"{norms[lo]} … {m.text}",
                             "pos", "mid", note=f"mitigation:{norms[lo]} {m.text}", rule="mitigate.named_before"))


def _predicative(norms: Sequence[str], i: int) -> bool:
    """Is the participle at i a predicate ("delays have reduced", "drift is being tackled"),
    which looks back at its subject, rather than a gerund ("challenges in identifying")?"""
    j = i - 1
    while j >= 0 and (norms[j].endswith("ly") or norms[j] in ("now", "also", "since", "been",
                                                               "being", "be")):
        if norms[j] in ("been", "being", "be"):
            return True
        j -= 1
    return j >= 0 and (norms[j] in grammar("auxiliaries") or norms[j] in grammar("copulas"))


def _negate(items: list[Cue], markers: dict[str, list[Cue]], norms: Sequence[str],
            rules: Lexicon, clauses: list[Clause]) -> None:
    """Negators flip what they reach; with nothing to flip they are a weakness themselves."""
    for neg in markers.get("negator", []):
        if neg.kind == "negscope" and any(it.start == neg.start and it.rule.startswith(
                "mitigate.") for it in items):
            continue  # "challenge drift and delay robustly": a problem handled negates nothing
        describes = on("negate.describes") and _describes(norms, neg.start, rules)
        hi = _negator_end(neg, clauses, norms, rules, describes)
        if describes and neg.kind == "negscope":  # "children who are unable to live at home"
            for it in items:
                if it.start == neg.start and it.kind == "negscope" and it.weight:
                    it.mark("negate.describes", f"condition:who {it.text}", 0.0)
        if describes:  # "children who do not attend school | are offered tuition"
            hi = next((j for j in range(neg.end, hi) if norms[j] in grammar("auxiliaries")), hi)
        flipped = on("negate.flip") and _flip_reached(items, neg, norms, rules, describes, hi)
        if not describes and not _conditional_before(norms, neg.start, rules):
            # a finding's negation: the praise in its subject names the topic, and a relative
            # clause on what it denies says what is missing
            if on("negate.subject"):
                _damp_subject(items, norms, neg.start)
            flipped |= on("negate.denied_relative") and _denied_relative(
                items, neg, norms, _relative_start(norms, hi, rules))
        if not (flipped or neg.kind == "negscope" or describes) and on("negate.bare"):
            # a negator with nothing to flip is a weakness itself
            items.append(Cue(neg.start, neg.end, number("negate.bare", "weight"), neg.text,
                             "negation", note=f"negation:{neg.text}", rule="negate.bare"))


def _relative_start(norms: Sequence[str], hi: int, rules: Lexicon) -> int:
    """Where a relative clause opens at or after the end of a negator's reach, in the same
    clause (a long object can outrun the reach), or -1."""
    j = next_of(norms, hi, grammar("relative_pronouns") | _PUNCT_BREAKS | rules.clause_breaks)
    ok = 0 < j < len(norms) and norms[j] in grammar("relative_pronouns") and norms[j - 1] not in _PUNCT_BREAKS
    return j if ok else -1  # ", which means ..." comments on the whole clause


def _denied_relative(items: list[Cue], neg: Cue, norms: Sequence[str], hi: int) -> bool:
    """"Children do not have a worker who knows them well": a relative clause on what the
    negation denies says what is missing, so its praise is none, through ", including ...".
    After "no" it is what does not exist, so its problem is denied ("there are no children
    who wait for a worker"). Whether a problem was."""
    if hi < 0:
        return False
    end = _runs_on(norms, next_of(norms, hi, _PUNCT_BREAKS))
    links = grammar("questions") | grammar("relative_pronouns") | {"and", "or"}  # "who knows what is"
    if any(norms[k] in grammar("auxiliaries") and norms[k - 1] not in links for k in range(hi + 2, end)):
        return False  # "... and partners who work with them are well informed": a subject's
    inside = [it for it in items if hi <= it.start < end and it.weight and not it.rule]
    for it in inside:
        note = f"negation:{neg.text} … {it.text}"
        if it.weight > 0:
            it.mark("negate.denied_relative", note, 0.0)
        elif neg.text in ("no", "none", "nobody") and it.kind in ("neg", "negscope"):
            it.mark("negate.denied_relative", note, abs(it.weight) * number("negate.denied_relative", "factor"))
    return any(it.weight > 0 for it in inside)


def _negator_end(neg: Cue, clauses: list[Clause], norms: Sequence[str], rules: Lexicon,
                 describes: bool) -> int:
    """Where a negator's reach ends: its clause, a conditional's comma, a fronted concession."""
    reach = number("negate.describes", "reach") if describes else number("negate.flip", "reach")
    hi = _clause_end(norms, neg.end, int(reach), rules)
    if _conditional_before(norms, neg.start, rules):  # stays inside "when ..., "
        hi = min(hi, next_of(norms, neg.end, _PUNCT_BREAKS))
    conceded = next((c for c in clauses if c.label == "concession" and c.form == "fronted"), None)
    if conceded and conceded.start <= neg.start < conceded.end:
        hi = min(hi, conceded.end)  # "Although there are gaps, | practice is strong"
    return hi


def _flip_reached(items: list[Cue], neg: Cue, norms: Sequence[str], rules: Lexicon,
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
            it.mark("negate.flip", f"negation:{neg.text} {it.text}", 0.0 if neg.kind == "negscope"
                    else -max(it.weight, number("negate.flip", "floor")))
            flipped = True
        elif it.kind in ("neg", "negscope"):
            if k == 0 and _dealt_with(norms, neg.end, it.start, rules):
                break  # "do not review outstanding actions": the problem stands, unhandled
            if (k == 0 or last_neg is not None) and neg.kind != "negscope":  # "no drift or delay"
                it.mark("negate.flip", f"negation:{neg.text} {it.text}", abs(it.weight) * number("negate.flip", "factor"))
                flipped = True
                last_neg = it
                continue
            break  # a weakness ends the negator's reach
    return flipped


def _scarce_problems(items: list[Cue], norms: Sequence[str], rules: Lexicon) -> None:
    """"There are very few delays", "Delays are rare", "Agency staff are rarely used": a problem
    said to be scarce is a strength, as "no delay" is. The scarcity stands next to the problem
    or is its predicate ("X are rare", "X are rarely used")."""
    for s in items:
        if s.text not in grammar("scarce") or s.weight >= 0 or s.rule:
            continue
        fronted = s.start <= _first_word(norms) and s.text in ("few", "very few")
        end = _clause_end(norms, s.end, int(number("scarce.problem", "fronted_reach" if fronted
                                                    else "reach")), rules)
        lo = _clause_start(norms, s.start, int(number("scarce.problem", "look_back")), rules)
        acts = s.end < len(norms) and lemma_of(norms[s.end]) in rules.dealing  # "rarely challenged"
        near = [] if not on("scarce.problem") else [
                it for it in items if it is not s and it.weight < 0 and not it.rule
                and it.kind in ("neg", "negscope") and it.start < end
                and (s.end <= it.start <= s.end + 1
                     or (fronted and not _dealt_with(norms, s.end, it.start, rules))
                     or (not acts and lo <= it.start < s.start and all(
                         w in grammar("auxiliaries") or w in grammar("copulas") for w in norms[it.end:s.start])))]
        for it in near:
            it.mark("scarce.problem", f"scarce:{s.text} {it.text}", abs(it.weight) * number("scarce.problem", "factor"))
        if near:
            s.mark("scarce.problem", f"scarce:{s.text}", 0.0)
        elif fronted and on("scarce.fronted"):
            # "Few children have an up-to-date plan": the praise is what few have
            for it in items:
                if s.end <= it.start < end and it.weight > 0 and not it.rule:
                    it.mark("scarce.fronted", f"scarce:{s.text} {it.text}", 0.0)


def _frequency(items: list[Cue], norms: Sequence[str], rules: Lexicon) -> None:
    """"Parents are sometimes offered advocates": a frequency hedge on praise grudges it, as
    "not always" does; the praise is what is not done every time."""
    hedges = rules.levels.get("frequency_hedges", frozenset()) if on("frequency.hedge") else ()
    for h in items:
        if h.kind != "neg" or h.text not in hedges or h.rule:
            continue
        reach = int(number("frequency.hedge", "reach"))
        end = min(_clause_end(norms, h.end, reach, rules), h.end + reach)
        # the hedge's own predicate: "sometimes arduous journeys are well understood" is not
        end = next((j for j in range(h.end, end) if norms[j] in grammar("auxiliaries")), end)
        grudged = [it for it in items if h.end <= it.start < end and it.weight > 0 and not it.rule]
        for it in grudged:
            it.mark("frequency.hedge", f"hedge:{h.text} {it.text}", 0.0)
        if grudged:
            h.weight = min(h.weight, rules.weights.get("negscope.mid", -1.0))


def _dealt_with(norms: Sequence[str], a: int, b: int, rules: Lexicon) -> bool:
    """Is a verb that acts on a problem between a negator and the problem ("do not review
    outstanding actions", "do not escalate concerns about delay")? Its negation leaves the
    problem standing; "do not experience delay", "do not tolerate drift" deny the problem,
    and so do inspectors who did not identify one."""
    return any(lemma_of(w) in rules.dealing for w in norms[a:b]) \
        and not any(w in ("inspectors", "we", "inspection") for w in norms[:a])


def _holding_back(items: list[Cue], norms: Sequence[str], clauses: list[Clause]) -> None:
    """"Oversight limits drift": a hindering verb whose object is a problem holds it back."""
    for c in clauses if on("mitigate.holds_back") else []:
        neg = next((it for it in items if it.start == c.head and it.weight < 0 and not it.rule
                    and it.kind in ("neg", "negscope")), None)
        if c.label == "object" and c.form == "hinders" and neg is not None:
            _holds_back(items, neg, norms, c.end)


def _holds_back(items: list[Cue], neg: Cue, norms: Sequence[str], end: int) -> None:
    """"restricts the use of unregistered homes": the object's first problem, and those listed
    with it, are held back, as "reduce" does, when no praise is in the object."""
    reach = neg.end + int(number("mitigate.holds_back", "reach"))
    inside = [it for it in items if neg.end <= it.start < end and it.weight and not it.rule]
    if any(it.weight > 0 for it in inside):
        return
    problems: list[Cue] = []
    for it in inside:  # the first problem in its object (one phrase: no "and", "or" or comma
        # before it), and those listed with it
        after = problems[-1].end if problems else neg.end
        if it.kind not in ("neg", "negscope") or it.start > reach and not problems \
                or not (_coordinated(norms, after, it.start) if problems
                        else not any(w in ("and", "or", ",") for w in norms[after:it.start])):
            break
        problems.append(it)
    for it in problems:
        it.mark("mitigate.holds_back", f"mitigation:{neg.text} {it.text}", abs(it.weight) * number("mitigate.holds_back", "factor"))
    if problems:
        neg.mark("mitigate.holds_back", f"mitigation:{neg.text}", 0.0)


def _predicate(items: list[Cue], norms: Sequence[str]) -> None:
    """"Progress in improving assessments has been slower": the praise in the subject of a
    shortfall named as the predicate is its topic."""
    if not on("predicate.subject"):
        return
    start = _first_word(norms)
    cop = next_of(norms, start, grammar("copulas") | _PUNCT_BREAKS)
    if cop == len(norms) or norms[cop] in _PUNCT_BREAKS:
        return
    subject = norms[start:cop - 1] if norms[cop] == "been" else norms[start:cop]
    if any(w in grammar("not_subject") for w in subject):
        return  # the copula belongs to a later clause ("Leaders have ... areas where X are")
    while cop + 1 < len(norms) and norms[cop + 1] in grammar("copulas"):
        cop += 1  # "has been"
    reach = number("predicate.subject", "reach")
    if not any(it.weight < 0 and it.kind in ("neg", "negscope") and cop < it.start <= cop + reach
               for it in items):
        return
    _scale(items, start, cop, number("predicate.subject", "factor"), praise_only=True)


def _conditional_before(norms: Sequence[str], i: int, rules: Lexicon) -> bool:
    start = _clause_start(norms, i)
    return any(w in rules.conditionals or w in rules.fronted_conditionals or w in rules.relatives
               for w in norms[start:i])


def _damp_subject(items: list[Cue], norms: Sequence[str], i: int) -> None:
    """"The balance of a proportionate response is not always captured": the praise before a
    negated verb names the topic, the negation is the finding."""
    start = _clause_start(norms, i)
    if 0 < start < i and all(w in grammar("auxiliaries") or w in ("been", "be") for w in norms[start:i]):
        start = _first_word(norms)  # "The drift, in improving X, is not recognised"
    _scale(items, start, i, number("negate.subject", "factor"), praise_only=True)


def _coordinated(norms: Sequence[str], a: int, b: int) -> bool:
    """Nothing, or only "or", "and", "nor" or commas, between two cues ("no drift or delay")."""
    return all(w in ("or", "and", "nor", ",") for w in norms[a:b])


def _describes(norms: Sequence[str], i: int, rules: Lexicon) -> bool:
    """Is the negator at i about whom the sentence is ("children who do not ...")?"""
    # "children who had not been seen": the service's failing
    if "been" in norms[i:i + int(number("negate.describes", "passive_reach"))]:
        return False
    back = int(number("negate.describes", "look_back"))
    k = next((j for j in range(i - 1, max(-1, i - back - 1), -1) if norms[j] in rules.relatives), -1)
    # "carers who cannot meet their needs", "staff who do not understand": the service itself
    return k >= 0 and not (k > 0 and norms[k - 1] in rules.providers)


def _contrast(s: Sentence) -> None:
    """Weight conceded clauses lightly ("Although ..., ..."); the last concession used leans
    a mixed sentence, unless a turn (a row, after this) does."""
    items, markers, norms, used = s.items, s.markers, s.norms, ""
    conceded = {c.head: c for c in s.clauses if c.label == "concession"}
    for m in markers.get("contrast_concede", []) if on("contrast.concede") else []:
        c = conceded.get(m.start)
        if c is None:
            continue
        if c.form == "fronted":
            _scale(items, c.start, c.end, number("contrast.concede", "factor"))
            _keep_point(items, (c.start, c.end), (c.end, len(norms)))
        elif c.form == "bracketed":
            # "Oversight, although well focused, has not been robust": the main verb follows
            _scale(items, c.start, c.end, number("contrast.concede", "factor"))
        elif _concession_is_the_point(items, markers, m, c.end, norms):
            _scale(items, 0, m.start, number("contrast.concede", "before_point"))
            used = m.text  # "Assessments are mostly timely, though the quality is ..."
            continue
        else:
            _scale(items, m.start, c.end, number("contrast.concede", "factor"))
        used = used or m.text
    if used:
        s.lean = (used, "contrast.concede")


def _keep_point(items: list[Cue], conceded: tuple[int, int], point: tuple[int, int]) -> None:
    """"Although X, Y" files under Y: when the conceded clause, lightened, still outweighs a
    point of the other sign (much praise conceded before "plans do not always ..."), it is
    lightened further, to less than the point."""
    def net(lo: int, hi: int) -> float:
        return sum(it.weight * it.factor for it in items if lo <= it.start < hi)

    said, granted = net(*point), net(*conceded)
    if said * granted < 0 and abs(granted) >= abs(said):
        _scale(items, *conceded, number("contrast.concede", "keep_point") * abs(said) / abs(granted))


def _concession_is_the_point(items: list[Cue], markers: dict[str, list[Cue]], m: Cue,
                             end: int, norms: Sequence[str]) -> bool:
    """"The offer is outlined, although it has not been updated since 2018", "Assessments
    are mostly timely, though the quality is inconsistent": a trailing concession carries
    the point when the praise before it is weak or hedged and the shortfall it names is not
    limited to a few ("..., although a small number of children ..." stays a caveat)."""
    conceded = [it for it in items if m.end <= it.start < end]
    if not any(it.weight < 0 for it in conceded):
        return False
    limits = markers.get("quant_limit", []) + [it for it in items if it.kind == "quant_scarce"]
    if any(q.start < m.start for q in markers.get("quant_limit", [])) \
            or any(w in ("remain", "remains", "remained", "still") for w in norms[m.end:end]):
        return True  # "Some progress has been made, although ...", "..., although X remains Y"
    if any(m.end <= q.start < end for q in limits) \
            or any(it.text in grammar("restricted") or it.rule == "frequency.hedge" for it in conceded):
        return False
    main = [it for it in items if it.start < m.start]
    hedged = any(it.kind == "quant_most" and it.text in grammar("hedged") for it in main)
    return hedged or all(_is_weak(it) for it in main if it.weight > 0)


def _scale(items: list[Cue], lo: int, hi: int, factor: float, praise_only: bool = False) -> None:
    for it in items:
        if lo <= it.start < hi and (it.weight > 0 or not praise_only):
            it.factor *= factor


def _front(items: list[Cue], markers: dict[str, list[Cue]], norms: Sequence[str],
           rules: Lexicon) -> None:
    """"For some children, ...", "In a small number of cases, ...": a shortfall follows."""
    first = _first_word(norms)
    for m in markers.get("quant_limit", []):
        lead = norms[first] if first < len(norms) else ""
        prev = norms[m.start - 1] if m.start else ""
        if m.start > first and prev in ("but", "whereas"):
            # "Most children live in stable homes, but some have ...": the turn's restriction
            rule, note = "quantifier.turn", f"quantifier:{prev} {m.text}"
        elif m.text == "some" and prev not in ("for", "in"):
            continue  # "Some care leavers choose to ..." only qualifies
        else:
            before = m.start - 1 if m.start and prev not in ("for", "in") else m.start - 2
            if not (m.start <= first + 1 and (m.start == first or lead in ("for", "in"))
                    or before >= 0 and norms[before] == ","):
                continue
            lead_in = f"{prev} " if prev in ("for", "in") else ""  # "For some children"
            rule, note = "quantifier.fronted", f"quantifier:{lead_in}{m.text}"
        if on(rule):
            items.append(Cue(m.start, m.end, rules.weights.get("quant_limit", -0.6), m.text,
                             "quantifier", note=note, rule=rule))


def _context(items: list[Cue], markers: dict[str, list[Cue]], span: Span,
             norms: Sequence[str], section: str | None, rules: Lexicon) -> None:
    """Recommendations ("Ensure that ...") and shortfall sections weigh as weaknesses; a
    section that describes the area or the inspection is neutral, as boilerplate is."""
    _recommendation(items, span, norms, rules)
    if section:
        _section(items, norms, section, rules)
        low = section.lower()
        hit = next((c for c in rules.context_sections if low.startswith(c)), None)
        if hit and on("section.context"):
            for it in items:  # "should prepare a written statement": a procedure, no shortfall
                if it.kind == "goal":
                    it.weight = 0.0
            markers.setdefault("neutral", []).append(
                Cue(0, 0, 0.0, hit, "neutral", rule="section.context"))


def _recommendation(items: list[Cue], span: Span, norms: Sequence[str], rules: Lexicon) -> None:
    """An imperative opener ("Ensure that ...") or a verbless improvement item asks for
    change: its praise words are the aim, and it weighs as a weakness."""
    first = _first_word(norms)
    if on("recommend.imperative") and first < len(span) and norms[first] in rules.imperatives \
            and span[first].text[:1].isupper() \
            and not heads_subject(norms, first):
        ask = Cue(first, first + 1, number("recommend.imperative", "weight"), norms[first],
                  "recommendation", note=f"recommendation:{norms[first]}", rule="recommend.imperative")
    elif on("recommend.item") \
            and not any(it.kind.startswith("grade") or it.kind == "recommendation" for it in items) \
            and verbless(marked_quotes(span, norms)) and not is_heading(span):
        ask = Cue(0, 0, number("recommend.item", "weight"), "", "item",
                  note="recommendation:improvement item", rule="recommend.item")
    else:
        return
    for it in items:  # what a recommendation asks for is the goal, not a finding
        if it.weight > 0:
            it.weight = 0.0
    items.append(ask)


def _section(items: list[Cue], norms: Sequence[str], section: str, rules: Lexicon) -> None:
    """A shortfall section's heading weighs as a weakness (lightly on prose with a judgement
    of its own); a strengths heading makes a plain statement of practice a strength."""
    low = section.lower()
    hit = next((s for s in rules.shortfall_sections if s in low), None)
    if hit and on("section.shortfall"):
        weight = number("section.shortfall", "weight")
        if any(low.startswith(s) for s in rules.item_sections) and on("section.items"):
            for it in items:  # an item of what must improve: its praise words are the aim
                it.weight = min(it.weight, 0.0)
        elif has_own_verb(norms) and any(it.weight for it in items if it.kind != "quant_most"):
            weight = number("section.shortfall", "prose_weight")
        items.append(Cue(0, 0, weight, hit, "section", note=f"section:{hit}", rule="section.shortfall"))
        return
    good = next((s for s in rules.strength_sections if s in low), None)
    if good and not any(it.weight for it in items) and on("section.strength"):
        # a plain statement of practice listed under "Key strengths" is one of them
        items.append(Cue(0, 0, number("section.strength", "weight"), good, "section", note=f"section:{good}",
                         rule="section.strength"))


def _verdict(items: list[Cue], markers: dict[str, list[Cue]], lean_note: tuple[str, str]
             ) -> Assessment:
    items.sort(key=lambda it: it.start)
    v = load_data("rules.toml")["verdict"]  # how the weights left decide
    # Weak praise ("supported", "most") only decides a sentence that says nothing stronger.
    weak = sum(it.weight * it.factor for it in items if it.weight > 0 and _is_weak(it))
    pos = sum(it.weight * it.factor for it in items if it.weight > 0 and not _is_weak(it))
    pos += min(weak, v["weak_cap"])
    neg = -sum(it.weight * it.factor for it in items if it.weight < 0)
    cues = [_show(it) for it in items if it.weight or it.note]
    neutral = markers.get("neutral", [])
    if neutral and max(pos - min(weak, v["weak_cap"]), neg) < v["neutral_override"]:
        rule = f" [{neutral[0].rule}]" if neutral[0].rule else ""
        return Assessment("neutral", 0.0, None, tuple([f"neutral:{neutral[0].text}{rule}"] + cues))
    if pos == 0 and neg == 0:
        return Assessment("neutral", 0.0, None, tuple(cues))
    net = pos - neg
    lean: Literal["strength", "weakness"] = "strength" if net > 0 else "weakness"
    score = round(math.tanh(net / v["score_scale"]), 3)
    if lean == "weakness" and score == 0:
        score = -0.01
    # Mixed: both sides said with some force, however the contrast weighs them; weak praise
    # alone never makes a sentence mixed.
    raw_pos = sum(it.weight for it in items if it.weight > 0 and not _is_weak(it))
    raw_neg = -sum(it.weight for it in items if it.weight < 0)
    label: Label = lean
    if min(raw_pos, raw_neg) >= v["mixed_min"] \
            and min(raw_pos, raw_neg) >= v["mixed_ratio"] * max(raw_pos, raw_neg):
        label = "mixed"
    if lean_note[0] and label == "mixed":
        cues.append(f"contrast:{lean_note[0]}->{lean} [{lean_note[1]}]")
    return Assessment(label, score, lean, tuple(cues))


def _is_weak(it: Cue) -> bool:
    return it.kind == "quant_most" or (it.kind == "pos" and it.tier == "weak" and not it.rule)


def _show(it: Cue) -> str:
    if it.note:
        return f"{it.note} [{it.rule}]" if it.rule else it.note
    if it.kind in ("plan", "hedge", "goal", "early"):
        return f"{it.kind}:{it.text}"
    if it.kind == "quant_most":
        return f"quantifier:{it.text}"
    if it.kind.startswith("grade"):
        return f"grade:{it.text}"
    return f"{'+' if it.weight > 0 else '-'}{it.text}"
