"""`-o` with several inputs (issue 19, 4 and 5): a file is one file holding what standard
output would get, failed inputs included; a folder gets one file per input and a manifest
line per input; a name whose extension cf has no format for is a usage error."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cf.cli.app import app
from cf.cli.output import MANIFEST

from conftest import EXAMPLES

runner = CliRunner()
GOOD_TEXT = EXAMPLES / "southwark-2019-02-07.txt"


def cf(*args, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


@pytest.fixture
def letters(tmp_path):
    """A folder of three inputs: a letter, an empty file and a note that is no letter."""
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "southwark.txt").write_bytes(GOOD_TEXT.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "note.txt").write_text("Remember to buy milk.\n", encoding="utf-8")
    return folder


def test_jsonl_file_for_a_batch_is_one_file_with_a_line_per_input_failed_ones_too(tmp_path, letters):
    target = tmp_path / "drafts.jsonl"
    result = cf("summarise", letters, "-o", target, "--jobs", "1")
    assert result.exit_code == 1, result.stderr  # two inputs failed
    assert result.stdout == ""
    lines = [json.loads(ln) for ln in target.read_text(encoding="utf-8").splitlines()]
    by_name = {ln["source"]["path"].rsplit("/", 1)[-1]: ln for ln in lines}
    assert sorted(by_name) == ["empty.txt", "note.txt", "southwark.txt"]
    assert by_name["southwark.txt"]["status"] == "ok"
    assert by_name["empty.txt"]["status"] == by_name["note.txt"]["status"] == "error"
    assert by_name["empty.txt"]["error"] == "the file is empty"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drafts.jsonl", "letters"], "no folder, no temporary file"


def test_json_and_markdown_files_for_a_batch_hold_what_standard_output_would(tmp_path, letters):
    ok_only = tmp_path / "ok"
    ok_only.mkdir()
    (ok_only / "a.txt").write_bytes(GOOD_TEXT.read_bytes())
    (ok_only / "b.txt").write_bytes(GOOD_TEXT.read_bytes())
    cf("summarise", letters, "-o", tmp_path / "all.json", "--jobs", "1")
    listed = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert [d["status"] for d in listed] == ["error", "error", "ok"]  # input order: empty, note, southwark
    result = cf("summarise", ok_only, "-o", tmp_path / "all.md", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    markdown = (tmp_path / "all.md").read_text(encoding="utf-8")
    assert markdown.count("\n---\n") == 1 and markdown.count("# Children in care") == 2


def test_a_batchs_one_file_is_never_overwritten_without_force(tmp_path, letters):
    target = tmp_path / "drafts.jsonl"
    target.write_text("kept\n", encoding="utf-8")
    refused = cf("summarise", letters, "-o", target, "--jobs", "1")
    assert refused.exit_code == 1
    assert refused.stderr == f"cf: error: {target}: already exists (use --force to overwrite it)\n"
    assert target.read_text(encoding="utf-8") == "kept\n"
    cf("summarise", letters, "-o", target, "--jobs", "1", "--force")
    assert len(target.read_text(encoding="utf-8").splitlines()) == 3


def test_a_folder_gets_a_manifest_line_per_input_that_the_next_run_does_not_read(tmp_path, letters):
    out = tmp_path / "drafts"
    result = cf("summarise", letters, "-o", f"{out}/", "--jobs", "1")
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "southwark.txt"]
    lines = [json.loads(ln) for ln in (out / MANIFEST).read_text(encoding="utf-8").splitlines()]
    assert [ln["source"] for ln in lines] == [str(letters / n) for n in ("empty.txt", "note.txt", "southwark.txt")]
    assert [ln["status"] for ln in lines] == ["error", "error", "ok"]
    assert lines[0]["error"] == "the file is empty" and lines[0]["output"] is None
    assert lines[2]["output"] == str(out / "southwark.txt") and lines[2]["error"] is None
    assert set(lines[1]) == {"source", "status", "output", "error", "error_type"}

    again = cf("summarise", out, "--format", "jsonl", "--jobs", "1")  # the drafts, not the manifest
    assert [json.loads(ln)["source"]["path"] for ln in again.stdout.splitlines()] == [str(out / "southwark.txt")]


@pytest.mark.parametrize("name", ["story.docx", "story.PDF", "drafts.v2"])
def test_an_extension_cf_has_no_format_for_is_a_usage_error_listing_the_formats(tmp_path, name):
    result = cf("summarise", GOOD_TEXT, "-o", tmp_path / name, "--no-cache")
    assert result.exit_code == 2
    assert all(f"({fmt})" in result.stderr for fmt in ("text", "markdown", "html", "json", "jsonl"))
    assert list(tmp_path.iterdir()) == []


def test_names_cf_knows_choose_the_format_and_folders_may_have_dots(tmp_path):
    assert cf("summarise", GOOD_TEXT, "-o", tmp_path / "story.markdown", "--no-cache").exit_code == 0
    assert (tmp_path / "story.markdown").read_text(encoding="utf-8").startswith("# ")
    dotted = tmp_path / "drafts.2024"
    dotted.mkdir()
    assert cf("summarise", GOOD_TEXT, "-o", dotted, "--no-cache").exit_code == 0
    assert (dotted / "southwark-2019-02-07.txt").exists()
