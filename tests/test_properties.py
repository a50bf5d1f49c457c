"""Property-based tests (hypothesis): arbitrary text through every stage of the pipeline.

Whatever a writer feeds in, each stage either returns its dataclass or raises the typed
DocumentError that the CLI turns into a one-line message; never anything else."""
from __future__ import annotations

import json
import re
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cf.models import Extraction, Letter, Result, Source, Style
from cf.summarise.errors import DocumentError

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces shaped like Ofsted letters, so the generated text reaches the interesting branches.
FRAGMENTS = [
    "Focused visit to Anytown local authority children's services",
    "Inspection of Anytown local authority children's services",
    "Monitoring visit to Anytown children's services",
    "Overview", "What needs to improve", "What needs to improve in this area of social work practice",
    "Findings", "Main findings", "Judgement", "Grade",
    "Overall effectiveness", "Requires improvement to be good", "Inadequate", "Good", "Outstanding",
    "Children in care receive effective support that helps them to achieve good outcomes.",
    "However, the quality of supervision is not consistently good.",
    "Leaders have not yet made sufficient progress [in some areas] (see above).",
    "Inspectors found:", "In summary, practice is improving.",
    "- The quality and timeliness of permanence planning.",
    "\u2022 Managers do not always oversee plans.", "\uf06e bullet in a private-use glyph",
    "\u25fc Practice is strong.", "* star bullet", "1.", "12. A numbered paragraph.",
    "Dear Director", "Yours sincerely", "Her Majesty's Inspector", "15 and 16 January 2019",
    "7 February 2019", "#", "##", "- ", "\u2022", "(", ")", "[", "]", "\"", "\u201c", "\u2019",
    "e.g.", "i.e.", "etc.", "...", "\u2026", ";", ":", "\t", "\x0c", "\u00a0", "\ufb01",
    "\u200b", "\u202e", "\U0001f600", "\u0301", "\r", "x" * 3000, "word " * 800,
]
SEPARATORS = ["\n", "\n\n", " ", "\n\n\n", "\r\n", "\n  ", "\n- ", ""]

odd_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400
)
letterish = st.lists(
    st.tuples(st.one_of(st.sampled_from(FRAGMENTS), odd_text), st.sampled_from(SEPARATORS)),
    max_size=40,
).map(lambda parts: "".join(a + b for a, b in parts))
any_text = st.one_of(odd_text, letterish)


def _norm(text: str) -> str:
    """Loose matching copy, as cf reads the source (a carriage return or form feed breaks the
    line, then control sequences stripped): NFKC, straight quotes, single spaces, case-folded."""
    from cf.summarise.control_chars import strip

    text = unicodedata.normalize("NFKC", strip(re.sub(r"\r\n?|\f", "\n", text)))
    text = text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}))
    return re.sub(r"\s+", " ", text).strip().casefold()


def _read(text: str) -> Letter | None:
    from cf.summarise.pipeline import read_letter

    try:
        return read_letter(text.encode("utf-8"), "x.txt")
    except DocumentError:
        return None


@SETTINGS
@given(any_text)
def test_extract_text_returns_blocks_of_the_input(text):
    from cf.summarise.extract import extract_text

    try:
        extraction = extract_text(text)
    except DocumentError:
        return
    assert isinstance(extraction, Extraction)
    for block in extraction.blocks:
        assert block.kind in ("heading", "paragraph", "bullet", "numbered")
        assert isinstance(block.text, str) and isinstance(block.norm, str)


@SETTINGS
@given(any_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_read_letter_gives_a_letter_or_a_document_error(text, encoding):
    from cf.summarise.pipeline import read_letter

    try:
        letter = read_letter(text.encode(encoding), "x.txt")
    except DocumentError as error:
        assert str(error).strip() and "\n" not in str(error).strip()
        return
    assert isinstance(letter, Letter)
    assert letter.source.engine == "text"
    for section, block in letter.blocks():
        assert isinstance(section.heading, str) and isinstance(block.text, str)


@SETTINGS
@given(st.binary(max_size=600))
def test_arbitrary_bytes_give_a_letter_or_a_document_error(data):
    from cf.summarise.pipeline import read_letter

    try:
        assert isinstance(read_letter(data, "x.txt"), Letter)
    except DocumentError:
        pass


@SETTINGS
@given(any_text)
def test_structure_of_any_extraction(text):
    from cf.summarise.extract import extract_text
    from cf.summarise.structure import structure

    try:
        letter = structure(extract_text(text), Source("x.txt", "0" * 64, None, "text"))
    except DocumentError:
        return
    assert isinstance(letter, Letter)
    assert letter.metadata.kind in ("focused_visit", "monitoring_visit", "inspection", "jtai", "other")


@SETTINGS
@given(any_text)
@example("Focused visit to\x0cA\r:")  # a lone carriage return and a form feed break lines
def test_analyse_labels_every_sentence(text):
    from cf.summarise.analyse import analyse

    letter = _read(text)
    if letter is None:
        return
    source = _norm(text)
    for sentence in analyse(letter):
        assert sentence.text.strip(), "no empty sentences"
        assert _norm(sentence.text) in source, sentence.text  # sentences are the source's own
        assert sentence.assessment.label in ("strength", "weakness", "mixed", "neutral")
        assert -1.0 <= sentence.assessment.score <= 1.0


@SETTINGS
@given(st.lists(any_text, max_size=5))
def test_score_texts_scores_anything(texts):
    from cf.summarise.score import score_texts

    scored = list(score_texts(texts))
    assert len(scored) == len(texts)
    for assessment in scored:
        assert assessment.label in ("strength", "weakness", "mixed", "neutral")
        assert -1.0 <= assessment.score <= 1.0
        assert all(isinstance(cue, str) for cue in assessment.cues)


@SETTINGS
@given(any_text)
def test_compose_drafts_from_the_source(text):
    from cf.summarise.analyse import analyse
    from cf.summarise.compose import compose

    letter = _read(text)
    if letter is None:
        return
    try:
        summary = compose(letter, analyse(letter), Style())
    except DocumentError:
        return
    assert isinstance(summary.text, str) and isinstance(summary.headline, str)
    source = _norm(text)
    for finding in summary.findings + summary.strengths + summary.weaknesses:
        assert _norm(finding.text).rstrip(".,;: ") in source, finding.text
    for quote in summary.quotes:
        assert _norm(quote).strip(".,;: ") in source, quote


@SETTINGS
@given(any_text)
def test_whole_pipeline_result_is_json(text):
    from cf.summarise.pipeline import summarise

    try:
        result = summarise(text.encode("utf-8"), "x.txt")
    except DocumentError:
        return
    assert isinstance(result, Result)
    json.dumps(result.to_dict(explain=True))
