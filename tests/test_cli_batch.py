"""Batches: worker processes, input order, JSONL as each finishes, bad files, time limits."""
from __future__ import annotations

import json
import multiprocessing
import os
import time

import pytest
from typer.testing import CliRunner

from cf.cli.app import app
from cf.cli.cache import Options
from cf.cli.runner import Job, Outcome, Pool
from cf.models import Style

from conftest import CORPUS, EXAMPLES

runner = CliRunner()
TXT = EXAMPLES / "southwark-2019-02-07.txt"
HTML_AS_PDF = CORPUS / "bad" / "rotherham-2012-08-10.pdf"
forked = pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                            reason="monkeypatched pipeline reaches workers only through fork")


def cf(*args: object, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


@pytest.fixture
def batch(tmp_path):
    """A good letter, an HTML page named .pdf and an empty file, in a folder."""
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "a-southwark.txt").write_bytes(TXT.read_bytes())
    (folder / "b-html-page.pdf").write_bytes(HTML_AS_PDF.read_bytes())
    (folder / "c-empty.txt").write_bytes(b"")
    return folder


@pytest.mark.needs_corpus
def test_batch_with_bad_files_completes_the_good_one_and_exits_1(batch):
    result = cf("summarise", batch, "--jobs", "2")
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("cf: error:")]
    assert len(errors) == 2
    assert any("b-html-page.pdf: " in ln and "HTML" in ln for ln in errors), errors
    assert any("c-empty.txt: " in ln and "empty" in ln for ln in errors), errors
    assert "Southwark" in result.stdout and "cf: error" not in result.stdout
    # The summary table on stderr: one row per file.
    for word in ("authority", "strengths", "weaknesses", "status", "a-southwark.txt", "Southwark"):
        assert word in result.stderr
    assert "1 of 3 done" in result.stderr


@pytest.mark.needs_corpus
def test_quiet_batch_has_no_table_but_keeps_errors(batch):
    result = cf("summarise", batch, "--jobs", "1", "--quiet")
    assert result.exit_code == 1
    assert "authority" not in result.stderr
    assert sum(ln.startswith("cf: error:") for ln in result.stderr.splitlines()) == 2


@pytest.mark.needs_corpus
def test_jsonl_batch_is_one_valid_object_per_input(batch):
    result = cf("summarise", batch, "--format", "jsonl", "--jobs", "2")
    assert result.exit_code == 1
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    by_name = {os.path.basename(o["source"]["path"]): o for o in objects}
    assert set(by_name) == {"a-southwark.txt", "b-html-page.pdf", "c-empty.txt"}
    assert by_name["a-southwark.txt"]["status"] == "ok"
    assert by_name["a-southwark.txt"]["document"]["local_authority"] == "Southwark"
    for name in ("b-html-page.pdf", "c-empty.txt"):
        assert by_name[name]["status"] == "error" and by_name[name]["error"]


def test_json_batch_is_a_list_in_input_order(tmp_path):
    first, second = tmp_path / "z-first.txt", tmp_path / "a-second.txt"
    first.write_bytes(TXT.read_bytes())
    second.write_bytes(TXT.read_bytes())
    result = cf("summarise", first, second, tmp_path / "missing.txt", "--format", "json", "--jobs", "2")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    assert [d["source"]["path"] for d in data] == [str(first), str(second), str(tmp_path / "missing.txt")]
    assert [d["status"] for d in data] == ["ok", "ok", "error"]


def test_a_folder_is_a_batch_even_with_one_file(tmp_path):
    (tmp_path / "only.txt").write_bytes(TXT.read_bytes())
    data = json.loads(cf("summarise", tmp_path, "--format", "json").stdout)
    assert isinstance(data, list) and len(data) == 1


def test_text_batch_prints_drafts_in_input_order_separated(tmp_path):
    names = ["b.txt", "a.txt"]
    for name in names:
        (tmp_path / name).write_bytes(TXT.read_bytes())
    result = cf("summarise", *(tmp_path / n for n in names), "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    drafts = result.stdout.split("\n---\n")
    assert len(drafts) == 2 and all("Southwark" in d for d in drafts)


# ---------------------------------------------------------------- the pool itself


def _slow_or_fast(data, path, **kwargs):
    if "slow" in path:
        time.sleep(60)
    if "crash" in path:
        os._exit(3)
    from cf.models import Result, Summary
    from cf.summarise.pipeline import read_letter

    letter = read_letter(data, path)
    return Result(letter=letter, sentences=[], summary=Summary(headline="h", lead="l"))


@forked
def test_pool_stops_a_slow_document_and_survives_a_dead_worker(monkeypatch):
    import cf.summarise.pipeline as pipeline

    monkeypatch.setattr(pipeline, "summarise", _slow_or_fast)
    monkeypatch.setattr("cf.cli.runner.warm_up", lambda *args: None)
    data = TXT.read_bytes()
    jobs = [Job(0, "slow.txt", data), Job(1, "crash.txt", data), Job(2, "fine.txt", data),
            Job(3, "fine-too.txt", data)]
    pool = Pool(size=2, options=Options(Style(), "pdfminer", 200), timeout=1.5)
    try:
        outcomes = {o.path: o for o in pool.run(jobs)}
    finally:
        pool.close(kill=True)
    assert "--timeout" in outcomes["slow.txt"].error
    assert "died" in outcomes["crash.txt"].error
    assert outcomes["fine.txt"].ok and outcomes["fine-too.txt"].ok
    assert not pool.workers


def test_pool_passes_finished_outcomes_through_without_workers():
    pool = Pool(size=2, options=Options(Style(), "pdfminer", 200), timeout=5)
    done = [Outcome(0, "a", doc={"x": 1}, cached=True), Outcome(1, "b", error="no", error_type="X")]
    assert [o.path for o in pool.run(done)] == ["a", "b"]
    assert not pool.workers, "no worker is started when nothing needs one"


def test_progress_only_when_stderr_is_a_terminal(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes(TXT.read_bytes())
    args = ["summarise", tmp_path / "a.txt", tmp_path / "b.txt", "-o", tmp_path / "out", "--jobs", "1"]
    logged = cf(*args)
    assert logged.exit_code == 0, logged.stderr
    assert "Summarising" not in logged.stderr and "\x1b[" not in logged.stderr
    shown = cf(*args, "--force", env={"TTY_COMPATIBLE": "1"})
    assert shown.exit_code == 0, shown.stderr
    assert "Summarising" in shown.stderr and shown.stdout == ""
