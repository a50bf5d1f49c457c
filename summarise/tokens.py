"""The token layer: each token's lemma, part of speech and verb form, set once per Doc.

Two pipeline components after `cf_norm` (nlp.py):

- `cf_lemmas` sets LEMMA from the English lookup table of spacy-lookups-data (a package on
  PyPI, read from disk, nothing downloaded), keyed on the folded NORM so that "Managers" and
  "managers" share "manager"; tokens.toml's [lemmas] overrides it where Ofsted's sense
  differs ("needs" as in "children's needs" stays a noun's plural of "need").
- `cf_tokens` is spaCy's AttributeRuler with the patterns declared in tokens.toml: POS (AUX,
  VERB, NOUN, ADJ) and MORPH VerbForm (Fin, Inf, Part, Ger) for the words whose form is
  known, in context where a word can be two things ("the review" is a noun, "managers
  review" a verb). There is no statistical tagger: what no pattern names keeps no POS.

Modules read these attributes through the helpers below, never their own verb lists: one
lemma pattern ("have to chase") stands for every inflection ("had to chase", "has to chase").
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cf.summarise.data_files import load_data

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Token

LEMMAS = "cf_lemmas"
TOKENS = "cf_tokens"


@lru_cache(maxsize=1)
def _lemma_table() -> tuple[dict[str, str], Any]:
    """tokens.toml's [lemmas] overrides, and spacy-lookups-data's English lookup table."""
    from spacy.lookups import load_lookups

    table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    return dict(load_data("tokens.toml").get("lemmas", {})), table


@lru_cache(maxsize=65536)
def lemma_of(word: str) -> str:
    """The lemma of a folded word ("escalates" -> "escalate"); the word itself if unknown."""
    overrides, table = _lemma_table()
    if word in overrides:
        return overrides[word]
    found = table.get(word)
    return str(found) if found is not None else word


def lemma_phrase(text: str) -> str:
    """A phrase's words each as its lemma ("detracts from" -> "detract from")."""
    return " ".join(lemma_of(w) for w in text.split())


def is_participle(word: str) -> bool:
    """A past participle: a folded word in "-ed" whose lemma is another word ("hampered")."""
    return word.endswith("ed") and lemma_of(word) != word


def verb_lemmas() -> frozenset[str]:
    """The lemmas tokens.toml names as verbs."""
    return frozenset(load_data("tokens.toml")["verbs"]["lemmas"])


class LemmaSetter:
    """Set every token's LEMMA from its NORM, through one array (letters are long)."""

    def __init__(self) -> None:
        self._cache: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        import numpy

        strings = doc.vocab.strings
        norms = doc.to_array("NORM")
        lemmas = numpy.empty_like(norms)
        cache = self._cache
        for i, n in enumerate(norms.tolist()):
            hit = cache.get(n)
            if hit is None:
                hit = cache[n] = strings.add(lemma_of(strings[n]))
            lemmas[i] = hit
        doc.from_array("LEMMA", lemmas)  # type: ignore[arg-type]  # a 1-d array is accepted
        return doc


def _make_lemma_setter(nlp: Language, name: str) -> LemmaSetter:  # noqa: ARG001
    return LemmaSetter()


def add_token_layer(nlp: Language) -> None:
    """Add cf_lemmas and cf_tokens (an AttributeRuler with tokens.toml's patterns)."""
    from spacy.language import Language

    if not Language.has_factory(LEMMAS):
        Language.factory(LEMMAS, func=_make_lemma_setter)
    nlp.add_pipe(LEMMAS)
    from spacy.pipeline import AttributeRuler

    ruler = nlp.add_pipe("attribute_ruler", name=TOKENS)
    assert isinstance(ruler, AttributeRuler)
    for rule in load_data("tokens.toml").get("forms", []):
        ruler.add(patterns=[_pattern(rule["pattern"])], attrs=_attrs(rule),
                  index=int(rule.get("index", 0)))


def _attrs(rule: dict[str, Any]) -> dict[str, str]:
    return {"POS": rule["pos"], "MORPH": f"VerbForm={rule['form']}" if rule.get("form") else ""}


def _pattern(words: list[str]) -> list[dict[int | str, Any]]:
    """A token pattern in tokens.toml's syntax (see its [[forms]] comment)."""
    out: list[dict[int | str, Any]] = []
    for element in words:
        tok: dict[int | str, Any] = {}
        if element.startswith("?"):
            tok["OP"] = "?"
            element = element[1:]
        for spec in element.split():
            kind, _, body = spec.partition(":") if ":" in spec else ("norm", "", spec)
            alts = sorted(verb_lemmas()) if body == "@verbs" else body.split("|")
            if kind == "lemma":
                tok["LEMMA"] = {"IN": alts}
            elif kind == "suffix":
                tok["NORM"] = {"REGEX": "(?:" + "|".join(alts) + ")$"}
            else:
                tok["NORM"] = {"IN": alts}
        out.append(tok)
    return out


def is_finite(token: Token) -> bool:
    """A finite verb or auxiliary, as the token layer tagged it."""
    return token.pos_ in ("VERB", "AUX") and "Fin" in token.morph.get("VerbForm", [])


def is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX")


def verb_forms(text: str) -> list[tuple[str, str, str]]:
    """Each word of a short text (a headline) with its part of speech and verb form, from
    the token layer alone: (folded word, POS, VerbForm)."""
    from cf.summarise.nlp import get_nlp

    nlp = get_nlp()
    doc = nlp.make_doc(text)
    for name in ("cf_norm", LEMMAS, TOKENS):
        doc = nlp.get_pipe(name)(doc)
    return [(t.norm_, t.pos_, ",".join(t.morph.get("VerbForm", []))) for t in doc]
