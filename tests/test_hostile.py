"""Hostile documents and hostile runs (issue 18): every command reads in the bounded worker,
the reader's guards, killing cf, a worker's crash, trickling pipes, the style file, and cf's
own memory over a batch."""
from __future__ import annotations

import resource
import time

import pytest

import pdfgen

# Each kind: a few kilobytes that, read naively, take gigabytes or for ever; and what the
# one error line says.
HOSTILE = {
    "cmap-range": (pdfgen.cmap_range_pdf, "character maps"),
    "nested-forms": (pdfgen.nested_forms_pdf, "forms"),
    "predictor": (pdfgen.predictor_pdf, "predictor"),
    "page-tree-cycle": (pdfgen.page_tree_cycle_pdf, "loop"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_the_reader_refuses_hostile_pdfs_quickly_in_little_memory(kind):
    from cf.summarise.errors import DocumentError
    from cf.summarise.pdf_pdfminer import read_pages

    make, words = HOSTILE[kind]
    data = make()
    assert len(data) < 6000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    with pytest.raises(DocumentError, match=words):
        read_pages(data, 200)
    assert time.monotonic() - start < 20  # seconds on a loaded machine; about 3 at most
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 200


def test_a_chain_of_references_that_ends_is_followed():
    """Only a loop is damage: an object that is a reference to another is allowed."""
    from cf.summarise.pdf_pdfminer import read_pages

    objects = pdfgen.objects_of(pdfgen.text_pdf([pdfgen.ofsted_like_lines()]))
    objects.append(objects[1])  # the page tree, moved to the end ...
    objects[1] = b"%d 0 R" % len(objects)  # ... and object 2 a reference to it
    count, pages = read_pages(pdfgen._assemble(objects), 200)
    assert count == 1 and any("Anytown" in line.text for line in pages[0].lines)


def test_ordinary_predictors_and_character_maps_read_as_before():
    from cf.summarise.pdf_pdfminer import read_pages

    for data in (pdfgen.predictor_pdf(columns=16), pdfgen.cmap_range_pdf(b"\x00\x41", b"\x00\x5a")):
        count, pages = read_pages(data, 200)
        assert any("Anytown" in line.text for line in pages[0].lines)
    _, pages = read_pages(pdfgen.nested_forms_pdf(depth=3, fanout=10), 200)  # 111 forms drawn
    assert any("Anytown" in line.text for line in pages[0].lines)
