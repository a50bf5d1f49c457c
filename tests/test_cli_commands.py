"""`cf inspect` and `cf score` through the real entry point."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cf.cli.app import app
from cf.models import Assessment
from conftest import CORPUS, EXAMPLES

runner = CliRunner()
TXT = EXAMPLES / "southwark-2019-02-07.txt"
PDF = EXAMPLES / "southwark-2019-02-07.pdf"


def cf(*args: object, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


# ---------------------------------------------------------------- inspect


def test_inspect_text_shows_kind_metadata_and_sections():
    result = cf("inspect", PDF)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"{PDF}\n")
    assert "focused_visit" in out and "Southwark" in out and "sections (" in out
    assert "Overview" in out and "Findings" in out and " sentences " in out


def test_inspect_json_counts_every_sentence():
    result = cf("inspect", TXT, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["document"]["local_authority"] == "Southwark"
    assert data["source"]["engine"] == "text"
    assert sum(s["sentences"] for s in data["sections"]) == data["sentences"] > 30
    assert {"heading", "page", "blocks", "sentences"} <= set(data["sections"][0])


def test_inspect_several_files_with_a_bad_one(tmp_path):
    bad = tmp_path / "page.pdf"
    bad.write_bytes((CORPUS / "bad" / "rotherham-2012-08-10.pdf").read_bytes())
    result = cf("inspect", TXT, bad, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [d["status"] for d in data] == ["ok", "error"]
    assert result.stderr.startswith(f"cf: error: {bad}: ")


# ---------------------------------------------------------------- score

LINES = "Leaders have made good progress.\n\nPlans are not good enough [in places].\n   \nThe visit took place in May.\n"


def _fake_score(texts):
    return [Assessment("strength", 0.5, "strength", ("good",)) if "good progress" in t
            else Assessment("neutral", 0.0) for t in texts]


def test_score_jsonl_is_one_object_per_input_line_in_order(monkeypatch):
    import cf.summarise.score as score

    monkeypatch.setattr(score, "score_texts", _fake_score)
    result = cf("score", "-", "--format", "jsonl", input=LINES)
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(LINES.splitlines()) == 5
    assert [r["text"] for r in rows] == LINES.splitlines()
    assert rows[0]["label"] == "strength" and rows[0]["cues"] == ["good"]
    assert rows[1] == {"line": 2, "text": "", "label": "neutral", "lean": None, "score": 0.0, "cues": []}
    assert rows[3]["label"] == "neutral"
    assert all({"text", "label", "lean", "score", "cues"} <= set(r) for r in rows)


def test_score_with_the_real_scorer_reads_a_file(tmp_path):
    path = tmp_path / "sentences.txt"
    path.write_text(LINES, encoding="utf-8")
    result = cf("score", path)
    assert result.exit_code == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(rows) == 5 and all(len(r) == 5 for r in rows)
    assert rows[0][0] == "strength" and rows[2][0] in ("weakness", "mixed")
    assert rows[2][4] == "Plans are not good enough [in places]."


def test_score_table_on_a_terminal_keeps_brackets():
    result = cf("score", "-", input=LINES, env={"TTY_COMPATIBLE": "1", "COLUMNS": "160"})
    assert result.exit_code == 0, result.stderr
    assert "[in places]" in result.stdout and "label" in result.stdout


@pytest.mark.parametrize("data, words", [(b"\xff\xfe\x00\xd8", "UTF"), (b"ok\xc3\x28 text\n", "UTF-8")])
def test_score_rejects_undecodable_input_cleanly(data, words):
    result = cf("score", "-", input=data)
    assert result.exit_code == 1 and words in result.stderr
    assert "Traceback" not in result.stderr


def test_score_missing_file(tmp_path):
    result = cf("score", tmp_path / "nope.txt")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"cf: error: {tmp_path / 'nope.txt'}: ")


# ---------------------------------------------------------------- score a whole document


def test_score_a_pdf_judges_its_sentences_as_the_draft_does():
    result = cf("score", PDF, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    draft = cf("summarise", PDF, "--format", "json", "--explain", "--no-cache")
    assert draft.exit_code == 0, draft.stderr
    sentences = json.loads(draft.stdout)["sentences"]
    assert [r["line"] for r in rows] == list(range(1, len(rows) + 1))
    assert [(r["text"], r["section"], r["page"], r["label"], r["score"]) for r in rows] == \
        [(s["text"], s["section"], s["page"], s["label"], s["score"]) for s in sentences]
    assert {r["section"] for r in rows} >= {"Overview", "Findings"}
    assert all(isinstance(r["page"], int) for r in rows)


def test_score_a_text_document_in_place_with_document(tmp_path):
    rows = json.loads(cf("score", TXT, "--document", "--format", "json").stdout)
    inspected = json.loads(cf("inspect", TXT, "--format", "json").stdout)
    assert len(rows) == inspected["sentences"]
    assert {r["section"] for r in rows} == {s["heading"] for s in inspected["sections"]
                                             if s["sentences"]}
    # without --document the same file is one sentence a line
    lines = json.loads(cf("score", TXT, "--format", "json").stdout)
    assert len(lines) == len(TXT.read_text("utf-8").splitlines())
    assert "section" not in lines[0]


def test_score_a_document_in_a_pipe_and_on_a_terminal():
    tsv = cf("score", TXT, "-d")
    assert tsv.exit_code == 0, tsv.stderr
    rows = [line.split("\t") for line in tsv.stdout.splitlines()]
    assert rows and all(len(r) == 7 for r in rows)  # label lean score page section cues text
    assert any(r[4] == "Findings" for r in rows)
    table = cf("score", PDF, env={"TTY_COMPATIBLE": "1", "COLUMNS": "200"})
    assert table.exit_code == 0, table.stderr
    assert "section" in table.stdout and "page" in table.stdout


def test_score_a_document_from_standard_input_reads_a_pdf():
    result = cf("score", "-", "--format", "jsonl", input=PDF.read_bytes())
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0])["section"] is not None


def test_score_a_bad_document_is_one_clear_line(tmp_path):
    bad = tmp_path / "letter.pdf"
    bad.write_bytes((CORPUS / "bad" / "rotherham-2012-08-10.pdf").read_bytes())
    result = cf("score", bad)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"cf: error: {bad}: not a PDF")
    assert "Traceback" not in result.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = cf("score", empty, "--document")
    assert result.exit_code == 1 and result.stderr.startswith(f"cf: error: {empty}: ")
