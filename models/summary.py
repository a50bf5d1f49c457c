"""What the compose stage produces: the story draft."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any


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
    # Every sentence of the document labelled strength (weakness, mixed), strongest first:
    # each sentence in one list at most, Ofsted's standard wording in none (see `counts`).
    strengths: list[Finding] = field(default_factory=list)
    weaknesses: list[Finding] = field(default_factory=list)
    mixed: list[Finding] = field(default_factory=list)
    # The `However,` paragraph(s), in story order (after the findings list).
    however: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    recommendation_sentence: str | None = None
    quotes: list[str] = field(default_factory=list)
    closing: str | None = None  # closing quote paragraph, if any
    link_title: str = ""
    text: str = ""  # the whole draft as plain text


def counts(summary: dict[str, Any]) -> dict[str, int]:
    """How many strengths, weaknesses and mixed sentences a document has: the one count the
    batch table, the review page and the JSON (the lengths of its three lists) all show.
    Each sentence counts once, under its label; Ofsted's standard wording is not counted."""
    return {name: len(summary.get(name) or []) for name in ("strengths", "weaknesses", "mixed")}


def story_parts(summary: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The draft in story order (docs/style.md) as (kind, text) pairs, from a summary's dict form
    (so that a cached result renders without the pipeline).

    kind is headline, paragraph, intro, strength, weakness, closing or link; the plain text,
    the renderers and the faithfulness check all walk the draft through this one function."""
    if summary.get("headline"):
        yield "headline", summary["headline"]
    yield from _paragraphs([summary.get("lead"), *(summary.get("paragraphs") or [])])
    yield from _findings(summary)
    yield from _paragraphs([*(summary.get("however") or []), summary.get("recommendation_sentence")])
    if summary.get("closing"):
        yield "closing", summary["closing"]
    if summary.get("link_title"):
        yield "link", summary["link_title"]


def plain_text(parts: Iterable[tuple[str, str]]) -> str:
    """The draft as plain text from its story parts: one paragraph a line with a blank line
    between, the findings one "- " line each under their intro."""
    lines: list[str] = []
    for kind, text in parts:
        if kind in ("strength", "weakness"):
            lines.append(f"- {text}")
            continue
        if lines and lines[-1].startswith("- "):
            lines.append("")
        lines += [text, ""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _paragraphs(texts: list[str | None]) -> Iterator[tuple[str, str]]:
    for text in texts:
        if text:
            yield "paragraph", text


def _findings(summary: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The list's intro, then each finding as a strength or (a monitoring visit's, or a
    damning verdict's, list may carry them) a weakness."""
    listed = summary.get("findings") or []
    if listed and summary.get("findings_intro"):
        yield "intro", summary["findings_intro"]
    for finding in listed:
        yield ("weakness" if (finding.get("score") or 0) < 0 else "strength"), finding.get("text", "")
