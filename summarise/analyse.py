"""Analyse stage: Letter -> every sentence, in order, with where it is and how it reads.

The letter's blocks go through the pipeline as ONE Doc (blocks joined by blank lines, their
offsets passed to the `cf_blocks` component so that headings, bullets and numbered
paragraphs never join), so spaCy runs once per letter and the cue matchers see each token
once; the score stage then judges each sentence from the cue spans already found."""
from __future__ import annotations

from dataclasses import replace

from cf.models import Letter, Sentence


def analyse(letter: Letter) -> list[Sentence]:
    """Every sentence of the letter, with section, page, block and its assessment."""
    from cf.summarise.nlp import BlockInfo, doc_text, get_nlp, make_letter_doc, sentences
    from cf.summarise.score import assess_all
    from cf.summarise.traits import sentence_traits

    parts = [
        (block.text, BlockInfo(0, section.heading, block.page, block.kind, i))
        for i, (section, block) in enumerate(letter.blocks())
        if block.text.strip()
    ]
    if not parts:
        return []
    doc = get_nlp()(make_letter_doc(parts))
    spans = sentences(doc)
    assessments = assess_all(doc, spans, [s._.section for s in spans])
    traits = sentence_traits(doc, spans)
    out: list[Sentence] = []
    counts: dict[int, int] = {}
    text_of_letter = doc_text(doc)
    for span, assessment, sentence_traits_ in zip(spans, assessments, traits):
        block_index = span._.block_index
        n = counts.get(block_index, 0)
        counts[block_index] = n + 1
        text = text_of_letter[span.start_char:span.end_char].strip()
        out.append(Sentence(text=text, section=span._.section, page=span._.page,
                            block_index=block_index, index_in_block=n,
                            block_kind=span._.block_kind,
                            assessment=replace(assessment, traits=sentence_traits_)))
    return out
