"""The fixed sentence forms a draft may use besides the letter's own sentences.

Compose writes these and `faithful.check` accepts exactly these: attributions, the
`However,` opener, quotes, the recommendations sentence, and sentences built only from the
document's metadata (grades, the last inspection, what a visit looked at)."""
from __future__ import annotations

import re

from cf.models import Judgements, Metadata
from cf.summarise.authorities import in_place, running
from cf.summarise.storydoc import limits
from cf.summarise.textutil import join_list, words

ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth", "eleventh", "twelfth"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
AREAS = [  # (Judgements field, how a story names it)
    ("overall_effectiveness", "overall effectiveness"),
    ("impact_of_leaders", "the impact of leaders"),
    ("help_and_protection", "help and protection"),
    ("children_in_care", "children in care"),
    ("care_leavers", "care leavers"),
]
GRADE_ORDER = ["inadequate", "requires improvement", "good", "outstanding"]
RECOMMENDATION_OPENER = "In order to improve practice, "


def _stop(text: str) -> str:
    return re.sub(r"[.!?]+$", "", text.strip())


# ---------------------------------------------------------------- around the letter's sentences

def attributed(text: str, attribution: str) -> str:
    return f"{_stop(text)}, {attribution}."


def quoted(text: str, attribution: str) -> str:
    return f'"{_stop(text)}," {attribution}.'


def however(text: str) -> str:
    return f"However, {text}"


def headline_in(claim: str, la: str) -> str:
    return f"{claim} {in_place(la)}"


_AUTHORITY = re.compile(r"^(?:the local authority|the council|the authority|the borough|the county council)\b", re.I)
AUTHORITY_SUBJECTS = ("The local authority", "The council", "The authority", "The borough", "The county council")


def name_authority(claim: str, la: str) -> str:
    """A headline may name the authority where the letter says "The local authority"."""
    return _AUTHORITY.sub(la, claim, count=1) if la else claim


_SUBJECT = re.compile(r"^(?P<front>(?:[A-Z][^,]{0,120}, )?)(?P<subject>the local authority|the council|the authority)"
                      r"(?=\b)(?!'s|\u2019s)", re.I)


def name_subject(text: str, la: str) -> str:
    """A lead whose subject is "The local authority" (after any fronted phrase) names it:
    "Since the last inspection in 2017, Redcar and Cleveland has improved ..."."""
    m = _SUBJECT.match(text) if la else None
    if m is None:
        return text
    name = running(la)  # "the Isle of Wight"
    return m.group("front") + (name if m.group("front") else name[:1].upper() + name[1:]) + text[m.end():]


def occasion(meta: Metadata) -> str | None:
    """What the document reports, naming the authority: the lead's attribution carries it
    when the lead's own words do not name the council ("..., Ofsted has said following a
    focused visit to Southwark.")."""
    la = meta.local_authority
    if not la:
        return None
    if meta.kind == "other" and service_of(meta) == SEND_SERVICE:
        return f"following an area SEND inspection {in_place(la)}"
    return {
        "focused_visit": f"following a focused visit to {running(la)}",
        "monitoring_visit": f"following a monitoring visit to {running(la)}",
        "inspection": f"following an inspection of children's services {in_place(la)}",
        "jtai": f"following a joint targeted area inspection {in_place(la)}",
    }.get(meta.kind, f"in a report on {running(la)}")


def lead_attribution(attribution: str, meta: Metadata, named: bool) -> str:
    """The lead's attribution, with the occasion when the lead does not name the council."""
    where = None if named else occasion(meta)
    return f"{attribution} {where}" if where else attribution


def visit_found(kind: str, la: str) -> str:
    name = running(la)
    return {
        "focused_visit": f"the focused visit to {name} found",
        "monitoring_visit": f"the monitoring visit to {name} found",
        "inspection": f"the inspection of {name} found",
        "jtai": f"the joint targeted area inspection of {name} found",
    }.get(kind, "the report found") if la else "the report found"


AMONG = re.compile(r", among (?:\w+) areas for improvement$")


def recommendation(la: str, body: str, total: int | None = None) -> str:
    """`In order to improve practice, LA should improve A, B and C.`; when the sentence
    leaves items out, it says how many areas there are in all (`..., among seven areas for
    improvement.`)."""
    tail = f", among {count_words(total)} areas for improvement" if total else ""
    return f"{RECOMMENDATION_OPENER}{running(la)} should {_stop(body)}{tail}."


def count_words(n: int) -> str:
    names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve"]
    return names[n] if 0 <= n < len(names) else str(n)


# ---------------------------------------------------------------- grades and history

def grade_phrase(grade: str) -> str:
    return "to require improvement to be good" if grade.startswith("requires") else f"to be {grade}"


def grade_name(grade: str) -> str:
    """How a headline names a grade: 'requires improvement' in full."""
    return "requires improvement to be good" if grade.startswith("requires") else grade


def graded_headline(la: str, grade: str, previous: str | None = None) -> str:
    """`Lewisham children's services rated good`; with the last inspection's grade stated,
    the change: `Dudley improves from inadequate to requires improvement to be good`,
    `Devon remains inadequate`."""
    if previous and previous != grade:
        verb = "improves" if GRADE_ORDER.index(grade) > GRADE_ORDER.index(previous) else "declines"
        return f"{la} {verb} from {_short(previous)} to {_short(grade)}"
    if previous == grade:
        if grade.startswith("requires"):
            return f"{la} children's services still require improvement to be good"
        return f"{la} children's services remain {grade}"
    if grade.startswith("requires"):
        return f"{la} children's services require improvement to be good"
    return f"{la} children's services rated {grade}"


def _short(grade: str) -> str:
    return "requires improvement" if grade.startswith("requires") else grade


def every_area_headline(la: str, grade: str) -> str:
    """A report with no overall grade (the 2026 framework) whose areas share one grade."""
    return f"{la} children's services rated {_short(grade)} in every area"


def grade_lead(la: str, grade: str, previous: str | None, year: int | None) -> str:
    """The report's grade as the lead, attributed: `Children's services in Hartlepool have been
    rated good by Ofsted.`; `Children's services in Dudley require improvement to be good, up
    from inadequate at the last inspection in 2016, Ofsted has said.`"""
    if grade.startswith("requires"):
        out = f"Children's services {in_place(la)} require improvement to be good"
    else:
        out = f"Children's services {in_place(la)} have been rated {grade} by Ofsted"
    out += _since(grade, previous, year)
    return out + (", Ofsted has said." if grade.startswith("requires") else ".")


def _since(grade: str, previous: str | None, year: int | None) -> str:
    """`, up from inadequate at the last inspection in 2016`, `, as at the last inspection`."""
    when = f" at the last inspection in {year}" if year else " at the last inspection"
    if previous and previous != grade:
        way = "up" if GRADE_ORDER.index(grade) > GRADE_ORDER.index(previous) else "down"
        return f", {way} from {_short(previous)}{when}"
    if previous == grade:
        return f", as{when}"
    return ""


def overall_sentence(la: str, grade: str, previous: str | None, year: int | None) -> str:
    """`Inspectors judged the overall effectiveness of children's services in Dudley to require
    improvement to be good, up from inadequate at the last inspection in 2016.`"""
    out = f"Inspectors judged the overall effectiveness of children's services {in_place(la)} {grade_phrase(grade)}"
    return out + _since(grade, previous, year) + "."


def grades_sentence(j: Judgements, subject: str = "Inspectors") -> str | None:
    """`Inspectors judged the impact of leaders and care leavers to be good, and help and
    protection to require improvement to be good.` (areas grouped by grade, in table order)."""
    groups: dict[str, list[str]] = {}
    for name, label in AREAS[1:]:
        grade = getattr(j, name, None)
        if grade:
            groups.setdefault(grade, []).append(label)
    if not groups:
        return None
    parts = [f"{join_list(labels)} {grade_phrase(grade)}" for grade, labels in groups.items()]
    return f"{subject} judged {join_list(parts, ', and ' if len(parts) > 1 else ' and ')}."


def month_year(value: str | None) -> str | None:
    """'2017-04' or '2017-04-12' -> 'April 2017'; 'April 2017' unchanged."""
    if not value:
        return None
    m = re.match(r"^(\d{4})-(\d{2})", value)
    return f"{MONTHS[int(m.group(2)) - 1]} {m.group(1)}" if m else value


def monitoring_context(la: str, number: int | None, since: str | None) -> str | None:
    if not (la and number and since and 1 <= number <= len(ORDINALS)):
        return None
    return (f"The inspection was the {ORDINALS[number - 1]} monitoring visit since {running(la)} was judged "
            f"inadequate for overall effectiveness in {month_year(since)}.")


# ---------------------------------------------------------------- what a visit looked at

_POPULATION = re.compile(r"^(?:children|young people|care leavers|care-experienced|care experienced|disabled|"
                         r"vulnerable|adolescents|older children|younger children|unborn|babies|families|"
                         r"\d+- and \d+-year-old)", re.I)
_FOCUS_CUT = re.compile(r",|;|:| \(| with a (?:specific|particular) focus| including\b| in accordance\b|"
                        r" specifically\b| where\b| which\b| who\b| that\b")
FOCUS_MAX_WORDS = 6
# A list of short items up to its last: "contact, referral and assessment".
_ITEM = r"(?!(?:where|which|who|when|while|whilst|that|including|with|as|for|in|to)\b)[^,;:()\s]+(?: [^,;:()\s]+){0,3}?"
_LIST_GOES_ON = re.compile(rf"^, {_ITEM},? (?:and|or)\b")
_LIST = re.compile(rf"^{_ITEM}(?:, {_ITEM})+,? (?:and|or) {_ITEM}(?=,|;|:| \(|$| including\b| with a\b)")


def focus_phrase(focus: str | None) -> str | None:
    """What a visit looked at, short enough for a headline, as a service: "services for care
    leavers", "the 'front door'", "planning and achieving permanence"; None if too long."""
    if not focus:
        return None
    # A list is whole or not at all: "contact, referral and assessment", never "contact".
    listed = _LIST.match(focus.strip())
    text = listed.group(0) if listed else _FOCUS_CUT.split(focus.strip(), maxsplit=1)[0].strip()
    if not listed and _LIST_GOES_ON.match(focus.strip()[len(text):]):
        return None  # a list too long to name whole
    text = re.sub(r"^(?:the )?(?:local authority's |council's )?(?:arrangements|services) for ", "", text)
    if words(text) > FOCUS_MAX_WORDS and " and " in text and _POPULATION.match(text):
        text = text.split(" and ", 1)[0]  # "children in need and those subject to a plan"
    if not 1 <= words(text) <= FOCUS_MAX_WORDS or text.endswith(("'s", " and", " or", " of", " to")):
        return None
    if _POPULATION.match(text):
        return f"services for {text}"
    return text


# How a letter's verdict reads in a headline: templates with {la} (or {in_la}: "in Kent", "on
# the Isle of Wight"), {svc} and who judged
# ("Ofsted praises", or "Inspectors praise" for a joint inspection).
VERDICTS = {
    "progress": "{la} makes progress in {svc}",
    "strength": "{who} {praise} {svc} {in_la}",
    "mixed": "{who} {find} strengths and weaknesses in {svc} {in_la}",
    "weakness": "{who} {find} weaknesses in {svc} {in_la}",
    "severe": "{who} {find} serious failings in {svc} {in_la}",
    "decline": "{who} {find} decline in {svc} {in_la}",
}
JOINT_SERVICE = "multi-agency work"
SEND_SERVICE = "SEND services"
DEFAULT_SERVICE = "children's services"


def judges(kind: str) -> dict[str, str]:
    """Ofsted alone, or the inspectorates of a joint inspection (JTAI, area SEND)."""
    if kind in ("jtai", "other"):
        return {"who": "Inspectors", "praise": "praise", "find": "find"}
    return {"who": "Ofsted", "praise": "praises", "find": "finds"}


def service_of(meta: Metadata) -> str:
    """What the document is about, as a headline names it."""
    if meta.kind == "jtai":
        return JOINT_SERVICE
    if meta.kind == "other" and re.search(r"\bSEND\b|special educational needs", meta.title, re.I):
        return SEND_SERVICE
    return focus_phrase(meta.focus) or DEFAULT_SERVICE


def headline_room(la: str) -> int:
    """A headline's most words: story.toml's, and more for an authority's name beyond two words."""
    return int(limits("headline")["max_words"]) + max(0, words(la) - 2)


def verdict_headline(verdict: str, meta: Metadata, svc: str | None = None) -> str:
    """The verdict template with what the visit looked at, or with the authority's
    children's services when that would not fit a headline."""
    la = meta.local_authority
    form = VERDICTS[verdict]
    line = form.format(la=la, in_la=in_place(la), svc=svc or service_of(meta), **judges(meta.kind))
    if words(line) > headline_room(la):
        line = form.format(la=la, in_la=in_place(la), svc=DEFAULT_SERVICE, **judges(meta.kind))
    return line


def allowed_headlines(meta: Metadata) -> set[str]:
    """Every headline the templates can build for this document (the faithfulness check
    accepts these and stretches of the letter's own sentences, nothing else)."""
    la = meta.local_authority
    out: set[str] = set()
    grade = meta.judgements.overall_effectiveness
    previous = meta.previous.overall_effectiveness if meta.previous else None
    if grade:
        out.add(graded_headline(la, grade, previous))
        out.add(graded_headline(la, grade))
    area_grades = {getattr(meta.judgements, name) for name, _ in AREAS[1:]} - {None}
    if len(area_grades) == 1:
        out.add(every_area_headline(la, area_grades.pop()))
    for verdict in VERDICTS:
        out.add(verdict_headline(verdict, meta))
    return out
