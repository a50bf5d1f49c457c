"""Typed errors for input the pipeline cannot read; the CLI maps them to messages and exit codes."""


class DocumentError(Exception):
    """The input cannot be summarised; str(error) says what is wrong, in one line."""


class EmptyInput(DocumentError):
    pass


class NotAPdf(DocumentError):
    """Bytes that are neither a PDF nor readable text (HTML saved as .pdf, binaries)."""


class DamagedPdf(DocumentError):
    """A PDF that pdfminer cannot parse (truncated download, corrupt xref)."""


class EncryptedPdf(DocumentError):
    pass


class NoTextLayer(DocumentError):
    """A scanned PDF: images only, needs OCR."""


class TooManyPages(DocumentError):
    pass


class NoFindings(DocumentError):
    """The composed draft has no findings list: a story without its substance is a failure,
    never a silent success (text that lost its paragraphs, a document that is not a letter)."""


class PdfOverLimit(DocumentError):
    """A PDF that needs more than cf allows one document: decoded data, character maps and
    predictor rows past the budget (summarise/decompression_budget.py), or a page drawing more than a
    page may (summarise/pdf_pdfminer.py)."""


class DecompressedTooLarge(PdfOverLimit):
    """A PDF whose compressed streams expand beyond the budget (summarise/decompression_budget.py)."""


class NotAnOfstedDocument(DocumentError):
    pass
