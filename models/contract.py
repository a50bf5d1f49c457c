"""The JSON contract (docs/design.md) as data, and a check that an object keeps it.

Used where a result comes back from outside the pipeline (the cache), so an object of the
wrong shape is never rendered as if it were a result. Only the contract's own fields are
checked, by type: fields may be added freely, never renamed or dropped."""
from __future__ import annotations

from typing import Any

from cf.models.result import SCHEMA_VERSION

# A spec is a type, a tuple of alternatives (None for null), a dict of required fields,
# or a one-element list: a list whose every item matches that spec.
Spec = Any
OPT_STR: Spec = (str, None)
OPT_INT: Spec = (int, None)
NUMBER: Spec = (int, float)
JUDGEMENTS = ("overall_effectiveness", "impact_of_leaders", "help_and_protection",
              "children_in_care", "care_leavers")

SCORED: Spec = {"text": str, "score": NUMBER, "page": OPT_INT, "cues": [str]}
RESULT: Spec = {
    "schema_version": int,
    "source": {"path": str, "sha256": str, "pages": OPT_INT, "engine": str},
    "document": {
        "kind": str, "title": str, "local_authority": str, "published": OPT_STR,
        "visit_start": OPT_STR, "visit_end": OPT_STR,
        "inspectors": [{"name": str, "role": OPT_STR, "lead": bool}],
        "judgements": {name: OPT_STR for name in JUDGEMENTS},
        "monitoring_visit_number": OPT_INT, "focus": OPT_STR,
        "previous": ({"year": OPT_INT, "overall_effectiveness": OPT_STR}, None),
    },
    "summary": {
        "headline": str, "lead": str, "paragraphs": [str], "findings_intro": str,
        "findings": [{"text": str, "label": str, "page": OPT_INT}], "however": [str],
        "strengths": [SCORED], "weaknesses": [SCORED], "recommendations": [str],
        "recommendation_sentence": OPT_STR, "quotes": [str], "link_title": str, "text": str,
    },
    "warnings": [str],
}
# With --explain (and always in the cache): every sentence of the source.
SENTENCE: Spec = {"text": str, "section": OPT_STR, "page": OPT_INT, "label": str,
                  "lean": OPT_STR, "score": NUMBER, "cues": [str]}


def problem(doc: Any) -> str | None:
    """Where `doc` breaks the contract ("summary: not an object"), or None if it keeps it."""
    where = _mismatch(doc, RESULT, "")
    if where is None and isinstance(doc, dict) and "sentences" in doc:
        where = _mismatch(doc["sentences"], [SENTENCE], "sentences")
    if where is None and doc["schema_version"] != SCHEMA_VERSION:
        where = f"schema_version {doc['schema_version']}, not {SCHEMA_VERSION}"
    return where


def _mismatch(value: Any, spec: Spec, path: str) -> str | None:
    if isinstance(spec, dict):
        return _object_mismatch(value, spec, path)
    if isinstance(spec, list):
        if not isinstance(value, list):
            return f"{path}: not a list"
        return next((m for i, item in enumerate(value)
                     if (m := _mismatch(item, spec[0], f"{path}[{i}]"))), None)
    if isinstance(spec, tuple):
        if any(value is None if option is None else _mismatch(value, option, path) is None
               for option in spec):
            return None
        return f"{path}: unexpected {type(value).__name__}"
    if spec is int and isinstance(value, bool) or not isinstance(value, spec):
        return f"{path}: not {getattr(spec, '__name__', spec)}"
    return None


def _object_mismatch(value: Any, spec: dict[str, Spec], path: str) -> str | None:
    if not isinstance(value, dict):
        return f"{path or 'the result'}: not an object"
    for key, inner in spec.items():
        if key not in value:
            return f"{path}.{key}: missing".lstrip(".")
        found = _mismatch(value[key], inner, f"{path}.{key}".lstrip("."))
        if found:
            return found
    return None
