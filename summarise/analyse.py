"""Analyse stage: Letter -> sentences, each with an assessment. Provisional: see issue 3."""
from __future__ import annotations

from cf.models import Assessment, Letter, Sentence


def analyse(letter: Letter) -> list[Sentence]:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    out: list[Sentence] = []
    for i, (section, block) in enumerate(letter.blocks()):
        for j, sent in enumerate(nlp(block.text).sents):
            out.append(Sentence(text=sent.text.strip(), section=section.heading, page=block.page,
                                block_index=i, index_in_block=j, block_kind=block.kind,
                                assessment=Assessment("neutral", 0.0)))
    return out
