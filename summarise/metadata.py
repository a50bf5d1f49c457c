"""Metadata of an Ofsted letter or report, read from its blocks' text (part of the structure stage).

Everything here works on `Block.norm` (straight quotes, single spaces), with patterns that
follow how Ofsted writes its front matter, intro paragraphs, judgement tables and sign-offs,
so that a line break or a block split in a different place does not change the answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cf.models import Block, Inspector, Judgements

MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH = r"(?:" + "|".join(m.capitalize() for m in MONTHS) + r"|" + "|".join(MONTHS) + r"|Sept)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
DATE = rf"(?P<d>{_DAY})\s+(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})"
_DATE_RE = re.compile(rf"\b{DATE}\b")
# "11 to 15 September 2023", "8 October 2018 to 19 October 2018", "27 April to 1 May 2026",
# "15 and 16 January 2019", "2 June 2014 – 25 June 2014", "9–24 November 2017", "20 and 24 June"
_RANGE_RE = re.compile(
    rf"\b(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH}))?,?(?:\s+(?P<y1>{_YEAR}))?"
    rf"\s*(?:to|and|until|-|–|—)\s*"
    rf"(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_YEAR}))?\b"
)
_SINGLE_RE = re.compile(rf"\b(?:on|dated?)\s+{DATE}\b")
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15,
}


def iso(day: str, month: str, year: str | int) -> str | None:
    """'7', 'February', '2019' -> '2019-02-07'; None for an impossible date."""
    name = month.lower()
    index = next((i for i, m in enumerate(MONTHS, 1) if m.startswith(name[:3])), None)
    try:
        return date(int(year), index or 0, int(re.sub(r"\D", "", day))).isoformat()
    except ValueError:
        return None


def first_date(text: str) -> str | None:
    m = _DATE_RE.search(text)
    return iso(m["d"], m["m"], m["y"]) if m else None


def date_range(text: str, year_hint: int | None = None) -> tuple[str, str] | None:
    """The first date range in `text`, or a single 'on <date>'; a missing year comes from
    the other end of the range or from `year_hint` (the letter's own date)."""
    m = _RANGE_RE.search(text)
    if m:
        later_year = re.search(rf"\b{_YEAR}\b", text[m.end():])  # "2 to 6 October and 16 to 20 October 2023"
        y2 = m["y2"] or m["y1"] or (later_year.group(0) if later_year else None) or year_hint
        if y2 is None:
            return None
        m2 = m["m2"]
        m1 = m["m1"] or m2
        y1 = m["y1"] or y2
        if not m["y1"] and _month_no(m1) > _month_no(m2):
            y1 = int(y2) - 1  # "30 December to 3 January 2020"
        start, end = iso(m["d1"], m1, y1), iso(m["d2"], m2, y2)
        if start and end and start <= end:
            return start, end
    s = _SINGLE_RE.search(text)
    if s:
        day = iso(s["d"], s["m"], s["y"])
        return (day, day) if day else None
    return None


def _month_no(name: str) -> int:
    return next(i for i, m in enumerate(MONTHS, 1) if m.startswith(name.lower()[:3]))


# --- inspectors -------------------------------------------------------------------------

_ROLE = (
    r"(?:(?:His|Her) Majesty's (?:Inspector|Inspectors)(?: \((?:HMI)\))?|HMI|Ofsted Inspector|"
    r"Social Care Regulatory Inspector|Senior HMI|Regional Director|"
    r"(?:Children's )?Health and Justice Inspector|Inspector(?:,? [A-Z][\w' ]+)?)"
)
_TOKEN = r"(?!(?:His|Her|HMI|Ofsted|Inspectors?|Senior|Social|Lead|The|and|Team|Deputy|Shadow|Quality|Assurance)\b)[A-Z][\w'’.-]*"
_NAME = rf"{_TOKEN}(?:\s+(?:{_TOKEN}|de|van|von|le|la|du|da|di|bin|al)){{0,4}}"
_LEAD_RE = re.compile(rf"\b[Ll]ead [Ii]nspectors?\s*[:\-–]\s*(?:\|\s*)?(?P<name>{_NAME})(?:[,\s]+(?P<role>{_ROLE}))?")
_LEAD_WAS_RE = re.compile(rf"\b(?:The )?lead inspector (?:was|is)\s+(?P<name>{_NAME})(?:,\s*(?P<role>{_ROLE}))?")
_TEAM_RE = re.compile(
    r"\b(?:The inspectors (?:were|are)|(?:His|Her) Majesty's [Ii]nspectors(?: for this (?:visit|inspection))? (?:were|are)"
    r"|The inspection team (?:was|were|consisted of)"
    r"|(?:The|This) (?:monitoring )?(?:visit|inspection) was (?:carried out|conducted|undertaken|led) by)"
    r"\s+(?P<list>[^.]*(?:\.(?=\s*[a-z(])[^.]*)*)\."
)


def _clean_name(name: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\s+HMI\b.*$", "", name)).strip(" ,.;:")


def parse_team(text: str) -> list[Inspector]:
    """'A, Her Majesty's Inspector, and B, Ofsted Inspector', 'Her Majesty's Inspectors, A and B',
    'Her Majesty's Inspector, A and Her Majesty's Inspector, B', 'A and B, two of Her
    Majesty's Inspectors' -> Inspectors with their roles."""
    m = _TEAM_RE.search(text)
    if not m:
        return []
    default = re.match(r"(?:His|Her) Majesty's", m.group(0))
    default_role = default.group(0) + " Inspector" if default else None
    listing = re.sub(r"\s+HMI\b", ", HMI", m["list"])
    listing = re.sub(r"\b(?:two|three|four|five|all|both) of ((?:His|Her) Majesty's) Inspectors", r"\1 Inspector", listing)
    listing = re.sub(r"((?:His|Her) Majesty's) Inspectors\b", r"\1 Inspector", listing)
    listing = re.sub(r"\(?\b(?:the )?lead inspector\)?|\(lead\)", ", LEAD,", listing, flags=re.I)
    people: list[Inspector] = []
    pending: str | None = None  # a role written before the name it belongs to
    for part in (p.strip(" ;") for p in re.split(r",|\band\b", listing)):
        if not part:
            continue
        if part == "LEAD" and people:
            people[-1].lead = True
        elif re.fullmatch(_ROLE, part):
            if people and people[-1].role is None and pending is None:
                people[-1].role = part
            else:
                pending = part
        elif _name_at(part):
            people.append(Inspector(name=_name_at(part), role=pending))
            pending = None
    roles = {p.role for p in people if p.role}
    shared = roles.pop() if len(roles) == 1 else None  # one role written once for the list
    for person in people:
        person.role = person.role or shared or default_role
    return people


def _name_at(part: str) -> str | None:
    """A person's name filling `part`, or starting it when a new sentence follows without
    its full stop ('Teresa Godfrey Inspectors looked at ...')."""
    m = re.match(_NAME, part)
    if not m or len(m.group(0).split()) < 2:
        return None
    rest = part[m.end():]
    if rest and not re.match(r"\s+(?:Inspectors|The|This|They|In|During)\b", rest):
        return None
    return _clean_name(m.group(0))


def signatory(blocks: list[Block]) -> Inspector | None:
    """The name (and role) after 'Yours sincerely', however the lines were grouped."""
    text = " ".join(b.norm for b in blocks)
    m = re.search(rf"Yours (?:sincerely|faithfully)\s+(?P<name>{_NAME})(?:,?\s+(?P<role>{_ROLE}))?(?:\s|$)", text)
    if not m or not m["name"] or len(m["name"].split()) < 2:
        return None
    return Inspector(name=_clean_name(m["name"]), role=m["role"], lead=True)


def inspectors(head: str, whole: str, signoff: list[Block]) -> list[Inspector]:
    """Lead inspector line, the intro's list of inspectors, the sign-off; lead marked once."""
    people: list[Inspector] = []
    lead = _LEAD_RE.search(head) or _LEAD_RE.search(whole) or _LEAD_WAS_RE.search(whole)
    if lead:
        people.append(Inspector(name=_clean_name(lead["name"]), role=lead["role"], lead=True))
    for person in parse_team(head) or parse_team(whole):
        _merge(people, person)
    signer = signatory(signoff)
    if signer:
        if not any(p.lead for p in people):
            _merge(people, signer)
            for p in people:
                p.lead = p.name.lower() == signer.name.lower()
        else:
            _merge(people, Inspector(signer.name, signer.role, False))
    if people and not any(p.lead for p in people):
        people[0].lead = True
    return people


def _merge(people: list[Inspector], person: Inspector) -> None:
    for p in people:
        if p.name.lower() == person.name.lower():
            p.role = p.role or person.role
            p.lead = p.lead or person.lead
            return
    people.append(person)


# --- judgements -------------------------------------------------------------------------

_GRADE = r"(?P<grade>outstanding|good|requires? improvement(?: to be good)?|inadequate)"
GRADE_RE = re.compile(rf"\b{_GRADE}\b", re.I)
# Which judgement a label names, most specific first (the labels of 2014 to 2026).
LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("care_leavers", re.compile(r"(?<!children in care and )(?<!children looked after and )\bcare leavers\b", re.I)),
    ("help_and_protection", re.compile(r"\bchildren (?:who need|in need of) help and protection\b", re.I)),
    ("children_in_care", re.compile(r"\bchildren (?:in care|looked after)\b", re.I)),
    ("impact_of_leaders", re.compile(r"\bimpact of leaders\b|\bleadership, management and governance\b", re.I)),
    ("overall_effectiveness", re.compile(r"\boverall effectiveness\b|\boverall judgement\b|^Children's services in .{2,60}? (?:are|is|require)", re.I)),
]
_NOT_LA = re.compile(r"\bLSCB\b|Safeguarding Children Board|adoption performance", re.I)


def grade_name(text: str) -> str:
    """'Requires improvement to be good' / 'require improvement' -> 'requires improvement'."""
    low = text.lower()
    return "requires improvement" if "improvement" in low else low


def label_of(text: str) -> str | None:
    if _NOT_LA.search(text):
        return None
    for name, pattern in LABELS:
        if pattern.search(text):
            return name
    return None


def graded_heading(text: str) -> tuple[str, str] | None:
    """'The experiences and progress of care leavers: requires improvement to be good',
    '... is good', '... is that it is good', 'Children's services in Kent are good'."""
    label = label_of(text)
    if not label:
        return None
    m = re.search(
        rf"(?:[:\-–]\s*|\bis:?\s+|\bare\s+|\bis that it (?:is\s+|(?=requires?))|\b(?=requires? improvement)|\s(?=[A-Z][a-z]+\W*\d*$)){_GRADE}\W*\d*$",
        text,
        re.I,
    )
    if not m:
        return None
    return label, grade_name(m["grade"])


@dataclass
class _Cell:
    text: str
    page: int | None
    y: float | None
    x: float | None


def table_grades(blocks: list[Block]) -> dict[str, str]:
    """Read a judgement table given as its cells' blocks (labels and grades).

    Cells arrive as separate blocks, sometimes a label and its grade merged into one; in
    reading order the grade follows its label, but where the extractor read a column at a
    time (all labels, then all grades) the rows are matched by vertical position."""
    found: dict[str, str] = {}
    labels: list[tuple[str, _Cell]] = []
    grades: list[tuple[str, _Cell]] = []
    for b in blocks:
        cell = _Cell(b.norm, b.page, b.y0, b.x0)
        label = label_of(b.norm)
        tail = re.search(rf"{_GRADE}\W*$", b.norm, re.I)
        if label and tail:
            found.setdefault(label, grade_name(tail["grade"]))
        elif label:
            labels.append((label, cell))
        elif GRADE_RE.fullmatch(b.norm.strip(" .")) or re.fullmatch(rf"{_GRADE}\W*", b.norm, re.I):
            grades.append((grade_name(GRADE_RE.search(b.norm)["grade"]), cell))
    if not labels:
        return found
    if _interleaved(blocks, labels, grades) or any(c.y is None for _, c in labels + grades):
        for (label, _), (grade, _) in zip(labels, grades):
            found.setdefault(label, grade)
        return found
    for grade, g in grades:
        # The label of a grade's row starts at or above the grade and is the lowest such label.
        rows = [(c.y, label) for label, c in labels if c.page == g.page and c.y <= g.y + 4]
        if rows:
            found.setdefault(max(rows)[1], grade)
    return found


def _interleaved(blocks: list[Block], labels: list, grades: list) -> bool:
    """True when each label is followed by its grade in reading order."""
    order = [("L" if label_of(b.norm) else "G") for b in blocks
             if label_of(b.norm) or GRADE_RE.fullmatch(b.norm.strip(" ."))]
    return "".join(order).startswith("LG" * min(len(labels), len(grades)))


def judgements(grades: dict[str, str]) -> Judgements:
    """The five judgements from {field name: grade}; anything not graded stays None."""
    return Judgements(**{name: grades.get(name) for name in Judgements.__dataclass_fields__})


# --- authority --------------------------------------------------------------------------

_PREFIXES = re.compile(
    r"^(?:the\s+)?(?:(?:London|Royal|Metropolitan|County)\s+Borough\s+of\s+(?:the\s+)?|Borough\s+of\s+|"
    r"City\s+of\s+(?!London\b)|County\s+of\s+|Council\s+of\s+the\s+)",
    re.I,
)
_SUFFIXES = re.compile(
    r"(?:'s|’s)?\s*(?:\b(?:local authority|children's services|children's social care(?: services)?|"
    r"Children's Trust|Metropolitan Borough Council|Metropolitan District Council|Borough Council|"
    r"County Council|City Council|District Council|Council|Local Area Partnership|Local Safeguarding"
    r"(?: Children's)? Partnership|Safeguarding Partnership|local area|area|City of|City|Metropolitan Borough|"
    r"Metropolitan|Borough|MBC|LA)\b\s*)+$",
    re.I,
)


def clean_authority(name: str) -> str:
    """'London Borough of Southwark' -> 'Southwark'; 'Bristol City Council' -> 'Bristol';
    'Metropolitan Borough of Barnsley Council' -> 'Barnsley'; 'City of London' stays."""
    name = re.sub(r"\s+", " ", name).strip(" ,.:;'")
    for _ in range(3):
        shorter = _SUFFIXES.sub("", _PREFIXES.sub("", name)).strip(" ,.:;'")
        if shorter == name or not shorter:
            break
        name = shorter
    if name.lower() == "london":
        return "City of London"
    return name


_TITLE_LA = re.compile(
    r"^(?:Focused visit (?:to|of)|Monitoring visit (?:to|of)|(?:Re-?)?[Ii]nspection of|Joint targeted area inspection of"
    r"(?: the multi-agency response to .* in)?|Area SEND (?:re-?)?inspection (?:of|in)|Joint (?:area review|inspection) of)"
    r"\s+(?P<la>.+?)\s*(?:(?:'s|’s)?\s+(?:local authority\s+)?children's (?:services|social care)|$)",
)


def authority_from_title(title: str) -> str | None:
    m = _TITLE_LA.match(title)
    if not m:
        return None
    la = clean_authority(m["la"])
    if not la or la.lower().startswith(("children", "services for", "local authority", "looked after",
                                        "safeguarding", "services")):
        return None
    return la


def ordinal_visit(text: str) -> int | None:
    """'the fourth monitoring visit', 'the 3rd monitoring visit' -> 4, 3."""
    for m in re.finditer(r"\b(?P<n>\w+) monitoring visit\b", text, re.I):
        word = m["n"].lower()
        if word in ORDINALS:
            return ORDINALS[word]
        digits = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word)
        if digits:
            return int(digits.group(1))
    return None


def inadequate_since(text: str) -> str | None:
    """'judged inadequate for overall effectiveness in April 2017' or 'the inspection in
    April 2017, when it was judged inadequate' -> 'April 2017'."""
    when = rf"(?:{_DAY}\s+)?(?P<when>(?:{_MONTH}\s+)?{_YEAR})"
    m = re.search(rf"\b(?:judged|found|rated|graded)(?: to be)? inadequate\b[^.]{{0,80}}?\b(?:in|at|on)\s+{when}", text)
    m = m or re.search(rf"\b(?:inspection|inspected)\b[^.]{{0,30}}?\bin\s+{when}[^.]{{0,60}}?\b(?:judged|found|rated)(?: to be)? inadequate", text)
    return m["when"] if m else None


# --- the last inspection, as the document states it ------------------------------------

_LAST = (r"(?:(?:the|its|their|Ofsted's) )?(?:last|previous|most recent|prior) (?:full |judgement |ILACS |SIF |single |"
         r"Ofsted |standard |short )*(?:inspection|ILACS)")
_PREV_YEAR = [
    re.compile(rf"\b{_LAST}\b(?: of [^,.]{{0,70}}?)?,?\s+(?:in|of)\s+(?:{_MONTH}\s+)?(?P<year>{_YEAR})\b", re.I),
    re.compile(rf"\b(?:last|previously) inspected\b[^.]{{0,20}}?\bin\s+(?:{_MONTH}\s+)?(?P<year>{_YEAR})\b", re.I),
    re.compile(rf"\b(?:since|at|from) the (?:{_MONTH}\s+)?(?P<year>{_YEAR}) (?:ILACS |SIF |single |judgement )*inspection\b", re.I),
    re.compile(rf"\bsince the (?:inspection|single inspection|SIF inspection|single inspection framework \(SIF\) inspection) "
               rf"in (?:{_MONTH}\s+)?(?P<year>{_YEAR})\b", re.I),
]
# The grade the last inspection gave the whole service (never one area's grade).
_PREV_GRADE = [
    # "..., when the local authority was judged inadequate", "when services were judged to be good overall"
    re.compile(rf"\b(?:when|where) (?:the )?(?:local authority|council|authority|services?|children's services|"
               rf"(?:all )?services for children(?: and (?:young people|families))?(?: in [A-Z][\w -]{{0,40}}?)?|(?P<pronoun>they|it)|"
               rf"[A-Z][\w'-]+(?: [A-Z][\w'-]+){{0,4}}(?: children's services)?) (?:was|were) (?:judged|rated|graded|found)"
               rf"(?: to be| as)? '?{_GRADE}\b(?! for (?!overall))", re.I),
    # "when Ofsted judged Hertfordshire County Council's children's services to be good"
    re.compile(rf"\bwhen Ofsted judged [A-Z][^,.]{{0,60}}?(?:children's )?services (?:to be |as )?'?{_GRADE}\b", re.I),
    # "when the overall effectiveness (judgement) was (judged to be) 'requires improvement to be good'"
    re.compile(rf"\bwhen (?:the )?(?:judgement for )?overall effectiveness(?: judgement)?(?: of services)? was (?:judged |graded )?"
               rf"(?:to be |as )?'?{_GRADE}\b", re.I),
    # "which judged services to be good", "judged all services as requiring improvement"
    re.compile(rf"\b(?:which|that) judged (?:all )?(?:the )?(?:local authority|services|children's services)(?: overall)? "
               rf"(?:to be |as )?'?{_GRADE}\b", re.I),
    re.compile(r"\bjudged all (?:services|areas) as (?P<grade>requiring improvement(?: to be good)?)\b", re.I),
    # "when all judgements were graded as 'requires improvement to be good'", "judged good in all areas"
    re.compile(rf"\bwhen all (?:judgements|areas|services) were (?:graded|judged|rated)(?: to be| as)? '?{_GRADE}\b", re.I),
    re.compile(rf"\b(?:were|was) judged (?:to be )?'?{_GRADE}'? in all (?:key )?areas\b", re.I),
    # "Since a judgement of inadequate for overall effectiveness at the last inspection"
    re.compile(rf"\ba judgement of '?{_GRADE}'? for overall effectiveness\b", re.I),
]
_SAME_AS_BEFORE = re.compile(rf"\bas was the case at {_LAST}\b", re.I)


def previous(sentences: list[str], current: str | None) -> tuple[int | None, str | None] | None:
    """(year, overall grade) of the last inspection as the document states it, reading its
    opening sentences in order; None when it says nothing about one."""
    year: int | None = None
    grade: str | None = None
    for sentence in sentences:
        if not re.search(rf"{_LAST}|last inspected|previously inspected|since the (?:{_MONTH}\s+)?{_YEAR} |"
                         rf"since the (?:inspection|single inspection|SIF)", sentence, re.I):
            continue
        for pattern in _PREV_YEAR:
            m = pattern.search(sentence)
            if m and year is None:
                year = int(m["year"])
        if grade is None:
            if _SAME_AS_BEFORE.search(sentence) and current:
                grade = current
            for pattern in _PREV_GRADE:
                m = pattern.search(sentence)
                if m and grade is None and _about_the_service(m, sentence):
                    grade = _grade_word(m["grade"])
        if year is not None and grade is not None:
            break
    return (year, grade) if year is not None or grade is not None else None


_GENERAL_SUBJECT = re.compile(r"^(?:Since [^,]+, )?(?:(?:All |The )?[Ss]ervices|Children's services|The local authority|"
                              r"The council|[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,4}(?:'s)? (?:children's )?services)\b")


def _about_the_service(m: re.Match[str], sentence: str) -> bool:
    """'when they were judged ...' speaks of the whole service only when the sentence does
    ('Services for children in Medway have improved since ..., when they were ...'), not of
    one area ('The quality of practice for children in need ... when it was judged ...')."""
    return "pronoun" not in m.re.groupindex or not m["pronoun"] or bool(_GENERAL_SUBJECT.match(sentence))


def _grade_word(text: str) -> str:
    return "requires improvement" if re.search(r"requir", text, re.I) else text.lower()


# --- what a visit looked at, in the letter's words ---------------------------------------

_FOCUS = [
    re.compile(r"\b(?:Specifically, )?(?:inspectors|the inspectors|this visit|the visit|we) (?:looked at|evaluated|reviewed|"
               r"considered|focused on) (?:the )?(?:local authority's |council's |trust's )?(?:arrangements|services|"
               r"provision|practice|response) (?:for|to|in relation to) (?P<focus>[^.;]{4,200})", re.I),
    re.compile(r"\bSpecifically, (?:inspectors|they) looked at (?:the )?(?P<focus>'front door'|front door)", re.I),
    re.compile(r"\bThe focus of (?:this|the) visit was (?:on )?(?P<focus>[^.;]{4,200})", re.I),
    re.compile(r"\b(?:This|The) (?:visit|inspection) (?:looked at|focused on|considered) (?P<focus>[^.;]{4,200})", re.I),
    re.compile(r"\b(?:inspectors|we) (?:looked at|evaluated|reviewed) (?P<focus>(?:the quality|the timeliness|the "
               r"effectiveness|the experiences?|the 'front door'|front door|planning|permanence|placement|decision-making|"
               r"the local authority's arrangements)[^.;]{4,200})", re.I),
    re.compile(r"\bevaluation of the multi-agency (?:'front door' )?(?:focused on|response to) (?P<focus>[^.;]{4,200})", re.I),
    re.compile(r"\bJoint targeted area inspection of the multi-agency response to (?P<focus>.+?) in (?-i:[A-Z])[\w' -]+$", re.I),
]
_FOCUS_END = re.compile(r",? in accordance with\b.*$|,? under the\b.*$|\s*\((?:ILACS|JTAI)\)$", re.I)


def focus(sentences: list[str], title: str) -> str | None:
    """What a focused or monitoring visit (or a joint inspection) looked at, in the letter's
    own words: 'care leavers', "the 'front door'", 'children in need and those subject to a
    child protection plan'."""
    for text in [title, *sentences]:
        for pattern in _FOCUS:
            m = pattern.search(text)
            if m:
                found = _FOCUS_END.sub("", m["focus"].strip()).strip(" ,:")
                if len(found.split()) >= 1 and not re.match(r"(?:a range of|the evidence|children's case records)", found, re.I):
                    return found
    return None
