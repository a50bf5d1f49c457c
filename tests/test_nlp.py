"""The spaCy pipeline: sentences that respect blocks and abbreviations, cue spans, extensions."""
from __future__ import annotations

import subprocess
import sys

import pytest

from cf.models import Block, Letter, Metadata, Section, Source
from cf.summarise.analyse import analyse
from cf.summarise.nlp import BlockInfo, get_nlp, make_letter_doc, sentences

from conftest import CORPUS


def _sents(*blocks: str) -> list[str]:
    parts = [(text, BlockInfo(0, "S", 1, "paragraph", i)) for i, text in enumerate(blocks)]
    doc = get_nlp()(make_letter_doc(parts))
    return [s.text.strip() for s in sentences(doc)]


def _letter(*sections: tuple[str, list[Block]]) -> Letter:
    return Letter(Metadata(), [Section(h, list(b)) for h, b in sections],
                  Source("x.txt", "0", None, "text"))


def _block(text: str, kind: str = "paragraph", page: int | None = 1) -> Block:
    return Block(kind=kind, text=text, norm=text, page=page)


def test_pipeline_is_built_once():
    assert get_nlp() is get_nlp()
    assert get_nlp().pipe_names == ["cf_norm", "cf_lemmas", "cf_tokens", "cf_blocks", "sentencizer",
                                    "cf_cues", "cf_traits"]


@pytest.mark.parametrize("text", [
    "Children receive help quickly, e.g. from the early help hub, and plans are clear.",
    "Some partners, i.e. schools and health visitors, attend meetings.",
    "Plans cover health, education, housing etc. and are reviewed monthly.",
    "Dr. Patel chairs the panel and Mr. Jones attends it.",
    "Children in care (see paragraph No. 5 of the report) are visited regularly.",
    "The report (para. 12) sets out the findings in detail.",
])
def test_abbreviations_do_not_end_sentences(text):
    assert _sents(text) == [text]


def test_ordinary_full_stops_still_split():
    assert _sents("Plans are clear. Visits are regular! Are reviews timely? Yes.") == [
        "Plans are clear.", "Visits are regular!", "Are reviews timely?", "Yes."]


def test_blocks_never_join_even_without_full_stops():
    # A heading and bullets have no closing punctuation: the sentencizer alone would join them.
    got = _sents("What needs to improve", "The quality of plans", "The timeliness of visits",
                 "Inspectors found that practice is improving.")
    assert got == ["What needs to improve", "The quality of plans", "The timeliness of visits",
                   "Inspectors found that practice is improving."]


def test_numbered_paragraph_keeps_its_number():
    assert _sents("12. Children are seen regularly. Plans are clear.") == [
        "12. Children are seen regularly.", "Plans are clear."]


def test_quotes_and_ligatures_are_folded_for_matching_only():
    doc = get_nlp()("Leaders haven\u2019t ensured signi\ufb01cant progress.")
    assert doc.text == "Leaders haven\u2019t ensured signi\ufb01cant progress."
    assert [t.norm_ for t in doc][2] == "not"
    assert "significant" in [t.norm_ for t in doc]


def test_cue_spans_prefer_the_longest_phrase():
    doc = get_nlp()("Supervision is not sufficiently regular, as well as other things.")
    cues = {s.text.lower(): s.label_ for s in doc.spans["cues"]}
    assert cues.get("not sufficiently", "").startswith("negscope")
    assert "sufficiently" not in cues
    assert cues.get("as well as") == "ignore"


def test_extensions_carry_section_and_page():
    parts = [("Overview text here.", BlockInfo(0, "Overview", 2, "paragraph", 0)),
             ("A bullet finding.", BlockInfo(0, "Findings", 3, "bullet", 1))]
    doc = get_nlp()(make_letter_doc(parts))
    spans = sentences(doc)
    assert [(s._.section, s._.page, s._.block_kind, s._.block_index) for s in spans] == [
        ("Overview", 2, "paragraph", 0), ("Findings", 3, "bullet", 1)]


def test_analyse_returns_every_sentence_in_order_with_its_place():
    letter = _letter(
        ("Overview", [_block("Children are well supported. However, plans are not always "
                             "timely.", page=1)]),
        ("What needs to improve", [_block("The quality of plans", "bullet", page=2),
                                   _block("The timeliness of visits", "bullet", page=2)]),
    )
    got = analyse(letter)
    assert [s.text for s in got] == ["Children are well supported.",
                                     "However, plans are not always timely.",
                                     "The quality of plans", "The timeliness of visits"]
    assert [(s.block_index, s.index_in_block) for s in got] == [(0, 0), (0, 1), (1, 0), (2, 0)]
    assert [s.section for s in got] == ["Overview", "Overview", "What needs to improve",
                                        "What needs to improve"]
    assert [s.page for s in got] == [1, 1, 2, 2]
    assert got[2].block_kind == "bullet"
    assert [s.assessment.polarity for s in got] == ["strength", "weakness", "weakness",
                                                    "weakness"]
    assert any(c.startswith("section:") for c in got[2].assessment.cues)


def test_analyse_keeps_exact_source_text():
    text = "Leaders\u2019 oversight is strong.  Children\u2019s plans are \u201cclear\u201d."
    got = analyse(_letter(("", [_block(text)])))
    assert "".join(s.text for s in got).replace(" ", "") == text.replace(" ", "")
    assert got[0].text == "Leaders\u2019 oversight is strong."


def test_analyse_of_an_empty_letter():
    assert analyse(_letter(("", []))) == []


@pytest.mark.needs_corpus
def test_analyse_real_letter_sentences_stay_inside_blocks():
    from cf.summarise.pipeline import read_letter

    path = CORPUS / "focused" / "southwark-2019-02-07.pdf"
    letter = read_letter(path.read_bytes(), str(path))
    blocks = [b for _, b in letter.blocks()]
    got = analyse(letter)
    assert len(got) > 40
    for s in got:
        assert s.text in blocks[s.block_index].text
    labels = {s.assessment.polarity for s in got}
    assert {"strength", "weakness", "neutral"} <= labels


def test_importing_the_cli_does_not_import_spacy():
    code = "import sys, cf.summarise.analyse, cf.summarise.nlp, cf.summarise.score; " \
           "print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
