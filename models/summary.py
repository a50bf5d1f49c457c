"""What the compose stage produces: the story draft."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Finding:
    text: str
    score: float
    page: int | None = None
    cues: list[str] = field(default_factory=list)


@dataclass
class DraftFinding:
    """One bullet of the draft's findings list, as the draft shows it."""

    text: str
    label: str  # the scorer's label of the sentence it comes from
    page: int | None = None
    score: float = 0.0


@dataclass
class Summary:
    headline: str
    lead: str
    paragraphs: list[str] = field(default_factory=list)  # context, quote, extra overview
    findings_intro: str = "Inspectors highlighted:"
    # The draft's findings list, in story order.
    findings: list[DraftFinding] = field(default_factory=list)
    # Every sentence of the document judged a strength (weakness), best (worst) first.
    strengths: list[Finding] = field(default_factory=list)
    weaknesses: list[Finding] = field(default_factory=list)
    # The `However,` paragraph(s), in story order (after the findings list).
    however: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    recommendation_sentence: str | None = None
    quotes: list[str] = field(default_factory=list)
    closing: str | None = None  # closing quote paragraph, if any
    link_title: str = ""
    text: str = ""  # the whole draft as plain text
