"""What the extract and structure stages produce: blocks of text and the Letter."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["focused_visit", "monitoring_visit", "inspection", "jtai", "other"]
BlockKind = Literal["heading", "paragraph", "bullet", "numbered"]
Grade = Literal["outstanding", "good", "requires improvement", "inadequate"]


@dataclass(frozen=True)
class Block:
    """One paragraph, bullet, numbered paragraph or heading, page furniture removed.

    `text` is exactly as in the source (for quotes); `norm` is NFKC-folded with straight
    quotes and single spaces (for matching and scoring)."""

    kind: BlockKind
    text: str
    norm: str
    page: int | None = None
    size: float | None = None
    bold: bool = False
    number: str | None = None  # "12." for a numbered paragraph
    x0: float | None = None
    y0: float | None = None  # top of the block, in points from the page's top


SectionRole = Literal[
    "intro", "overview", "improve", "findings", "judgement", "summary", "signoff", "other"
]


@dataclass
class Section:
    heading: str  # "" for the text before the first heading; otherwise exactly as printed
    blocks: list[Block] = field(default_factory=list)
    page: int | None = None
    # What the section is for, whatever its wording: "intro" (the opening "This letter
    # summarises..." context), "overview" (overview / headline findings / executive summary),
    # "improve" (what needs to improve / areas for improvement / recommendations),
    # "findings", "judgement" (one per graded area of an inspection report), "summary"
    # (the summing-up), "signoff" (closing formula and signature: compose ignores it),
    # "other" (anything else: areas covered, LSCB review, contents...).
    role: str = "other"
    # For a "judgement" section: which judgement (a Judgements field name) and its grade.
    judgement: str | None = None
    grade: str | None = None


@dataclass
class Inspector:
    name: str
    role: str | None = None
    lead: bool = False


@dataclass
class Judgements:
    overall_effectiveness: str | None = None
    impact_of_leaders: str | None = None
    help_and_protection: str | None = None
    children_in_care: str | None = None
    care_leavers: str | None = None


@dataclass
class Previous:
    """The last inspection, as a document states it ("judged inadequate in 2017")."""

    year: int | None = None
    overall_effectiveness: str | None = None


@dataclass
class Metadata:
    kind: Kind = "other"
    title: str = ""
    local_authority: str = ""
    published: str | None = None  # ISO dates, YYYY-MM-DD
    visit_start: str | None = None
    visit_end: str | None = None
    inspectors: list[Inspector] = field(default_factory=list)
    judgements: Judgements = field(default_factory=Judgements)
    monitoring_visit_number: int | None = None
    # Month and year the authority was judged inadequate, for a monitoring visit's context.
    inadequate_since: str | None = None
    # Which inspection framework a report follows: "ilacs" (2018 on), "ilacs_2026" (no
    # overall grade), "sif" (2014 to 2017 single inspection framework); None for letters.
    framework: str | None = None
    # An ILACS inspection's length: "standard" (two weeks on site) or "short" (one week).
    inspection_type: str | None = None
    # What the visit or inspection looked at ("children in care, including disabled
    # children"): focused visits name their area, which headlines use.
    area: str | None = None
    # What a focused or monitoring visit looked at, in the letter's own words.
    focus: str | None = None
    # The last inspection as the document itself states it.
    previous: Previous | None = None


@dataclass
class Source:
    path: str
    sha256: str
    pages: int | None
    engine: str  # "pdfminer", "pdfium" or "text"


@dataclass
class Letter:
    metadata: Metadata
    sections: list[Section]
    source: Source
    warnings: list[str] = field(default_factory=list)

    def blocks(self) -> list[tuple[Section, Block]]:
        return [(s, b) for s in self.sections for b in s.blocks]


@dataclass
class Extraction:
    """The extract stage's output: blocks in reading order, furniture removed."""

    blocks: list[Block]
    pages: int | None
    engine: str
    warnings: list[str] = field(default_factory=list)
