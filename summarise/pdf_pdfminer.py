"""pdfminer.six engine: PDF bytes -> text lines with position, font size and weight.

One parse and one layout analysis per document (the expensive part); the page count is read
from the page tree first so that an enormous PDF is refused before any layout work."""
from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cf.summarise.decompression_budget import budget
from cf.summarise.errors import DamagedPdf, DocumentError, EncryptedPdf, TooManyPages
from cf.summarise.limits import DEFAULT_MAX_DECODED
from cf.summarise.pdf_lines import Line, PageLines, font_is_bold

if TYPE_CHECKING:
    from pdfminer.layout import LAParams, LTPage, LTTextLine
    from pdfminer.pdfdocument import PDFDocument


def _laparams() -> LAParams:
    """pdfminer's defaults, stated so that a change in the library cannot move our geometry."""
    from pdfminer.layout import LAParams

    return LAParams(line_overlap=0.5, char_margin=2.0, line_margin=0.5, word_margin=0.1,
                    boxes_flow=0.5, detect_vertical=False, all_texts=False)


def read_pages(data: bytes, max_pages: int | None,
               max_decoded: int | None = DEFAULT_MAX_DECODED) -> tuple[int, list[PageLines]]:
    """Parse the PDF once; return the page count and each page's lines.

    Everything pdfminer decompresses is charged to one budget of `max_decoded` bytes."""
    try:
        with budget(max_decoded) as spent:
            result = _read_pages(data, max_pages)
        if spent is not None and spent.spent_out:  # pdfminer swallowed the budget's error
            raise spent.error()
        return result
    except (DocumentError, MemoryError):
        raise
    except RecursionError as error:  # deeply nested junk objects
        raise DamagedPdf("damaged PDF: its object structure is corrupt") from error
    except Exception as error:  # pdfminer raises many untyped errors on broken files
        raise DamagedPdf(f"damaged PDF: {_describe(error)}") from error


def _describe(error: Exception) -> str:
    text = " ".join(str(error).split())[:100]
    return f"it is truncated or corrupt ({type(error).__name__}{': ' + text if text else ''})"


def _read_pages(data: bytes, max_pages: int | None) -> tuple[int, list[PageLines]]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    parser = PDFParser(io.BytesIO(data))
    try:
        document = PDFDocument(parser)
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise EncryptedPdf("encrypted PDF: it needs a password to open") from error
    except Exception as error:
        if "encrypt" in type(error).__name__.lower() or "password" in str(error).lower():
            raise EncryptedPdf("encrypted PDF: it cannot be decrypted") from error
        raise
    count = _page_count(document)
    if max_pages is not None and count is not None and count > max_pages:
        raise TooManyPages(f"has {count} pages, more than --max-pages {max_pages}")
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=_laparams())
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[PageLines] = []
    for number, page in enumerate(PDFPage.create_pages(document), 1):
        if max_pages is not None and number > max_pages:
            raise TooManyPages(f"has more than {max_pages} pages, more than --max-pages {max_pages}")
        interpreter.process_page(page)
        layout = device.get_result()
        pages.append(PageLines(number, layout.width, layout.height, list(_lines(layout, number))))
    if not pages:
        raise DamagedPdf("damaged PDF: no pages could be read")
    return len(pages), pages


def _page_count(document: PDFDocument) -> int | None:
    """The /Count of the page tree: cheap, read before any layout analysis."""
    from pdfminer.pdftypes import resolve1

    try:
        pages = resolve1(document.catalog.get("Pages"))
        count = resolve1(pages.get("Count"))
        return int(count) if isinstance(count, int) else None
    except Exception:  # a broken tree is found out by the real walk
        return None


def _lines(layout: LTPage, page: int) -> Iterator[Line]:
    """Every horizontal text line with its dominant font (by characters) and geometry."""
    from pdfminer.layout import LTChar, LTContainer, LTTextLine

    height = layout.height
    stack = list(layout)
    while stack:
        item = stack.pop()
        if isinstance(item, LTTextLine):
            text = item.get_text()
            if not text.strip():
                continue
            fonts: dict[tuple[str, float], int] = {}
            for char in item:
                if isinstance(char, LTChar) and char._text != " ":
                    key = (char.fontname, round(char.size, 1))
                    fonts[key] = fonts.get(key, 0) + 1
            if not fonts:
                continue
            (font, size), _ = max(fonts.items(), key=lambda kv: kv[1])
            bold_chars = sum(n for (name, _s), n in fonts.items() if font_is_bold(name))
            if len(fonts) > 1 and any(s < 0.8 * size for _f, s in fonts):
                text = _without_footnote_marks(item, size)
            yield Line(page=page, x0=item.x0, x1=item.x1, top=height - item.y1,
                       bottom=height - item.y0, text=text.rstrip("\n"), size=size,
                       bold=bold_chars * 2 > sum(fonts.values()))
        elif isinstance(item, LTContainer):  # text boxes, figures: look inside
            stack.extend(item)


def _without_footnote_marks(line: LTTextLine, size: float) -> str:
    """Drop superscript footnote numbers ("improve?1"): digits set much smaller than the line."""
    from pdfminer.layout import LTChar

    return "".join(c.get_text() for c in line
                   if not (isinstance(c, LTChar) and c.size < 0.8 * size and c.get_text().isdigit()))
