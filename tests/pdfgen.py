"""Hand-written minimal PDFs for the bad-input tests (no binaries committed).

Each function returns the bytes of a small, valid PDF 1.4 file: uncompressed objects,
a correct cross-reference table and trailer. Encryption uses the standard security
handler, revision 2 (40-bit RC4), which every PDF reader, pdfminer included, supports."""
from __future__ import annotations

import hashlib
import re
import struct
import textwrap
from collections.abc import Iterable, Sequence

# The 32-byte padding string of the standard security handler (PDF 1.7, 7.6.3.3).
_PAD = bytes.fromhex(
    "28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A"
)
_FILE_ID = hashlib.md5(b"cf test pdf").digest()


def _escape(text: str) -> bytes:
    """A PDF literal string's body, in Latin-1 (the standard fonts' encoding)."""
    raw = text.encode("latin-1", "replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


class _Encryption:
    """Standard security handler R2: the /Encrypt values and per-object keys."""

    def __init__(self, user_password: str, owner_password: str) -> None:
        user = (user_password.encode("latin-1") + _PAD)[:32]
        owner = (owner_password.encode("latin-1") + _PAD)[:32]
        self.permissions = -44  # print and copy denied; any value works for reading
        self.o = _rc4(hashlib.md5(owner).digest()[:5], user)
        self.key = hashlib.md5(
            user + self.o + struct.pack("<i", self.permissions) + _FILE_ID
        ).digest()[:5]
        self.u = _rc4(self.key, _PAD)

    def object_key(self, num: int) -> bytes:
        return hashlib.md5(self.key + struct.pack("<i", num)[:3] + b"\x00\x00").digest()[:10]

    def dictionary(self) -> bytes:
        return (
            b"<< /Filter /Standard /V 1 /R 2 /O <" + self.o.hex().encode() + b"> /U <"
            + self.u.hex().encode() + b"> /P " + str(self.permissions).encode() + b" >>"
        )


def _stream(head: bytes, data: bytes) -> bytes:
    return head.rstrip(b" >") + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _assemble(objects: Sequence[bytes], encrypt: _Encryption | None = None) -> bytes:
    """Objects numbered from 1 (object 1 is the catalogue) -> a whole file with its xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    trailer_extra = b""
    if encrypt is not None:
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (len(objects) + 1) + encrypt.dictionary() + b"\nendobj\n"
        trailer_extra = b" /Encrypt %d 0 R" % (len(objects) + 1)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    ident = _FILE_ID.hex().encode()
    out += (
        b"trailer\n<< /Size %d /Root 1 0 R /ID [<%s> <%s>]%s >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(offsets) + 1, ident, ident, trailer_extra, xref_at)
    )
    return bytes(out)


def _text_content(lines: Iterable[str], size: int = 11) -> bytes:
    """A content stream laying out lines from the top of an A4 page, like an Ofsted letter.

    "# Heading" is set in bold 14 pt, other lines in `size` pt (wrapped to the page's width),
    and "" leaves a paragraph gap."""
    ops, y = [b"BT"], 770
    for line in lines:
        if not line:
            y -= 10
            continue
        font, pt, parts = (b"/F2", 14, [line[2:]]) if line.startswith("# ") else (
            b"/F1", size, textwrap.wrap(line, 80 * 11 // size) or [""])
        for part in parts:
            ops.append(b"%s %d Tf 1 0 0 1 72 %d Tm %s" % (font, pt, y, _show(part, font, pt)))
            y -= pt + max(1, pt * 4 // 11)
        if font == b"/F2":
            y -= 6
    ops.append(b"ET")
    return b"\n".join(ops)


def _show(text: str, font: bytes, pt: int) -> bytes:
    """Show `text`; a `{cid:N}` mark in it is glyph N of font /F3 (see undecodable_pdf)."""
    ops = []
    for i, part in enumerate(re.split(r"\{cid:(\d+)\}", text)):
        if i % 2:
            ops.append(b"/F3 %d Tf <%04X> Tj %s %d Tf" % (pt, int(part), font, pt))
        elif part:
            ops.append(b"(%s) Tj" % _escape(part))
    return b" ".join(ops)


def _document(contents: Sequence[bytes], encrypt: _Encryption | None = None,
              resources: bytes = b"<< /Font << /F1 3 0 R /F2 4 0 R >> >>",
              extra: Sequence[bytes] = ()) -> bytes:
    """Catalogue (1), page tree (2), fonts (3, 4), extra objects, then page/content pairs."""
    first_page = 5 + len(extra)
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(len(contents)))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(contents),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        *extra,
    ]
    for i, content in enumerate(contents):
        num = first_page + 2 * i
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
            + resources + b" /Contents %d 0 R >>" % (num + 1)
        )
        if encrypt is not None:
            content = _rc4(encrypt.object_key(num + 1), content)
        objects.append(_stream(b"<< >>", content))
    return _assemble(objects, encrypt)


def text_pdf(pages: Sequence[Sequence[str]]) -> bytes:
    """A PDF whose pages carry the given lines in Helvetica (a real text layer)."""
    return _document([_text_content(lines) for lines in pages])


def encrypted_pdf(pages: Sequence[Sequence[str]], user_password: str = "secret",
                  owner_password: str = "owner") -> bytes:
    """A text PDF encrypted with RC4-40; with a user password it cannot be opened without it."""
    enc = _Encryption(user_password, owner_password)
    return _document([_text_content(lines) for lines in pages], encrypt=enc)


def image_only_pdf(pages: int = 1) -> bytes:
    """A 'scanned' PDF: each page paints one greyscale image and has no text at all."""
    width = height = 16
    pixels = bytes((x * 16 + y * 8) % 256 for y in range(height) for x in range(width))
    image = _stream(
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 >>" % (width, height),
        pixels,
    )
    draw = b"q 451 0 0 698 72 72 cm /Im1 Do Q"
    return _document([draw] * pages, resources=b"<< /XObject << /Im1 5 0 R >> >>", extra=[image])


def ofsted_like_lines(authority: str = "Anytown") -> list[str]:
    """Lines shaped like a short Ofsted focused-visit letter (generic, not any real letter)."""
    return [
        "1 March 2024", "",
        "Dear Director", "",
        f"# Focused visit to {authority} local authority children's services",
        f"This letter summarises the findings of the focused visit to {authority} local "
        "authority children's services on 1 and 2 February 2024. The inspectors were "
        "Jane Smith, Her Majesty's Inspector, and John Brown, Her Majesty's Inspector.", "",
        "# Overview",
        f"Children in care in {authority} receive effective support from skilled social "
        "workers who know them well. Leaders have a good understanding of the service and "
        "have improved practice since the last inspection.", "",
        "However, the quality of supervision is inconsistent and plans for children are "
        "not always timely.", "",
        "# What needs to improve in this area of social work practice",
        "The quality and timeliness of care planning.", "",
        "# Findings",
        "Social workers visit children regularly and see them alone when appropriate.", "",
        "Children's views are sought and they influence their plans.", "",
        "Managers do not always record the reasons for their decisions.", "",
    ]


def many_pages_pdf(count: int = 300) -> bytes:
    """A long PDF: an Ofsted-shaped first page, then `count - 1` pages of short text."""
    pages = [ofsted_like_lines()]
    pages += [[f"Page {n}. Inspectors found that children are seen regularly."]
              for n in range(2, count + 1)]
    return text_pdf(pages)


def dense_pdf(pages: int = 200) -> bytes:
    """Slow to lay out: an Ofsted-shaped first page, then pages packed with small text."""
    sentence = "Inspectors found that social workers visit children regularly and know them well. "
    packed = [f"Paragraph {n}. " + sentence * 3 for n in range(45)]  # ~135 lines of 4 pt
    return _document([_text_content(ofsted_like_lines())] +
                     [_text_content(packed, size=4) for _ in range(pages - 1)])


def prose_pdf() -> bytes:
    """An ordinary PDF that is not an Ofsted document (a recipe)."""
    return text_pdf([[
        "Lemon drizzle cake",
        "Cream the butter and sugar together until pale and fluffy.",
        "Beat in the eggs one at a time, then fold in the flour and the zest of two lemons.",
        "Bake for forty-five minutes, and pour the lemon syrup over the cake while it is warm.",
        "Serve in slices with a cup of tea.",
    ]])


def _deflated(size: int, fill: bytes = b" ") -> bytes:
    """`size` bytes of `fill`, deflated in pieces (never all in memory): ~1000:1 for a run."""
    import zlib

    packer = zlib.compressobj(9)
    chunk = fill * (1 << 20 // len(fill))
    parts, left = [], size
    while left > 0:
        piece = chunk[:left]
        parts.append(packer.compress(piece))
        left -= len(piece)
    parts.append(packer.flush())
    return b"".join(parts)


def _lzw_zeros(size: int) -> bytes:
    """LZW codes (PDF LZWDecode, early change) for about `size` zero bytes, ~2500:1.

    After a clear code, code 0 and then each next free code (258, 259, ...) spell ever longer
    runs of zeros; once code 4095 holds 3838 of them, it is simply repeated."""
    codes: list[tuple[int, int]] = [(256, 9), (0, 9)]
    bits, length, made = 9, 258, 1
    for code in range(258, 4096):
        codes.append((code, bits))
        made += code - 256
        length += 1
        bits = {511: 10, 1023: 11, 2047: 12}.get(length, bits)
    codes += [(4095, 12)] * max(0, (size - made) // 3838 + 1)
    codes.append((257, 12))
    acc, nbits, out = 0, 0, bytearray()
    for code, width in codes:
        acc, nbits = (acc << width) | code, nbits + width
        while nbits >= 8:
            nbits -= 8
            out.append((acc >> nbits) & 0xFF)
        acc &= (1 << nbits) - 1
    if nbits:
        out.append((acc << (8 - nbits)) & 0xFF)
    return bytes(out)


def _runlength_zeros(size: int) -> bytes:
    """RunLength data for `size` zero bytes: 128 at a time, 64:1."""
    return b"\x81\x00" * (size // 128 + 1) + b"\x80"


def bomb_pdf(inflated: int, fill: bytes = b" ", lines: Sequence[str] | None = None,
             method: str = "flate") -> bytes:
    """A compression bomb: an Ofsted-shaped page whose second content stream decodes to
    about `inflated` bytes: of `fill` (white space by default, which a content parser skips
    quickly) as one FlateDecode stream about a thousandth of that size; or of zeros with
    method "lzw" (LZWDecode, ~1/2500) or "runlength" (RunLengthDecode, 1/64)."""
    text = _text_content(lines if lines is not None else ofsted_like_lines())
    if method == "flate":
        bomb = _stream(b"<< /Filter /FlateDecode >>", _deflated(inflated, fill))
    elif method == "lzw":
        bomb = _stream(b"<< /Filter /LZWDecode >>", _lzw_zeros(inflated))
    else:
        bomb = _stream(b"<< /Filter /RunLengthDecode >>", _runlength_zeros(inflated))
    return _assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
        b"<< /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents [6 0 R 7 0 R] >>",
        _stream(b"<< >>", text),
        bomb,
    ])


def undecodable_pdf(lines: Sequence[str]) -> bytes:
    """Text (as text_pdf) whose `{cid:N}` marks are drawn as glyph N of a composite font with
    no ToUnicode map, which pdfminer can only write as "(cid:N)" (a subset font without a
    Unicode table)."""
    cid_font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /SubsetFont /Encoding /Identity-H "
                b"/DescendantFonts [6 0 R] >>")
    descendant = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SubsetFont /DW 500 "
                  b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>")
    resources = b"<< /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> >>"
    return _document([_text_content(lines)], resources=resources, extra=[cid_font, descendant])


def mapped_glyphs_pdf(lines: Sequence[str], chars: dict[int, str]) -> bytes:
    """Text (as text_pdf) whose `{cid:N}` marks are glyph N of a composite font whose
    ToUnicode map gives it the character chars[N]: how a PDF carries characters the standard
    fonts cannot encode (a right-to-left override, a zero-width space)."""
    pairs = b"".join(b"<%04X> <%s>\n" % (cid, text.encode("utf-16-be").hex().upper().encode())
                     for cid, text in sorted(chars.items()))
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            b"%d beginbfchar\n%sendbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end"
            % (len(chars), pairs))
    cid_font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /SubsetFont /Encoding /Identity-H "
                b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>")
    descendant = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SubsetFont /DW 500 "
                  b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>")
    resources = b"<< /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> >>"
    return _document([_text_content(lines)], resources=resources,
                     extra=[cid_font, descendant, _stream(b"<< >>", cmap)])


def _page_with(resources: bytes, content: bytes, extra: Sequence[bytes]) -> bytes:
    """One A4 page (object 5 + len(extra)) whose resources name the extra objects 5, 6, ...:
    catalogue (1), page tree (2), Helvetica (3, 4), the extra objects, the page, its content."""
    page = 5 + len(extra)
    return _assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        *extra,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources
        + b" /Contents %d 0 R >>" % (page + 1),
        _stream(b"<< >>", content),
    ])


def cmap_range_pdf(first: bytes = b"\x00\x00\x00\x00", last: bytes = b"\xff\xff\xff\xff",
                   lines: Sequence[str] | None = None) -> bytes:
    """An Ofsted-shaped page with a composite font whose ToUnicode CMap maps the range
    <first> <last> in one bfrange line: 4 billion entries for the default range, which a
    reader that fills a table entry by entry cannot hold."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n"
            b"1 beginbfrange <" + first.hex().encode() + b"> <" + last.hex().encode()
            + b"> <0041> endbfrange\nendcmap CMapName currentdict /CMap defineresource pop end end")
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /Mapped /Encoding /Identity-H "
            b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>")
    descendant = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Mapped /DW 500 "
                  b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>")
    content = _text_content(lines if lines is not None else ofsted_like_lines())
    content = content.replace(b"ET", b"/F3 11 Tf 1 0 0 1 72 60 Tm <00410042> Tj ET")
    return _page_with(b"<< /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> >>", content,
                      [font, descendant, _stream(b"<< >>", cmap)])


def nested_forms_pdf(depth: int = 12, fanout: int = 10,
                     lines: Sequence[str] | None = None) -> bytes:
    """An Ofsted-shaped page that draws form XObject 1, which draws form 2 `fanout` times,
    and so on `depth` levels down to a form that shows a word: fanout ** depth words from a
    few kilobytes (no form draws itself, so a check for cycles never fires)."""
    forms = []
    for level in range(depth):
        first = 5 + level  # this form's object number; the next level's is first + 1
        if level == depth - 1:
            body, resources = b"BT /F1 1 Tf (word) Tj ET", b"<< /Font << /F1 3 0 R >> >>"
        else:
            body = b" ".join(b"/X Do" for _ in range(fanout))
            resources = b"<< /XObject << /X %d 0 R >> >>" % (first + 1)
        forms.append(_stream(b"<< /Resources " + resources + b" /Type /XObject /Subtype /Form "
                             b"/BBox [0 0 595 842] >>", body))
    content = _text_content(lines if lines is not None else ofsted_like_lines()) + b"\nq /X Do Q"
    return _page_with(b"<< /Font << /F1 3 0 R /F2 4 0 R >> /XObject << /X 5 0 R >> >>", content,
                      forms)


def predictor_pdf(columns: int = 1_000_000_000, lines: Sequence[str] | None = None) -> bytes:
    """An Ofsted-shaped page whose second content stream is a few bytes of Flate data with a
    PNG predictor (as images and cross-reference streams use) claiming rows of `columns`
    bytes: undoing the predictor sets aside a row that wide before reading any."""
    import zlib

    data = zlib.compress(b"\x02" + b" " * 15)
    tail = _stream(b"<< /DecodeParms << /Predictor 12 /Colors 1 /BitsPerComponent 8 /Columns %d >> "
                   b"/Filter /FlateDecode >>" % columns, data)
    text = _text_content(lines if lines is not None else ofsted_like_lines())
    return _assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
        b"<< /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents [6 0 R 7 0 R] >>",
        _stream(b"<< >>", text),
        tail,
    ])


def page_tree_cycle_pdf(lines: Sequence[str] | None = None) -> bytes:
    """An Ofsted-shaped page the catalogue cannot reach: its /Pages is object 2, whose whole
    value is a reference to the last object, whose value refers back to 2 (a reference cycle)."""
    objects = objects_of(text_pdf([lines if lines is not None else ofsted_like_lines()]))
    return _assemble(cycle(objects, 2))


def objects_of(pdf: bytes) -> list[bytes]:
    """The bodies of a pdfgen PDF's objects (numbered from 1), to change and put back
    together with `assemble`."""
    return [m.group(1) for m in re.finditer(rb"^\d+ 0 obj\n(.*?)\nendobj$", pdf, flags=re.S | re.M)]


def assemble(objects: Sequence[bytes]) -> bytes:
    """A whole PDF of these objects (object 1 the catalogue), with its cross-reference table."""
    return _assemble(objects)


def cycle(objects: Sequence[bytes], number: int) -> list[bytes]:
    """Object `number`'s value made a reference to a new last object, which refers back."""
    out = list(objects)
    out.append(b"%d 0 R" % number)
    out[number - 1] = b"%d 0 R" % len(out)
    return out
