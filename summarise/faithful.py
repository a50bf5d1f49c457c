"""Faithfulness: every sentence of a draft can be found in its source letter.

The allowed edits are explicit and few; compose builds its text only through the forms in
`templates`, and `check` accepts a sentence only if it is
  * a stretch of one source sentence (trimming), whatever the case of its first letter,
    straight or curly quotes, or
  * such a stretch with one of the attributions (", Ofsted has said.", ", Ofsted has
    warned.", either naming the occasion, "..., Ofsted has said following a focused visit to
    X.", or ", the focused visit to X found.") or the opener "However, ", its subject "The
    local authority" (or "the council", "the authority") given the authority's name, or
  * a verbatim source sentence in double quotes with its attribution
    ('"...," said the report.', '"...," the report concluded.'), or
  * the recommendations sentence, each of whose items is a stretch of the improve list
    (with ", among N areas for improvement" when it leaves some out), or
  * a sentence rebuilt exactly from the metadata: the grades, the change since the last
    inspection, the report's grade told as the lead, the monitoring-visit context.
A headline is one of the templates built from the metadata (`templates.allowed_headlines`)
or one stretch of a source sentence (acronym glosses dropped, "The local authority" named),
with " in <LA>" when the stretch does not name it.
"""
from __future__ import annotations

import re
from dataclasses import asdict

from cf.models import Letter, Style, Summary
from cf.models.summary import story_parts
from cf.summarise import templates as T
from cf.summarise.authorities import in_place, running
from cf.summarise.structure import section_role
from cf.summarise.textutil import norm, split_sentences, upper_first

_GLOSS = re.compile(r" \([A-Z][A-Za-z&]{1,9}\)")


class Source:
    """The letter's text as one searchable string (blocks kept apart, so no stretch spans two)."""

    def __init__(self, letter: Letter) -> None:
        parts: list[str] = []
        improve: list[str] = []
        for n, section in enumerate(letter.sections):
            if section.heading:
                parts.append(norm(section.heading))
            parts += [norm(block.text) for block in section.blocks]
            if section_role(section, n) == "improve":
                improve += [norm(b.text) for b in section.blocks]
        self.text = "\n".join(parts)
        self.unglossed = _GLOSS.sub("", self.text)
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


def _stop(text: str) -> str:
    return re.sub(r"[.!?]+$", "", text.strip())


def _attribution_patterns(letter: Letter, style: Style) -> list[re.Pattern[str]]:
    name = letter.metadata.local_authority
    la = re.escape(running(name)) if name else r"[^,]+"
    where = T.occasion(letter.metadata)
    occasion = f"(?: {re.escape(where)})?" if where else ""
    atts = [re.escape(style.positive_attribution) + occasion, re.escape(style.negative_attribution) + occasion,
            rf"the (?:focused visit to|monitoring visit to|inspection of|joint targeted area inspection of) {la} found",
            "the report found"]
    return [re.compile(rf"^(?P<body>.+), (?:{a})\.$", re.S) for a in atts]


def _quote_patterns(style: Style) -> list[re.Pattern[str]]:
    return [re.compile(rf'^"(?P<body>.+)[,.?!]" {re.escape(a)}\.$', re.S)
            for a in (style.quote_attribution, style.closing_attribution)]


def _composed(letter: Letter) -> set[str]:
    """Sentences built only from metadata (exact forms)."""
    meta = letter.metadata
    out = {norm(h) for h in T.allowed_headlines(meta)}
    grade = meta.judgements.overall_effectiveness
    if grade:
        prev = meta.previous
        out.add(norm(T.overall_sentence(meta.local_authority, grade, prev.overall_effectiveness if prev else None,
                                        prev.year if prev else None)))
    for subject in ("Inspectors", "They"):
        grades = T.grades_sentence(meta.judgements, subject)
        if grades:
            out.add(norm(grades))
    ctx = T.monitoring_context(meta.local_authority, meta.monitoring_visit_number, meta.inadequate_since)
    if ctx:
        out.add(norm(ctx))
    if grade and meta.local_authority:
        prev = meta.previous
        out.add(norm(T.grade_lead(meta.local_authority, grade, prev.overall_effectiveness if prev else None,
                                  prev.year if prev else None)))
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
    if s.startswith(T.RECOMMENDATION_OPENER):
        return _check_recommendation(s, src)
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
    if any(src.has_sentence(x) for x in _unnamed(s, letter.metadata.local_authority)):
        return None
    return f"not found in the source: {sentence!r}"


def _unnamed(s: str, la: str) -> list[str]:
    """The sentence, and, where it names the authority, as the letter may have written it
    ("The local authority has ...": compose names the subject a lead opens on)."""
    out = [s]
    for name in {norm(la), norm(running(la)), norm(upper_first(running(la)))} if la else set():
        k = s.find(name)
        if k >= 0:
            out += [s[:k] + subject + s[k + len(name):] for subject in ("the local authority", "the council", "the authority")]
    return out


def check_headline(headline: str, src: Source, letter: Letter) -> str | None:
    """A template from the metadata, or one stretch of a source sentence (glosses dropped,
    the authority named for "The local authority"), with " in <LA>" when it lacks the name."""
    h = norm(headline)
    if h.endswith("."):
        return "headline ends with a full stop"
    if h in {norm(t) for t in T.allowed_headlines(letter.metadata)}:
        return None
    la = norm(letter.metadata.local_authority)
    place = f" {norm(in_place(la))}" if la else ""
    if la and h.endswith(place) and la.lower() not in h[: -len(place)].lower():
        h = h[: -len(place)]
    candidates = [h]
    if la and h.lower().startswith(la.lower()):
        candidates += [subject + h[len(la):] for subject in T.AUTHORITY_SUBJECTS]
    for c in candidates:
        if c and (c in src.unglossed or (c[0].swapcase() + c[1:]) in src.unglossed):
            return None
    return f"headline not found in the source: {headline!r}"


def _check_recommendation(s: str, src: Source) -> str | None:
    """`In order to improve practice, LA should improve A, B and C.`: every item a stretch of
    the improve list (the verb 'improve' and the separators are the only added words)."""
    rest = T.AMONG.sub("", _stop(s[len(T.RECOMMENDATION_OPENER):])) + "."
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


def paragraph_sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences; a quoted or templated paragraph stays whole."""
    p = paragraph.strip()
    if p.startswith(T.RECOMMENDATION_OPENER):
        # The folded sentence, then any improve-list items kept verbatim.
        end = p.find(". ", max(len(T.RECOMMENDATION_OPENER), p.find(" should ")))
        return [p] if end < 0 else [p[: end + 1]] + split_sentences(p[end + 2:])
    if p.startswith(('"', "\u201c")):
        return [p]
    return split_sentences(p)


def _sentences(paragraph: str, letter: Letter) -> list[str]:
    """A paragraph's sentences, a sentence built from metadata taken whole first (an
    authority's name such as "St. Helens" has a full stop of its own)."""
    for sentence in sorted(_composed(letter), key=len, reverse=True):
        if norm(paragraph).startswith(sentence + " ") and sentence.endswith("."):
            return [sentence, *paragraph_sentences(norm(paragraph)[len(sentence) + 1:])]
    return paragraph_sentences(paragraph)


def check(summary: Summary, letter: Letter, style: Style | None = None) -> list[str]:
    """Every problem that stops a writer finding the draft in the letter (empty = faithful)."""
    style = style or Style()
    src = Source(letter)
    problems: list[str] = []
    for kind, unit in story_parts(asdict(summary)):
        if kind == "headline":
            problem = check_headline(unit, src, letter)
            problems += [problem] if problem else []
        elif kind == "link":
            if not (src.has(unit) or norm(unit) == norm(letter.metadata.title)):
                problems.append(f"link line is not the letter's title: {unit!r}")
        elif kind != "intro" and check_sentence(unit, src, letter, style) is not None:
            problems += [p for p in (check_sentence(x, src, letter, style) for x in _sentences(unit, letter)) if p]
    for quote in summary.quotes:
        if not src.has(quote):
            problems.append(f"quote not verbatim: {quote!r}")
    return problems
