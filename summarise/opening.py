"""The story's opening: lead, context, an extra overview sentence and the quote.

As the site's writers do (docs/writers.md): the lead is the document's verdict,
one of the opening section's first claims that stands alone (or, for a graded report, the
grade), never background or history told as if current; the quote is one of the next few
sentences of that section, never the lead and never one that points back; an inspection
report's context states its grades and the change since the last inspection, a visit's
context is the next claim (its history when it gives one). Among the sentences that may
serve, `ranking` chooses by the weights fitted on the site's stories.

The lead names the council: in its own words, by naming "The local authority" it opens on,
or in its attribution ("..., Ofsted has said following a focused visit to Southwark.")."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cf.models import Style
from cf.summarise import ranking
from cf.summarise import templates as T
from cf.summarise.storydoc import Item, StoryDoc, finding_units, limits
from cf.summarise.textutil import balanced, drop_connective, drop_reporting, similar, words

Lead = Item | str  # a sentence of the letter, or the report's grade told as the lead


TOLD_AGAIN = 0.7  # share of word pairs: a sentence that says the grade lead again
# Never the lead, even when they tell a change: the authority's view of itself or another
# body's review ("Senior leaders acknowledge that practice has deteriorated"), who leads and
# what records the work ("... with permanent appointments"), what leaders mean to do or know
# of their own service. Theirs, or the organisation's, not Ofsted's verdict; they may be quoted.
NOT_THE_VERDICT = ("own_view", "organisation", "intent", "self_knowledge")


@dataclass
class Opening:
    lead: str = ""
    lead_item: Item | None = None
    paragraphs: list[str] = field(default_factory=list)  # context, extra, quote, in story order
    extra: str | None = None  # the optional extra overview sentence (the budget's to drop)
    quotes: list[str] = field(default_factory=list)
    finding_quote: Item | None = None  # the quote, taken from the findings (nothing to quote above)
    used: list[Item] = field(default_factory=list)  # the letter's sentences the opening took
    occasion: bool = False  # the lead's attribution names the visit or inspection


def verdict_of(doc: StoryDoc, lead: Item | None) -> str:
    """Which way the story's lead goes, strength or weakness: the lead's own claim, else the
    report's grade. After a negative verdict with no weakness left to tell, `However,` is the
    counterpoint (compose)."""
    if lead is not None and lead.pol != "neutral":
        return lead.pol
    grade = doc.letter.metadata.judgements.overall_effectiveness if doc.kind == "inspection" else None
    return "weakness" if grade in ("requires improvement", "inadequate") else "strength"


def compose_opening(doc: StoryDoc, opening: list[Item], style: Style) -> Opening:
    out = Opening()
    lead = pick_lead(doc, opening)
    if isinstance(lead, str):
        out.lead = lead
        # The report's own sentence of the grade is told by the lead: never quoted after it.
        out.used += [i for i in opening if similar(i.text, lead) >= TOLD_AGAIN]
    elif lead is not None:
        text = lead_text(lead, doc.la)
        named = ranking.names_council(text, doc.la)
        attribution = style.negative_attribution if warns(lead) else style.positive_attribution
        out.lead = T.attributed(text, T.lead_attribution(attribution, doc.letter.metadata, named))
        out.lead_item, out.occasion = lead, not named and T.occasion(doc.letter.metadata) is not None
        out.used.append(lead)
    meta = doc.letter.metadata
    if doc.kind == "inspection":
        # The grade is told when the lead is its template or the report's own sentence of it.
        grade = grade_lead(doc)
        out.paragraphs += _report_context(doc, grade_told=grade is not None and similar(out.lead, grade) >= TOLD_AGAIN)
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
            out.paragraphs.append(_context_text(context, doc, out.occasion))
            out.used.append(context)
    quote = pick_quote(opening, out.used, out.lead_item)
    if quote is None:
        quote = out.finding_quote = first_finding_quote(doc, out.used)
    if quote is not None:
        out.paragraphs.append(T.quoted(quote.text, style.quote_attribution))
        out.quotes.append(quote.text)
        out.used.append(quote)
    return out


def unquote_finding(out: Opening, style: Style) -> None:
    """Give a quoted finding back to the list (which would otherwise be too short)."""
    item = out.finding_quote
    if item is not None:
        out.paragraphs.remove(T.quoted(item.text, style.quote_attribution))
        out.quotes.remove(item.text)
        out.used.remove(item)
        out.finding_quote = None


def lead_text(item: Item, la: str) -> str:
    """The lead's words: the connective and the report's frame dropped, "The local authority"
    it opens on named."""
    return T.name_subject(drop_reporting(drop_connective(item.text)), la)


def warns(item: Item) -> bool:
    """"Ofsted has warned" fits a shortfall, never progress ("no longer inadequate")."""
    return item.pol == "weakness" and (item.has("decline") or not item.has("progress"))


def _context_text(item: Item, doc: StoryDoc, occasion_told: bool) -> str:
    """History stays as written; a claim is attributed to the visit, unless the lead's
    attribution has named it or the sentence reports the finding itself."""
    if item.history_only or item.has("reporting") or occasion_told:
        return drop_connective(item.text)
    return T.attributed(drop_connective(item.text), T.visit_found(doc.kind, doc.la))


def lead_ok(item: Item) -> bool:
    """A lead stands alone, makes a claim, and is the verdict now: not background ("Last
    summer, ...", the pandemic, the council's self-evaluation, another body's review) nor a
    past verdict."""
    lim = limits("lead")
    # A sentence that reports the finding ("Inspectors found no detriment ...") leads only
    # when its frame can go ("Inspectors found that ...").
    framed = item.has("reporting") and drop_reporting(item.text) == item.text
    return (item.standalone and not item.history_only and not item.background and not item.past and not framed
            and not any(item.has(t) for t in NOT_THE_VERDICT) and not item.has("refers_back")
            and (abs(item.score) >= lim["min_score"] or item.change)
            and lim["min_words"] <= words(item.text) <= lim["max_words"] and balanced(item.text))


def lead_candidates(doc: StoryDoc, opening: list[Item]) -> list[Lead]:
    """The opening's first claims that may lead (else any of its claims, else the first
    sentences of the findings), and a graded report's grade."""
    scan = opening[: limits("lead")["scan"]]
    heads = [u[0] for u in finding_units(doc)]
    items: list[Lead] = list(next((c for c in ([i for i in scan if lead_ok(i)], [i for i in opening if lead_ok(i)],
                                              [i for i in heads if lead_ok(i)]) if c), []))
    grade = grade_lead(doc)
    return items + ([grade] if grade else [])


def grade_lead(doc: StoryDoc) -> str | None:
    meta = doc.letter.metadata
    grade = meta.judgements.overall_effectiveness if doc.kind == "inspection" else None
    if not (grade and doc.la):
        return None
    previous = meta.previous
    return T.grade_lead(doc.la, grade, previous.overall_effectiveness if previous else None,
                        previous.year if previous else None)


def pick_lead(doc: StoryDoc, opening: list[Item]) -> Lead | None:
    """The candidate the fitted weights rank first."""
    candidates = lead_candidates(doc, opening)
    return ranking.best("lead", candidates,
                        lambda c: ranking.lead_features(None if isinstance(c, str) else c, doc, opening,
                                                        candidates.index(c)))


def _report_context(doc: StoryDoc, grade_told: bool) -> list[str]:
    """The grades, and the change since the last inspection (unless the lead told the grade)."""
    meta = doc.letter.metadata
    grade = meta.judgements.overall_effectiveness
    previous = meta.previous
    out = []
    if grade and doc.la and not grade_told:
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
        if _usable(doc, item, used, lim) and lead_ok(item):
            return item
    return None


def _visit_context(doc: StoryDoc, opening: list[Item], used: list[Item]) -> Item | None:
    """The visit's history when one of the next sentences gives it, else the next claim."""
    lim = limits("lead")
    ahead = [i for i in _after_used(opening, used)[: limits("context")["scan"]] if _usable(doc, i, used, lim)]
    history = next((i for i in ahead if i.has("history") and i.change), None)
    return history or next((i for i in ahead if i.pol != "neutral" or i.change), None)


def quote_ok(item: Item, used: list[Item]) -> bool:
    """Verbatim, so it must stand alone as written: no connective, nothing it points back to
    ("as a result of these changes"), no background."""
    lim = limits("quote")
    return (item not in used and item.standalone and not item.history_only and not item.background and not item.past
            and not item.has("refers_back") and not item.has("procedure") and (item.pol != "neutral" or item.change)
            and lim["min_words"] <= words(item.text) <= lim["max_words"] and balanced(item.text))


def first_finding_quote(doc: StoryDoc, used: list[Item]) -> Item | None:
    """When the opening section has nothing to quote (two sentences, or all of them leaning
    on the one before), the first findings paragraph's opening claim that stands alone, as a
    writer would then quote."""
    return next((u[0] for u in finding_units(doc) if u[0].first and quote_ok(u[0], used)), None)


def pick_quote(opening: list[Item], used: list[Item], lead: Item | None) -> Item | None:
    """One of the opening's sentences near the lead, as the fitted weights rank them."""
    start = opening.index(lead) if lead in opening else 0
    scan = opening[: start + 1 + limits("quote")["scan"]]
    candidates = [i for i in scan if quote_ok(i, used)]
    return ranking.best("quote", candidates,
                        lambda i: ranking.quote_features(i, opening, lead, candidates.index(i)))
