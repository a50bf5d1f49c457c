"""The review page: one self-contained HTML file showing a draft beside its letter.

A renderer like those in `render.py`: a pure function of a result's JSON form (with
`--explain`'s `sentences`), so a cached result becomes a page without the pipeline. The
letter is written here, every sentence escaped and marked by how cf judged it; the draft is
built in the page by `assets/review.js` from the data embedded below it, so the writer's
edits (findings bullets, the `However,` sentence, the quote) rebuild it from the letter's own
sentences. A Content-Security-Policy allows only this page's own script and style, by hash."""
from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import quote

from cf.models.style import Style
from cf.models.summary import counts as summary_counts
from cf.summarise import textutil
from cf.summarise.control_chars import INVISIBLE, escape

LABELS = {
    "strength": ("+", "Strength"),
    "weakness": ("\u2212", "Weakness"),
    "mixed": ("\u00b1", "Mixed"),
    "neutral": ("\u00b7", "Neutral"),
}
KINDS = {
    "focused_visit": "Focused visit",
    "monitoring_visit": "Monitoring visit",
    "inspection": "Inspection",
    "jtai": "Joint targeted area inspection",
    "other": "Other document",
}
AREAS = [
    ("overall_effectiveness", "Overall effectiveness"),
    ("impact_of_leaders", "Impact of leaders"),
    ("help_and_protection", "Help and protection"),
    ("children_in_care", "Children in care"),
    ("care_leavers", "Care leavers"),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

# ---------------------------------------------------------------- untrusted text

# C0 and C1 controls (tab and newline kept), lone surrogates, noncharacters and the invisible
# characters (bidirectional overrides, zero-width spaces): none of them is text a writer
# wants, and in HTML they are parse errors or worse (an override reverses a paragraph).
_CONTROLS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff{INVISIBLE}]")


def clean(value: Any) -> Any:
    """The same JSON value with control characters gone from every string in it."""
    if isinstance(value, str):
        return _CONTROLS.sub("", value)
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    return value


def esc(text: Any) -> str:
    """Text for HTML content or a quoted attribute value."""
    return html.escape("" if text is None else str(text), quote=True)


def script_json(value: Any) -> str:
    """JSON safe inside a <script> data block: no `</script>`, `<!--` or line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


@cache
def asset(name: str) -> str:
    return resources.files("cf.cli").joinpath("assets", name).read_text(encoding="utf-8")


def csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def policy(script: str | None, style: str) -> str:
    """Nothing from anywhere, not even this folder: only the page's own inline code."""
    scripts = csp_hash(script) if script is not None else "'none'"
    return (f"default-src 'none'; script-src {scripts}; style-src {csp_hash(style)}; "
            "img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")


# ---------------------------------------------------------------- which letter sentences the draft uses

# The openers a sentence may lose in the draft: the same list as review.js's CONNECTIVE.
_CONNECTIVE = re.compile(r"^(?:however|but|although|also|furthermore|moreover|in addition|"
                         r"nevertheless|nonetheless|in contrast|conversely|equally|similarly|"
                         r"additionally),?\s+", re.I)
MIN_WORDS = 3  # shorter sentences ("Yours sincerely") are not looked for inside the draft


def key(text: str) -> str:
    """Words only, lower case, single spaces: what survives trimming, attribution and case."""
    return " ".join(re.findall(r"\w+(?:'\w+)*", textutil.fold(text).lower()))


class Finder:
    """Finds the letter's sentences inside a piece of the draft (or the draft inside one)."""

    def __init__(self, sentences: list[dict[str, Any]]) -> None:
        self.keys = [key(_CONNECTIVE.sub("", s.get("text") or "")) for s in sentences]
        self.pages = [s.get("page") for s in sentences]

    def within(self, text: str, page: int | None = None) -> list[int]:
        """Sentences (in letter order) whose words appear whole in `text`; of two identical
        sentences, the one on `page`, else the first."""
        padded = f" {key(text)} "
        hits: dict[str, int] = {}
        for i, k in enumerate(self.keys):
            if len(k.split()) < MIN_WORDS or f" {k} " not in padded:
                continue
            if k not in hits or (page is not None and self.pages[i] == page != self.pages[hits[k]]):
                hits[k] = i
        # A sentence found only because it is part of a longer one found too does not count.
        found = [i for k, i in hits.items() if not any(k != o and k in o for o in hits)]
        return sorted(found)

    def containing(self, text: str) -> list[int]:
        """The first sentence that holds all of `text` (a headline trimmed from it)."""
        k = key(text)
        for i, own in enumerate(self.keys):
            if k and f" {k} " in f" {own} ":
                return [i]
        return []


def draft_data(doc: dict[str, Any]) -> dict[str, Any]:
    """The draft's parts in story order, each with the letter sentences it comes from."""
    s = doc.get("summary") or {}
    sentences = doc.get("sentences") or []
    find = Finder(sentences)
    lead = {"text": s.get("lead") or "", "sids": find.within(s.get("lead") or "")}
    headline_sids = find.containing(_strip_place(s.get("headline") or "", doc))
    quotes = s.get("quotes") or []
    paragraphs = []
    for text in s.get("paragraphs") or []:
        is_quote = text.lstrip().startswith(('"', "\u201c")) and any(
            key(q) and key(q) in key(text) for q in quotes)
        paragraphs.append({"text": text, "sids": find.within(text),
                           "role": "quote" if is_quote else "paragraph"})
    findings = [{"text": f.get("text") or "", "label": f.get("label") or "", "page": f.get("page"),
                 "sids": find.within(f.get("text") or "", f.get("page"))}
                for f in s.get("findings") or []]
    recommendation_sids = sorted({i for item in s.get("recommendations") or []
                                  for i in find.containing(item)})
    closing = s.get("closing")
    return {
        "headline": {"text": s.get("headline") or "", "sids": headline_sids},
        "lead": lead,
        "paragraphs": paragraphs,
        "intro": s.get("findings_intro") or "",
        "findings": findings,
        "however": [{"text": t, "sids": find.within(t)} for t in s.get("however") or []],
        "recommendation": {"text": s.get("recommendation_sentence") or "", "sids": recommendation_sids},
        "closing": {"text": closing, "sids": find.within(closing)} if closing else None,
        "link": s.get("link_title") or "",
        "text": s.get("text") or "",
    }


def _strip_place(headline: str, doc: dict[str, Any]) -> str:
    """`<claim> in <LA>`: the claim is what the letter says."""
    la = (doc.get("document") or {}).get("local_authority") or ""
    suffix = f" in {la}"
    return headline[: -len(suffix)] if la and headline.endswith(suffix) else headline


def proper_words(sentences: list[dict[str, Any]], authority: str) -> list[str]:
    """Words the letter capitalises mid-sentence and never writes in lower case (names,
    acronyms): a sentence opening with one keeps its capital after `However, `."""
    names = textutil.proper_words(s.get("text") or "" for s in sentences)
    names |= {re.sub(r"\W+$", "", w) for w in authority.split() if w[:1].isupper()}
    return sorted(names)


# ---------------------------------------------------------------- the page

def render_page(doc: dict[str, Any], style: Style | None = None) -> str:
    """The whole review page for one document (a result's JSON form with `sentences`)."""
    style = style or Style()
    src = doc.get("source") or {}
    if isinstance(src.get("path"), str):  # the name as messages show it: nothing invisible
        doc = {**doc, "source": {**src, "path": escape(src["path"])}}
    doc = clean(doc)
    d = doc.get("document") or {}
    sentences = doc.get("sentences") or []
    data: dict[str, Any] = {
        "sentences": [{k: s.get(k) for k in ("text", "label", "lean", "score", "cues", "page", "section")}
                      for s in sentences],
        "draft": draft_data(doc),
        "proper": proper_words(sentences, d.get("local_authority") or ""),
        "style": {"quote_attribution": style.quote_attribution, "min_bullets": style.min_bullets,
                  "max_bullets": style.max_bullets, "word_budget": style.word_budget},
    }
    css, js = asset("review.css"), asset("review.js")
    title = d.get("title") or (doc.get("source") or {}).get("path") or "Ofsted document"
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(policy(js, css))}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>Review: {esc(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        '<a class="skip" href="#draft">Skip to the draft</a> <a class="skip" href="#letter">Skip to the letter</a>',
        header(doc),
        "<main>",
        draft_pane(data["draft"]),
        letter_pane(sentences),
        "</main>",
        '<div id="tip" role="tooltip" hidden></div>',
        f'<script type="application/json" id="cf-data">{script_json(data)}</script>',
        f"<script>{js}</script>",
        "</body>",
        "</html>",
        "",
    ])


def header(doc: dict[str, Any]) -> str:
    d = doc.get("document") or {}
    src = doc.get("source") or {}
    rows: list[tuple[str, str]] = []
    kind = kind_label(d)
    if d.get("visit_start") or d.get("visit_end"):
        rows.append(("Visit", esc(date_range(d.get("visit_start"), d.get("visit_end")))))
    if d.get("published"):
        rows.append(("Published", esc(long_date(d["published"]))))
    if d.get("focus"):
        rows.append(("Focus", esc(d["focus"])))
    inspectors = [i for i in d.get("inspectors") or [] if isinstance(i, dict) and i.get("name")]
    if inspectors:
        rows.append(("Inspectors", "; ".join(
            esc(i["name"]) + (f", {esc(i['role'])}" if i.get("role") else "") + (" (lead)" if i.get("lead") else "")
            for i in inspectors)))
    grades = grade_items(d.get("judgements") or {})
    if grades:
        rows.append(("Judgements", "; ".join(f"{esc(area)}: <strong>{esc(g)}</strong>" for area, g in grades)))
    previous = d.get("previous") or {}
    if isinstance(previous, dict) and (previous.get("year") or previous.get("overall_effectiveness")):
        parts = [str(previous["year"])] if previous.get("year") else []
        if previous.get("overall_effectiveness"):
            parts.append(f"overall effectiveness {previous['overall_effectiveness']}")
        rows.append(("Previous inspection", esc(": ".join(parts))))
    source = src.get("path") or ""
    if src.get("pages"):
        source += f" ({src['pages']} pages)"
    rows.append(("Source", esc(source)))
    dl = "\n".join(f"<div><dt>{name}</dt><dd>{value}</dd></div>" for name, value in rows)
    warnings = doc.get("warnings") or []
    warn = ""
    if warnings:
        items = "".join(f"<li>{esc(w)}</li>" for w in warnings)
        warn = f'<div class="warnings" role="note"><h2>Warnings</h2><ul>{items}</ul></div>'
    title = d.get("title") or "Untitled document"
    subtitle = " · ".join(esc(x) for x in (d.get("local_authority"), kind) if x)
    return (f'<header class="doc">\n<p class="kicker">cf review · {subtitle}</p>\n'
            f"<h1>{esc(title)}</h1>\n<dl>\n{dl}\n</dl>\n{warn}\n{legend(doc)}\n</header>")


def legend(doc: dict[str, Any]) -> str:
    """The marks and how many of each: the counts the batch table and the JSON give
    (models.summary.counts); every other sentence is neutral."""
    sentences = doc.get("sentences") or []
    counted = summary_counts(doc.get("summary") or {})
    counts = {"strength": counted["strengths"], "weakness": counted["weaknesses"], "mixed": counted["mixed"]}
    counts["neutral"] = len(sentences) - sum(counts.values())
    items = "".join(
        f'<li><span class="s lab-{label} sample">{esc(name)}</span> {counts[label]}</li>'
        for label, (symbol, name) in LABELS.items())
    return (f'<div class="legend"><p>How cf read the letter\'s {len(sentences)} sentences '
            "(hover over or focus a sentence for its score and cues; outlined sentences are in the draft):</p>"
            f"<ul>{items}</ul></div>")


def kind_label(d: dict[str, Any]) -> str:
    kind = KINDS.get(d.get("kind") or "other", "Other document")
    number = d.get("monitoring_visit_number")
    if d.get("kind") == "monitoring_visit" and isinstance(number, int) and number > 0:
        kind += f" {number}"
    return kind


def grade_items(judgements: dict[str, Any]) -> list[tuple[str, str]]:
    return [(name, judgements[field]) for field, name in AREAS if judgements.get(field)]


def long_date(value: str | None) -> str:
    """'2019-02-07' -> '7 February 2019' (anything else as it is)."""
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", value or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        return value or ""
    return f"{int(m.group(3))} {MONTHS[int(m.group(2)) - 1]} {m.group(1)}"


def date_range(start: str | None, end: str | None) -> str:
    if not start or not end or start == end:
        return long_date(start or end)
    a, b = long_date(start), long_date(end)
    if start[:7] == end[:7] and a != start:  # same month: "15 to 16 January 2019"
        return f"{a.split(' ')[0]} to {b}"
    return f"{a} to {b}"


def draft_pane(draft: dict[str, Any]) -> str:
    """The draft's frame; review.js fills it (the plain draft stands in without scripts)."""
    return f"""<section id="draft" class="pane draft-pane" aria-labelledby="draft-title" tabindex="-1">
<div class="pane-head">
<h2 id="draft-title">Draft</h2>
<p class="count" id="count" aria-live="polite"></p>
<div class="actions">
<button type="button" id="copy-text">Copy text</button>
<button type="button" id="copy-html">Copy HTML</button>
<button type="button" id="reset">Undo changes</button>
</div>
<fieldset class="mode">
<legend>Clicking a sentence in the letter</legend>
<label><input type="radio" name="mode" value="finding" checked> adds or removes a finding</label>
<label><input type="radio" name="mode" value="however"> makes it the <q>However,</q> sentence</label>
<label><input type="radio" name="mode" value="quote"> makes it the quote</label>
</fieldset>
<p class="status" id="status" role="status" aria-live="polite"></p>
</div>
<article id="story" class="story">
<noscript><pre class="plain">{esc(draft.get("text") or "")}</pre></noscript>
</article>
</section>"""


def letter_pane(sentences: list[dict[str, Any]]) -> str:
    return ('<section id="letter" class="pane letter-pane" aria-labelledby="letter-title" tabindex="-1">\n'
            '<h2 id="letter-title">Letter</h2>\n' + "\n".join(letter_body(sentences)) + "\n</section>")


def letter_body(sentences: list[dict[str, Any]]) -> Iterator[str]:
    """Sections with their headings, paragraphs and bullets as in the letter, page marks
    where a new page starts, every sentence a focusable, labelled span."""
    html = _LetterHtml()
    for block in blocks(sentences):
        first = sentences[block[0]]
        yield from html.enter(first)
        spans = " ".join(sentence_span(i, sentences[i]) for i in block)
        yield from html.block(first.get("block_kind"), spans)
    yield from html.close()
    if not sentences:
        yield '<p class="empty">cf found no sentences in this document.</p>'


class _LetterHtml:
    """What is open in the letter pane as its blocks are written: a section, a list, a page."""

    def __init__(self) -> None:
        self.page: Any = None
        self.section: Any = None
        self.in_list = False
        self.opened = False

    def end_list(self) -> Iterator[str]:
        if self.in_list:
            yield "</ul>"
            self.in_list = False

    def enter(self, first: dict[str, Any]) -> Iterator[str]:
        """Open a new section, and mark a new page, where the block of `first` starts one."""
        if first.get("section") != self.section or not self.opened:
            yield from self.end_list()
            if self.opened:
                yield "</section>"
            self.section = first.get("section")
            yield '<section class="part">'
            if self.section:
                yield f"<h3>{esc(self.section)}</h3>"
            self.opened = True
        if first.get("page") is not None and first.get("page") != self.page:
            self.page = first.get("page")
            yield from self.end_list()
            yield f'<p class="page-mark" id="page-{esc(self.page)}">Page {esc(self.page)}</p>'

    def block(self, kind: str | None, spans: str) -> Iterator[str]:
        """A bullet or numbered item joins the open list; a paragraph closes it."""
        if kind in ("bullet", "numbered"):
            if not self.in_list:
                yield "<ul>"
                self.in_list = True
            yield f"<li>{spans}</li>"
        else:
            yield from self.end_list()
            yield f"<p>{spans}</p>"

    def close(self) -> Iterator[str]:
        yield from self.end_list()
        if self.opened:
            yield "</section>"


def blocks(sentences: list[dict[str, Any]]) -> list[list[int]]:
    """Sentence indices grouped by the paragraph or bullet they come from (a result without
    block numbers: by section and page)."""
    groups: list[list[int]] = []
    last: Any = object()
    for i, s in enumerate(sentences):
        mark = (s.get("block"), s.get("section"), s.get("page"))
        if groups and mark == last:
            groups[-1].append(i)
        else:
            groups.append([i])
        last = mark
    return groups


def sentence_span(i: int, s: dict[str, Any]) -> str:
    label = s.get("label") if s.get("label") in LABELS else "neutral"
    return (f'<span class="s lab-{label}" id="s{i}" data-i="{i}" tabindex="0" role="button">'
            f"{esc(s.get('text') or '')}</span>")


# ---------------------------------------------------------------- the index of a batch

def render_index(rows: list[dict[str, Any]]) -> str:
    """One row per input: a link to its page and its details, or why it failed.

    Each row: {"path", "href" (a path relative to the index, None when it failed), "doc" (or
    None), "error"}."""
    css = asset("review.css")
    body = "\n".join(index_row({**clean(r), "path": escape(r.get("path") or ""),
                                  "error": escape(r["error"]) if r.get("error") else None,
                                  "href": r.get("href")}) for r in rows)
    ok = sum(1 for r in rows if r.get("href"))
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(policy(None, css))}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        "<title>cf review: index</title>",
        f"<style>{css}</style>",
        "</head>",
        '<body class="index">',
        '<header class="doc"><p class="kicker">cf review</p>',
        f"<h1>{len(rows)} document{'' if len(rows) == 1 else 's'}</h1><p>{ok} reviewed, {len(rows) - ok} failed. "
        "Open a document to see its draft beside the letter.</p></header>",
        "<main>",
        '<div class="table-wrap"><table>',
        "<thead><tr><th scope=\"col\">Document</th><th scope=\"col\">Authority</th><th scope=\"col\">Kind</th>"
        "<th scope=\"col\">Published</th><th scope=\"col\">Grade</th><th scope=\"col\">Strengths</th>"
        "<th scope=\"col\">Weaknesses</th><th scope=\"col\">Mixed</th><th scope=\"col\">Findings in draft</th><th scope=\"col\">Warnings</th></tr></thead>",
        f"<tbody>\n{body}\n</tbody>",
        "</table></div>",
        "</main>",
        "</body>",
        "</html>",
        "",
    ])


def index_row(row: dict[str, Any]) -> str:
    name = esc(row.get("path") or "")
    if not row.get("href") or not row.get("doc"):
        return (f'<tr class="failed"><th scope="row">{name}</th>'
                f'<td colspan="9">Failed: {esc(row.get("error") or "unknown error")}</td></tr>')
    doc = row["doc"]
    d, s = doc.get("document") or {}, doc.get("summary") or {}
    grade = (d.get("judgements") or {}).get("overall_effectiveness") or ""
    warnings = doc.get("warnings") or []
    warn = "<ul>" + "".join(f"<li>{esc(w)}</li>" for w in warnings) + "</ul>" if warnings else ""
    title = d.get("title") or row.get("path") or ""
    cells = [
        ("Authority", "", esc(d.get("local_authority") or "")), ("Kind", "", esc(kind_label(d))),
        ("Published", "", esc(long_date(d.get("published")))), ("Grade", "", esc(grade)),
        ("Strengths", "num", str(summary_counts(s)["strengths"])),
        ("Weaknesses", "num", str(summary_counts(s)["weaknesses"])),
        ("Mixed", "num", str(summary_counts(s)["mixed"])),
        ("Findings in draft", "num", str(len(s.get("findings") or []))), ("Warnings", "", warn),
    ]
    # data-label: a narrow window shows each row as a card, every value under its name.
    tds = "".join(f'<td class="{cls}" data-label="{label}">{value}</td>' for label, cls, value in cells)
    # The page's name is bytes on disk: a name that is not UTF-8 is linked byte for byte.
    href = quote(os.fsencode(row["href"]))
    return (f'<tr><th scope="row"><a href="{esc(href)}">{esc(title)}</a>'
            f'<br><span class="file">{name}</span></th>{tds}</tr>')
