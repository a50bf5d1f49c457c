"""README's own pipeline: `pdftotext letter.pdf - | cf summarise -` (issue 9, 2).

pdftotext writes no blank lines between paragraphs; cf rebuilds them from the shape of the
lines. The drafts are compared with the drafts from the PDFs on stored pdftotext output
(tests/data/pdftotext, so poppler is not needed here): the bundled examples and the first
corpus letter of each kind. Measured when written: 53 of 62 findings identical (85%): 30 of
30 for the examples, 23 of 32 for the corpus letters (the 2014 inspection report, in the old
framework, whose bold section headings end in colons, 0 of 8). benchmarks/
pdftotext_agreement.py measures bigger samples (84% and 79% of findings identical on two
samples of 34 and 28 documents)."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cf.cli.app import app
from cf.summarise.pipeline import summarise

from conftest import CORPUS, EXAMPLES

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "pdftotext"
TEXTS = sorted(DATA.glob("*.txt"))


def pdf_for(text: Path) -> Path:
    """The PDF the text was made from: in examples/, else in the corpus."""
    folder, stem = text.stem.split("--")
    bundled = EXAMPLES / f"{stem}.pdf"
    return bundled if folder == "examples" or bundled.exists() else CORPUS / folder / f"{stem}.pdf"


@cache
def findings(text: Path) -> tuple[list[str], list[str]]:
    """The findings of the draft from the pdftotext output, and from the PDF."""
    pdf = pdf_for(text)
    if not pdf.exists():
        pytest.skip(f"{pdf} is not here (../shared is missing)")
    from_text = summarise(text.read_bytes(), text.name).summary.findings
    from_pdf = summarise(pdf.read_bytes(), pdf.name).summary.findings
    return [f.text for f in from_text], [f.text for f in from_pdf]


def identical(text: Path) -> tuple[int, int]:
    ours, theirs = findings(text)
    return len(set(ours) & set(theirs)), len(theirs)


def test_fixtures_are_the_examples_and_one_letter_of_each_kind():
    assert len(TEXTS) == 8
    assert {t.stem.split("--")[0] for t in TEXTS} == {"examples", "focused", "ilacs", "jtai", "send"}


@pytest.mark.parametrize("text", [t for t in TEXTS if pdf_for(t).parent == EXAMPLES],
                         ids=lambda t: t.stem)
def test_each_example_gives_nearly_the_pdfs_findings(text):
    same, total = identical(text)
    assert same >= 0.8 * total, (same, total, findings(text))


@pytest.mark.parametrize("text", [t for t in TEXTS if pdf_for(t).parent == EXAMPLES],
                         ids=lambda t: t.stem)
def test_each_example_keeps_the_pdfs_recommendations_sentence(text):
    pdf = pdf_for(text)
    from_text = summarise(text.read_bytes(), text.name).summary.recommendation_sentence
    from_pdf = summarise(pdf.read_bytes(), pdf.name).summary.recommendation_sentence
    assert from_text == from_pdf


def test_lambeth_through_a_pipe_is_the_pdfs_draft():
    """Issue 19, 10: `pdftotext lambeth.pdf - | cf summarise -` lost the recommendations
    paragraph: the question heading before its list was read as the end of a paragraph."""
    text = (DATA / "examples--lambeth-2023-08-01.txt").read_bytes()
    piped = runner.invoke(app, ["summarise", "-", "--no-cache"], input=text)
    assert piped.exit_code == 0, piped.stderr
    assert piped.stdout == (EXAMPLES.parent / "tests" / "expected" / "lambeth-2023-08-01.pdf.txt").read_text(encoding="utf-8")


def test_a_question_heading_after_a_full_line_stands_alone():
    from cf.summarise.extract import extract_text

    wrapped = (
        "Overview\n"
        "Senior leaders have commenced a whole-scale review of the service, and this is already\n"
        "leading to positive change for some children and for their families in the borough.\n"
        "What needs to improve in this area of social work practice?\n"
        "\u25fc Effective transition arrangements for children's cases moving between teams.\n"
        "\u25fc Timely assessment and planning for children, including disabled children.\n"
        "Main findings\n"
        "Since the last inspection, there has been a strong focus by senior leaders on getting\n"
        "basic social work practice right for children in need of help and protection. Is it\n"
        "working? Most children now get the help they need when they need it, inspectors found.\n")
    blocks = [(b.kind, b.text) for b in extract_text(wrapped).blocks]
    assert ("heading", "What needs to improve in this area of social work practice?") in blocks, blocks
    assert [k for k, _ in blocks] == ["heading", "paragraph", "heading", "bullet", "bullet", "heading", "paragraph"], blocks


@pytest.mark.needs_corpus  # most of the texts are of corpus letters
def test_most_findings_are_the_pdfs_word_for_word():
    counts = [identical(text) for text in TEXTS]
    same, total = sum(c[0] for c in counts), sum(c[1] for c in counts)
    assert same >= 0.8 * total, counts
    assert all(findings(text)[0] for text in TEXTS), "every text draft has findings"


def test_text_without_blank_lines_gives_the_same_draft_through_cf():
    """`grep -v '^$' letter.txt | cf summarise -`: whole-paragraph lines, no blank lines."""
    letter = (EXAMPLES / "southwark-2019-02-07.txt").read_text(encoding="utf-8")
    squeezed = "\n".join(ln for ln in letter.splitlines() if ln.strip()) + "\n"
    piped = runner.invoke(app, ["summarise", "-", "--no-cache"], input=squeezed)
    direct = runner.invoke(app, ["summarise", str(EXAMPLES / "southwark-2019-02-07.txt"), "--no-cache"])
    assert piped.exit_code == 0, piped.stderr
    assert piped.stdout == direct.stdout


def test_pdftotext_page_furniture_and_contents_are_dropped():
    from cf.summarise.extract import extract_text

    page = ("{Who} visit children regularly and know them well. Managers check the\n"
            "work of their teams each month and act on what they find in {area}.\n"
            "Leaders have a good understanding of the service.\n"
            "Inspection of Anytown local authority children's services\n1 to 5 May 2023\n\n{n}\n\n")
    areas = [("Social workers", "the north"), ("Personal advisers", "the south"),
             ("Family support workers", "the east"), ("Independent visitors", "the west")]
    contents = "Contents\nOverview\n\n2\n\nFindings\n\n3\n\nNext steps\n\n4\n\n"
    pages = [page.format(Who=who, area=area, n=n) for n, (who, area) in enumerate(areas, 2)]
    texts = [b.text for b in extract_text(contents + "\f" + "\f".join(pages)).blocks]
    assert not any("Inspection of Anytown" in t or "May 2023" in t or t.isdigit() or t == "Contents"
                   or t == "Next steps" for t in texts), texts
    for who, area in areas:
        assert f"{who} visit children regularly and know them well. Managers check the work " \
               f"of their teams each month and act on what they find in {area}." in texts, texts


def test_paragraphs_rebuilt_from_line_shape():
    from cf.summarise.extract import extract_text

    wrapped = (
        "Overview\n"
        "Children in care receive effective support that helps many of them to achieve good\n"
        "outcomes. Leaders have a good understanding of the areas where improvements are\n"
        "still required.\n"
        "The quality of planning is improving, although improvements are not yet embedded in\n"
        "practice. This has resulted in delays for a small minority of children in Anytown.\n"
        "What needs to improve in this area of social work practice\n"
        "\uf06e The quality and timeliness of permanence planning.\n"
        "\uf06e The quality and consistency of recording, including of visits to children,\n"
        "supervision, and activity by independent reviewing officers.\n"
        "Findings\n"
        "1.\n\n"
        "Social workers know their children well and visit them regularly, and they are\n"
        "persistent in building relationships.\n")
    blocks = [(b.kind, b.number, b.text) for b in extract_text(wrapped).blocks]
    expected = [
        ("heading", None, "Overview"),
        ("paragraph", None, "Children in care receive"),
        ("paragraph", None, "The quality of planning"),
        ("heading", None, "What needs to improve"),
        ("bullet", None, "The quality and timeliness"),
        ("bullet", None, "The quality and consistency"),
        ("heading", None, "Findings"),
        ("numbered", "1.", "Social workers know"),
    ]
    assert [(k, n) for k, n, _ in blocks] == [(k, n) for k, n, _ in expected], blocks
    assert all(t.startswith(e) for (_, _, t), (_, _, e) in zip(blocks, expected, strict=True)), blocks
    assert blocks[2][2].endswith("small minority of children in Anytown.")
    assert blocks[5][2].endswith("independent reviewing officers.")


@pytest.mark.parametrize("text", [
    "Ofsted report\n",
    "Focused visit to Anytown local authority children's services\n\nThe cat sat on the mat.\n",
])
def test_a_draft_with_no_findings_is_an_error(text):
    result = runner.invoke(app, ["summarise", "-", "--no-cache", "--format", "json"], input=text)
    assert result.exit_code == 1
    assert result.stderr.startswith("cf: error: -: no findings")
    assert '"status": "error"' in result.stdout and '"error_type": "NoFindings"' in result.stdout
