"""The letter as the composer sees it: its sentences with their roles, places and judgements.

Built once per draft from the Letter and the analyse stage's sentences; every part of the
story (headline, opening, findings, recommendations) picks from it. Nothing here judges a
sentence: polarity and traits come from the assessment."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cf.models import Letter, Section, Sentence
from cf.summarise.structure import section_role
from cf.summarise.textutil import proper_words


def limits(part: str) -> dict[str, Any]:
    """The limits and weights of one part of the story (story.toml's table for it)."""
    from cf.summarise.data_files import load_data

    table: dict[str, Any] = load_data("story.toml")[part]
    return table


# Words no finished sentence ends on: an article, a relative pronoun, a conjunction. (A
# preposition may end one: "the support they are entitled to.")
_CUT_OFF = re.compile(r"\b(?:a|an|the|who|which|whose|and|or|but)\W*$")


def cut_off(text: str) -> bool:
    """Does the sentence stop mid-clause, as a page break or a lost line can leave it?"""
    return bool(_CUT_OFF.search(text))


@dataclass
class Item:
    """One sentence with where it sits in the letter."""

    sentence: Sentence
    role: str
    section_index: int
    unit: int  # index of its block in Letter.blocks(): one finding = one block
    first: bool  # first sentence of its block

    @property
    def text(self) -> str:
        # An opening quote mark the sentence splitter left at the end belongs to the next one.
        return re.sub(r"\s*[\u2018\u201c'\"(]+$", "", self.sentence.text.strip())

    @property
    def pol(self) -> str:
        """strength, weakness or neutral, as a writer files it (a mixed sentence by its lean)."""
        return self.sentence.assessment.polarity

    @property
    def score(self) -> float:
        return self.sentence.assessment.score

    @property
    def mixed(self) -> bool:
        return self.sentence.assessment.label == "mixed"

    def has(self, trait: str) -> bool:
        return trait in self.sentence.assessment.traits

    @property
    def standalone(self) -> bool:
        """Can a reader take it in without the sentence before it?"""
        return self.liftable and not self.has("connective")

    @property
    def liftable(self) -> bool:
        """Does it stand alone once its opening connective ("However,") is dropped? Not when it
        points back, nor when it is a verbless list item, a topic rather than a sentence, nor
        when the reader cut it off ("... together with a 'practice lead' who.")."""
        return not self.has("points_back") and not self.has("fragment") and not cut_off(self.text)

    @property
    def change(self) -> bool:
        return self.has("progress") or self.has("decline")

    @property
    def background(self) -> bool:
        """The setting of the verdict, not the verdict: a time before the visit ("Last summer,
        ..."), the pandemic and the area, or structures, demand and the authority's view of
        itself told without a change ("Senior leaders acknowledge that practice has
        deteriorated" is a verdict)."""
        if self.has("past_time") or self.has("context"):
            return True
        told_now = self.change and self.has("present_tense")  # "... has deteriorated", not "was established"
        return (self.has("background") or self.has("own_view") or self.has("context_fronted")) and not told_now

    @property
    def past(self) -> bool:
        """How things were: a sentence told in the past tense alone ("The trust was highly
        effective", "... identified that practice had weakened"), or a judgement given in the
        past with no change since ("All areas were judged to be good")."""
        told_past = self.has("past_tense") and not self.has("present_tense")
        return told_past or (self.has("past_verdict") and not self.change)

    @property
    def history_only(self) -> bool:
        """About the last inspection and not about now ("X was judged good in 2017")."""
        return self.has("history") and self.has("past_verdict") and not self.change


@dataclass
class StoryDoc:
    letter: Letter
    items: list[Item]
    la: str
    kind: str
    proper: set[str] = field(default_factory=set)

    def by_role(self, *roles: str) -> list[Item]:
        return [i for i in self.items if i.role in roles]

    def after(self, item: Item) -> Item | None:
        """The sentence that follows `item` in its section, if any (past a heading, a sentence
        no longer carries on from it)."""
        k = self.items.index(item)
        nxt = self.items[k + 1] if k + 1 < len(self.items) else None
        return nxt if nxt is not None and nxt.section_index == item.section_index else None


def build(letter: Letter, sentences: list[Sentence]) -> StoryDoc:
    blocks = letter.blocks()
    sec_index = {id(s): n for n, s in enumerate(letter.sections)}
    roles = _roles(letter)
    items: list[Item] = []
    for s in sentences:
        if not 0 <= s.block_index < len(blocks) or not s.text.strip() or "boilerplate" in s.assessment.traits:
            continue
        section, block = blocks[s.block_index]
        if block.kind == "heading" or " | " in block.text:
            continue  # headings and judgement-table rows are not sentences of the story
        items.append(Item(s, roles[id(section)], sec_index[id(section)], s.block_index, s.index_in_block == 0))
    la = letter.metadata.local_authority.strip() or _la_from_title(letter.metadata.title)
    return StoryDoc(letter, items, la, letter.metadata.kind, proper_words(b.norm for _, b in letter.blocks()))


def _roles(letter: Letter) -> dict[int, str]:
    roles = {id(s): section_role(s, n) for n, s in enumerate(letter.sections)}
    # Before the first overview/findings, an untitled or "other" section is the letter's intro.
    seen_body = False
    for s in letter.sections:
        r = roles[id(s)]
        if r in ("overview", "improve", "findings", "judgement"):
            seen_body = True
        elif r == "other" and not seen_body and s.blocks and _looks_intro(s):
            roles[id(s)] = "intro"
    return roles


def _looks_intro(section: Section) -> bool:
    text = " ".join(b.norm for b in section.blocks).lower()
    return "this letter summarises" in text or "inspectors looked at" in text or "inspection took place" in text


def _la_from_title(title: str) -> str:
    m = re.search(r"(?:visit (?:to|of)|inspection of)\s+(.+?)(?:\s+local authority)?\s+children.s services", title, re.I)
    return m.group(1).strip() if m else ""


def overview(doc: StoryDoc) -> list[Item]:
    """The opening section's sentences: the overview or headline findings, else the
    paragraphs before the first list or findings, else the first two findings paragraphs."""
    items = doc.by_role("overview")
    if not items:
        first_body = min((i.section_index for i in doc.items if i.role in ("improve", "findings", "judgement")),
                         default=None)
        items = [i for i in doc.items if i.role == "other" and first_body is not None
                 and i.section_index < first_body and i.sentence.block_kind == "paragraph"]
    if not items:
        items = _first_findings(doc, 2)
    return items


def _first_findings(doc: StoryDoc, n: int) -> list[Item]:
    """The first `n` findings paragraphs that open on a finding: a letter with no overview
    (the visits of 2020 and 2021) often opens its findings by setting the scene (the
    pandemic, a challenging year), which is not its verdict."""
    units = finding_units(doc)
    found = [u for u in units if not u[0].background] or units
    return [i for u in found[:n] for i in u]


def finding_units(doc: StoryDoc) -> list[list[Item]]:
    """Each block of a findings (or graded area) section is one finding, sentences in order."""
    units: dict[int, list[Item]] = {}
    for item in doc.items:
        if item.role in ("findings", "judgement"):
            units.setdefault(item.unit, []).append(item)
    return [units[k] for k in sorted(units)]
