"""The findings list and the `However,` paragraph.

Bullets: as the site's writers pick them (docs/writers.md), the first sentence
of each finding of the first findings section (for a report, the experiences and progress
of children who need help and protection) that stands alone and reports a strength or
progress, in document order, then the next sections' while the list is short. A monitoring
visit or a damning verdict lists the key findings of both kinds.

`However,`: the main weakness not yet told (docs/writers.md: 78% of the site's
`However,` sentences, and 10 of 16 after a negative lead); the main strength or sign of
progress only as a counterpoint after a negative verdict whose list already carries the
weaknesses. Among the sentences that may serve, `ranking` chooses by the weights fitted on the
site's stories."""
from __future__ import annotations

import re
from collections.abc import Callable, Set
from typing import Any

from cf.models import Style
from cf.summarise import ranking
from cf.summarise import templates as T
from cf.summarise.storydoc import Item, StoryDoc, finding_units, limits
from cf.summarise.textutil import balanced, content, drop_connective, full_stop, lower_first, similar, words


def _fits(item: Item, lim: dict[str, Any]) -> bool:
    return item.liftable and lim["min_words"] <= words(item.text) <= lim["max_words"] and balanced(item.text)


def _near(text: str, taken: list[str], share: float) -> bool:
    return any(similar(text, other) > share for other in taken)


def pick_bullets(doc: StoryDoc, used: list[Item], style: Style, both_kinds: bool) -> list[Item]:
    """The findings list, in document order."""
    lim = limits("bullets")
    units = finding_units(doc)
    taken_text = [u.text for u in used]

    def wanted(item: Item) -> bool:
        if item in used or not _fits(item, lim) or _near(item.text, taken_text, lim["near_duplicate"]):
            return False
        if item.background:
            return False  # the pandemic, how services are organised: the setting, not a finding
        if item.pol == "strength" or (item.mixed and item.has("progress")):
            return True  # progress with a caveat is listed as progress
        return both_kinds and item.pol == "weakness"

    chosen = _section_heads(doc, units, wanted, taken_text, style)
    if len(chosen) < style.min_bullets:  # a short letter: later sentences of its findings too
        for item in (i for u in units for i in u[1:]):
            if len(chosen) >= style.min_bullets:
                break
            if wanted(item):
                chosen.append(item)
                taken_text.append(item.text)
    return sorted(chosen, key=doc.items.index)


def _section_heads(doc: StoryDoc, units: list[list[Item]], wanted: Callable[[Item], bool], taken_text: list[str],
                   style: Style) -> list[Item]:
    """The first sentences of findings, section by section, until the list is long enough
    (each one's text joins `taken_text`)."""
    lim = limits("bullets")
    chosen: list[Item] = []
    for section in dict.fromkeys(u[0].section_index for u in units):
        heads = [u[0] for u in units if u[0].section_index == section and u[0].first and wanted(u[0])]
        for head in spread(heads, style.max_bullets - len(chosen), lim, focus_terms(doc)):
            if not _near(head.text, taken_text, lim["near_duplicate"]):
                chosen.append(head)
                taken_text.append(head.text)
        if len(chosen) >= style.min_bullets:
            break
    return chosen


def news_value(item: Item, lim: dict[str, Any], focus: Set[str]) -> float:
    """How much a finding carries news: a clear judgement, change, specifics (teams, figures,
    timescales, named services), what the visit looked at, a short clean claim; a caveat or a
    long sentence loses."""
    value: float = 1.0 + lim["weight_score"] * min(abs(item.score), 1.0)
    value += lim["weight_specific"] * item.has("specific") + lim["weight_progress"] * item.has("progress")
    value += lim["weight_acronym"] * item.has("acronym") - lim["weight_mixed"] * item.mixed
    value += lim["weight_focus"] * bool(content(item.text) & focus)
    n = words(item.text)
    value -= lim["weight_long"] if n > lim["long_words"] else 0.0
    return value


def focus_terms(doc: StoryDoc) -> set[str]:
    """The distinctive words of what the visit looked at ("disabled" in "children in care,
    including disabled children"): findings about them are news."""
    return content(doc.letter.metadata.focus or "") - {"children", "child", "young", "people", "care", "services",
                                                       "including", "need", "local", "authority", "arrangements"}


def spread(heads: list[Item], room: int, lim: dict[str, Any], focus: Set[str] = frozenset()) -> list[Item]:
    """All of them when they fit; else the most newsworthy, spread through the section (a
    writer reads the whole section: highlights from all of it beat a cluster at its start)."""
    if room <= 0:
        return []
    if len(heads) <= room:
        return heads
    position = {id(h): n / len(heads) for n, h in enumerate(heads)}
    slot = 1.0 / room
    chosen: list[Item] = []
    pool = list(heads)
    while pool and len(chosen) < room:
        def gain(h: Item) -> float:
            near = min((abs(position[id(h)] - position[id(c)]) for c in chosen), default=1.0)
            value: float = news_value(h, lim, focus) - lim["spread"] * max(0.0, 1.0 - near / slot) - lim["weight_late"] * position[id(h)]
            return value
        best = max(pool, key=gain)
        pool.remove(best)
        chosen.append(best)
    return sorted(chosen, key=heads.index)


def _turns(item: Item, against: str, taken: list[Item], follows: bool = False) -> bool:
    """May it serve in the `However,` paragraph? It turns the right way, stands alone once its
    connective goes, is about now, tells a judgement the scorer finds (the sentence that
    follows the chosen one in the letter may add a plainer detail), and says what the draft
    has not said."""
    lim = limits("however")
    # Caveated progress is listed, not a shortfall; a caveated strength is no counterpoint.
    caveated = item.mixed and (item.has("progress") or against == "strength")
    # Told in the past about an earlier inspection, it is history; told in the past about
    # what inspectors saw ("Case audits did not show ..."), it is the visit's finding.
    # A change told in the pluperfect ("there had not been sufficient progress") is how an
    # earlier inspection found things; what inspectors saw may be told so ("cases had not been
    # progressed to a strategy discussion").
    before = item.has("pluperfect") and item.change and not item.has("present_tense")
    now = not (item.past and item.has("history")) and not before and (follows or abs(item.score) >= lim["min_score"])
    return (item not in taken and item.liftable and not item.history_only and item.pol == against
            and not caveated and not item.background and now
            and words(item.text) <= lim["max_words"] and balanced(item.text)
            and not _near(item.text, [t.text for t in taken], 0.5))


def however_candidates(doc: StoryDoc, opening: list[Item], against: str,
                       taken: list[Item]) -> list[tuple[Item, str, int]]:
    """(sentence, where it comes from, its rank there) for each sentence that may open the
    `However,` paragraph: the opening section's, the findings' first sentences, and the
    finding sentences that turn most strongly that way."""
    units = finding_units(doc)
    heads = [u[0] for u in units if u[0].first]
    inner = sorted((i for u in units for i in u[1:] if i.pol == against and not i.mixed),
                   key=lambda i: i.score if against == "weakness" else -i.score)[:5]
    out: list[tuple[Item, str, int]] = []
    for place, pool in (("opening", opening), ("head", heads), ("inner", inner)):
        usable = [i for i in pool if _turns(i, against, taken) and all(i is not o[0] for o in out)]
        out += [(i, place, k) for k, i in enumerate(usable)]
    return out


def pick_however(doc: StoryDoc, opening: list[Item], against: str, taken: list[Item]) -> list[Item]:
    """One or two sentences that turn against the list, each standing alone: the first as
    the fitted weights rank the candidates, the second the sentence that follows it."""
    candidates = however_candidates(doc, opening, against, taken)
    chosen = ranking.best("however", candidates, lambda c: ranking.however_features(c[0], doc, c[1], c[2]))
    if chosen is None:
        return []
    first = chosen[0]
    # A second sentence: the one that follows it in the letter, else the next candidate of
    # the opening or the findings' first sentences.
    after = doc.after(first)
    if after is not None and after.standalone and _turns(after, against, [*taken, first], follows=True):
        second: Item | None = after
    else:
        second = next((c[0] for c in candidates if c[0] is not first and c[1] != "inner"), None)
    return [first, second][: limits("however")["sentences"]] if second is not None else [first]


def main_weakness(opening: list[Item], taken: list[Item]) -> Item | None:
    """The opening section's first weakness or caveated claim that stands alone once its
    connective goes: the story keeps it beside the lead, so a headline weakness stays."""
    lim = limits("however")
    pool = [i for i in opening if (i.pol == "weakness" or i.mixed) and abs(i.score) >= lim["min_score"]]
    return next((i for i in pool if i not in taken and i.liftable and not i.history_only and not i.background
                 and not (i.past and i.has("history"))
                 and words(i.text) <= lim["max_words"] and balanced(i.text)), None)


def however_paragraph(items: list[Item], doc: StoryDoc) -> list[str]:
    if not items:
        return []
    first = items[0].text
    if not re.match(r"^however\b", first, re.I):
        first = T.however(lower_first(drop_connective(first), doc.proper))
    rest = [drop_connective(i.text) for i in items[1:]]
    return [" ".join(full_stop(x) for x in [first, *rest])]
