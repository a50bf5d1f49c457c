"""The story's opening: lead, context, an extra overview sentence and the quote.

As the site's writers do (docs/writers.md): the lead is the opening section's
first claim that stands alone; the quote is one of the next few sentences of that section,
never the lead; an inspection report's context states its grades and the change since the
last inspection, a visit's context is the next claim (its history when it gives one)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cf.models import Style
from cf.summarise import templates as T
from cf.summarise.storydoc import Item, StoryDoc, limits
from cf.summarise.textutil import balanced, drop_connective, words


@dataclass
class Opening:
    lead: str = ""
    lead_item: Item | None = None
    paragraphs: list[str] = field(default_factory=list)  # context, extra, quote, in story order
    extra: str | None = None  # the optional extra overview sentence (the budget's to drop)
    quotes: list[str] = field(default_factory=list)
    used: list[Item] = field(default_factory=list)  # the letter's sentences the opening took


def verdict_of(doc: StoryDoc, lead: Item | None) -> str:
    """Which way the story's lead goes, strength or weakness: the lead's own claim, else the
    report's grade. `However,` turns against it."""
    if lead is not None and lead.pol != "neutral":
        return lead.pol
    grade = doc.letter.metadata.judgements.overall_effectiveness if doc.kind == "inspection" else None
    return "weakness" if grade in ("requires improvement", "inadequate") else "strength"


def compose_opening(doc: StoryDoc, opening: list[Item], style: Style) -> Opening:
    out = Opening()
    lead = pick_lead(opening)
    if lead is not None:
        attribution = style.negative_attribution if lead.pol == "weakness" else style.positive_attribution
        out.lead, out.lead_item = T.attributed(drop_connective(lead.text), attribution), lead
        out.used.append(lead)
    meta = doc.letter.metadata
    if doc.kind == "inspection":
        out.paragraphs += _report_context(doc)
        extra = _next_claim(doc, opening, out.used)
        if extra is not None:
            out.extra = extra.text
            out.paragraphs.append(extra.text)
            out.used.append(extra)
    elif doc.kind == "monitoring_visit" and T.monitoring_context(doc.la, meta.monitoring_visit_number, meta.inadequate_since):
        out.paragraphs.append(T.monitoring_context(doc.la, meta.monitoring_visit_number, meta.inadequate_since) or "")
    else:
        context = _visit_context(doc, opening, out.used)
        if context is not None:
            found = T.visit_found(doc.kind, doc.la)
            out.paragraphs.append(context.text if context.history_only else T.attributed(drop_connective(context.text), found))
            out.used.append(context)
    quote = pick_quote(doc, opening, out.used)
    if quote is not None:
        out.paragraphs.append(T.quoted(quote.text, style.quote_attribution))
        out.quotes.append(quote.text)
        out.used.append(quote)
    return out


def lead_ok(item: Item) -> bool:
    lim = limits("lead")
    return (item.standalone and not item.history_only and (item.pol != "neutral" or item.change)
            and lim["min_words"] <= words(item.text) <= lim["max_words"] and balanced(item.text))


def pick_lead(opening: list[Item]) -> Item | None:
    """The first of the opening sentences that makes a claim and stands alone."""
    scan = opening[: limits("lead")["scan"]]
    return next((i for i in scan if lead_ok(i)), None) or next((i for i in opening if lead_ok(i)), None)


def _report_context(doc: StoryDoc) -> list[str]:
    meta = doc.letter.metadata
    grade = meta.judgements.overall_effectiveness
    previous = meta.previous
    out = []
    if grade and doc.la:
        out.append(T.overall_sentence(doc.la, grade, previous.overall_effectiveness if previous else None,
                                      previous.year if previous else None))
    grades = T.grades_sentence(meta.judgements, "They" if out else "Inspectors")
    if grades:
        out.append(grades)
    return [" ".join(out)] if out else []


def _follows(doc: StoryDoc, item: Item, used: list[Item]) -> bool:
    """Does `item` come straight after the last sentence the draft took (so "They ..." reads)?"""
    return bool(used) and doc.after(used[-1]) is item


def _usable(doc: StoryDoc, item: Item, used: list[Item], lim: dict[str, Any]) -> bool:
    return (item not in used and (item.standalone or _follows(doc, item, used))
            and lim["min_words"] <= words(item.text) <= lim["max_words"] and balanced(item.text))


def _after_used(opening: list[Item], used: list[Item]) -> list[Item]:
    last = max((opening.index(u) for u in used if u in opening), default=-1)
    return opening[last + 1:]


def _next_claim(doc: StoryDoc, opening: list[Item], used: list[Item]) -> Item | None:
    lim = limits("lead")
    for item in _after_used(opening, used)[:2]:
        if _usable(doc, item, used, lim) and not item.history_only and (item.pol != "neutral" or item.change):
            return item
    return None


def _visit_context(doc: StoryDoc, opening: list[Item], used: list[Item]) -> Item | None:
    """The visit's history when one of the next sentences gives it, else the next claim."""
    lim = limits("lead")
    ahead = [i for i in _after_used(opening, used)[: limits("context")["scan"]] if _usable(doc, i, used, lim)]
    history = next((i for i in ahead if i.has("history") and i.change), None)
    return history or next((i for i in ahead if i.pol != "neutral" or i.change), None)


def pick_quote(doc: StoryDoc, opening: list[Item], used: list[Item]) -> Item | None:
    """The next opening sentence after those the draft took: verbatim, never the lead."""
    lim = limits("quote")
    for item in _after_used(opening, used)[: lim["scan"]]:
        if _usable(doc, item, used, lim) and not item.history_only and (item.pol != "neutral" or item.change):
            return item
    return None
