"""The whole pipeline for one document: bytes in, Result out (no I/O)."""
from __future__ import annotations

import hashlib

from cf.models import Letter, Result, Source, Style
from cf.summarise.errors import NoFindings

DEFAULT_MAX_PAGES = 200


def read_letter(
    data: bytes, path: str, engine: str = "pdfminer", max_pages: int | None = DEFAULT_MAX_PAGES
) -> Letter:
    """Extract and structure one document (what `cf inspect` shows)."""
    from cf.summarise.extract import extract
    from cf.summarise.structure import structure

    extraction = extract(data, path, engine=engine, max_pages=max_pages)
    source = Source(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        pages=extraction.pages,
        engine=extraction.engine,
    )
    return structure(extraction, source)


def summarise(
    data: bytes,
    path: str,
    style: Style | None = None,
    engine: str = "pdfminer",
    max_pages: int | None = DEFAULT_MAX_PAGES,
) -> Result:
    """Read, analyse and compose one document into a story draft."""
    from cf.summarise.analyse import analyse
    from cf.summarise.compose import compose

    letter = read_letter(data, path, engine=engine, max_pages=max_pages)
    sentences = analyse(letter)
    summary = compose(letter, sentences, style or Style())
    if not summary.findings:
        raise NoFindings("no findings: nothing in this document reads as a finding to list "
                         "(is it an Ofsted letter or report, with its paragraphs intact?)")
    return Result(letter=letter, sentences=sentences, summary=summary)
