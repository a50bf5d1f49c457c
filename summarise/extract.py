"""Extract stage: bytes (PDF or text) -> blocks in reading order, page furniture removed."""
from __future__ import annotations

import re
import unicodedata

from cf.models import Block, Extraction

BULLET_GLYPHS = "\uf06e\uf02d\uf0be\uf0a7\uf0b7\u25fc\u25aa\u25a0\u2022\u25cf\u2013\u00b7"
_TEXT_BULLET = re.compile(r"^\s*(?:[-*" + BULLET_GLYPHS + r"])\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def normalise(text: str) -> str:
    """The matching copy of a text: NFKC (folds ligatures), straight quotes, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def is_pdf(data: bytes) -> bool:
    return data.lstrip()[:5] == b"%PDF-"


def extract(
    data: bytes, name: str, engine: str = "pdfminer", max_pages: int | None = None
) -> Extraction:
    """Read a PDF (sniffed by its `%PDF-` signature) or a plain-text/Markdown document."""
    if is_pdf(data):
        raise NotImplementedError("PDF extraction")
    return extract_text(decode_text(data))


def decode_text(data: bytes) -> str:
    """Decode text input: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def _is_heading(line: str) -> bool:
    """A short line with no closing punctuation stands alone as a heading."""
    stripped = line.strip().lstrip("#").strip()
    return bool(stripped) and len(stripped.split()) <= 16 and not stripped.endswith((".", ",", ";", ":")) or line.lstrip().startswith("#")


def extract_text(text: str) -> Extraction:
    """Blank-line paragraphs, '- ' (or glyph) bullets, Markdown '#' headings."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [ln for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        current: list[str] = []
        kind = "paragraph"

        def flush() -> None:
            if current:
                joined = " ".join(s.strip() for s in current)
                blocks.append(Block(kind=kind, text=joined, norm=normalise(joined)))
                current.clear()

        for line in lines:
            if _TEXT_BULLET.match(line):
                flush()
                kind = "bullet"
                current.append(_TEXT_BULLET.sub("", line, count=1))
            elif len(lines) == 1 and _is_heading(line):
                kind = "heading"
                current.append(line.strip().lstrip("#").strip())
            else:
                if kind == "bullet" and not line.startswith((" ", "\t")) and current and current[-1].rstrip().endswith("."):
                    flush()
                    kind = "paragraph"
                current.append(line)
        flush()
    return Extraction(blocks=_join_continuations(blocks), pages=None, engine="text")


def _join_continuations(blocks: list[Block]) -> list[Block]:
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
