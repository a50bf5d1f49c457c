"""What the analyse stage produces: sentences and their assessments."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Label = Literal["strength", "weakness", "mixed", "neutral"]


@dataclass(frozen=True)
class Assessment:
    label: Label
    score: float  # in [-1, 1]; negative is weakness
    lean: Literal["strength", "weakness"] | None = None  # set for mixed (and for clear labels)
    cues: tuple[str, ...] = ()
    # What the sentence does besides judging (summarise/traits.py): points_back, history,
    # progress, decline, specific, summing_up, boilerplate, acronym; and fragment (a verbless
    # list item, from the scorer).
    traits: tuple[str, ...] = ()

    @property
    def polarity(self) -> str:
        """Which way a news writer files it: strength, weakness or neutral."""
        if self.label == "mixed":
            return self.lean or "weakness"
        return self.label


@dataclass
class Sentence:
    text: str  # exact source text
    section: str
    page: int | None
    block_index: int  # index of the block in Letter.blocks()
    index_in_block: int  # 0 for the block's first sentence
    block_kind: str
    assessment: Assessment = field(default_factory=lambda: Assessment("neutral", 0.0))
