"""pdfminer.six engine: PDF bytes -> text lines with position, font size and weight.

One parse and one layout analysis per document (the expensive part); the page count is read
from the page tree first so that an enormous PDF is refused before any layout work.

Guards against a few bytes that make pdfminer work for ever (limits on top of the budget in
decompression_budget.py, each far past anything in the corpus):
- an object whose whole value is a reference to another, round in a loop (`2 0 obj 3 0 R`,
  `3 0 obj 2 0 R`): pdfminer's `resolve1` follows it for ever. It is a damaged PDF, at once.
- a page drawing forms that draw forms (ten times each, twelve deep: a trillion words from
  4 KB): at most MAX_FORMS form XObjects drawn per page (the corpus: 8) and MAX_ITEMS
  characters, lines and images laid out per page (the corpus: 3,886)."""
from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cf.summarise.decompression_budget import budget
from cf.summarise.errors import DamagedPdf, DocumentError, EncryptedPdf, PdfOverLimit, TooManyPages
from cf.summarise.limits import DEFAULT_MAX_DECODED
from cf.summarise.pdf_lines import Line, PageLines, font_is_bold

if TYPE_CHECKING:
    from pdfminer.layout import LAParams, LTPage, LTTextLine
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFResourceManager

MAX_FORMS = 2_000  # form XObjects drawn on one page (about 1 s of work)
MAX_ITEMS = 100_000  # characters, lines and images laid out on one page (about 80 MB, 8 s)
LOOP = "damaged PDF: its objects refer to each other in a loop"


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
    except _Loop as error:
        raise DamagedPdf(LOOP) from error
    except RecursionError as error:  # deeply nested junk objects
        raise DamagedPdf("damaged PDF: its object structure is corrupt") from error
    except Exception as error:  # pdfminer raises many untyped errors on broken files
        raise DamagedPdf(f"damaged PDF: {_describe(error)}") from error


def _describe(error: Exception) -> str:
    text = " ".join(str(error).split())[:100]
    return f"it is truncated or corrupt ({type(error).__name__}{': ' + text if text else ''})"


def _read_pages(data: bytes, max_pages: int | None) -> tuple[int, list[PageLines]]:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    parser = PDFParser(io.BytesIO(data))
    try:
        document = _guarded_document()(parser)
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
    device, interpreter = _guarded_reader(manager)
    pages: list[PageLines] = []
    for number, page in enumerate(PDFPage.create_pages(document), 1):
        if max_pages is not None and number > max_pages:
            raise TooManyPages(f"has more than {max_pages} pages, more than --max-pages {max_pages}")
        device.new_page()
        interpreter.process_page(page)
        if device.over:  # pdfminer may have swallowed the guard's error
            raise PdfOverLimit(device.over)
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
    except _Loop:
        raise
    except Exception:  # a broken tree is found out by the real walk
        return None


class _Loop(Exception):
    """Objects whose values refer to each other in a loop."""


def _guarded_document() -> type[PDFDocument]:
    """pdfminer's PDFDocument, whose objects that are only a reference to another object
    are followed here, to the end of the chain: a chain that comes round again raises _Loop
    (pdfminer's own resolve1 would follow it for ever)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdftypes import PDFObjRef

    class GuardedDocument(PDFDocument):
        def getobj(self, objid: int) -> object:
            seen = {objid}
            obj = super().getobj(objid)
            while isinstance(obj, PDFObjRef):
                if obj.objid in seen:
                    raise _Loop(objid)
                seen.add(obj.objid)
                obj = super().getobj(obj.objid)
            return obj

    return GuardedDocument


def _guarded_reader(manager: PDFResourceManager) -> tuple[Any, Any]:
    """pdfminer's layout device and interpreter, counting on the device (which the
    interpreters of nested forms share) what one page draws: past MAX_ITEMS laid-out items
    or MAX_FORMS forms drawn, the page, and so the document, fails."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter

    class Device(PDFPageAggregator):
        items = forms = 0
        over = ""

        def new_page(self) -> None:
            self.items = self.forms = 0

        def fail(self, what: str) -> None:
            self.over = f"a page draws more than {what}, more than cf reads from one page"
            raise PdfOverLimit(self.over)

        def _count(self) -> None:
            self.items += 1
            if self.items > MAX_ITEMS:
                self.fail(f"{MAX_ITEMS:,} characters and shapes")

        def render_char(self, *args: Any, **kwargs: Any) -> float:
            self._count()
            return super().render_char(*args, **kwargs)

        def paint_path(self, *args: Any, **kwargs: Any) -> None:
            self._count()
            super().paint_path(*args, **kwargs)

        def render_image(self, *args: Any, **kwargs: Any) -> None:
            self._count()
            super().render_image(*args, **kwargs)

    class Interpreter(PDFPageInterpreter):
        device: Device

        def do_Do(self, xobjid_arg: Any) -> None:
            self.device.forms += 1
            if self.device.forms > MAX_FORMS:
                self.device.fail(f"{MAX_FORMS:,} forms (forms drawing forms?)")
            super().do_Do(xobjid_arg)

    device = Device(manager, laparams=_laparams())
    return device, Interpreter(manager, device)


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
