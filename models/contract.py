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
        "strengths": [SCORED], "weaknesses": [SCORED], "mixed": [SCORED], "recommendations": [str],
        "recommendation_sentence": OPT_STR, "quotes": [str], "closing": OPT_STR, "link_title": str, "text": str,
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


# What each field holds, for README's "JSON fields" table (tests/test_readme_reference.py
# writes the table from this and the specs above, and checks that every field of a real
# result, the contract's and the others, has its line here).
GRADE = '"outstanding", "good", "requires improvement", "inadequate" or null'
FIELDS: dict[str, str] = {
    "schema_version": "1; it changes only if a field has to change meaning",
    "status": '"ok" (a failed document: "error", see below)',
    "source": "the input",
    "source.path": "the path as given (`-` for standard input); a name that is not UTF-8 with `\\xNN` for its other bytes",
    "source.path_base64": "only for a name that is not UTF-8: its exact bytes, in base64",
    "source.sha256": "SHA-256 of the input's bytes",
    "source.pages": "pages of a PDF; null for text",
    "source.engine": '"pdfminer", "pdfium" or "text"',
    "document": "what the document says about itself",
    "document.kind": '"focused_visit", "monitoring_visit", "inspection", "jtai" or "other" (area SEND and anything else)',
    "document.title": "the document's title line",
    "document.local_authority": "the authority, as the document names it",
    "document.published": "the date on the letter or report (YYYY-MM-DD), or null",
    "document.visit_start": "the first day of the visit or inspection (YYYY-MM-DD), or null",
    "document.visit_end": "its last day, or null",
    "document.inspectors": "the inspectors named, the lead first",
    "document.judgements": f"each graded area: {GRADE}",
    "document.monitoring_visit_number": "which monitoring visit since the inadequate judgement (3 for the third), or null",
    "document.focus": "what a visit looked at, in the document's words, or null",
    "document.previous": "the last inspection as the document states it (its year, and its overall grade if given), or null",
    "summary": "the draft and what it was made from",
    "summary.headline": "the headline",
    "summary.lead": "the lead paragraph",
    "summary.paragraphs": "the paragraphs between the lead and the findings (context, quote, one more overview sentence)",
    "summary.findings_intro": 'the line before the findings ("Inspectors highlighted:")',
    "summary.findings": "the draft's findings list, in its order, each with the scorer's label and its page",
    "summary.however": "the `However,` paragraph(s)",
    "summary.strengths": "every sentence labelled strength, the clearest first (Ofsted's standard wording aside)",
    "summary.weaknesses": "every sentence labelled weakness, the clearest first",
    "summary.mixed": "every sentence labelled mixed (praise and a shortfall at once), the clearest first",
    "summary.recommendations": "every item of the document's \"What needs to improve\" list, as folded into the sentence",
    "summary.recommendation_sentence": "the draft's recommendations sentence, or null",
    "summary.quotes": "the sentences the draft quotes, as in the document",
    "summary.closing": "the closing quote paragraph, or null",
    "summary.link_title": "the link line: the document's own title",
    "summary.text": "the whole draft as plain text, as `--format text` prints it in a pipe",
    "warnings": "what cf noticed while reading (undecodable glyphs, a missing text layer)",
    "sentences": "with --explain: every sentence of the document in order, with its section, page, label, lean, score, cues and block",
}
# Fields a result has beside the contract's own specs (above), with their specs;
# SOMETIMES, those only some results have.
SOMETIMES = {"source.path_base64"}
EXTRA: dict[str, Spec] = {
    "status": str,
    "source.path_base64": str,
    "sentences": [{**SENTENCE, "block": int, "block_kind": str}],
}
