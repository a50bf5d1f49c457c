"""The data files shipped beside the code, loaded once and checked as they load.

lexicon.toml (the scorer's words, rules and fitted weights), traits.toml (what a sentence
does besides judging) and story.toml (the composer's limits) are read here and nowhere
else. Each is checked against the schema below: an unknown key, a value of the wrong type,
or a phrase filed under two categories (only one of them could ever match it) raises
`DataFileError` naming the file and the key, so a misspelt key cannot silently switch a
rule off.
"""
from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


class DataFileError(ValueError):
    """A shipped data file that does not match its schema: "<file>: <key>: <what>"."""


# A schema maps each key to the type of its value: one of the names in _CHECKS, a nested
# schema (a table with exactly these keys, each optional), `Cues` (a table of cue
# categories, each holding phrases and patterns) or `Rows` (an array of tables).
Schema = Mapping[str, Any]


@dataclass(frozen=True)
class Cues:
    """A table of cue categories: each names its phrases and patterns (lists of strings) and
    a weight, directly or in tiers ("strong", "mid", "weak")."""

    categories: frozenset[str]
    tiered: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rows:
    """An array of tables, each with the keys of `schema` (all but `optional` required) and
    no other, and a unique id."""

    schema: Schema
    optional: frozenset[str] = frozenset()


_TIERS = frozenset({"strong", "mid", "weak"})
_LEAF: Schema = {"phrases": "words", "patterns": "words", "weight": "number"}


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "number": (_is_number, "a number"),
    "text": (lambda v: isinstance(v, str) and bool(v.strip()), "a non-empty string"),
    "word_map": (lambda v: isinstance(v, Mapping) and all(isinstance(w, str) for w in v.values()),
                 "a table of words"),
    "number_map": (lambda v: isinstance(v, Mapping) and all(_is_number(w) for w in v.values()),
                   "a table of numbers"),
    "int": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
    "words": (lambda v: isinstance(v, list) and all(isinstance(w, str) for w in v),
              "a list of strings"),
    "bool": (lambda v: isinstance(v, bool), "true or false"),
    "window": (lambda v: isinstance(v, list) and len(v) == 2
               and all(isinstance(w, int) and not isinstance(w, bool) for w in v)
               and v[0] <= v[1], "[lo, hi], two whole numbers, lo <= hi"),
}

_WORD_LISTS = (
    "imperatives", "clause_breaks", "conditionals", "fronted_conditionals", "relatives",
    "providers", "need_as_noun_after", "conditional_subjects", "dealing", "hindering",
    "shortfall_sections", "strength_sections", "context_sections",
    "item_sections")
_LEVELS = ("burdens", "quantities", "frequency_hedges", "goods", "ups", "downs", "copulas",
           "adverbs")
_BENCHMARKS = ("comparators", "references", "compared", "below", "above", "goods", "burdens")
_ITEM = ("aspects", "nouns", "openers", "gerunds", "nominal_suffixes", "links", "quantities",
         "not_heads", "noun_imperatives", "ly_adjectives", "verbs", "participles", "finite",
         "purposes", "subordinators", "bare_verbs", "verb_endings", "noun_markers",
         "after_verb", "premodifiers", "adjective_endings")
_GRAMMAR = (
    "auxiliaries", "copulas", "modals", "questions", "relative_pronouns", "anaphors",
    "possessives", "question_preps", "openers", "case_nouns", "turns", "object_preps",
    "elaborations", "runs_on", "benchmark_breaks", "negating_heads", "consequences", "ongoing",
    "seldom", "scarce", "not_subject", "restricted", "hedged", "points_back", "change_words", "knowers")

LEXICON: Schema = {
    "cues": Cues(frozenset({
        "pos", "neg", "negscope", "goal", "purpose", "negator", "mitigator", "intensifier",
        "quant_limit", "quant_most", "quant_scarce", "hedge", "contrast_concede",
        "contrast_turn", "plan", "early", "awareness", "grade_pos", "grade_neg", "past",
        "history", "neutral", "ignore"}), frozenset({"pos", "neg", "negscope"})),
    "rules": {
        **dict.fromkeys(_WORD_LISTS, "words"),
        "levels": dict.fromkeys(_LEVELS, "words"),
        "benchmarks": dict.fromkeys(_BENCHMARKS, "words"),
        "item": dict.fromkeys(_ITEM, "words"),
        "grammar": dict.fromkeys(_GRAMMAR, "words"),
    },
}

TRAITS: Schema = {"traits": Cues(frozenset({
    "points_back", "connective", "self", "dummy_it", "fronted", "points_back_inner", "history",
    "progress", "past_verdict", "shield", "decline", "specific", "summing_up", "boilerplate",
    "background", "organisation", "intent", "procedure", "severe", "context", "context_fronted",
    "own_view", "self_knowledge", "past_time", "past_tense", "pluperfect", "present_tense",
    "reporting", "refers_back"}))}

_BULLET_WEIGHTS = ("weight_score", "weight_specific", "weight_progress", "weight_acronym",
                   "weight_focus", "weight_mixed", "weight_long", "weight_late")
STORY: Schema = {
    "headline": {
        "min_words": "int", "max_words": "int", "scan": "int", "plain_shortfall": "number",
        **dict.fromkeys(("clause_breaks", "that_verbs", "fronted", "needs_more", "cannot_open",
                         "before_noun", "passive", "perfect", "intransitive",
                         "not_participles", "modifier_suffixes"), "words"),
    },
    "lead": {"scan": "int", "min_words": "int", "max_words": "int", "min_score": "number"},
    "context": {"scan": "int"},
    "quote": {"scan": "int", "min_words": "int", "max_words": "int"},
    "bullets": {"min_words": "int", "max_words": "int", "near_duplicate": "number",
                **dict.fromkeys(_BULLET_WEIGHTS, "number"), "long_words": "int",
                "spread": "number"},
    "however": {"sentences": "int", "max_words": "int", "min_score": "number"},
    "recommendations": {"max_words": "int"},
}

_OPERATOR: Schema = {
    "cue": "text", "words": "words", "clause": "text", "form": "text", "head": "text",
    "front": "bool", "not_front": "bool", "followed_by": "text", "after": "words",
    "not_aside": "int", "with": "text"}
_TARGET: Schema = {"polarity": "text", "kinds": "words", "tiers": "words", "unsettled": "bool",
                   "first": "bool", "not_after": "words", "reach": "int"}
_EFFECT: Schema = {"do": "text", "factor": "number", "note": "text", "text": "text",
                   "add": {"weight": "number", "kind": "text", "note": "text"}}
RULES: Schema = {
    "rules": Rows({"id": "text", "precedence": "int", "says": "text", "operator": _OPERATOR,
                   "scope": "text", "window": "window", "target": _TARGET, "effect": _EFFECT,
                   "call": "text", "numbers": "number_map"},
                  frozenset({"operator", "scope", "window", "target", "effect", "call",
                             "numbers"})),
    "verdict": {"weak_cap": "number", "mixed_min": "number", "mixed_ratio": "number",
                "neutral_override": "number", "score_scale": "number"},
    "clauses": {"object_prep_reach": "int", "fronted_condition_span": "int"},
}

TOKENS: Schema = {
    "lemmas": "word_map",
    "verbs": {"lemmas": "words"},
    "forms": Rows({"id": "text", "pattern": "words", "pos": "text", "form": "text", "index": "int"},
                  frozenset({"form", "index"})),
}

WEIGHTS: Schema = {"factors": "number_map"}

# The weights that choose the opening's parts (ranking.py), by feature, written by
# benchmarks/fit_openings.py.
OPENINGS: Schema = dict.fromkeys(("lead", "quote", "however", "headline"), "number_map")

SCHEMAS: dict[str, Schema] = {"lexicon.toml": LEXICON, "traits.toml": TRAITS,
                              "story.toml": STORY, "rules.toml": RULES, "tokens.toml": TOKENS,
                              "weights.toml": WEIGHTS, "openings.toml": OPENINGS}


@lru_cache(maxsize=8)
def load_data(name: str) -> dict[str, Any]:
    """A TOML data file shipped beside the code, checked against its schema."""
    text = resources.files("cf.summarise").joinpath(name).read_text("utf-8")
    data = tomllib.loads(text)
    if name in SCHEMAS:
        validate(name, data)
    return data


def load_lexicon() -> dict[str, Any]:
    """The evaluative lexicon (summarise/lexicon.toml)."""
    return load_data("lexicon.toml")


def validate(name: str, data: Mapping[str, Any], schema: Schema | None = None) -> None:
    """Raise DataFileError for the first key of `data` that does not fit the file's schema."""
    _check_table(name, "", data, SCHEMAS[name] if schema is None else schema)


def _check_table(name: str, where: str, data: Any, schema: Schema) -> None:
    if not isinstance(data, Mapping):
        raise DataFileError(f"{name}: {where}: expected a table")
    for key, value in data.items():
        path = f"{where}.{key}" if where else key
        if key not in schema:
            raise DataFileError(f"{name}: {path}: unknown key")
        _check_value(name, path, value, schema[key])


def _check_value(name: str, path: str, value: Any, kind: Any) -> None:
    if isinstance(kind, Cues):
        _check_cues(name, path, value, kind)
    elif isinstance(kind, Rows):
        _check_rows(name, path, value, kind)
    elif isinstance(kind, Mapping):
        _check_table(name, path, value, kind)
    else:
        ok, what = _CHECKS[kind]
        if not ok(value):
            raise DataFileError(f"{name}: {path}: expected {what}, got {type(value).__name__}")


def _check_rows(name: str, where: str, data: Any, spec: Rows) -> None:
    if not isinstance(data, list):
        raise DataFileError(f"{name}: {where}: expected an array of tables")
    ids: set[str] = set()
    for i, row in enumerate(data):
        path = f"{where}[{i}]"
        _check_table(name, path, row, spec.schema)
        missing = [k for k in spec.schema if k not in row and k not in spec.optional]
        if missing:
            raise DataFileError(f"{name}: {path}.{missing[0]}: missing")
        if row["id"] in ids:
            raise DataFileError(f"{name}: {path}.id: \"{row['id']}\" is declared twice")
        ids.add(row["id"])


def _check_cues(name: str, where: str, data: Any, spec: Cues) -> None:
    """Each category known, each leaf a phrases/patterns/weight table, no phrase twice."""
    if not isinstance(data, Mapping):
        raise DataFileError(f"{name}: {where}: expected a table")
    owner: dict[str, str] = {}
    for category, table in data.items():
        path = f"{where}.{category}"
        if category not in spec.categories:
            raise DataFileError(f"{name}: {path}: unknown key")
        for leaf, body in _leaves(name, path, table, category in spec.tiered):
            _check_table(name, leaf, body, _LEAF)
            for phrase in _phrases(body):
                first = owner.setdefault(phrase, leaf)
                if first != leaf:
                    raise DataFileError(
                        f"{name}: {leaf}: \"{phrase}\" is also under {first}; a phrase"
                        " belongs to one category")


def _leaves(name: str, path: str, table: Any, tiered: bool) -> Iterator[tuple[str, Any]]:
    if not isinstance(table, Mapping):
        raise DataFileError(f"{name}: {path}: expected a table")
    if tiered and table and all(isinstance(v, Mapping) for v in table.values()):
        for tier, body in table.items():
            if tier not in _TIERS:
                raise DataFileError(f"{name}: {path}.{tier}: unknown key")
            yield f"{path}.{tier}", body
    else:
        yield path, table


def _phrases(body: Mapping[str, Any]) -> Iterator[str]:
    """The word sequences a category matches: its phrases, and its patterns of plain words
    (patterns with prefixes or regexes are left to the matcher)."""
    from cf.summarise.nlp import expand_pattern, fold

    for phrase in body.get("phrases", []):
        yield " ".join(fold(phrase).split())
    for pattern in body.get("patterns", []):
        for words in expand_pattern(pattern) or []:
            yield fold(" ".join(words))
