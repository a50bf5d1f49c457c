"""A budget on how much data pdfminer may decompress from one PDF (compression bombs).

pdfminer.six decodes a stream in `PDFStream.decode` (pdfminer/pdftypes.py) with
`zlib.decompress(data)`, `lzwdecode(data)` and `rldecode(data)`, none of which has an output
limit, and keeps every decoded stream for the life of the document. A 1 MB FlateDecode stream
of zeros inflates to 1 GB (2.1 GB peak RSS measured), and pdfminer offers no setting to
stop it. So cf replaces those three names *inside pdfminer.pdftypes* with versions that
charge their output to a per-document budget and stop the moment it is spent:

- Flate: `zlib.decompressobj().decompress(data, max_length)` never produces more than
  max_length bytes, so an over-budget stream costs at most the budget, never its full size.
  A stream that ends early still raises zlib.error, as zlib.decompress does, so pdfminer's
  own recovery (`decompress_corrupted`, which uses decompressobj too) still runs, on budget.
- LZW: pdfminer's own decoder, charged code by code.
- RunLength: its output size is read from the run headers before decoding.

Two other things a few bytes can make pdfminer build are charged to the same budget:

- PNG predictors: undoing one sets aside a row of `/Columns` entries (about 9 bytes each)
  before reading any data, so `/Columns 1000000000` asks for 9 GB from a 30-byte stream.
  The row is charged first.
- Character maps (ToUnicode, embedded CMaps): pdfminer fills one table entry per code of a
  `bfrange` or `cidrange`, so `<00000000> <FFFFFFFF>` is four billion entries from one line.
  Each entry is charged (ENTRY_COST bytes); the corpus's largest document has 95.

Outside `budget()` (pdfminer used by anything else) the names behave exactly as before.
The other filters shrink their data (ASCII85, ASCIIHex) or are not decoded when text is
extracted (images: DCT, JPX, JBIG2, CCITT)."""
from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from cf.summarise.errors import DecompressedTooLarge, PdfOverLimit
from cf.summarise.limits import MB

# What one entry of a character map costs pdfminer: a dict slot, an int key, a short string
# (about 145 bytes, measured filling a million).
ENTRY_COST = 150
ROW_COST = 9  # a predictor's row: a list slot (8 bytes) and a byte per column

# What the budget was spent on -> how the error says it.
SPENT_ON = {
    "decoded": "its compressed contents expand to more than {mb:g} MB (a compression bomb?)",
    "predictor": "a stream's predictor claims rows needing more than {mb:g} MB",
    "cmap": "its fonts' character maps need more than {mb:g} MB",
}


class Budget:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit
        self.spent_out = False
        self.spent_on = "decoded"

    def take(self, n: int, on: str = "decoded") -> None:
        self.left -= n
        if self.left < 0:
            if not self.spent_out:
                self.spent_out, self.spent_on = True, on
            raise self.error()

    def error(self) -> PdfOverLimit:
        what = SPENT_ON[self.spent_on].format(mb=self.limit / MB)
        kind = DecompressedTooLarge if self.spent_on == "decoded" else PdfOverLimit
        return kind(f"{what}, more than cf reads from one PDF")


_BUDGET: ContextVar[Budget | None] = ContextVar("_BUDGET", default=None)


@contextmanager
def budget(limit: int | None) -> Iterator[Budget | None]:
    """Charge every stream pdfminer decodes inside this block to one budget of `limit` bytes."""
    if limit is None:
        yield None
        return
    install()
    current = Budget(limit)
    token = _BUDGET.set(current)
    try:
        yield current
    finally:
        _BUDGET.reset(token)


class _Decompressor:
    """zlib's decompress object, its output charged to the budget."""

    def __init__(self, inner: zlib._Decompress) -> None:
        self._inner = inner

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        current = _BUDGET.get()
        if current is None:
            return self._inner.decompress(data, max_length)
        cap = current.left + 1 if not max_length else min(max_length, current.left + 1)
        out = self._inner.decompress(data, max(cap, 1))
        current.take(len(out))
        return out

    def __getattr__(self, name: str) -> Any:  # flush, eof, unused_data, unconsumed_tail...
        return getattr(self._inner, name)


class _BoundedZlib:
    """What pdfminer.pdftypes sees as `zlib`."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    @staticmethod
    def decompressobj(*args: Any, **kwargs: Any) -> _Decompressor:
        return _Decompressor(zlib.decompressobj(*args, **kwargs))

    @staticmethod
    def decompress(data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = zlib.DEF_BUF_SIZE) -> bytes:
        if _BUDGET.get() is None:
            return zlib.decompress(data, wbits, bufsize)
        inflater = _BoundedZlib.decompressobj(wbits)
        out = inflater.decompress(data)
        if not inflater.eof:  # as zlib.decompress: a stream cut short is an error
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out


def _lzwdecode(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    current = _BUDGET.get()
    parts = []
    for part in LZWDecoder(io.BytesIO(data)).run():
        if current is not None:
            current.take(len(part))
        parts.append(part)
    return b"".join(parts)


def _rldecode(data: bytes) -> bytes:
    from pdfminer.runlength import rldecode

    current = _BUDGET.get()
    if current is not None:
        current.take(_runlength_size(data))
    return rldecode(data)


def _runlength_size(data: bytes) -> int:
    """The decoded size of RunLength data, from its length bytes alone (PDF 1.7, 7.4.5)."""
    size = i = 0
    while i < len(data) and data[i] != 128:
        n = data[i]
        if n < 128:
            size, i = size + n + 1, i + n + 2
        else:
            size, i = size + 257 - n, i + 2
    return size


def _png_predictor(pred: int, colors: int, columns: int, bitspercomponent: int, data: bytes) -> bytes:
    from pdfminer.utils import apply_png_predictor

    current = _BUDGET.get()
    if current is not None:
        current.take(ROW_COST * max(0, columns), on="predictor")  # the row set aside first
    out = apply_png_predictor(pred, colors, columns, bitspercomponent, data)
    if current is not None:
        current.take(len(out))
    return out


def _charged(add: Callable[..., None]) -> Callable[..., None]:
    """A character map's `add_...` method that charges each entry to the budget."""

    def add_entry(self: object, *args: Any) -> None:
        current = _BUDGET.get()
        if current is not None:
            current.take(ENTRY_COST, on="cmap")
        add(self, *args)

    return add_entry


_installed = False


def install() -> None:
    """Put the budgeted decoders in place of pdfminer.pdftypes' own names, and charge the
    character maps' entries (once)."""
    global _installed
    if _installed:
        return
    from pdfminer import cmapdb, pdftypes

    # pdfminer's own module-level names, replaced on purpose (their types are pdfminer's).
    pdftypes.zlib = _BoundedZlib  # type: ignore[attr-defined,assignment]
    pdftypes.lzwdecode = _lzwdecode  # type: ignore[attr-defined]
    pdftypes.rldecode = _rldecode  # type: ignore[attr-defined]
    pdftypes.apply_png_predictor = _png_predictor  # type: ignore[attr-defined]
    # Every table a CMap parser fills (the base class's no-op too: a range is walked
    # entry by entry even when nothing is kept).
    for cls in (cmapdb.CMapBase, cmapdb.FileUnicodeMap):
        cls.add_cid2unichr = _charged(cls.__dict__["add_cid2unichr"])  # type: ignore[method-assign]
    _installed = True
