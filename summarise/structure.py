"""Structure stage: blocks -> Letter (kind, metadata, sections with roles).

Ofsted's letters and reports share a shape: front matter (address, date, addressee,
"Dear ..."), a title line, then either an intro paragraph ("This letter summarises...") or a
report's head (inspection dates, lead inspector, judgement table), then headed sections,
and for letters a sign-off. Front matter and the report head become metadata; everything
else becomes sections, each marked with a role that does not depend on the heading's wording.
"""
from __future__ import annotations

import re
from datetime import date

from cf.models import Block, Extraction, Letter, Metadata, Previous, Section, Source
from cf.models.letter import Kind
from cf.summarise import authorities
from cf.summarise import metadata as md
from cf.summarise.errors import NotAnOfstedDocument

# A title line: what the document is and (usually) whom it is about.
_TITLE = re.compile(
    r"^(?:Focused visit (?:to|of)|Monitoring visit (?:to|of)|(?:Re-?)?[Ii]nspection of|"
    r"Joint targeted area inspection|Joint area review|Joint inspection of|Area SEND|"
    r"Local area (?:SEND )?inspection|Inspection of local authority)\b",
)
_KINDS: list[tuple[Kind, re.Pattern[str]]] = [
    ("focused_visit", re.compile(r"^Focused visit|\bfocused visit to\b", re.I)),
    ("monitoring_visit", re.compile(r"^Monitoring visit|\bmonitoring visit (?:to|of)\b", re.I)),
    ("jtai", re.compile(r"^Joint targeted area inspection|^Joint area review|\bjoint targeted area inspection\b", re.I)),
    ("other", re.compile(r"\bSEND\b|special educational needs", re.I)),
    ("inspection", re.compile(r"^(?:Re-?)?[Ii]nspection of|^Inspection of", re.I)),
]
_HEAD_LINE = re.compile(
    r"^(?:Inspection dates?|Lead inspector|Report published|Dates? of previous inspection|"
    r"Judgements?|Grade|Key Judgement|Judgement Grade)\b",
    re.I,
)
_SIGNOFF = re.compile(
    r"^(?:Ofsted will take the findings|Yours (?:sincerely|faithfully)|"
    r"(?:Ofsted|We) will (?:continue to monitor|use the findings|take (?:these|the) findings))",
    re.I,
)
_NOTHING_FOUND = re.compile(r"\b(?:did|does) not (?:find|identify) any\b|\bno areas? for (?:priority )?action\b", re.I)
# Words every Ofsted letter or report on children's services uses somewhere.
_OFSTED_MARK = re.compile(r"\bOfsted\b|\binspect(?:ion|ors?|ed)\b|children's (?:services|social care)", re.I)
_SUMMING_UP = re.compile(r"^In (?:summary|conclusion),?\s", re.I)

_ROLES: list[tuple[str, re.Pattern[str]]] = [
    ("other", re.compile(r"\bLSCB\b|Safeguarding Children Board|\bin this area$|for children and young people$|"
                         r"^(?:Contents|Information about|Annex|Other |Previous |What the inspection|Section \d)", re.I)),
    ("improve", re.compile(
        r"^(?:What (?:needs|does the local (?:authority|area(?: partnership)?) need) to improve|"
        r"(?:Areas? (?:for|of) (?:improvement|development|priority actions?|further improvement)|Priority (?:and immediate )?actions?)|"
        r"What does the (?:local |area )?(?:area )?partnership need to do better|"
        r"Recommendations?|What needs to happen)\b", re.I)),
    ("overview", re.compile(
        r"^(?:Overview|Headline findings|Executive summary|Summary of (?:the )?(?:main )?findings|"
        r"(?:Summary of )?Key findings|Summary|Inspection outcome|Overall effectiveness|Overview of progress)\b\W*$", re.I)),
    ("findings", re.compile(
        r"^(?:(?:Inspection |Main )?Findings|(?:Findings and )?evaluation of progress|Progress|Strengths|"
        r"Areas of strength|The local authority has the following strengths|What is working well|"
        r"Key strengths|What is the (?:local |area )?(?:area )?partnership doing that is effective)\b", re.I)),
]
_SIF_SUMMARY = re.compile(r"summary of (?:the )?(?:key |main )?findings|\bbecause:?$", re.I)
_JUDGEMENT_HEADING = re.compile(
    r"^(?:\d\.\s*)?(?:The (?:graded judge?ment|experiences? and progress)|(?:The )?[Ii]mpact of leaders|"
    r"Leadership, management and governance|Children (?:looked after|who need help)|"
    r"(?:The )?experiences and progress|Overall effectiveness)", re.I)


def structure(extraction: Extraction, source: Source) -> Letter:
    blocks = [b for b in extraction.blocks if b.norm and not re.fullmatch(r"[\d\W]+", b.norm)]
    title_at, title, title_blocks = _find_title(blocks)
    front = blocks[:title_at] if title_at is not None else []
    body = blocks[title_at + title_blocks:] if title_at is not None else blocks
    kind = _kind(title, body)
    head, table, rest = _split_head(body, kind)
    sections = _sections(rest, kind)
    meta = _metadata(kind, title, front, head + table, table, sections, blocks)
    _label_judgement_sections(sections, meta)
    _ensure_findings(sections)
    for section in sections:
        if section.role == "improve" and section.blocks and all(_NOTHING_FOUND.search(b.norm) for b in section.blocks):
            section.role = "other"  # "The inspection did not find any areas for priority action."
    warnings = list(extraction.warnings)
    if title_at is None and not any(_OFSTED_MARK.search(b.norm) for b in blocks):
        # Refused rather than drafted: a story about nothing helps no writer.
        raise NotAnOfstedDocument("not an Ofsted document: no title line and no mention of Ofsted, "
                                  "an inspection or children's services")
    if title_at is None:
        warnings.append("no title line found: kind and authority may be wrong")
    if not meta.local_authority:
        warnings.append("local authority not found")
    elif not authorities.canonical(meta.local_authority):
        warnings.append(f"{meta.local_authority!r} is not on the list of English local authorities")
    return Letter(metadata=meta, sections=sections, source=source, warnings=warnings)


# --- title and kind ---------------------------------------------------------------------

def _find_title(blocks: list[Block]) -> tuple[int | None, str, int]:
    """Index of the title block, its text (cut at "children's services" when the extractor
    merged it with what follows), and how many blocks it spans (a title split over two)."""
    for i, block in enumerate(blocks[:60]):
        if not _TITLE.match(block.norm) or len(block.norm.split()) > 40:
            continue
        if re.match(r"Inspection of (?:the )?(?:multi-agency|children|services for)", block.norm) and block.kind != "heading" and len(block.norm.split()) > 20:
            continue
        text, span = block.text, 1
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt is not None and nxt.kind == block.kind and _continues_title(block.norm, nxt.norm):
            text, span = text + " " + nxt.text, 2
        return i, _cut_title(text), span
    return None, "", 0


def _continues_title(title: str, following: str) -> bool:
    """A title split by the extractor: 'Inspection of Barnsley local authority' + 'children's services'."""
    if re.search(r"children's (?:services|social care)|Partnership$|services$", title, re.I):
        return False
    return bool(re.match(r"(?:children's|services|neglect|in [A-Z]|[a-z])", following)) and len(following.split()) <= 12


def _cut_title(text: str) -> str:
    text = re.sub(r"\s+(?:and|of)$", "", re.sub(r"\s+", " ", text).strip())
    m = re.search(r"children[’']s (?:social care )?services\b|Children[’']s Trust\b|Local Area Partnership\b", text, re.I)
    if m and len(text) > m.end() + 3 and re.match(r"\s+[A-Z]", text[m.end():]):
        return text[: m.end()]
    return re.sub(r"\d+$", "", text).strip().rstrip(".")  # a footnote mark, a stray full stop


def _kind(title: str, body: list[Block]) -> Kind:
    for kind, pattern in _KINDS:
        if title and pattern.search(title):
            return kind
    intro = " ".join(b.norm for b in body[:6])
    for kind, pattern in _KINDS[:3]:
        if pattern.search(intro):
            return kind
    return "other"


# --- report head (dates, lead inspector, judgement table) -------------------------------

def _split_head(body: list[Block], kind: str) -> tuple[list[Block], list[Block], list[Block]]:
    """Leading metadata lines and the judgement table, then the rest.

    A letter's head ends at its first paragraph. A report's head is its first page: the
    dates and lead inspector lines, table cells or rows ("label | grade") and short unheaded
    headings come out; its paragraphs (the headline summary) stay."""
    head: list[Block] = []
    table: list[Block] = []
    if kind != "inspection":
        i = 0
        while i < len(body) and _HEAD_LINE.match(body[i].norm) and len(body[i].norm.split()) <= 30:
            i += 1
        return body[:i], [], body[i:]
    first_page = body[0].page if body else None
    rest: list[Block] = []
    for i, block in enumerate(body):
        leading = (block.page == first_page if first_page is not None else not rest or len(rest) < 3) and i < 40
        role = _role_of(block.norm) if block.kind == "heading" else None
        table_label = role in ("judgement", "overview") and not rest and _is_table_cell(block.norm)  # a cell set as a heading
        if not leading or (role not in (None, "other") and not table_label):
            return head, table, rest + body[i:]
        words = len(block.norm.split())
        if _HEAD_LINE.match(block.norm) and words <= 30:
            head.append(block)
        elif _is_table_cell(block.norm) and words <= 30:
            table.append(block)
        elif block.kind == "heading" and not rest and words <= 20:
            head.append(block)  # "and" / "Review of the effectiveness of the LSCB" under a SIF title
        else:
            rest.append(block)
    return head, table, rest


def _is_table_cell(text: str) -> bool:
    """A judgement-table cell or row: a label, a grade, or "label | grade"; never a sentence."""
    if text.rstrip().endswith(".") and " | " not in text and not md.GRADE_RE.fullmatch(text.strip(" .")):
        return False
    return bool(
        md.label_of(text) or md.GRADE_RE.fullmatch(text.strip(" ."))
        or re.match(r"^(?:The overall judgement is|The effectiveness of the Local)", text)
        or re.fullmatch(r"(?:\d\.\d? )?(?:Adoption performance|and|Requires improvement|Requires)\W*(?:\|.*)?", text, re.I)
        or (" | " in text and md.GRADE_RE.search(text.rsplit("|", 1)[-1])))


# --- sections ---------------------------------------------------------------------------

def _role_of(heading: str) -> str | None:
    if _SIF_SUMMARY.search(heading) and not _ROLES[0][1].search(heading.replace("Section 1", "")):
        return "overview"  # a SIF's "Summary of findings" / "Children's services in X require improvement because:"
    for role, pattern in _ROLES:
        if pattern.search(heading):
            return role
    if _JUDGEMENT_HEADING.match(heading) and md.label_of(heading):
        return "judgement"
    return None


def _sections(blocks: list[Block], kind: str) -> list[Section]:
    """Group blocks under their headings; the unheaded start is the letter's intro (or a
    report's headline summary); the sign-off closes the letter and ends the sections."""
    first_role = "overview" if kind == "inspection" else "intro"
    sections: list[Section] = [Section(heading="", page=blocks[0].page if blocks else None, role=first_role)]
    signing = lscb = False
    for block in blocks:
        current = sections[-1]
        if signing:
            if len(current.blocks) < 6 and not _after_signature(current.blocks):
                current.blocks.append(block)
        elif _SIGNOFF.match(block.norm) and (block.kind != "heading" or block.norm.lower().startswith("yours")):
            signing = True
            sections.append(Section(heading="", blocks=[block], page=block.page, role="signoff"))
        elif _is_table_row(block):
            _table_row(sections, block)
        elif block.kind == "heading" and len(block.norm.split()) <= 30:
            lscb = lscb or bool(_LSCB_PART.search(block.norm))
            _heading(sections, block, lscb)
        elif _SUMMING_UP.match(block.norm) and current.role == "findings" and current.blocks:
            sections.append(Section(heading="", blocks=[block], page=block.page, role="summary"))
        else:
            current.blocks.append(block)
    return [s for s in sections if s.blocks or s.heading]


# The LSCB review bound into a SIF report: its sections are not about the local authority.
_LSCB_PART = re.compile(r"^(?:Section 2\b|The Local Safeguarding Children Board(?: \(LSCB\))?$|"
                        r"(?:The )?(?:Local Safeguarding Children Board|LSCB)(?: \(LSCB\))? (?:is|requires?)\b)", re.I)
_SUBSECTION = re.compile(r"^(?:Summary|Inspection findings|Key findings)$", re.I)


def _is_table_row(block: Block) -> bool:
    """'Key Judgement | Judgement Grade' or 'The experiences and progress of ... | Good' in the
    body: a SIF report sets each judgement's grade as a one-row table above its section."""
    if " | " not in block.norm:
        return False
    return bool(re.match(r"Key Judgement|Judgement \| Grade", block.norm, re.I) or (
        md.label_of(block.norm) and md.GRADE_RE.search(block.norm.rsplit("|", 1)[-1])))


def _table_row(sections: list[Section], block: Block) -> None:
    current = sections[-1]
    if not md.label_of(block.norm) or (current.role == "judgement" and not current.blocks):
        return  # the header row, or the grade row under its judgement's own heading
    sections.append(Section(heading=block.text, page=block.page, role="judgement"))


# A pre-2014 report sets each judgement's grade as a heading of its own under the judgement's.
_GRADE_HEADING = re.compile(r"^Grade \d\s*\((?:outstanding|good|adequate|inadequate)\)$", re.I)
_OLD_OVERVIEW = re.compile(r"^Overall effectiveness of (?:services|the)\b", re.I)


def _heading(sections: list[Section], block: Block, lscb: bool) -> None:
    current = sections[-1]
    if _GRADE_HEADING.match(block.norm) and not current.blocks and current.heading:
        if _OLD_OVERVIEW.match(_norm(current.heading)):
            current.role = "overview"  # the judgement's summary is the report's headline findings
        elif current.role == "other":
            current.role = "judgement"
        return
    role = _role_of(block.norm)
    if not current.blocks and current.heading and block.norm[:1].islower():
        current.heading += " " + block.text  # a heading the extractor split in two
        current.role = _role_of(_norm(current.heading)) or current.role
        return
    if lscb:
        role = "other"
    elif current.role == "judgement" and _SUBSECTION.match(block.norm):
        role = "judgement"  # a SIF judgement's "Summary" and "Inspection findings"
    elif not current.blocks and current.heading and current.role in ("improve", "findings") and role is None:
        role = current.role  # a sub-heading opening a list's first part
    elif current.role == "improve" and role is None and block.norm.endswith(":"):
        role = "improve"  # "Within three months:": the list goes on by timescale
    section = Section(heading=block.text, page=block.page, role=role or "other")
    if role == "judgement" and current.role == "judgement" and _SUBSECTION.match(block.norm):
        section.judgement = current.judgement or _judgement_of(current.heading)
    sections.append(section)


def _ensure_findings(sections: list[Section]) -> None:
    """A document whose findings heading was not recognised still has findings: a second
    "Headline findings" (a letter that repeats its first heading above the main findings),
    else the longest section of paragraphs after the opening, else an improvement section
    that has swallowed the body (long paragraphs, more than a list's worth)."""
    if any(s.role in ("findings", "judgement") and s.blocks for s in sections):
        return
    overviews = [s for s in sections if s.role == "overview" and s.blocks]
    if len(overviews) > 1:
        max(overviews[1:], key=lambda s: len(s.blocks)).role = "findings"
        return
    first = next((n for n, s in enumerate(sections) if s.role in ("overview", "intro") and s.blocks), 0)
    others = [s for s in sections[first + 1:] if s.role == "other" and len(s.blocks) >= 3
              and not _ROLES[0][1].search(s.heading)]  # not "Information about ...", "Next steps"
    if others:
        max(others, key=lambda s: len(s.blocks)).role = "findings"
        return
    for section in sections:
        long = sum(1 for b in section.blocks if len(b.norm.split()) > 60)
        if section.role == "improve" and len(section.blocks) > 12 and long > len(section.blocks) / 2:
            section.role = "findings"
            return


def _judgement_of(heading: str) -> str | None:
    graded = md.graded_heading(_norm(heading))
    return graded[0] if graded else md.label_of(_norm(heading))


def _after_signature(blocks: list[Block]) -> bool:
    """The signature is complete once a name and a role (or a second name line) follow
    'Yours sincerely'; anything later (annexes, footnotes) is not part of the letter."""
    text = " ".join(b.norm for b in blocks)
    m = re.search(r"Yours (?:sincerely|faithfully)(?P<after>.*)$", text)
    return bool(m and re.search(r"Inspector|HMI|Director|Regional", m["after"]))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


def _label_judgement_sections(sections: list[Section], meta: Metadata) -> None:
    for section in sections:
        if section.role != "judgement":
            continue
        heading = _norm(section.heading).replace(" | ", ": ")
        graded = md.graded_heading(heading)
        section.judgement = (graded[0] if graded else md.label_of(heading)) or section.judgement
        section.grade = graded[1] if graded else (
            getattr(meta.judgements, section.judgement) if section.judgement else None)


# --- metadata ---------------------------------------------------------------------------

def _metadata(
    kind: Kind, title: str, front: list[Block], head: list[Block], table: list[Block],
    sections: list[Section], blocks: list[Block],
) -> Metadata:
    meta = Metadata(kind=kind, title=title)
    intro = [b for s in sections[:2] if s.role in ("intro", "overview") for b in s.blocks][:8]
    signoff = [b for s in sections if s.role == "signoff" for b in s.blocks]
    head_text = " ".join(b.norm for b in head + intro)
    whole = " ".join(b.norm for b in blocks)
    meta.published = _published(front, head, blocks)
    year_hint = int(meta.published[:4]) if meta.published else None
    visit = _visit_dates(head, intro, year_hint)
    if visit:
        meta.visit_start, meta.visit_end = visit
    early = " ".join(b.norm for b in blocks[:15] if not _OFSTED_ADDRESS.search(b.norm))
    meta.local_authority = _authority(title, front, head_text, head, _year(meta), early)
    meta.inspectors = md.inspectors(head_text, whole, signoff)
    if kind == "inspection":
        meta.framework = _framework(title, table, blocks)
        meta.judgements = md.judgements(_grades(meta.framework, table, blocks))
        meta.inspection_type = _inspection_type(meta)
    if kind == "monitoring_visit" or "monitoring visit" in head_text.lower():
        meta.monitoring_visit_number = md.ordinal_visit(head_text)
    meta.inadequate_since = md.inadequate_since(head_text) if kind == "monitoring_visit" else None
    meta.area = _area(head_text)
    opening = _opening_sentences(head + intro, sections)
    found = md.previous(opening, meta.judgements.overall_effectiveness)
    meta.previous = Previous(year=found[0], overall_effectiveness=found[1]) if found else None
    meta.focus = md.focus(opening, title) if kind != "inspection" else None
    meta.area = meta.area or meta.focus
    return meta


def _year(meta: Metadata) -> int | None:
    """The document's year (its date, else the visit's), for names that changed."""
    when = meta.published or meta.visit_start
    return int(when[:4]) if when else None


def _opening_sentences(head: list[Block], sections: list[Section]) -> list[str]:
    """The sentences a document opens with (its head, intro and overview, and the first
    paragraphs of its first graded area), where it says what it looked at and how it was
    judged before."""
    blocks = list(head)
    for section in sections:
        if section.role in ("intro", "overview", "other") and len(blocks) < 40:
            blocks += section.blocks[:12]
        elif section.role == "judgement":
            blocks += section.blocks[:3]
            break
    text = " ".join(b.norm for b in blocks)
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z'])", text) if s]


def _grades(framework: str, table: list[Block], blocks: list[Block]) -> dict[str, str]:
    """Graded headings in the body ('...: good') win over table cells; a SIF's first page
    states the overall judgement in a sentence. The 2026 framework has no overall grade."""
    headings = dict(filter(None, (md.graded_heading(_norm(b.norm)) for b in blocks if b.kind == "heading")))
    headings.update(_sif_statements(blocks[:40]))
    rows = [b for b in blocks if " | " in b.norm and md.label_of(b.norm)]  # "label | grade" anywhere
    grades = {**md.table_grades(rows), **md.table_grades(table), **headings}
    if framework == "ilacs_2026":
        grades.pop("overall_effectiveness", None)
    return grades


def _inspection_type(meta: Metadata) -> str | None:
    """ILACS inspections are 'short' (one week on site) or 'standard' (two weeks)."""
    if meta.framework == "sif" or not (meta.visit_start and meta.visit_end):
        return None
    days = (date.fromisoformat(meta.visit_end) - date.fromisoformat(meta.visit_start)).days
    return "short" if days <= 7 else "standard"


def _published(front: list[Block], head: list[Block], blocks: list[Block]) -> str | None:
    """'Report published: 8 August 2014', or the letter's date line above the addressee."""
    for block in head + blocks[:40]:
        m = re.search(r"\b(?:Report published|Publication date|Date of publication)\s*:?\s*(.*)", block.norm, re.I)
        if m and md.first_date(m.group(1)[:40]):
            return md.first_date(m.group(1)[:40])
    for block in front:
        m = re.match(rf"^(?:Date:?\s*)?{md.DATE}\b", block.norm)
        if m:
            return md.iso(m["d"], m["m"], m["y"])
    for block in front:  # a date line merged into the address block
        m = re.search(rf"(?:^|\s){md.DATE}(?=\s+[A-Z])", block.norm)
        if m and not re.search(r"\b(?:to|and|-|–)\s*$", block.norm[: m.start()]):
            return md.iso(m["d"], m["m"], m["y"])
    return None


def _visit_dates(head: list[Block], intro: list[Block], year_hint: int | None) -> tuple[str, str] | None:
    for block in head:
        if re.match(r"Inspection dates?", block.norm, re.I):
            # "30 September to 11 October 2024 and 13 to 16 January 2025": a visit in parts
            parts = re.split(r"\s+and\s+(?=\d{1,2}(?:st|nd|rd|th)?\s*(?:to|-|–)\s*\d)", block.norm)
            years = re.findall(rf"\b{md._YEAR}\b", block.norm)
            hint = int(years[-1]) if years else year_hint
            ranges = [r for r in (md.date_range(p, hint) for p in parts) if r]
            if ranges:
                return min(r[0] for r in ranges), max(r[1] for r in ranges)
            day = md.first_date(block.norm)  # "Inspection date: 12 March 2019"
            if day:
                return day, day
    for block in intro:
        text = re.sub(r"Dates? of previous inspection.*", "", block.norm)
        m = re.search(r"\b(?:on|from|between|took place|dates?:?|during|over)\b\s+(?:the\s+)?\d", text, re.I)
        if m:
            found = md.date_range(text[m.start():], year_hint)
            if found:
                return found
    return None


def _authority(title: str, front: list[Block], head_text: str, head: list[Block], year: int | None,
               early: str = "") -> str:
    """The authority's short name from the shipped list: the name the title, the head or the
    address gives it, else the first the title names (a JTAI title names its theme first),
    else the intro's sentences ("... in Barnsley"), else the address block, else the
    document's first blocks (one without a title line names it early)."""
    found = _named_authority(title, front, head_text, head)
    known = authorities.canonical(found, year) if found else None
    if known:
        return known
    address = " | ".join(b.norm for b in front if not _OFSTED_ADDRESS.search(b.norm))
    listed = (authorities.mentioned(title, year) or authorities.mentioned(head_text, year, strict=True)
              or authorities.mentioned(address, year) or authorities.mentioned(early, year, strict=True))
    # A name the list does not know (a new authority, or a made-up one in an example) is kept
    # only when it reads as a name; structure() warns that it is not on the list.
    return listed or (found if found and _LOOKS_LIKE_A_NAME.match(found) else "")


_LOOKS_LIKE_A_NAME = re.compile(r"^[A-Z][\w'.-]*(?: (?:[A-Z][\w'.-]*|and|upon|on|of|with|under))*$")


# Ofsted's own offices and contact lines in a letter's head (Manchester, Nottingham, Bristol).
_OFSTED_ADDRESS = re.compile(r"Ofsted|Piccadilly Gate|Store Street|Agora|Cumberland Place|Royal Exchange|"
                             r"Temple Quay|www\.|@|\bT\s*0300|\b0300\b|enquiries|gov\.uk", re.I)


def _named_authority(title: str, front: list[Block], head_text: str, head: list[Block]) -> str:
    found = md.authority_from_title(_norm(title)) if title else None
    if found:
        return found
    # "Norfolk County Council" on its own line under a title that names no authority.
    for block in head[:3]:
        if len(block.norm.split()) <= 6 and re.search(r"\bCouncil$", block.norm):
            return md.clean_authority(block.norm)
    # "Barnsley" / "Kent County Council" on its own line above a title that names no authority.
    for block in reversed(front[-3:]):
        if len(block.norm.split()) <= 8 and not re.search(r"\d|Dear|Ofsted|Inspection", block.norm):
            return md.clean_authority(block.norm)
    m = re.search(r"\b(?:focused|monitoring) visit to (?P<la>[A-Z][\w' -]+?) (?:local authority )?children's services", head_text)
    if m:
        return md.clean_authority(m["la"])
    m = re.search(r"\bin (?P<la>[A-Z][\w-]+(?: (?:upon|and|on|[A-Z][\w-]+))*)\b", head_text)
    return md.clean_authority(m["la"]) if m else ""


def _framework(title: str, table: list[Block], blocks: list[Block]) -> str:
    """'sif' for the 2014-17 single inspection framework (its title and judgement names),
    'ilacs_2026' for a table without overall effectiveness, else 'ilacs'."""
    judged = " ".join(b.norm for b in table + [b for b in blocks if b.kind == "heading" or " | " in b.norm]).lower()
    if ("services for children in need of help and protection" in title.lower()
            or "leadership, management and governance" in judged or "looked after and achieving permanence" in judged):
        return "sif"
    if table and "overall_effectiveness" not in md.table_grades(table) and not any(
            "overall effectiveness" in b.norm.lower() for b in table):
        return "ilacs_2026"
    return "ilacs"


def _sif_statements(blocks: list[Block]) -> dict[str, str]:
    """'Children's services in Kent are good', 'The overall judgement is requires improvement'."""
    for block in blocks:
        m = re.match(rf"^(?:Children's services in .{{2,60}}? (?:are|is|require)|The overall judgement is)\s+{md._GRADE}", block.norm, re.I)
        if m:
            return {"overall_effectiveness": md.grade_name(m["grade"])}
    return {}


def _area(text: str) -> str | None:
    """What a focused visit looked at: 'Inspectors looked at the local authority's arrangements for ...'."""
    m = re.search(r"\blooked at (?:the local authority's )?(?:arrangements|the arrangements|services|the quality of (?:services|practice)) for ([^.]{5,160})\.", text)
    return m.group(1).strip() if m else None


# --- a section's role, for the stages after this one --------------------------------------

_ROLE_BY_HEADING: list[tuple[str, re.Pattern[str]]] = [
    ("improve", re.compile(r"what (?:needs|does .{0,40}need) to (?:improve|do)|areas? for (?:priority )?"
                           r"(?:action|improvement|development)|^recommendations?\b|need to improve", re.I)),
    ("overview", re.compile(r"^(?:overview|headline findings|summary of (?:findings|judgements)|"
                            r"executive summary|overall effectiveness\b)", re.I)),
    ("judgement", re.compile(r"^the (?:experiences and progress|impact of leaders)", re.I)),
    # An area SEND letter's findings open with what it is like to be a child there.
    ("findings", re.compile(r"findings|evaluation of progress|^strengths\b|^progress\b|"
                            r"^what is it like to be a (?:child|young person)", re.I)),
    ("summary", re.compile(r"^(?:in )?summary|^conclusion", re.I)),
    ("signoff", re.compile(r"^yours sincerely|^yours faithfully", re.I)),
]


def section_role(section: Section, index: int = 1) -> str:
    """The role this stage set, else a guess from the heading's wording (for a Letter built
    elsewhere, such as a test's)."""
    role = getattr(section, "role", "other") or "other"
    if role == "overview" and re.match(r"^(?:main )?findings\b", section.heading.strip(), re.I):
        return "findings"  # "Main findings" holds the findings, not the headline findings
    if role != "other":
        return role
    heading = section.heading.strip()
    for name, pattern in _ROLE_BY_HEADING:
        if pattern.search(heading):
            return name
    if re.match(r"^dear\b", heading, re.I) or (index == 0 and not heading):
        return "intro"
    return "other"
