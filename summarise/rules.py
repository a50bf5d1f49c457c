"""The scorer's rules: the rows of rules.toml, read, checked and applied in their precedence.

docs/scorer.md says what a row declares (operator, scope, target, effect). What cannot be a
row is a `call`: a function of score.py, run once at its first row's precedence, reading its
numbers from its rows' `numbers`. Any rule can be switched off by id for measurement
(`switch_off`, CF_RULES_OFF).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cf.summarise.clauses import PUNCT_BREAKS, Clause, _first_word
from cf.summarise.data_files import DataFileError, load_data

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span


@dataclass
class Cue:
    """One evaluative cue in a sentence: where it is, how much it weighs, how to show it."""

    start: int  # token index relative to the sentence
    end: int
    weight: float
    text: str
    kind: str  # the lexicon's category ("pos", "neg", "plan", ...) or what a rule added
    tier: str = ""  # "strong", "mid" or "weak" for words graded by strength
    note: str = ""  # how a rule changed it, as shown: "negation:not", "mitigation:reduce", ...
    factor: float = 1.0  # contrast weighting
    rule: str = ""  # the id of the rule that changed it; a changed cue is settled

    @property
    def key(self) -> str:
        """Whose weight this is: the rule that set it, else the lexicon's category and tier."""
        return self.rule or (f"{self.kind}.{self.tier}" if self.tier else self.kind)

    def mark(self, rule: str, note: str, weight: float | None = None) -> None:
        """Record that `rule` changed this cue (to `weight`, if given), shown as `note`."""
        self.rule, self.note = rule, note
        if weight is not None:
            self.weight = weight


@dataclass
class Sentence:
    """What the rules share: the sentence, its cues so far, and the contrast that leans it."""

    span: Span
    norms: Sequence[str]
    section: str | None
    items: list[Cue]  # evaluative cues
    markers: dict[str, list[Cue]]  # operators that weigh nothing themselves, by category
    clauses: list[Clause]  # the clause layer's (clauses.py)
    lean: tuple[str, str] = ("", "")  # the contrast word that decided the lean, and its rule


@dataclass(frozen=True)
class Rule:
    """One row of rules.toml."""

    id: str
    precedence: int
    says: str
    operator: Mapping[str, Any] = field(default_factory=dict)
    scope: str = ""
    window: tuple[int, int] = (0, 0)
    target: Mapping[str, Any] = field(default_factory=dict)
    effect: Mapping[str, Any] = field(default_factory=dict)
    call: str = ""
    numbers: Mapping[str, float] = field(default_factory=dict)


SCOPES = frozenset({"clause", "sentence", "after", "before", "to_break", "window"})
EFFECTS = frozenset({"neutralise", "scale", "lean", "reweigh", "strength", "shortfall"})
CLAUSES = frozenset({"condition", "relative", "concession", "goal", "purpose", "object"})
_FILE = "rules.toml"


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """Every row of rules.toml, checked, in precedence order."""
    out = [Rule(**{**row, "window": tuple(row.get("window", (0, 0))),
                   "numbers": {k: float(v) for k, v in row.get("numbers", {}).items()}})
           for row in load_data(_FILE)["rules"]]
    for i, rule in enumerate(out):
        _check(f"rules[{i}]", rule)
    out.sort(key=lambda r: r.precedence)
    _check_precedence(out)
    return tuple(out)


def _check(where: str, r: Rule) -> None:
    """What the schema cannot say: a declared row's parts fit together."""
    def bad(key: str, what: str) -> DataFileError:
        return DataFileError(f"{_FILE}: {where}.{key}: {what} (rule {r.id})")

    if r.call:
        return
    kinds = [k for k in ("cue", "clause") if k in r.operator] or \
        [k for k in ("words",) if k in r.operator]
    if len(kinds) != 1:
        raise bad("operator", "needs one of cue (with its words or not), words or clause")
    if r.operator.get("clause", "condition") not in CLAUSES:
        raise bad("operator.clause", f"not a clause label ({', '.join(sorted(CLAUSES))})")
    if r.scope not in SCOPES:
        raise bad("scope", f"one of {', '.join(sorted(SCOPES))}")
    if r.scope == "clause" and "clause" not in r.operator:
        raise bad("scope", "a clause scope needs a clause operator")
    if r.effect.get("do") not in EFFECTS:
        raise bad("effect.do", f"one of {', '.join(sorted(EFFECTS))}")
    if r.effect["do"] not in ("neutralise",) and "factor" not in r.effect:
        raise bad("effect.factor", "missing")


def _check_precedence(rows: Sequence[Rule]) -> None:
    seen: dict[int, Rule] = {}
    for r in rows:
        other = seen.setdefault(r.precedence, r)
        if other is not r and not (r.call and r.call == other.call):
            raise DataFileError(f"{_FILE}: {r.id}.precedence: {r.precedence} is also {other.id}'s")


def number(rule_id: str, key: str) -> float:
    """A number of a called rule's row (`numbers`)."""
    return next(r for r in rules() if r.id == rule_id).numbers[key]


_OFF: frozenset[str] = frozenset(
    w.strip() for w in os.environ.get("CF_RULES_OFF", "").split(",") if w.strip())


def switch_off(ids: Iterable[str]) -> None:
    """Switch rules off by id, for measurement (benchmarks/rules.py); an id without a dot
    switches off its whole family. The environment variable CF_RULES_OFF does the same."""
    global _OFF
    _OFF = frozenset(ids)


def on(rule_id: str) -> bool:
    """Is this rule switched on?"""
    return not _OFF or (rule_id not in _OFF and rule_id.split(".")[0] not in _OFF)


def apply(s: Sentence, calls: Mapping[str, Callable[[Sentence], None]]) -> None:
    """Apply every rule to the sentence in precedence order: declared rows here, called
    ones by their function (once, at their first row)."""
    called: set[str] = set()
    for r in rules():
        if r.call:
            if r.call not in called:
                called.add(r.call)
                calls[r.call](s)
        elif on(r.id):
            _apply(s, r)


@dataclass(frozen=True)
class _Op:
    """Where an operator stands, and for a clause the clause's bounds."""

    start: int
    end: int
    text: str
    lo: int = 0
    hi: int = 0


def _apply(s: Sentence, r: Rule) -> None:
    if r.operator.get("with") == "praise" and not any(
            c.weight > 0 and not c.rule for c in s.items):
        return
    for op in _operators(s, r):
        lo, hi = _scope(s, r, op)
        hit = [c for c in s.items if lo <= c.start < hi and _is_target(s, r.target, c)]
        if r.target.get("first"):
            hit = hit[:1]
        for c in hit:
            _effect(r, op, c)
        add = r.effect.get("add")
        if add and hit:
            s.items.append(Cue(op.start, op.end, float(add["weight"]), op.text, add["kind"],
                               note=add["note"].format(op=op.text), rule=r.id))
        if r.effect["do"] == "lean":
            s.lean = (op.text, r.id)


def _operators(s: Sentence, r: Rule) -> list[_Op]:
    o, norms = r.operator, s.norms
    if "clause" in o:
        return [_Op(c.head, c.head + 1, _clause_text(s, o, c), c.start, c.end)
                for c in s.clauses if c.label == o["clause"]
                and o.get("form", c.form) == c.form and _clause_text(s, o, c)]
    if "cue" in o:
        pool = [c for c in s.items if c.kind == o["cue"]]
        pool += [c for c in s.markers.get(o["cue"], []) if c.kind == o["cue"] and c not in pool]
        ops = [_Op(c.start, c.end, c.text) for c in pool
               if "words" not in o or c.text in o["words"]]
    else:
        ops = [_Op(k, k + 1, w) for k, w in enumerate(norms) if w in o["words"]]
    first = _first_word(norms)
    return [op for op in ops
            if (not o.get("front") or op.start == first)
            and (not o.get("not_front") or op.start > first)
            and ("followed_by" not in o or (op.end < len(norms) and norms[op.end] == o["followed_by"]))
            and ("after" not in o or (op.start > first and norms[op.start - 1] in o["after"]))
            and not (o.get("not_aside") and _aside(norms, op, int(o["not_aside"])))]


def _clause_text(s: Sentence, o: Mapping[str, Any], c: Clause) -> str:
    """What a clause operator shows: its head word, or the unsettled shortfall it must head
    (`head = "shortfall"`: the problem whose object it is); empty when it has none."""
    if o.get("head") != "shortfall":
        return s.norms[c.head]
    head = [it for it in s.items if it.start == c.head and it.weight < 0 and not it.rule
            and it.kind in ("neg", "negscope")]
    return str(head[0].text) if head else ""


def _aside(norms: Sequence[str], op: _Op, within: int) -> bool:
    """", however, " between commas near the front: an aside, with no clause before it."""
    return 0 < op.start <= within and norms[op.start - 1] == "," \
        and op.end < len(norms) and norms[op.end] == ","


def _scope(s: Sentence, r: Rule, op: _Op) -> tuple[int, int]:
    n = len(s.norms)
    if r.scope == "clause":
        return op.lo, op.hi
    if r.scope == "after":
        return op.start, n
    if r.scope == "before":
        return 0, op.start
    if r.scope == "to_break":
        return op.end, next((j for j in range(op.end, n) if s.norms[j] in PUNCT_BREAKS), n)
    if r.scope == "window":
        return op.end + r.window[0], op.end + r.window[1] + 1
    return 0, n


def _is_target(s: Sentence, t: Mapping[str, Any], c: Cue) -> bool:
    side = t.get("polarity", "any")
    if not c.weight or (side == "praise" and c.weight < 0) or (side == "shortfall" and c.weight > 0):
        return False
    if "kinds" in t and c.kind not in t["kinds"] or "tiers" in t and c.tier not in t["tiers"]:
        return False
    if t.get("unsettled") and c.rule:
        return False
    lo = max(0, c.start - int(t.get("reach", 0)))
    return not any(w in t.get("not_after", ()) for w in s.norms[lo:c.start])


def _effect(r: Rule, op: _Op, c: Cue) -> None:
    e = r.effect
    do, f = e["do"], float(e.get("factor", 1.0))
    if do == "neutralise":
        c.weight = 0.0
    elif do in ("scale", "lean"):
        c.factor *= f
    elif do == "reweigh":
        c.weight *= f
    elif do == "strength":
        c.weight = abs(c.weight) * f
    else:  # shortfall
        c.weight = -max(c.weight, f)
    if "note" in e and not c.rule:
        c.mark(r.id, e["note"].format(op=op.text, cue=c.text))
    if "text" in e:
        c.text = e["text"].format(op=op.text, cue=c.text)
