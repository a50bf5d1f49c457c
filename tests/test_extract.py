"""Extract stage on real Ofsted PDFs (a sample across kinds and years) and on bad input."""
from __future__ import annotations

import re
import zlib

import pytest

from cf.models import Extraction
from cf.summarise.errors import DamagedPdf, DocumentError, EmptyInput, EncryptedPdf, NotAPdf, NoTextLayer, TooManyPages
from cf.summarise.extract import BULLET_GLYPHS, decode_text, extract, is_pdf, normalise

from conftest import CORPUS, EXAMPLES

SAMPLE = {
    "southwark": "focused/southwark-2019-02-07.pdf",
    "focused2018": "focused/devon-2018-10-05.pdf",  # its letterhead sits lower than most
    "ilacs2014": "ilacs/bristol-2014-12-05.pdf",
    "ilacs2018": "ilacs/barnsley-2018-11-19.pdf",
    "ilacs2023": "ilacs/bristol-2023-03-10.pdf",
    "ilacs2026": "ilacs/brent-2026-06-17.pdf",
    "jtai": "jtai/sunderland-2023-03-16.pdf",
    "send": "send/dorset-2024-05-15.pdf",
}
SOUTHWARK = EXAMPLES / "southwark-2019-02-07.pdf"  # the corpus's copy, bundled
_cache: dict[str, Extraction] = {}


def read(key: str) -> Extraction:
    if key not in _cache:
        path = CORPUS / SAMPLE[key]
        _cache[key] = extract(path.read_bytes(), path.name)
    return _cache[key]


def texts(ex: Extraction, kind: str | None = None) -> list[str]:
    return [b.norm for b in ex.blocks if kind is None or b.kind == kind]


def whole(ex: Extraction) -> str:
    return "\n".join(texts(ex))


# Furniture ------------------------------------------------------------------------------

FURNITURE = [
    r"Piccadilly Gate", r"enquiries@ofsted\.gov\.uk", r"Textphone", r"www\.gov\.uk/ofsted",
    r"Open Government Licence", r"Crown copyright", r"in a different format",
    r"The Office for Standards in Education, Children's Services and Skills \(Ofsted\) regulates",
    r"Interested in our work", r"eepurl",
]


@pytest.mark.needs_corpus
@pytest.mark.parametrize("key", list(SAMPLE))
def test_no_furniture_survives(key):
    ex = read(key)
    body = whole(ex)
    for pattern in FURNITURE:
        assert not re.search(pattern, body), (key, pattern)
    for block in ex.blocks:
        assert not re.fullmatch(r"(?:page )?\d{1,3}(?: of \d+)?", block.norm, re.I), (key, block)
        assert block.text.strip() == block.text and block.text
        assert "(cid:" not in block.text


@pytest.mark.needs_corpus
@pytest.mark.parametrize("key", ["ilacs2023", "ilacs2026"])
def test_running_footer_removed(key):
    ex = read(key)
    title = ex.blocks[0]
    assert title.kind == "heading" and title.norm.startswith("Inspection of ")
    # the 8pt footer repeats the title on every page: it must appear only as the title
    assert sum(1 for t in texts(ex) if title.norm in t) == 1


@pytest.mark.needs_corpus
def test_send_header_and_footer_removed():
    body = whole(read("send"))
    assert "Local area partnership report" not in body
    assert "Area SEND inspection report:" not in body


@pytest.mark.needs_corpus
def test_contents_page_removed():
    ex = read("ilacs2014")
    assert "Contents" not in texts(ex)
    assert not any(b.page == 2 for b in ex.blocks)


# Blocks ---------------------------------------------------------------------------------


@pytest.mark.needs_corpus
def test_headings_found():
    heads = texts(read("southwark"), "heading")
    assert "Overview" in heads
    assert "What needs to improve in this area of social work practice" in heads
    assert "Findings" in heads
    assert "What needs to improve?" in texts(read("ilacs2023"), "heading")
    assert "What needs to improve?" in texts(read("ilacs2026"), "heading")  # footnote mark gone


@pytest.mark.needs_corpus
def test_wrapped_heading_is_joined():
    heads = texts(read("ilacs2023"), "heading")
    assert "The experiences and progress of children who need help and protection: requires improvement to be good" in heads
    assert "Inspection of Bristol local authority children's services" in heads


@pytest.mark.needs_corpus
def test_bullets_without_glyph():
    for key in SAMPLE:
        for block in read(key).blocks:
            assert block.text[0] not in BULLET_GLYPHS, (key, block.text[:40])
    bullets = texts(read("southwark"), "bullet")
    assert "The quality and timeliness of permanence planning." in bullets
    assert len(bullets) == 19
    # a hanging-indent bullet keeps its continuation lines
    assert ("The quality and consistency of recording, including of visits to children, "
            "supervision, and activity by independent reviewing officers (IROs).") in bullets
    assert sum(1 for b in read("ilacs2023").blocks if b.kind == "bullet") == 6


@pytest.mark.needs_corpus
def test_hyphenated_compound_kept():
    body = whole(read("southwark"))
    assert "coordinate multi-agency responses" in body
    assert "multi- agency" not in body and "multiagency" not in body
    assert "decision-making is not always appropriate" in whole(read("ilacs2023"))


@pytest.mark.needs_corpus
def test_page_break_continuation_joined():
    south = texts(read("southwark"), "bullet")
    # a bullet runs from page 4 to page 5
    assert any(t.startswith("Case audits seen by inspectors") and t.endswith(
        "what needed to be done to improve practice.") for t in south)
    bristol = {b.number: b for b in read("ilacs2023").blocks if b.kind == "numbered"}
    assert bristol["4."].norm.endswith("the police make that referral. In respect of children who do not meet "
                                       "the threshold, their information is not recorded by the local authority. "
                                       "This creates an inherent risk that information may not be available to "
                                       "inform the analysis of subsequent contacts about these children.")
    assert bristol["4."].page == 2


@pytest.mark.needs_corpus
def test_numbered_paragraphs_in_order():
    for key in ("ilacs2014", "ilacs2018", "ilacs2023", "ilacs2026"):
        numbers = [int(b.number.rstrip(".")) for b in read(key).blocks if b.kind == "numbered"]
        assert numbers, key
        assert numbers == list(range(1, len(numbers) + 1)), key
    bristol = [b for b in read("ilacs2023").blocks if b.kind == "numbered"]
    assert len(bristol) == 62
    assert bristol[0].text.startswith("The FAS, which acts as a ‘front door’")  # exact text, label removed


@pytest.mark.needs_corpus
def test_judgement_table_rows():
    rows = [t for t in texts(read("ilacs2023")) if " | " in t]
    assert rows[0] == "Judgement | Grade"
    assert "The impact of leaders on social work practice with children and families | Requires improvement to be good" in rows
    assert "The experiences and progress of care leavers | Good" in rows
    assert "Overall effectiveness | Requires improvement to be good" in rows
    old = texts(read("ilacs2014"))
    assert "1. Children who need help and protection | Requires improvement" in old
    assert "2.2 Experiences and progress of care leavers | Inadequate" in old
    assert ("The experiences and progress of children who need help and protection | Requires improvement"
            in old)


@pytest.mark.needs_corpus
def test_exact_and_normalised_text():
    block = next(b for b in read("southwark").blocks if b.text.startswith("Focused visit to"))
    assert block.text == "Focused visit to Southwark local authority children\u2019s services"
    assert block.norm == "Focused visit to Southwark local authority children's services"
    assert block.kind == "heading" and block.bold and block.page == 1


@pytest.mark.needs_corpus
def test_letters_keep_their_body():
    jtai = whole(read("jtai"))
    assert "Joint targeted area inspection of Sunderland" in jtai
    assert "Yours sincerely" in jtai
    send = whole(read("send"))
    assert "Information about the local area partnership" in send


@pytest.mark.needs_corpus
def test_engine_and_pages_reported():
    ex = read("southwark")
    assert ex.engine == "pdfminer" and ex.pages == 5 and ex.warnings == []


# Text input -----------------------------------------------------------------------------


def test_text_and_markdown():
    text = "# Overview\n\nFirst para line one\nline two.\n\n- a bullet\n- another bullet\n\nLast paragraph."
    ex = extract(text.encode(), "letter.md")
    assert [(b.kind, b.text) for b in ex.blocks] == [
        ("heading", "Overview"), ("paragraph", "First para line one line two."),
        ("bullet", "a bullet"), ("bullet", "another bullet"), ("paragraph", "Last paragraph.")]
    assert ex.engine == "text" and ex.pages is None


def test_text_utf16_and_bom():
    text = "Children\u2019s services are good.\n"
    assert extract(text.encode("utf-16"), "a.txt").blocks[0].text == text.strip()
    assert extract(b"\xef\xbb\xbf" + text.encode(), "a.txt").blocks[0].text == text.strip()
    assert decode_text("x".encode("utf-16-be") and b"\xfe\xff\x00x") == "x"


def test_invalid_utf8_is_refused():
    with pytest.raises(NotAPdf, match="not valid UTF-8"):
        extract(b"Children\xe2\x80 services are \xff good.", "a.txt")


def test_normalise():
    assert normalise("\ufb01ne \u2018quoted\u2019  \u201cdouble\u201d\u00a0x\n") == "fine 'quoted' \"double\" x"


# Bad input ------------------------------------------------------------------------------


def make_pdf(page_texts: list[str], encrypt: bool = False, image: bool = False) -> bytes:
    """A minimal valid PDF written by hand: one Helvetica line per page, or an image only."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    contents = []
    for text in page_texts:
        if image:
            stream = b"q 100 0 0 100 50 600 cm /Im1 Do Q"
        else:
            safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            stream = b"BT /F1 12 Tf 72 720 Td (" + safe.encode("latin-1") + b") Tj ET"
        contents.append(add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"))
    resources = b"/Font << /F1 %d 0 R >>" % font
    if image:
        pixels = zlib.compress(bytes(32 * 32 * 3))
        img = add(b"<< /Type /XObject /Subtype /Image /Width 32 /Height 32 /ColorSpace /DeviceRGB "
                  b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(pixels)
                  + pixels + b"\nendstream")
        resources += b" /XObject << /Im1 %d 0 R >>" % img
    pages_id = len(objects) + len(contents) + 1
    kids = [add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << %s >> "
                b"/Contents %d 0 R >>" % (pages_id, resources, c)) for c in contents]
    add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1 + encrypt, catalog)
    if encrypt:  # the standard security handler with a user password we do not know
        enc = add(b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <" + b"11" * 32
                  + b"> /U <" + b"22" * 32 + b"> >>")
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (enc, b"ab" * 16, b"ab" * 16)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_minimal_pdf_reads():
    ex = extract(make_pdf(["Children's services in Testshire are good."] * 2), "t.pdf")
    assert ex.pages == 2 and ex.blocks[0].norm == "Children's services in Testshire are good."


@pytest.mark.parametrize("data", [b"", b"   \n\t "])
def test_empty(data):
    with pytest.raises(EmptyInput):
        extract(data, "empty.pdf")


@pytest.mark.needs_corpus
def test_html_saved_as_pdf():
    bad = next((CORPUS / "bad").glob("*.pdf"))
    with pytest.raises(NotAPdf, match="HTML"):
        extract(bad.read_bytes(), bad.name)
    for name in ("page.pdf", "page.txt"):
        with pytest.raises(NotAPdf, match="HTML"):
            extract(b"\n  <!DOCTYPE html><html><body>Not found</body></html>", name)


def test_random_bytes():
    import random

    junk = bytes(random.Random(5).randrange(256) for _ in range(5000))
    with pytest.raises(NotAPdf) as info:
        extract(junk, "junk.pdf")
    assert "\n" not in str(info.value)
    with pytest.raises(NotAPdf):
        extract(junk, "junk.bin")


@pytest.mark.parametrize("fraction", [0.02, 0.3, 0.6, 0.95])
def test_truncated_pdf(fraction):
    data = SOUTHWARK.read_bytes()
    cut = data[: int(len(data) * fraction)]
    assert is_pdf(cut)
    try:
        ex = extract(cut, "cut.pdf")
    except DocumentError as error:  # typed, one line; pdfminer's own errors never escape
        assert isinstance(error, (DamagedPdf, NoTextLayer)), error
        assert "\n" not in str(error)
    else:
        assert isinstance(ex, Extraction)


def test_garbage_after_signature():
    with pytest.raises(DamagedPdf, match="damaged PDF"):
        extract(b"%PDF-1.7\n" + bytes(range(256)) * 20, "x.pdf")


def test_encrypted_pdf():
    with pytest.raises(EncryptedPdf, match="encrypted"):
        extract(make_pdf(["secret"], encrypt=True), "locked.pdf")


def test_image_only_pdf_needs_ocr():
    with pytest.raises(NoTextLayer, match="needs OCR"):
        extract(make_pdf(["", "", ""], image=True), "scan.pdf")


def test_too_many_pages_refused_before_layout(monkeypatch):
    import cf.summarise.pdf_pdfminer as engine

    data = make_pdf([f"Page {i} text." for i in range(300)])
    monkeypatch.setattr(engine, "_lines", lambda *a: pytest.fail("layout ran"))
    with pytest.raises(TooManyPages, match="has 300 pages, more than --max-pages 200"):
        extract(data, "big.pdf", max_pages=200)


def test_cid_warning():
    ex = extract(make_pdf(["(cid:12)(cid:13)" * 8 + " readable words here"] * 1), "cid.pdf")
    assert ex.warnings and "could not be decoded" in ex.warnings[0]


# The optional pdfium engine --------------------------------------------------------------


@pytest.mark.needs_corpus
@pytest.mark.parametrize("key", ["southwark", "ilacs2023", "jtai"])
def test_pdfium_gives_the_same_blocks(key):
    pytest.importorskip("pypdfium2")
    path = CORPUS / SAMPLE[key]
    fast = extract(path.read_bytes(), path.name, engine="pdfium")
    assert fast.engine == "pdfium" and fast.pages == read(key).pages
    assert [(b.kind, b.number, b.text) for b in fast.blocks] == \
        [(b.kind, b.number, b.text) for b in read(key).blocks]


def test_pdfium_bad_input():
    pytest.importorskip("pypdfium2")
    with pytest.raises(EncryptedPdf):
        extract(make_pdf(["secret"], encrypt=True), "locked.pdf", engine="pdfium")
    with pytest.raises(NoTextLayer):
        extract(make_pdf(["", ""], image=True), "scan.pdf", engine="pdfium")
    with pytest.raises(TooManyPages, match="has 300 pages"):
        extract(make_pdf(["x"] * 300), "big.pdf", engine="pdfium", max_pages=200)
    data = SOUTHWARK.read_bytes()
    with pytest.raises(DamagedPdf, match="truncated or corrupt"):
        extract(data[: len(data) // 2], "cut.pdf", engine="pdfium")


def test_pdfium_missing_is_explained(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pdfium(name, *args, **kwargs):
        if name.startswith("pypdfium2") or name.endswith("pdf_pdfium"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pdfium)
    monkeypatch.delitem(__import__("sys").modules, "cf.summarise.pdf_pdfium", raising=False)
    with pytest.raises(DocumentError, match=r"pip install 'cf\[fast\]'"):
        extract(make_pdf(["Some text here."]), "a.pdf", engine="pdfium")


def test_unknown_engine():
    with pytest.raises(DocumentError, match="unknown engine"):
        extract(make_pdf(["Some text here."]), "a.pdf", engine="magic")


@pytest.mark.parametrize("data, what", [
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "old Office document"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image; it needs OCR"),
])
def test_other_formats_named(data, what):
    with pytest.raises(NotAPdf, match=re.escape(what)):
        extract(data, "letter.pdf")


def test_scanned_pages_inside_a_text_pdf_are_warned_about():
    words = "Children in care receive effective support from their social workers. " * 8
    ex = extract(make_pdf([words, "", "", ""]), "partly-scanned.pdf")
    assert ex.blocks and any("3 of 4 pages have no text layer" in w and "pages 2-4" in w for w in ex.warnings)


def test_text_numbered_paragraphs_and_bomless_utf16():
    text = "Overview\n\n12. The first numbered paragraph\ncontinues here.\n\n13. Another one."
    for codec in ("utf-8", "utf-16-le", "utf-16-be"):
        blocks = extract(text.encode(codec), "report.txt").blocks
        assert [(b.kind, b.number, b.text) for b in blocks] == [
            ("heading", None, "Overview"),
            ("numbered", "12.", "The first numbered paragraph continues here."),
            ("numbered", "13.", "Another one.")], codec


def test_a_page_number_at_the_page_edge_is_furniture_wherever_the_margin():
    from cf.summarise.extract import _drop_furniture
    from cf.summarise.pdf_lines import Line, PageLines

    def line(top: float, text: str) -> Line:
        return Line(page=3, x0=72, x1=400, top=top, bottom=top + 12, text=text, size=11, bold=False)

    # A footer set high above the bottom margin: left in, it would be glued to the next
    # page's first words ("2 disabled children when ...").
    body = [line(80 + 14 * k, f"Children are seen regularly by their social workers, line {k}") for k in range(5)]
    page = PageLines(number=3, width=595, height=842, lines=[*body, line(720, "3")])
    assert [ln.text for ln in _drop_furniture(page, 11, set())] == [ln.text for ln in body]
    # a number that is not the page's stays (it is the text's)
    page = PageLines(number=3, width=595, height=842, lines=[*body, line(720, "17")])
    assert len(_drop_furniture(page, 11, set())) == 6
