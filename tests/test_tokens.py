"""The token layer: lemmas from the lookup table on folded words, verb forms by declared
patterns, read by what needs to know a verb."""
from __future__ import annotations

import pytest

from cf.summarise.nlp import get_nlp
from cf.summarise.tokens import is_finite, lemma_of


def _tokens(text: str) -> dict[str, tuple[str, str, str]]:
    doc = get_nlp()(text)
    return {t.text: (t.lemma_, t.pos_, ",".join(t.morph.get("VerbForm"))) for t in doc}


@pytest.mark.parametrize(("word", "lemma"), [
    ("escalates", "escalate"), ("had", "have"), ("having", "have"), ("chased", "chase"),
    ("Managers".lower(), "manager"), ("developed", "develop"), ("children", "child"),
    ("hampers", "hamper"), ("unknownish", "unknownish")])
def test_lemmas_come_from_the_lookup_table_with_our_overrides(word: str, lemma: str) -> None:
    assert lemma_of(word) == lemma


def test_one_lemma_stands_for_every_inflection() -> None:
    got = [_tokens(f"Workers {v} to chase actions.")[v][0] for v in ("have", "had", "has", "having")]
    assert got == ["have"] * 4
    assert _tokens("Managers review plans.")["Managers"][0] == "manager"  # folded before lookup


def test_verb_forms_by_declared_patterns() -> None:
    t = _tokens("The review escalates concerns and managers review plans, which have been improved.")
    assert t["escalates"][1:] == ("VERB", "Fin")
    assert t["review"][1:] == ("VERB", "Inf")  # "managers review": the dict keeps the last
    assert t["have"][1:] == ("AUX", "Fin") and t["been"][1:] == ("AUX", "Part")
    assert t["improved"][1:] == ("VERB", "Part")
    doc = get_nlp()("The review escalates concerns.")
    assert doc[1].pos_ == "NOUN" and not is_finite(doc[1]) and is_finite(doc[2])


def test_a_word_no_pattern_names_keeps_no_part_of_speech() -> None:
    assert _tokens("Caseloads are high.")["Caseloads"][1] == ""
