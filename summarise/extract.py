"""Extract stage: bytes (PDF or text) -> blocks in reading order, page furniture removed.

PDF engines (`pdf_pdfminer`, `pdf_pdfium`) only turn a PDF into text *lines* (text, page,
bbox, dominant font size, bold). Everything after that is shared and lives here, so both
engines give the same blocks:

1. Furniture is dropped line by line: page numbers (a lone number, set large or in the
   margins), small print in the bottom margin (the 8pt running footer since 2022), lines
   repeated in the top or bottom margin of most pages, the small-print letterhead address at
   the top of page 1, and a contents page.
2. Labels are attached: a numbered paragraph's "12." and a bullet glyph that pdfminer set as
   their own boxes are joined to the line beside them.
3. Tables: lines that sit side by side with a wide gap (the judgement table, a summary
   table, signature blocks) are grouped into rows and columns. Each table row becomes ONE
   block of kind "paragraph" whose cells are joined by " | " in column order, e.g.
   "The impact of leaders on social work practice with children and families | Good";
   the header row ("Judgement | Grade") is the same, with bold=True. A cell that wraps over
   several lines is joined with spaces first.
4. Lines are joined into blocks by vertical gap, indent, font size/weight, bullet glyph and
   number label: "heading" (bold or larger than body text, short, may wrap over lines),
   "bullet" (glyph removed, hanging-indent or flush continuation lines included; a dash
   counts when set apart by a tab or as its own box), "numbered" (`number` = "12.", the
   label removed from the text) and "paragraph". A new block starts at a gap wider than
   the document's own leading for that font size (the commonest gap between its wrapped
   lines) plus a fifth of the size.
   Lines join with a space, except after a line-end hyphen, which is kept with no space
   ("multi-" + "agency" -> "multi-agency": Ofsted's line-end hyphens are real compounds);
   only a word the document spells whole elsewhere, and never hyphenated, loses its hyphen
   ("chil-" + "dren" in some SEND letters).
5. A paragraph, bullet or numbered paragraph cut by a page break is joined to its
   continuation on the next page (unfinished sentence, lower-case start, or the hanging
   indent of a bullet or numbered paragraph).
6. The closing boilerplate (the Ofsted description, "If you would like a copy of this
   document in a different format", Open Government Licence, addresses, "© Crown copyright")
   is cut from its first block to the end of the document.

Checks: a PDF whose pages give almost no text raises NoTextLayer (needs OCR); scanned pages
inside a text PDF, and undecodable "(cid:NN)" characters, give warnings. Every line of
either kind of input loses its control characters and escape sequences, and "(cid:NN)"
becomes U+FFFD, so neither reaches a draft.
Text and Markdown input: blank-line paragraphs, "- "/"* "/glyph bullets, "#" headings,
"12. " numbered paragraphs; UTF-8 (BOM or not) and UTF-16 (BOM or not).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import pairwise
from types import MappingProxyType
from typing import Literal

from cf.models import Block, BlockKind, Extraction
from cf.summarise import control_chars
from cf.summarise.errors import DocumentError, EmptyInput, NotAPdf, NoTextLayer
from cf.summarise.pdf_lines import Line, PageLines
from cf.summarise.textutil import fold

BULLET_GLYPHS = "\uf06e\uf02d\uf0be\uf0a7\uf0b7\uf0fc\uf076\u25fc\u25aa\u25a0\u2022\u25cf\u2013\u00b7\u25e6\u2023\u2043"
# In PDFs a dash counts as a bullet only when it stands first on an indented line with a gap.
_PDF_BULLET = re.compile(r"^\s*(?:[" + BULLET_GLYPHS.replace("\u2013", "") + r"]\s*|[-\u2013]\s{2,}(?=\S))")
_TEXT_BULLET = re.compile(r"^\s*(?:[-*" + BULLET_GLYPHS + r"])\s+")
# Symbol-font and square bullet glyphs are one bullet in the matching copy.
_GLYPH_FOLD = str.maketrans({c: "\u2022" for c in "\uf06e\uf02d\uf0be\uf0a7\uf0b7\uf0fc\uf076\u25fc\u25aa\u25a0"})
_NUMBER_LABEL = re.compile(r"^\(?(\d{1,3})[.)]$")
_INLINE_NUMBER = re.compile(r"^(\d{1,3})\.(?:\s+(?=\S)|(?=[A-Z\u2018\u201c]))")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;][\"'\u2019\u201d)]*$")
_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<\?xml[^>]*>\s*<html)", re.I)
# The closing boilerplate of Ofsted publications (2014-2026), matched on the normalised text.
_BOILERPLATE = re.compile(
    r"^(?:The Office for Standards in Education, Children's Services and Skills \(Ofsted\) regulates"
    r"|If you would like a copy of this document in a different format"
    r"|You may (?:re-?use|copy) this information"
    r"|This (?:publication|report) is available at"
    r"|Interested in our work\?"
    r"|Any complaints about the inspection or the report"
    r"|If you are not happy with the inspection or the report"
    r"|© Crown copyright)", re.I)
# Small-print address and contact lines (letterhead and back page).
_CONTACT = re.compile(
    r"^(?:Ofsted|(?:T|Tel|F|Fax|Textphone|Direct T|Direct F|Switchboard)\b:?\s*[\d ()+]{6,}"
    r"|(?:E:\s*)?[\w.+-]+@[\w.-]+\.\w+|(?:W:\s*)?(?:https?://)?www\.\S+"
    r"|.*\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b)$")
_CID = re.compile(r"\(cid:\d+\)")
CONTENTS_TITLE = re.compile(r"^contents$", re.I)
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# The words of the document being read: decides whether a line-end hyphen splits a word.
_VOCAB: ContextVar[frozenset[str]] = ContextVar("_VOCAB", default=frozenset())
# The usual gap between lines of a paragraph, per font size, in the document being read.
_LEADING: ContextVar[Mapping[int, float]] = ContextVar("_LEADING", default=MappingProxyType({}))


def normalise(text: str) -> str:
    """The matching copy of a text: NFKC (folds ligatures), straight quotes (textutil.fold),
    one bullet glyph, single spaces."""
    return re.sub(r"\s+", " ", fold(text).translate(_GLYPH_FOLD)).strip()


def is_pdf(data: bytes) -> bool:
    """A PDF starts with `%PDF-` (some writers put a few junk bytes before it)."""
    return b"%PDF-" in data[:1024]


def extract(
    data: bytes, name: str, engine: str = "pdfminer", max_pages: int | None = None
) -> Extraction:
    """Read a PDF (sniffed by its `%PDF-` signature) or a plain-text/Markdown document."""
    if not data.strip():
        raise EmptyInput("the file is empty")
    named_pdf = name.lower().endswith(".pdf")
    if _HTML.match(data[:2048]):
        raise NotAPdf("not a PDF: it is an HTML page" + (" saved with a .pdf name" if named_pdf else ""))
    if is_pdf(data):
        return extract_pdf(data, engine=engine, max_pages=max_pages)
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise NotAPdf(f"not a PDF: it is {what}")
    if named_pdf and not _looks_like_text(data):
        raise NotAPdf("not a PDF: the file has a .pdf name but no PDF signature")
    try:
        text = decode_text(data)
    except NotAPdf:
        if named_pdf:  # undecodable bytes under a .pdf name: say what the writer expected
            raise NotAPdf("not a PDF: the file has a .pdf name but no PDF signature") from None
        raise
    return extract_text(text)


# Files writers mistake for PDFs, by their first bytes.
_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive (a Word .docx or other Office file?); save it as PDF"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc?); save it as PDF"),
    (b"{\\rtf", "an RTF document; save it as PDF or text"),
    (b"\x89PNG", "a PNG image; it needs OCR"),
    (b"\xff\xd8\xff", "a JPEG image; it needs OCR"),
    (b"II*\x00", "a TIFF image; it needs OCR"),
    (b"MM\x00*", "a TIFF image; it needs OCR"),
)


def _looks_like_text(data: bytes) -> bool:
    return data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")) or b"\x00" not in data[:4096]


def decode_text(data: bytes) -> str:
    """Decode text input: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise NotAPdf("not valid UTF-16 text (it has a UTF-16 byte-order mark)") from error
    sample = data[:4096]
    codec = _bomless_utf16(sample)
    if codec:
        try:
            return data.decode(codec)
        except UnicodeDecodeError as error:
            raise NotAPdf("not valid UTF-16 text") from error
    if b"\x00" in sample or _control_share(sample) > 0.05:
        raise NotAPdf("not a PDF or text file: it looks like binary data")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotAPdf(
            f"not valid UTF-8 text (bad byte at position {error.start}); save it as UTF-8 or give the PDF"
        ) from error


def _bomless_utf16(sample: bytes) -> str | None:
    """UTF-16 without a byte-order mark: ASCII text leaves every other byte zero."""
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample)


# ---------------------------------------------------------------------------------------
# Text and Markdown input


def _is_heading(line: str) -> bool:
    """A short line with no closing punctuation stands alone as a heading."""
    if line.lstrip().startswith("#"):
        return True
    stripped = line.strip()
    return bool(stripped) and len(stripped.split()) <= 16 and not stripped.endswith((".", ",", ";", ":"))


def extract_text(text: str) -> Extraction:
    """Blank-line paragraphs, '- ' (or glyph) bullets, Markdown '#' headings, "12. " numbered.

    Text as pdftotext writes it has no blank lines between paragraphs: its paragraphs are
    rebuilt from the shape of the lines (see `_paragraph_lines`), and its page furniture
    (page numbers and running footers beside the form feeds) is dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = _drop_text_furniture([control_chars.strip(page) for page in text.split("\f")])
    width = _wrap_width([ln for page in pages for ln in page])
    blocks: list[Block] = []
    for page in pages:
        for chunk in re.split(r"\n\s*\n", "\n".join(page)):
            lines = [ln for ln in chunk.split("\n") if ln.strip()]
            for group in _paragraph_lines(lines, width):
                blocks += _text_blocks(group)
    blocks = _cut_text_boilerplate(_attach_number_labels(blocks))
    return Extraction(blocks=_join_text_continuations(blocks), pages=None, engine="text")


def _text_blocks(lines: list[str]) -> list[Block]:
    """The blocks of lines that belong together (a blank-line chunk or a rebuilt paragraph)."""
    if not lines:
        return []
    blocks: list[Block] = []
    current: list[str] = []
    kind: BlockKind = "paragraph"

    def flush() -> None:
        if current:
            joined = " ".join(s.strip() for s in current)
            blocks.append(Block(kind=kind, text=joined, norm=normalise(joined)))
            current.clear()

    number = _INLINE_NUMBER.match(lines[0].strip())
    if number and not _TEXT_BULLET.match(lines[0]):
        joined = " ".join(s.strip() for s in lines)
        joined = _INLINE_NUMBER.sub("", joined, count=1)
        return [Block(kind="numbered", text=joined, norm=normalise(joined),
                      number=number.group(1) + ".")]
    joined = " ".join(s.strip() for s in lines)
    if len(lines) > 1 and not _TEXT_BULLET.match(lines[0]) and _is_heading(joined):
        # a heading wrapped over two lines ("... who need help and" / "protection: good")
        return [Block(kind="heading", text=joined.lstrip("#").strip(), norm=normalise(joined))]
    for line in lines:
        if _TEXT_BULLET.match(line):
            flush()
            kind = "bullet"
            current.append(_TEXT_BULLET.sub("", line, count=1))
        elif line.lstrip().startswith("#") or (len(lines) == 1 and _is_heading(line)):
            flush()
            kind = "heading"
            current.append(line.strip().lstrip("#").strip())
            flush()
            kind = "paragraph"
        else:
            if kind == "bullet" and not line.startswith((" ", "\t")) and current and current[-1].rstrip().endswith("."):
                flush()
                kind = "paragraph"
            current.append(line)
    flush()
    return blocks


# Lines longer than this are whole paragraphs, not hard-wrapped lines.
_UNWRAPPED = 160


def _wrap_width(lines: list[str]) -> int | None:
    """The narrowest width (in characters) at which the text's lines wrap, or None if its
    lines are whole paragraphs (a tenth of them longer than any wrap width).

    A line followed by one that starts in lower case certainly wrapped: its length plus the
    next line's first word did not fit. The 5th percentile of those sums is the width below
    which a line ended for another reason (pdftotext's lines are set in a proportional font,
    so their lengths in characters vary); a short document falls back on the length that
    only a tenth of its lines exceed."""
    kept = [ln.strip() for ln in lines]
    lengths = sorted(len(ln) for ln in kept if ln)
    if not lengths or lengths[int(0.9 * (len(lengths) - 1))] > _UNWRAPPED:
        return None
    wrapped = sorted(len(a) + 1 + len(b.split()[0]) for a, b in pairwise(kept)
                     if a and b and b[0].islower())
    if len(wrapped) >= 10:
        return wrapped[int(0.05 * len(wrapped))]
    return lengths[int(0.9 * (len(lengths) - 1))]


def _paragraph_lines(lines: list[str], width: int | None) -> list[list[str]]:
    """Split a run of lines with no blank line between them into paragraphs, by their shape.

    A new paragraph starts at a bullet, a "#" heading or a numbered paragraph; after a line
    that ends a sentence, when the next line starts with a capital and its first word would
    have fitted on that line (so the line ended early: a paragraph's last line); and after a
    short line with no closing punctuation (a heading, a date, an address line). Lines that
    are whole paragraphs (no wrap width) each stand alone."""
    groups: list[list[str]] = []
    for i, line in enumerate(lines):
        after = lines[i + 1] if i + 1 < len(lines) else None
        if groups and not _starts_paragraph(groups[-1][-1], line, width) \
                and not _stands_alone(line, after, width, before=groups[-1][-1]):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


_OPENS = re.compile(r"^[\"'\u2018\u201c(\[]?[A-Z0-9\u00c0-\u00de]")


def _starts_paragraph(prev: str, line: str, width: int | None) -> bool:
    text, before = line.strip(), prev.strip()
    if width is None or _TEXT_BULLET.match(line) or text.startswith("#") or before.startswith("#"):
        return True
    if _INLINE_NUMBER.match(text) or _NUMBER_LABEL.match(text):
        return True
    if not _OPENS.match(text):
        return False  # lower case, or punctuation: the sentence goes on
    fits = len(before) + 1 + len(text.split()[0]) < width
    if _SENTENCE_END.search(before):
        return fits
    return fits and len(before.split()) <= 16


def _stands_alone(line: str, after: str | None, width: int | None, before: str = "") -> bool:
    """A short line with no closing punctuation before a capitalised line (or the end) is a
    heading, even after a full line: a paragraph's wrapped lines would go on in lower case or
    run to the full width, and its last line would end a sentence.

    So is a short question on a line of its own after a finished sentence ("What needs to
    improve in this area of social work practice?"): Ofsted's headings ask questions, its
    paragraphs do not."""
    text = line.strip()
    question = text.endswith("?") and bool(_SENTENCE_END.search(before.strip()))
    if width is None or not _OPENS.match(text) or text.endswith(",") \
            or (_SENTENCE_END.search(text) and not question):
        return False
    if after is not None and not (_OPENS.match(after.strip()) or _TEXT_BULLET.match(after)):
        return False
    following = after.strip().split()[0] if after and after.strip() else ""
    return len(text.split()) <= 16 and len(text) + 1 + len(following) < width


def _drop_text_furniture(pages: list[str]) -> list[list[str]]:
    """Each page's lines without its page number and running header or footer lines: the
    lines at a page's top or bottom edge (beside the form feeds pdftotext writes) that recur,
    digits aside, on at least half the pages (three or more). A contents page (its title,
    then entries and their page numbers) goes whole, as in the PDF path."""
    split = [[] if _is_text_contents_page(page) else page.split("\n") for page in pages]
    if len(split) < 3:
        return split
    seen: Counter[str] = Counter()
    for lines in split:
        seen.update({_edge_key(ln) for ln in _edges(lines)})
    floor = max(3, len(split) / 2)
    repeated = {key for key, n in seen.items() if n >= floor}
    out = []
    for lines in split:
        edges = {id(ln) for ln in _edges(lines)}
        out.append([ln for ln in lines if id(ln) not in edges
                    or not (_edge_key(ln) in repeated or _PAGE_NUMBER.match(ln.strip()))])
    return out


def _is_text_contents_page(page: str) -> bool:
    lines = [ln.strip() for ln in page.split("\n") if ln.strip()]
    return bool(lines) and bool(CONTENTS_TITLE.match(lines[0])) \
        and sum(ln.isdigit() for ln in lines) >= 3


def _edges(lines: list[str]) -> list[str]:
    """The first two and last four non-blank lines of a page."""
    kept = [ln for ln in lines if ln.strip()]
    return kept[:2] + kept[-4:]


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", normalise(line))


def _cut_text_boilerplate(blocks: list[Block]) -> list[Block]:
    """Drop Ofsted's closing boilerplate (as the PDF path does), when it is in the last third."""
    for i, block in enumerate(blocks):
        if i >= len(blocks) * 2 / 3 and _BOILERPLATE.match(block.norm):
            return blocks[:i]
    return blocks


def _attach_number_labels(blocks: list[Block]) -> list[Block]:
    """A "12." standing alone (pdftotext sets a numbered paragraph's label as its own line)
    numbers the paragraph after it."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if prev is not None and block.kind == "paragraph" and (label := _NUMBER_LABEL.match(prev.text)) \
                and prev.kind != "numbered":
            out[-1] = Block(kind="numbered", text=block.text, norm=block.norm, number=label.group(1) + ".")
        else:
            out.append(block)
    return out


def _join_text_continuations(blocks: list[Block]) -> list[Block]:
    """A block that starts in lower case continues the one before (a page break split it)."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind in ("paragraph", "bullet", "numbered")
            and block.kind == "paragraph"
            and block.text[:1].islower()
            and not prev.text.rstrip().endswith((".", "?", "!"))
        ):
            text = prev.text + " " + block.text
            out[-1] = Block(kind=prev.kind, text=text, norm=normalise(text), page=prev.page,
                            size=prev.size, bold=prev.bold, number=prev.number)
        else:
            out.append(block)
    return out


# ---------------------------------------------------------------------------------------
# PDF input: engines give lines, the rest is shared


def extract_pdf(data: bytes, engine: str = "pdfminer", max_pages: int | None = None) -> Extraction:
    """Read a PDF's lines with the chosen engine and rebuild its blocks."""
    count, pages = _page_reader(engine)(data, max_pages)
    warnings = _check_text_layer(pages)  # before cleaning: an undecodable glyph is text too
    warnings += _undecodable_warnings(_clean_lines(pages))
    return Extraction(blocks=lines_to_blocks(pages), pages=count, engine=engine, warnings=warnings)


def _page_reader(engine: str) -> Callable[[bytes, int | None], tuple[int, list[PageLines]]]:
    """The engine's `read_pages`, imported when it is first used."""
    if engine == "pdfminer":
        from cf.summarise.pdf_pdfminer import read_pages as read_with_pdfminer

        return read_with_pdfminer
    if engine == "pdfium":
        try:
            from cf.summarise.pdf_pdfium import read_pages as read_with_pdfium
        except ImportError as error:
            raise DocumentError("the pdfium engine needs: pip install 'cf[fast]'") from error
        return read_with_pdfium
    raise DocumentError(f"unknown engine {engine!r}: use pdfminer or pdfium")


def _clean_lines(pages: list[PageLines]) -> dict[int, int]:
    """Control characters out of every line; pdfminer's "(cid:NN)" (a glyph with no Unicode
    value) becomes U+FFFD, the character for "could not be decoded", so no placeholder
    reaches a draft. Returns the number of undecodable characters on each page."""
    undecodable: dict[int, int] = {}
    for page in pages:
        for line in page.lines:
            text, n = _CID.subn("\ufffd", control_chars.strip(line.text))
            line.text = text
            if n:
                undecodable[page.number] = undecodable.get(page.number, 0) + n
    return undecodable


def _check_text_layer(pages: list[PageLines]) -> list[str]:
    """Refuse a scan; warn about scanned pages inside a PDF that otherwise has text."""
    per_page = [sum(len(line.text.strip()) for line in page.lines) for page in pages]
    if sum(per_page) < 40 * len(pages) and sum(per_page) < 400:
        raise NoTextLayer("no text layer: this looks like a scanned PDF and needs OCR")
    warnings = []
    blank = [page.number for page, chars in zip(pages, per_page, strict=True) if chars < 25]
    if len(blank) >= 2 and len(blank) >= 0.25 * len(pages):
        warnings.append(f"{len(blank)} of {len(pages)} pages have no text layer (scanned?), "
                        f"so their content is missing: pages {_ranges(blank)}")
    return warnings


def _undecodable_warnings(undecodable: dict[int, int]) -> list[str]:
    """A page with many undecodable characters may be garbled; a few are worth checking."""
    warnings = []
    garbled = {page: n for page, n in undecodable.items() if n >= 10}
    for page, n in sorted(garbled.items()):
        warnings.append(f"page {page}: {n} characters could not be decoded "
                        "(cid:NN), so its text may be garbled")
    few = sum(n for page, n in undecodable.items() if page not in garbled)
    if few:
        warnings.append(f"{few} characters could not be decoded (cid:NN); they show as "
                        "\ufffd: check those words against the PDF")
    return warnings


def _ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 7] -> "2-4, 7"."""
    out: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev > start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(out)


def lines_to_blocks(pages: list[PageLines]) -> list[Block]:
    """The shared layout logic: furniture out, labels on, tables, blocks, page joins."""
    body = _body_size(pages)
    repeated = _repeated_margin_lines(pages)
    token = _VOCAB.set(_vocabulary(pages))
    leading = _LEADING.set(_leading(pages))
    try:
        return _layout(pages, body, repeated)
    finally:
        _VOCAB.reset(token)
        _LEADING.reset(leading)


def _leading(pages: list[PageLines]) -> dict[int, float]:
    """The commonest gap between consecutive aligned lines of one size (footnotes are looser)."""
    counts: dict[int, Counter[int]] = {}
    for page in pages:
        lines = sorted(page.lines, key=lambda ln: ln.top)
        for a, b in pairwise(lines):
            gap = b.top - a.bottom
            wrapped = a.x1 - a.x0 > 0.5 * page.width  # a full line, as in running text
            if wrapped and abs(a.size - b.size) < 0.5 and abs(a.x0 - b.x0) < 2 and -1 < gap < a.size:
                counts.setdefault(round(a.size), Counter())[round(gap * 2)] += 1
    # trusted only from enough wrapped lines (a title page's few large lines say nothing)
    return {size: c.most_common(1)[0][0] / 2 for size, c in counts.items()
            if sum(c.values()) >= 8 and c.most_common(1)[0][0] / 2 <= 0.55 * size}


def _paragraph_gap(size: float) -> float:
    """A vertical gap wider than this starts a new block."""
    leading = _LEADING.get().get(round(size))
    if leading is None:
        return 0.42 * size
    return leading + max(1.5, 0.2 * size)


def _vocabulary(pages: list[PageLines]) -> frozenset[str]:
    return frozenset(w.lower() for page in pages for line in page.lines for w in _WORD.findall(line.text))


def _layout(pages: list[PageLines], body: float, repeated: set[str]) -> list[Block]:
    blocks: list[Block] = []
    for page in pages:
        lines = _drop_furniture(page, body, repeated)
        lines = _attach_labels(lines)
        lines = _tables(lines)
        lines.sort(key=lambda ln: (ln.top, ln.x0))
        page_blocks = _blocks(lines, body)
        _join_across_page(blocks, page_blocks, body)
    return _cut_boilerplate(blocks)


def _body_size(pages: list[PageLines]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size)] += len(line.text)
    return float(sizes.most_common(1)[0][0]) if sizes else 12.0


def _margin_key(line: Line, page: PageLines) -> str | None:
    """Lines in the top or bottom 90pt, with digits masked, for the repetition test."""
    if line.top > 90 and line.bottom < page.height - 90:
        return None
    return re.sub(r"\d+", "#", normalise(line.text))


def _repeated_margin_lines(pages: list[PageLines]) -> set[str]:
    """Running headers and footers: margin lines on at least half the pages (3 or more)."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        keys = {k for ln in page.lines if (k := _margin_key(ln, page))}
        seen.update(keys)
    floor = max(3, len(pages) / 2)
    return {key for key, n in seen.items() if n >= floor}


def _drop_furniture(page: PageLines, body: float, repeated: set[str]) -> list[Line]:
    lines = page.lines
    if _is_contents_page(lines, page.width, body):
        return []
    # the letterhead: small print above the first line of body-size text on page 1
    head_end = min((ln.top for ln in lines if ln.size >= body - 0.5), default=0.0) if page.number == 1 else 0.0
    # The page's first and last lines: a lone number there is its page number wherever the
    # margins are (left in, it is glued to the next page's first words: "2 disabled children").
    edges = {id(min(lines, key=lambda ln: ln.top)), id(max(lines, key=lambda ln: ln.bottom))} if lines else set()
    kept = []
    for line in lines:
        text = line.text.strip()
        small = line.size < body - 0.9
        in_bottom = line.top > page.height - 62
        at_edge = id(line) in edges and _near_page_number(text, page.number)
        if _PAGE_NUMBER.match(text) and (line.size > body + 2 or in_bottom or line.bottom < 62 or at_edge):
            continue
        if in_bottom and line.size < body - 2.5:  # the 8pt running footer
            continue
        if repeated and _margin_key(line, page) in repeated:
            continue
        if small and line.bottom <= head_end + 1:
            continue
        if small and _CONTACT.match(normalise(text)):
            continue
        kept.append(line)
    return kept


def _near_page_number(text: str, page: int) -> bool:
    """'3', 'Page 3' or 'Page 3 of 9' on page 3 (or a page or two off: a cover page unnumbered)."""
    m = re.match(r"^(?:page\s+)?(\d{1,4})\b", text, re.I)
    return m is not None and abs(int(m.group(1)) - page) <= 2


def _is_contents_page(lines: list[Line], width: float, body: float) -> bool:
    """A contents page: a 'Contents' title and a column of page numbers at the right."""
    if not any(CONTENTS_TITLE.match(ln.text.strip()) and ln.size >= body for ln in lines):
        return False
    numbers = sum(1 for ln in lines if ln.text.strip().isdigit() and ln.x0 > width * 0.7)
    return numbers >= 3


def _attach_labels(lines: list[Line]) -> list[Line]:
    """Join a lone "12." or bullet glyph to the text line beside it (same baseline, right).

    The lines beside a label are looked up by their top (sorted once), so a damaged page of
    thousands of one-glyph lines costs seconds, not minutes."""
    labels = [ln for ln in lines if _NUMBER_LABEL.match(ln.text.strip()) or _is_glyph(ln.text)]
    if not labels:
        return lines
    label_ids = {id(ln) for ln in labels}
    others = sorted((ln.top, order, ln) for order, ln in enumerate(lines) if id(ln) not in label_ids)
    tops = [top for top, _, _ in others]
    used: set[int] = set()
    for label in labels:
        reach = 0.5 * label.height
        near = others[bisect.bisect_right(tops, label.top - reach):bisect.bisect_left(tops, label.top + reach)]
        beside = [(line.x0, order, line) for top, order, line in near
                  if abs(top - label.top) < reach and 0 <= line.x0 - label.x1 < 72]
        if not beside:
            continue
        best = min(beside, key=lambda candidate: candidate[:2])[2]  # the leftmost, the first of equals
        used.add(id(label))
        best.indent = best.x0
        best.x0 = label.x0
        if _is_glyph(label.text):
            best.bullet = True
        elif number := _NUMBER_LABEL.match(label.text.strip()):
            best.number = number.group(1) + "."
    return [ln for ln in lines if id(ln) not in used]


def _is_glyph(text: str) -> bool:
    """A bullet set as its own box: a glyph, or a dash or "o" standing alone."""
    stripped = text.strip()
    return len(stripped) == 1 and (stripped in BULLET_GLYPHS or stripped in "-\u2014o")


# Tables ---------------------------------------------------------------------------------


def _side_by_side(a: Line, b: Line) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    if overlap < 0.3 * min(a.height, b.height):
        return False
    gap = max(b.x0 - a.x1, a.x0 - b.x1)
    return gap > 5


def _tables(lines: list[Line]) -> list[Line]:
    """Replace runs of side-by-side lines by one synthetic line per table row."""
    ordered = sorted(lines, key=lambda ln: ln.top)
    paired = _paired(ordered)
    if not paired:
        return lines
    out: list[Line] = []
    region: list[Line] = []
    columns: list[float] = []

    def close() -> None:
        if region:
            out.extend(_table_rows(region, columns))
            region.clear()

    for line in ordered:
        if id(line) in paired:
            if not region:
                columns = []
                _take_cell_heads(out, region, line, [ln for ln in ordered if id(ln) in paired])
            region.append(line)
            columns.append(line.x0)
            continue
        if region and _continues_region(line, region, columns):
            region.append(line)
            continue
        close()
        out.append(line)
    close()
    return out


def _paired(ordered: list[Line]) -> set[int]:
    """The ids of the lines (sorted by top) that sit side by side with another."""
    paired: set[int] = set()
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.top > a.bottom:
                break
            if _side_by_side(a, b):
                paired.add(id(a))
                paired.add(id(b))
    return paired


def _take_cell_heads(out: list[Line], region: list[Line], line: Line, paired: list[Line]) -> None:
    """A cell's first line can sit above the row's other cells: move such lines from the end
    of `out` to the start of the table region that `line` opens."""
    left = min(ln.x0 for ln in paired if abs(ln.top - line.top) < 2)
    while out and not out[-1].row and line.top - out[-1].bottom < 0.45 * line.height \
            and out[-1].x0 >= left - 3 and out[-1].size == line.size:
        region.insert(0, out.pop())


def _continues_region(line: Line, region: list[Line], columns: list[float]) -> bool:
    """A wrapped cell line: starts inside a column of the table, close below the table."""
    last_bottom = max(ln.bottom for ln in region)
    if line.top - last_bottom > 0.45 * line.height:
        return False
    left = min(columns)
    return line.x0 >= left - 3 and line.size <= max(ln.size for ln in region) + 0.5


def _table_rows(region: list[Line], starts: list[float]) -> list[Line]:
    """Group a table's lines into rows (by vertical gaps) and cells (by column starts)."""
    cols = sorted(set(round(x) for x in starts))
    merged: list[float] = []
    for x in cols:
        if not merged or x - merged[-1] > 20:
            merged.append(x)
    region.sort(key=lambda ln: ln.top)
    rows: list[list[Line]] = []
    bottom = -1e9
    for line in region:
        if rows and line.top - bottom <= 0.45 * line.height:
            rows[-1].append(line)
        else:
            rows.append([line])
            bottom = line.bottom
        bottom = max(bottom, line.bottom)
    out = []
    for row in rows:
        cells: dict[int, list[Line]] = {}
        for line in row:
            col = max([i for i, x in enumerate(merged) if line.x0 >= x - 20] or [0])
            cells.setdefault(col, []).append(line)
        texts = [_join_lines([ln.text for ln in sorted(cells[c], key=lambda cell: cell.top)])
                 for c in sorted(cells)]
        first = min(row, key=lambda ln: (ln.top, ln.x0))
        out.append(Line(page=first.page, x0=min(ln.x0 for ln in row), x1=max(ln.x1 for ln in row),
                        top=min(ln.top for ln in row), bottom=max(ln.bottom for ln in row),
                        text=" | ".join(t for t in texts if t), size=first.size,
                        bold=all(ln.bold for ln in row), row=True, number=None))
    return out


# Blocks ---------------------------------------------------------------------------------


def _join_lines(texts: list[str]) -> str:
    """Join lines with a space; after a line-end hyphen keep the hyphen and add no space.

    Ofsted's line-end hyphens are real compounds ("multi-" + "agency"). The exception is a
    word split by typesetting ("chil-" + "dren", in some SEND letters): the hyphen goes
    when the document spells the whole word elsewhere and never hyphenates it mid-line."""
    out = ""
    for raw in texts:
        text = re.sub(r"\s+", " ", raw).strip()
        if not text:
            continue
        if not out:
            out = text
        elif out.endswith("-") and len(out) > 1 and out[-2] != " ":
            out = out[:-1] + text if _split_word(out, text) else out + text
        else:
            out += " " + text
    return out


def _split_word(before: str, after: str) -> bool:
    head = re.search(r"([A-Za-z]+)-$", before)
    tail = re.match(r"[A-Za-z]+", after)
    if not head or not tail:
        return False
    vocab = _VOCAB.get()
    whole = (head.group(1) + tail.group(0)).lower()
    return whole in vocab and f"{head.group(1)}-{tail.group(0)}".lower() not in vocab


def _is_heading_line(line: Line, body: float) -> bool:
    return (line.bold or line.size >= body + 1.5) and not line.row and len(line.text) < 160


@dataclass(slots=True)
class _Draft:
    kind: BlockKind | Literal["row"]
    lines: list[Line]
    number: str | None = None

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def last(self) -> Line:
        return self.lines[-1]


def _blocks(lines: list[Line], body: float) -> list[_Draft]:
    drafts: list[_Draft] = []
    cur: _Draft | None = None
    for line in lines:
        start = _starts_block(line, cur, body)
        if start is not None:
            cur = start
            drafts.append(cur)
        elif cur is not None:  # (the first line always opens a block)
            cur.lines.append(line)
    return drafts


def _starts_block(line: Line, cur: _Draft | None, body: float) -> _Draft | None:
    """None if `line` continues the current block, else the new block it opens."""
    text = line.text.strip()
    heading = _is_heading_line(line, body)
    if line.row:
        return _Draft("row", [line])
    if line.bullet or _PDF_BULLET.match(text) and _is_bullet_glyph_start(text):
        line.bullet = True
        return _Draft("bullet", [line])
    if line.number:
        return _Draft("numbered", [line], number=line.number)
    if cur is None or cur.kind == "row":
        return _new_plain(line, heading, outdented=True)
    prev = cur.last
    gap = line.top - prev.bottom
    if gap > _paragraph_gap(line.size) or gap < -0.5 * line.height:
        return _new_plain(line, heading, outdented=True)
    if heading != (cur.kind == "heading") or abs(line.size - prev.size) > 1:
        return _new_plain(line, heading, outdented=True)
    if cur.kind in ("bullet", "numbered"):
        # hanging-indent or flush continuation lines; a line left of the label starts anew
        if line.x0 < cur.first.x0 - 5:
            return _new_plain(line, heading, outdented=True)
        return None
    outdented = line.x0 < prev.x0 - 5
    if outdented or _INLINE_NUMBER.match(text) and line.x0 < prev.x0 - 5:
        return _new_plain(line, heading, outdented=True)
    return None


def _is_bullet_glyph_start(text: str) -> bool:
    """A glyph bullet, or a dash set apart by a tab (a dash in a sentence has one space)."""
    if len(text) < 2:
        return False
    if text[0] in "-\u2013":
        return bool(re.match(r"[-\u2013]\s{2,}\S", text))
    return text[0] in BULLET_GLYPHS


def _new_plain(line: Line, heading: bool, outdented: bool) -> _Draft:
    match = _INLINE_NUMBER.match(line.text.strip())
    if match and outdented and not heading:
        return _Draft("numbered", [line], number=match.group(1) + ".")
    return _Draft("heading" if heading else "paragraph", [line])


def _draft_text(draft: _Draft) -> str:
    texts = [ln.text for ln in draft.lines]
    first = texts[0].strip()
    if draft.kind == "bullet":
        first = _PDF_BULLET.sub("", first, count=1)
    elif draft.kind == "numbered" and draft.first.number is None:
        first = _INLINE_NUMBER.sub("", first, count=1)
    return _join_lines([first] + texts[1:])


def _to_block(draft: _Draft) -> Block | None:
    text = _draft_text(draft)
    if not text:
        return None
    kind = draft.kind
    if kind == "row":
        kind = "paragraph"
    elif kind == "heading" and len(text.split()) > 30:
        kind = "paragraph"
    first = draft.first
    return Block(kind=kind, text=text, norm=normalise(text), page=first.page,
                 size=first.size, bold=all(ln.bold for ln in draft.lines),
                 number=draft.number, x0=round(first.x0, 1), y0=round(first.top, 1))


def _join_across_page(blocks: list[Block], drafts: list[_Draft], body: float) -> None:
    """Append this page's blocks, first joining a block the page break cut in two."""
    new = [b for d in drafts if (b := _to_block(d)) is not None]
    if new and blocks and drafts and drafts[0].kind == "paragraph":
        idx = _last_body_block(blocks, body)
        if idx is not None and _continues(blocks[idx], drafts[0], new[0]):
            prev = blocks[idx]
            text = _join_lines([prev.text, new[0].text])
            blocks[idx] = Block(kind=prev.kind, text=text, norm=normalise(text), page=prev.page,
                                size=prev.size, bold=prev.bold and new[0].bold,
                                number=prev.number, x0=prev.x0, y0=prev.y0)
            new = new[1:]
    blocks.extend(new)


def _last_body_block(blocks: list[Block], body: float) -> int | None:
    """The last block of the previous page, looking past footnotes in small print."""
    last_page = blocks[-1].page
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        if block.page != last_page:
            return None
        if block.size is not None and block.size < body - 0.9:
            continue
        return i
    return None


def _continues(prev: Block, draft: _Draft, nxt: Block) -> bool:
    if prev.kind not in ("paragraph", "bullet", "numbered") or " | " in prev.text and prev.kind == "paragraph" and prev.bold:
        return False
    if prev.size is not None and abs((nxt.size or 0) - prev.size) > 1:
        return False
    unfinished = not _SENTENCE_END.search(prev.text) or nxt.text[:1].islower()
    if prev.kind in ("bullet", "numbered") and prev.x0 is not None:
        # Indented under the item's text: the item goes on, whether or not a sentence ended.
        return draft.first.x0 > prev.x0 + 5
    return unfinished


def _cut_boilerplate(blocks: list[Block]) -> list[Block]:
    """Drop the closing boilerplate: from its first block (on the last pages) to the end."""
    if not blocks:
        return blocks
    last_page = max(b.page or 0 for b in blocks)
    for i, block in enumerate(blocks):
        if (block.page or 0) >= last_page - 2 and _BOILERPLATE.match(block.norm):
            return blocks[:i]
    return blocks
