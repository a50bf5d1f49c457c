"""Analyse stage: Letter -> every sentence, in order, with where it is and how it reads.

The letter's blocks go through the pipeline as ONE Doc (blocks joined by blank lines, their
offsets passed to the `cf_blocks` component so that headings, bullets and numbered
paragraphs never join), so spaCy runs once per letter and the cue matchers see each token
once; the score stage then judges each sentence from the cue spans already found."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from cf.models import Assessment, Letter, Sentence

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span


def analyse(letter: Letter) -> list[Sentence]:
    """Every sentence of the letter, with section, page, block and its assessment."""
    from cf.summarise.items import fragment
    from cf.summarise.score import assess_all
    from cf.summarise.traits import sentence_traits

    doc, spans = split(letter)
    if doc is None:
        return []
    assessments = assess_all(doc, spans, [s._.section for s in spans])
    # A verbless list item ("The quality of plans.") names a topic (items.py).
    traits = [tuple(sorted((*t, "fragment"))) if fragment(span) else t
              for t, span in zip(sentence_traits(doc, spans), spans, strict=True)]
    return list(_sentences(doc, spans, [replace(a, traits=t)
                                        for a, t in zip(assessments, traits, strict=True)]))


def split(letter: Letter) -> tuple[Doc | None, list[Span]]:
    """The letter as one processed Doc and its sentence spans, in order (nothing judged)."""
    from cf.summarise.nlp import BlockInfo, get_nlp, make_letter_doc, sentences

    parts = [
        (block.text, BlockInfo(0, section.heading, block.page, block.kind, i))
        for i, (section, block) in enumerate(letter.blocks())
        if block.text.strip()
    ]
    if not parts:
        return None, []
    doc = get_nlp()(make_letter_doc(parts))
    return doc, sentences(doc)


def unjudged(letter: Letter) -> list[Sentence]:
    """Every sentence of the letter as `analyse` splits it, left neutral (not scored)."""
    doc, spans = split(letter)
    if doc is None:
        return []
    return list(_sentences(doc, spans, [Assessment("neutral", 0.0)] * len(spans)))


def _sentences(doc: Doc, spans: list[Span], assessments: list[Assessment]
               ) -> Iterator[Sentence]:
    from cf.summarise.nlp import doc_text

    counts: dict[int, int] = {}
    text_of_letter = doc_text(doc)
    for span, assessment in zip(spans, assessments, strict=True):
        block_index = span._.block_index
        n = counts.get(block_index, 0)
        counts[block_index] = n + 1
        text = text_of_letter[span.start_char:span.end_char].strip()
        yield Sentence(text=text, section=span._.section, page=span._.page,
                       block_index=block_index, index_in_block=n,
                       block_kind=span._.block_kind, assessment=assessment)
