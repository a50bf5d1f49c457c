"""Faithfulness: every sentence of a draft can be found in its source letter.

The allowed edits are explicit and few; compose builds its text only through the template
functions below, and `check` accepts a sentence only if it is
  * a stretch of one source sentence (trimming), whatever the case of its first letter,
    straight or curly quotes, or
  * such a stretch with one of the attributions (", Ofsted has said.", ", Ofsted has
    warned.", ", the focused visit to X found.") or the opener "However, ", or
  * a verbatim source sentence in double quotes with its attribution
    ('"...," said the report.', '"...," the report concluded.'), or
  * the recommendations sentence, each of whose items is a stretch of the improve list, or
  * a composed sentence rebuilt exactly from the metadata: the graded headline and lead,
    the grades sentence, the monitoring-visit context, or the headline with " in <LA>".
"""
from __future__ import annotations

import re
import unicodedata

from cf.models import Judgements, Letter, Style, Summary

# ---------------------------------------------------------------- templates (used by compose)

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
RECOMMENDATION_OPENER = "In order to improve practice, "


def _stop(text: str) -> str:
    return re.sub(r"[.!?]+$", "", text.strip())


def attributed(text: str, attribution: str) -> str:
    return f"{_stop(text)}, {attribution}."


def quoted(text: str, attribution: str) -> str:
    return f'"{_stop(text)}," {attribution}.'


def closing(text: str, attribution: str) -> str:
    return quoted(text, attribution)


def however(text: str) -> str:
    return f"However, {text}"


def recommendation(la: str, body: str) -> str:
    return f"{RECOMMENDATION_OPENER}{la} should {_stop(body)}."


def headline_in(claim: str, la: str) -> str:
    return f"{claim} in {la}"


_AUTHORITY = re.compile(r"^(?:the local authority|the council|the authority|the borough|the county council)\b", re.I)


def name_authority(claim: str, la: str) -> str:
    """A headline may name the authority where the letter says "The local authority"."""
    return _AUTHORITY.sub(la, claim, count=1) if la else claim


def visit_found(kind: str, la: str) -> str:
    return {
        "focused_visit": f"the focused visit to {la} found",
        "monitoring_visit": f"the monitoring visit to {la} found",
        "inspection": f"the inspection of {la} found",
        "jtai": f"the joint targeted area inspection of {la} found",
    }.get(kind, "the report found") if la else "the report found"


def graded_headline(la: str, grade: str) -> str:
    verdict = "require improvement" if grade.startswith("requires") else f"are {grade}"
    return f"Children's services in {la} {verdict}"


def _grade_phrase(grade: str) -> str:
    return "to require improvement to be good" if grade.startswith("requires") else f"to be {grade}"


def grades_sentence(j: Judgements) -> str | None:
    """`Inspectors judged the impact of leaders and care leavers to be good, and help and
    protection to require improvement to be good.` (areas grouped by grade, in table order)."""
    groups: dict[str, list[str]] = {}
    for name, label in AREAS[1:]:
        grade = getattr(j, name, None)
        if grade:
            groups.setdefault(grade, []).append(label)
    if not groups:
        return None
    parts = [f"{_join(labels)} {_grade_phrase(grade)}" for grade, labels in groups.items()]
    return f"Inspectors judged {_join(parts, ', and ' if len(parts) > 1 else ' and ')}."


def _join(items: list[str], last: str = " and ") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + last + items[-1]


def month_year(value: str | None) -> str | None:
    """'2017-04' or '2017-04-12' -> 'April 2017'; 'April 2017' unchanged."""
    if not value:
        return None
    m = re.match(r"^(\d{4})-(\d{2})", value)
    return f"{MONTHS[int(m.group(2)) - 1]} {m.group(1)}" if m else value


def monitoring_context(la: str, number: int | None, since: str | None) -> str | None:
    if not (la and number and since and 1 <= number <= len(ORDINALS)):
        return None
    return (f"The inspection was the {ORDINALS[number - 1]} monitoring visit since {la} was judged "
            f"inadequate for overall effectiveness in {month_year(since)}.")


# ---------------------------------------------------------------- the check

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


class Source:
    """The letter's text as one searchable string (blocks kept apart, so no stretch spans two)."""

    def __init__(self, letter: Letter) -> None:
        parts: list[str] = []
        improve: list[str] = []
        for section in letter.sections:
            if section.heading:
                parts.append(norm(section.heading))
            for block in section.blocks:
                parts.append(norm(block.text))
        from cf.summarise.compose import section_role  # late: compose imports this module

        for n, section in enumerate(letter.sections):
            if section_role(section, n) == "improve":
                improve += [norm(b.text) for b in section.blocks]
        self.text = "\n".join(parts)
        self.improve = "\n".join(improve) or self.text
        self.low_improve = self.improve.lower()

    def has(self, stretch: str) -> bool:
        """Is this a stretch of the source, allowing the case of its first letter?"""
        s = norm(stretch)
        if not s:
            return False
        return s in self.text or (s[0].swapcase() + s[1:]) in self.text

    def has_sentence(self, sentence: str) -> bool:
        """A stretch with its final full stop dropped (trimmed sentences keep or lose it)."""
        s = norm(sentence)
        return self.has(s) or self.has(_stop(s))


def _attribution_patterns(letter: Letter, style: Style) -> list[re.Pattern[str]]:
    la = re.escape(letter.metadata.local_authority) if letter.metadata.local_authority else r"[^,]+"
    atts = [re.escape(style.positive_attribution), re.escape(style.negative_attribution),
            rf"the (?:focused visit to|monitoring visit to|inspection of|joint targeted area inspection of) {la} found",
            "the report found"]
    return [re.compile(rf"^(?P<body>.+), (?:{a})\.$", re.S) for a in atts]


def _quote_patterns(style: Style) -> list[re.Pattern[str]]:
    return [re.compile(rf'^"(?P<body>.+)[,.?!]" {re.escape(a)}\.$', re.S)
            for a in (style.quote_attribution, style.closing_attribution)]


def _composed(letter: Letter) -> set[str]:
    """Sentences built only from metadata (exact forms)."""
    meta = letter.metadata
    out: set[str] = set()
    if meta.judgements.overall_effectiveness:
        out.add(norm(graded_headline(meta.local_authority, meta.judgements.overall_effectiveness)))
    grades = grades_sentence(meta.judgements)
    if grades:
        out.add(norm(grades))
    ctx = monitoring_context(meta.local_authority, meta.monitoring_visit_number, meta.inadequate_since)
    if ctx:
        out.add(norm(ctx))
    return out


def check_sentence(sentence: str, src: Source, letter: Letter, style: Style) -> str | None:
    """None if the sentence is allowed, else a one-line problem."""
    s = norm(sentence)
    composed = _composed(letter)
    if s in composed or _stop(s) in {_stop(c) for c in composed}:
        return None
    for pattern in _quote_patterns(style):
        m = pattern.match(s)
        if m:
            body = m.group("body")
            ok = any(src.has(body + end) for end in (".", "?", "!", ":"))
            return None if ok else f"quote not verbatim in the source: {sentence!r}"
    if s.startswith(RECOMMENDATION_OPENER):
        return _check_recommendation(s, src, letter)
    for pattern in _attribution_patterns(letter, style):
        m = pattern.match(s)
        if m:
            body = m.group("body")
            if body in composed or body + "." in composed:
                return None
            s = body
            break
    if s.startswith("However, ") and not src.has_sentence(s):
        s = s[len("However, "):]
    if src.has_sentence(s):
        return None
    return f"not found in the source: {sentence!r}"


def check_headline(headline: str, src: Source, letter: Letter, style: Style) -> str | None:
    """A headline is a trimmed claim: up to two stretches of one source sentence, in order
    (a parenthetical dropped between them), optionally followed by " in <LA>"."""
    h = norm(headline)
    if h.endswith("."):
        return "headline ends with a full stop"
    if check_sentence(h, src, letter, style) is None:
        return None
    la = letter.metadata.local_authority
    if la and h.endswith(f" in {norm(la)}"):
        h = h[: -len(f" in {norm(la)}")]
    if la and h.lower().startswith(norm(la).lower()) and h[len(norm(la)) : len(norm(la)) + 1] in (" ", "'"):
        for subject in ("The local authority", "The council", "The authority", "The borough", "The county council"):
            if src.has(subject + h[len(norm(la)):]):
                return None
    if src.has(h):
        return None
    for line in src.text.split("\n"):
        for cand in (line, line[:1].swapcase() + line[1:]):
            if _in_runs(h.lower(), cand.lower(), max_runs=4):
                return None
    return f"headline not found in the source: {headline!r}"


def _in_runs(text: str, line: str, max_runs: int) -> bool:
    """Is `text` a trimmed copy of `line`: at most `max_runs` stretches of it, in order (the
    gaps are clauses, glosses and parentheticals the headline dropped)?"""
    tokens = text.split(" ")
    i, at, runs = 0, 0, 0
    while i < len(tokens):
        best_j, best_at = i, -1
        for j in range(i + 1, len(tokens) + 1):
            piece = " ".join(tokens[i:j])
            found = line.find(piece if i == 0 else " " + piece, at)
            if found < 0:
                break
            best_j, best_at = j, found + len(piece) + (0 if i == 0 else 1)
        if best_at < 0:
            return False
        i, at, runs = best_j, best_at, runs + 1
        if runs > max_runs:
            return False
    return True


def _check_recommendation(s: str, src: Source, letter: Letter) -> str | None:
    """`In order to improve practice, LA should improve A, B and C.`: every item a stretch of
    the improve list (the verb 'improve' and the separators are the only added words)."""
    rest = s[len(RECOMMENDATION_OPENER):]
    m = re.match(r"^(?P<la>.+?) should (?P<body>.+)\.$", rest, re.S)
    if not m:
        return f"malformed recommendations sentence: {s!r}"
    body = m.group("body")
    n = len(body)
    reach = [False] * (n + 1)
    reach[0] = True
    low = body.lower()
    for i in range(n):
        if not reach[i]:
            continue
        start = i + len("improve ") if low.startswith("improve ", i) else i
        for begin in {i, start}:
            j = begin + 1
            while j <= n and low[begin:j] in src.low_improve:
                if j == n or low.startswith((", ", " and ", ", and "), j):
                    if j == n:
                        reach[n] = True
                    else:
                        sep = 6 if low.startswith(", and ", j) else 5 if low.startswith(" and ", j) else 2
                        reach[j + sep] = True
                j += 1
    return None if reach[n] else f"recommendation items not all in the improve list: {s!r}"


_SENT_SPLIT = re.compile(r'(?<=[.!?])\s+(?=[A-Z"\u201c])')


def paragraph_sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences; a quoted or templated paragraph stays whole."""
    p = paragraph.strip()
    if p.startswith(RECOMMENDATION_OPENER):
        # The folded sentence, then any improve-list items kept verbatim.
        end = p.find(". ", max(len(RECOMMENDATION_OPENER), p.find(" should ")))
        return [p] if end < 0 else [p[: end + 1]] + [x for x in _SENT_SPLIT.split(p[end + 2 :]) if x]
    if p.startswith(('"', "\u201c")):
        return [p]
    return [x for x in _SENT_SPLIT.split(p) if x]


def check(summary: Summary, letter: Letter, style: Style | None = None) -> list[str]:
    """Every problem that stops a writer finding the draft in the letter (empty = faithful)."""
    style = style or Style()
    src = Source(letter)
    problems: list[str] = []
    units: list[str] = [summary.lead, *summary.paragraphs, *(f.text for f in summary.findings),
                        *summary.however]
    if summary.recommendation_sentence:
        units.append(summary.recommendation_sentence)
    if summary.closing:
        units.append(summary.closing)
    for unit in units:
        if not unit:
            continue
        whole = check_sentence(unit, src, letter, style)
        if whole is None:
            continue
        problems += [p for p in (check_sentence(x, src, letter, style) for x in paragraph_sentences(unit)) if p]
    if summary.headline:
        problem = check_headline(summary.headline, src, letter, style)
        if problem:
            problems.append(problem)
    for quote in summary.quotes:
        if not src.has(quote):
            problems.append(f"quote not verbatim: {quote!r}")
    if summary.link_title and not (src.has(summary.link_title) or norm(summary.link_title) == norm(letter.metadata.title)):
        problems.append(f"link line is not the letter's title: {summary.link_title!r}")
    return problems
