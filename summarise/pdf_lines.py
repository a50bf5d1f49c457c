"""What a PDF engine gives the extract stage: each page's text lines, with where they sit and
in what font. `pdf_pdfminer.py` and `pdf_pdfium.py` make them; `extract.py` rebuilds the
document's blocks from them, whichever engine read the file."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Line:
    """One text line as an engine sees it; `top`/`bottom` in points from the page's top."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float
    bold: bool
    number: str | None = None  # a numbered paragraph's label, attached from its own box
    bullet: bool = False
    row: bool = False  # a table row, already joined into cells
    indent: float | None = None  # x0 of the text after a label or glyph

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class PageLines:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)


def font_is_bold(fontname: str) -> bool:
    """'ABCDEF+Tahoma-Bold' and 'Tahoma,Bold' are bold: strip the subset prefix, test 'bold'."""
    name = fontname.split("+", 1)[-1].lower()
    return "bold" in name or "black" in name or "heavy" in name
