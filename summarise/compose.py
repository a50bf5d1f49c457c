"""Compose stage: Letter + assessed sentences -> Summary, the story draft in the house style.

Every sentence of the draft is a sentence of the letter (trimmed at most) or one of the
fixed forms in `templates` that `faithful` accepts. The parts are written by their own
modules, in the house style's order (docs/style.md): `headline`, `opening` (lead, context, quote), `findings`
(the list and `However,`), `recommendations`, then `word_budget` fits the word budget. The
scorer's assessment (label, score, traits) is the only judge of a sentence here."""
from __future__ import annotations

from dataclasses import asdict

from cf.models import DraftFinding, Finding, Letter, Sentence, Style, Summary
from cf.models.summary import plain_text, story_parts
from cf.summarise import findings, headline, opening, recommendations, storydoc, word_budget
from cf.summarise import templates as T
from cf.summarise.storydoc import Item
from cf.summarise.textutil import drop_connective


def compose(letter: Letter, sentences: list[Sentence], style: Style) -> Summary:
    doc = storydoc.build(letter, sentences)
    meta = letter.metadata
    opening_items = storydoc.overview(doc)
    start = opening.compose_opening(doc, opening_items, style)
    verdict = opening.verdict_of(doc, start.lead_item)
    # The opening's main weakness or caveat stays beside the lead (docs/style.md: one more overview
    # sentence); `However,` then tells the main weakness not yet told.
    caveat = findings.main_weakness(opening_items, start.used)
    if caveat is not None:
        start.paragraphs.append(drop_connective(caveat.text))
        start.used.append(caveat)
    title = headline.headline(doc, start.lead_item, _headline_verdict(opening_items, start, verdict, caveat))
    both_kinds = doc.kind == "monitoring_visit" or _damning(doc, start, verdict)
    # `However,` tells the main weakness not yet told, after a negative verdict too (as the
    # site's writers do: a weakness 78% of the time, 10 times in 16 after a negative lead); a
    # counterpoint, the main strength, only when no weakness is left to tell.
    contrast = findings.pick_however(doc, opening_items, "weakness", start.used)
    if not contrast and verdict == "weakness":
        contrast = findings.pick_however(doc, opening_items, "strength", start.used)
    bullets = findings.pick_bullets(doc, start.used + contrast, style, both_kinds)
    if len(bullets) < style.min_bullets and start.finding_quote is not None:
        opening.unquote_finding(start, style)  # a short list keeps its finding
        bullets = findings.pick_bullets(doc, start.used + contrast, style, both_kinds)
    if len(bullets) < style.min_bullets and not both_kinds:
        bullets = findings.pick_bullets(doc, start.used + contrast, style, True)
        both_kinds = True

    folded, verbatim = recommendations.phrases(recommendations.improve_items(doc), doc.proper)
    closing_item = next((i for i in doc.items if i.has("summing_up") and not i.has("procedure")
                         and i not in start.used), None)
    quotes = start.quotes + ([closing_item.text] if closing_item else [])

    summary = Summary(
        headline=title, lead=start.lead, paragraphs=list(start.paragraphs),
        findings_intro=style.monitoring_findings_intro if both_kinds else style.findings_intro,
        findings=[_draft_finding(i) for i in bullets],
        strengths=judged(sentences, "strength"), weaknesses=judged(sentences, "weakness"),
        mixed=judged(sentences, "mixed"),
        however=findings.however_paragraph(contrast, doc),
        recommendations=[p for _, p in folded] + verbatim,
        recommendation_sentence=recommendations.sentence(doc, folded, recommendations.shortfalls(doc, verbatim),
                                                         len(folded) + len(verbatim)),
        quotes=quotes,
        closing=T.quoted(closing_item.text, style.closing_attribution) if closing_item else None,
        link_title=meta.title,
    )
    word_budget.fit(summary, style, render_text, start.extra)
    summary.text = render_text(summary)
    return summary


def _damning(doc: storydoc.StoryDoc, start: opening.Opening, verdict: str) -> bool:
    """A verdict not told through a list of strengths alone: an inadequate report, or a
    letter led by a clear shortfall."""
    grade = doc.letter.metadata.judgements.overall_effectiveness if doc.kind == "inspection" else None
    if grade:
        return grade == "inadequate"
    return verdict == "weakness" and not (start.lead_item is not None and start.lead_item.mixed)


def _headline_verdict(opening_items: list[Item], start: opening.Opening, verdict: str, caveat: Item | None) -> str:
    """The headline template's verdict: the direction of change when the opening reports
    one, else strength, weakness, or both when the lead's claim is caveated or a plain
    shortfall stands beside it (praise would say the opposite of it)."""
    told = _lead_verdict(opening_items, start, verdict)
    plain = storydoc.limits("headline")["plain_shortfall"]
    if told == "strength" and caveat is not None and caveat.pol == "weakness" and (not caveat.mixed or caveat.score <= plain):
        return "mixed"
    return told


def _lead_verdict(opening_items: list[Item], start: opening.Opening, verdict: str) -> str:
    lead = start.lead_item
    if lead is not None and lead.has("decline") and lead.pol == "weakness":
        return "decline"
    if lead is not None and lead.has("severe") and lead.pol == "weakness":
        return "severe"  # "widespread and/or systemic failings" are not plain weaknesses
    # Progress reported by the lead or the claim straight after it sets the direction; after
    # a lead that is plainly a shortfall, only the lead's own; after a lead that is a
    # shortfall at all, the next claim's progress makes the verdict mixed, never progress
    # (a headline never says the opposite of the lead).
    plain = lead is not None and not lead.mixed and lead.score <= storydoc.limits("headline")["plain_shortfall"]
    reach = 1 if plain else 2
    ahead = opening_items[opening_items.index(lead): opening_items.index(lead) + reach] if lead in opening_items else []
    if any(i.has("progress") and i.pol == "strength" for i in ahead):
        return "mixed" if lead is not None and lead.pol == "weakness" and not lead.mixed else "progress"
    if lead is not None and lead.mixed:
        return "mixed"
    return verdict


def _draft_finding(item: Item) -> DraftFinding:
    a = item.sentence.assessment
    return DraftFinding(text=drop_connective(item.text), label=a.label, page=item.sentence.page, score=a.score)


def judged(sentences: list[Sentence], label: str) -> list[Finding]:
    """Every sentence labelled `label`, strongest first (models.summary.counts: each sentence
    in one list, Ofsted's standard wording in none)."""
    picked = [s for s in sentences if s.assessment.label == label and "boilerplate" not in s.assessment.traits]
    picked.sort(key=lambda s: -abs(s.assessment.score))
    return [Finding(text=s.text, score=s.assessment.score, page=s.page, cues=list(s.assessment.cues))
            for s in picked]


def render_text(summary: Summary) -> str:
    """The draft as plain text, in the story's order (one paragraph per line)."""
    return plain_text(story_parts(asdict(summary)))
