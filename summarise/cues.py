"""The cue layer: the lexicon's words, and a sentence's matched cues read as weighed cues.

The pipeline's `cf_cues` component (nlp.py) matches lexicon.toml's phrases and patterns;
`read` turns one sentence's matches into the `Cue`s the rules (rules.py, score.py) act on,
each with its category's weight, and leaves out the matches that are not what their
category means: a "need to" or "should" that describes ("the help they need to live
independently", "should they wish to") rather than calls for change, "the need to obtain
consent" (a practice known, not a need unmet). `lexicon()` is the lexicon's [rules] word
lists, read once, for the rules and the clause layer.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cf.summarise.clauses import grammar
from cf.summarise.data_files import load_lexicon
from cf.summarise.items import item_words
from cf.summarise.rules import Cue

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span


@dataclass(frozen=True)
class Lexicon:
    """lexicon.toml's [rules] word lists as sets (a section heading list as a tuple: the first
    that matches is shown), its tables of lists as tables of sets, and each cue category's
    weight ("pos.strong", "plan")."""

    weights: dict[str, float]
    imperatives: frozenset[str]
    clause_breaks: frozenset[str]  # words that end a negator's reach, besides punctuation
    conditionals: frozenset[str]
    fronted_conditionals: frozenset[str]
    relatives: frozenset[str]
    need_as_noun_after: frozenset[str]
    conditional_subjects: frozenset[str]
    shortfall_sections: tuple[str, ...]
    strength_sections: tuple[str, ...]
    context_sections: tuple[str, ...]  # "Information about the local area partnership"
    item_sections: tuple[str, ...]  # "What needs to improve": a list of what must change
    item: dict[str, Any]  # verbless improvement items (items.py)
    levels: dict[str, frozenset[str]]  # "caseloads are high"
    dealing: frozenset[str]  # verbs that act on a problem ("review", "escalate")
    benchmarks: dict[str, frozenset[str]]  # "below national"
    providers: frozenset[str]  # "carers who cannot ...": the service, not the served
    hindering: frozenset[str]  # "hinders", "complicates": hold up their object


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    lex = load_lexicon()
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
    raw = {k: v for k, v in lex["rules"].items() if k not in ("item", "grammar")}
    fields: dict[str, Any] = {k: tuple(v) if k.endswith("_sections") else frozenset(v)
                              for k, v in raw.items() if isinstance(v, list)}
    fields |= {k: {n: frozenset(w) for n, w in v.items()} for k, v in raw.items()
               if isinstance(v, dict)}
    return Lexicon(weights=weights, item=item_words(), **fields)


def read(span: Span, cues: Sequence[Span], rules: Lexicon, text: str
         ) -> tuple[list[Cue], dict[str, list[Cue]]]:
    """A sentence's cue spans as evaluative cues (items) and markers (negators, contrast, ...),
    each weighed as its category is; a modal or a need that is no call for change left out."""
    items: list[Cue] = []
    markers: dict[str, list[Cue]] = {}
    for cue in cues:
        kind, _, tier = cue.label_.partition(".")  # "pos.strong": a category and its tier
        item = Cue(cue.start - span.start, cue.end - span.start, rules.weights.get(cue.label_, 0.0),
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
            if kind in ("plan", "goal") and not any(
                    item.text.endswith(" " + w) for w in grammar("points_back")):
                markers.setdefault("goal", []).append(item)
        elif kind == "purpose":
            markers.setdefault("goal", []).append(item)
        elif kind == "awareness":
            items.append(item)
            markers.setdefault("goal", []).append(item)
        else:
            markers.setdefault(kind, []).append(item)
        if kind == "negscope":  # a scoped weakness also negates what follows it
            markers.setdefault("negator", []).append(Cue(item.start, item.end, 0.0, item.text,
                                                           "negscope"))
    return items, markers


def _modal_goal(span: Span, cue: Span, text: str, rules: Lexicon) -> bool:
    """Is this "need to"/"should" a call for change? Not in "children's needs to be met", "the
    skills they need to live independently" or "should they wish to" (a condition)."""
    doc = span.doc
    before = [doc[k].norm_ for k in range(max(span.start, cue.start - 2), cue.start)]
    prev = before[-1] if before else ""
    if any(doc[k].norm_ in ("what", "how", "whom", "whether") or _asked(doc, k, span.start)
           for k in range(max(span.start, cue.start - 3), cue.start)):
        return False  # "what they should do next", "how they need to" describe
    if text.startswith(("need", "require")) and "improv" not in text and " be" not in text \
            and prev in ("who", "may", "might"):
        return False  # "children who require protection", "who might need help": whom it describes
    if text.startswith("need") and "improv" not in text and " be" not in text:
        nxt = doc[cue.end].norm_ if cue.end < span.end else ""
        if prev in grammar("possessives") or (prev in rules.need_as_noun_after and nxt != "be"):
            return False  # "children's needs to be met"; "planning ... need to be" asks
        # "the help they need to ..." describes; "leaders know that they need to ..." asks
        if prev in ("they", "we", "you") and nxt != "be" and len(before) == 2 \
                and before[0] not in grammar("knowers"):
            return False
    if text == "should" and cue.end < span.end:
        nxt = doc[cue.end].norm_
        if nxt in rules.conditional_subjects:
            return False  # "should they wish", "should young people need support"
    return True


def _asked(doc: Doc, k: int, start: int) -> bool:
    """Is the word at k a question word put after a preposition ("agreement on who should")?"""
    return k > start and doc[k].norm_ in ("who", "which", "when", "where") \
        and doc[k - 1].norm_ in grammar("question_preps")


def _need_for_change(span: Span, cue: Span, rules: Lexicon) -> bool:
    """Is "the need to ..." a need to change something ("to improve", "to develop further",
    "for more foster carers"), which still exists, rather than a practice known ("the need to
    obtain consent", "the need to maintain the foster carer cohort")?"""
    after = [t.norm_ for t in span.doc[cue.end:min(span.end, cue.end + 3)]]
    after = [w for w in after if w not in ("to", "for", "further", "continue", "urgently")]
    return not after or after[0] in rules.imperatives or after[0] in grammar("change_words")
