"""`cf` through its real entry point (Typer's CliRunner): options, formats, streams, exit codes.

Assertions are on content and on which stream it went to, not on the draft's exact wording
(the composer is still changing)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cf.cli.app import app
from cf.cli.output import MANIFEST

from conftest import EXAMPLES, ROOT

runner = CliRunner()
TXT = EXAMPLES / "southwark-2019-02-07.txt"
PDF = EXAMPLES / "southwark-2019-02-07.pdf"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;[25])[;m]")

# The JSON contract's fields (docs/design.md): scripts rely on every one of them.
CONTRACT = {
    "": {"schema_version", "source", "document", "summary", "warnings"},
    "source": {"path", "sha256", "pages", "engine"},
    "document": {"kind", "title", "local_authority", "published", "visit_start", "visit_end",
                 "inspectors", "judgements", "monitoring_visit_number", "focus", "previous"},
    "summary": {"headline", "lead", "paragraphs", "findings_intro", "findings", "however",
                "strengths", "weaknesses",
                "recommendations", "recommendation_sentence", "quotes", "link_title", "text"},
}


def cf(*args: object, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


def ok(result) -> None:
    assert result.exit_code == 0, (result.exit_code, result.stderr, result.exception)
    assert "Traceback" not in result.stdout + result.stderr


# ---------------------------------------------------------------- help, version, usage


def test_help_lists_the_commands_and_the_exit_code_table():
    result = cf("--help")
    ok(result)
    for word in ("summarise", "inspect", "score", "Exit codes", "130", "interrupted", "Example"):
        assert word in result.stdout
    assert "--install-completion" not in result.stdout


@pytest.mark.parametrize("command", ["summarise", "inspect", "score"])
def test_every_command_has_help_with_an_example(command):
    result = cf(command, "--help")
    ok(result)
    assert "Example" in result.stdout and f"cf {command}" in result.stdout
    assert "Exit codes" in result.stdout


def test_version():
    result = cf("--version")
    ok(result)
    assert re.fullmatch(r"cf \d+\.\d+\.\d+\S*\n", result.stdout)


@pytest.mark.parametrize("args", [
    ["summarise", "--format", "docx", "x.txt"],
    ["summarise", "--jobs", "0", "x.txt"],
    ["summarise"],
    ["frobnicate"],
    ["summarise", "-", "-"],
])
def test_usage_errors_exit_2(args):
    result = cf(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr


# ---------------------------------------------------------------- the plain and styled paths


def test_plain_text_in_a_pipe_has_no_styling_and_no_hard_wrapping():
    result = cf("summarise", TXT)
    ok(result)
    out = result.stdout
    assert "Southwark" in out and "Ofsted" in out
    assert not ANSI.search(out)
    assert max(len(line) for line in out.splitlines()) > 100, "a long paragraph stays on one line"
    assert not any(line.endswith(" ") for line in out.splitlines()), "no padding"
    assert all(line.startswith("cf: warning: ") for line in result.stderr.splitlines())


def test_terminal_gets_the_styled_rendering():
    result = cf("summarise", TXT, env={"TTY_COMPATIBLE": "1", "COLUMNS": "100"})
    ok(result)
    assert COLOUR.search(result.stdout), "findings coloured"
    assert "╭" in result.stdout and "Southwark" in result.stdout


@pytest.mark.parametrize("how", [{"env": {"NO_COLOR": "1"}}, {"args": ["--no-color"]}])
def test_no_color_and_NO_COLOR_remove_colour_on_a_terminal(how):
    env = {"TTY_COMPATIBLE": "1", **how.get("env", {})}
    result = cf("summarise", TXT, *how.get("args", []), env=env)
    ok(result)
    assert "Southwark" in result.stdout
    assert not COLOUR.search(result.stdout), repr(result.stdout[:300])


def bracketed_letter(tmp_path: Path) -> Path:
    """The Southwark letter with markup-like text in every paragraph's first sentence."""
    text = TXT.read_text(encoding="utf-8")
    text = text.replace("Senior managers", "Senior managers [sic] :smile:")
    path = tmp_path / "brackets.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("env", [{}, {"TTY_COMPATIBLE": "1", "COLUMNS": "200"}])
def test_square_brackets_and_colons_in_a_letter_survive(tmp_path, env):
    result = cf("summarise", bracketed_letter(tmp_path), "--explain", env=env)
    ok(result)
    assert "Senior managers [sic] :smile:" in ANSI.sub("", result.stdout)
    assert "😄" not in result.stdout


def test_explain_on_a_terminal_lists_sentences_with_labels():
    result = cf("summarise", TXT, "--explain", env={"TTY_COMPATIBLE": "1", "COLUMNS": "160"})
    ok(result)
    plain = ANSI.sub("", result.stdout)
    assert "How each sentence was read" in plain
    assert re.search(r"\b(strength|weakness|mixed|neutral)\b", plain)


# ---------------------------------------------------------------- formats


def test_json_follows_the_contract():
    result = cf("summarise", TXT, "--format", "json")
    ok(result)
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    for part, keys in CONTRACT.items():
        have = set(data[part] if part else data)
        assert keys <= have, (part, keys - have)
    assert data["source"]["path"] == str(TXT)
    assert data["document"]["local_authority"] == "Southwark"
    assert data["document"]["kind"] == "focused_visit"
    assert "sentences" not in data
    assert result.stdout == json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def test_json_explain_carries_every_sentence():
    data = json.loads(cf("summarise", TXT, "--format", "json", "--explain").stdout)
    sentences = data["sentences"]
    assert len(sentences) > 30
    assert {"text", "section", "page", "label", "score", "cues"} <= set(sentences[0])
    assert {s["label"] for s in sentences} <= {"strength", "weakness", "mixed", "neutral"}


def test_jsonl_single_document_is_one_line():
    result = cf("summarise", TXT, "--format", "jsonl")
    ok(result)
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["summary"]["headline"]


def test_markdown_and_html_carry_the_same_draft():
    data = json.loads(cf("summarise", TXT, "--format", "json").stdout)
    md = cf("summarise", TXT, "--format", "markdown")
    page = cf("summarise", TXT, "--format", "html")
    ok(md), ok(page)
    headline = data["summary"]["headline"]
    assert md.stdout.startswith("# ")
    assert page.stdout.startswith("<h2>") and "</h2>" in page.stdout
    assert "<blockquote" not in page.stdout
    assert page.stdout.count("<li>") == len(data["summary"]["findings"])
    assert md.stdout.count("\n- ") == len(data["summary"]["findings"])
    # The headline, minus Markdown escapes and HTML entities, is in both.
    assert headline in md.stdout.replace("\\", "")
    assert headline.replace("&", "&amp;") in page.stdout


def test_pdf_and_text_give_a_draft_about_the_same_authority():
    result = cf("summarise", PDF, "--format", "json")
    ok(result)
    data = json.loads(result.stdout)
    assert data["document"]["local_authority"] == "Southwark"
    assert data["source"]["engine"] in ("pdfminer", "pdfium")
    assert data["summary"]["findings"]


# ---------------------------------------------------------------- stdin


def test_stdin_text_with_dash():
    result = cf("summarise", "-", "--format", "json", input=TXT.read_bytes())
    ok(result)
    data = json.loads(result.stdout)
    assert data["source"]["path"] == "-" and data["document"]["local_authority"] == "Southwark"


def test_stdin_pdf_is_sniffed():
    result = cf("summarise", "-", "--format", "json", input=PDF.read_bytes())
    ok(result)
    assert json.loads(result.stdout)["source"]["engine"] != "text"


def test_empty_stdin_is_a_clean_error():
    result = cf("summarise", "-", input=b"")
    assert result.exit_code == 1
    assert result.stderr.startswith("cf: error: -: ")
    assert result.stdout == ""


# ---------------------------------------------------------------- output files


def test_output_file_is_written_and_nothing_goes_to_stdout(tmp_path):
    target = tmp_path / "drafts" / "story.md"
    result = cf("summarise", TXT, "--format", "markdown", "-o", target)
    ok(result)
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# ")
    assert sorted(p.name for p in target.parent.iterdir()) == ["story.md"], "no temporary files"


def test_output_into_an_existing_folder_names_the_file_after_the_input(tmp_path):
    ok(cf("summarise", TXT, "--format", "html", "-o", tmp_path))
    assert (tmp_path / "southwark-2019-02-07.html").read_text(encoding="utf-8").startswith("<h2>")


def test_output_folder_for_several_inputs(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "sub" / "b.txt"
    b.parent.mkdir()
    a.write_bytes(TXT.read_bytes())
    b.write_bytes(TXT.read_bytes())
    out = tmp_path / "out"
    result = cf("summarise", a, b, "--format", "json", "-o", out, "--jobs", "1")
    ok(result)
    # (out lies inside a.txt's folder, so it is marked as cf's own: see test_names_and_outputs)
    assert sorted(p.name for p in out.iterdir() if p.name != ".cf-drafts") == ["a.json", "b.json", MANIFEST]
    assert json.loads((out / "b.json").read_text())["source"]["path"] == str(b)


def test_existing_output_needs_force(tmp_path):
    target = tmp_path / "story.txt"
    target.write_text("edited by hand", encoding="utf-8")
    refused = cf("summarise", TXT, "-o", target)
    assert refused.exit_code == 1
    assert "--force" in refused.stderr and refused.stderr.startswith(f"cf: error: {TXT}: ")
    assert target.read_text(encoding="utf-8") == "edited by hand"
    ok(cf("summarise", TXT, "-o", target, "--force"))
    assert "Southwark" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]


# ---------------------------------------------------------------- style


def test_style_file_changes_the_draft(tmp_path):
    style = tmp_path / "house.toml"
    style.write_text('findings_intro = "The report found:"\nmax_bullets = 5\n', encoding="utf-8")
    data = json.loads(cf("summarise", TXT, "--format", "json", "--style", style).stdout)
    assert data["summary"]["findings_intro"] == "The report found:"
    assert len(data["summary"]["findings"]) <= 5


def test_user_style_file_in_the_config_folder_is_used(monkeypatch, tmp_path):
    monkeypatch.setenv("CF_CONFIG_DIR", str(tmp_path))
    (tmp_path / "style.toml").write_text('[style]\nfindings_intro = "Ofsted highlighted:"\n')
    result = cf("summarise", TXT)
    ok(result)
    assert "Ofsted highlighted:" in result.stdout


@pytest.mark.parametrize("content, words", [
    ("findings_intro = ", "TOML"),
    ("colour = 'blue'\n", "unknown"),
    ("max_bullets = 'eight'\n", "max_bullets"),
])
def test_bad_style_file_is_a_usage_error_naming_the_file(tmp_path, content, words):
    style = tmp_path / "bad-style.toml"
    style.write_text(content, encoding="utf-8")
    result = cf("summarise", TXT, "--style", style)
    assert result.exit_code == 2
    assert result.stderr.startswith("cf: error: ") and "bad-style.toml" in result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr


def test_missing_style_file_is_a_usage_error(tmp_path):
    result = cf("summarise", TXT, "--style", tmp_path / "nope.toml")
    assert result.exit_code == 2 and "nope.toml" in result.stderr


# ---------------------------------------------------------------- errors and the top-level handler


def test_missing_input_is_reported_with_its_name(tmp_path):
    result = cf("summarise", tmp_path / "nope.pdf")
    assert result.exit_code == 1
    assert result.stderr == f"cf: error: {tmp_path / 'nope.pdf'}: no such file or folder\n"


def _explode(*args, **kwargs):
    raise RuntimeError("boom")


def test_unexpected_error_is_one_line_and_debug_reraises(monkeypatch):
    import cf.summarise.pipeline as pipeline

    monkeypatch.setattr(pipeline, "summarise", _explode)
    result = cf("summarise", TXT, "--no-cache")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"cf: error: {TXT}: internal error (RuntimeError: boom)")
    assert "Traceback" not in result.stderr
    debug = cf("summarise", TXT, "--no-cache", "--debug")
    assert isinstance(debug.exception, RuntimeError)


def _interrupt(*args, **kwargs):
    raise KeyboardInterrupt


def test_ctrl_c_exits_130(monkeypatch):
    import cf.summarise.pipeline as pipeline

    monkeypatch.setattr(pipeline, "summarise", _interrupt)
    result = cf("summarise", TXT, "--no-cache")
    assert result.exit_code == 130
    assert "interrupted" in result.stderr and "Traceback" not in result.stderr


def test_readme_documents_the_exit_codes_and_formats():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in ("| 0 ", "| 1 ", "| 2 ", "| 130 "):
        assert code in readme
    for fmt in ("text", "markdown", "html", "json", "jsonl"):
        assert f"`{fmt}`" in readme
    assert "CF_CACHE_DIR" in readme and "CF_CONFIG_DIR" in readme


def test_pdfium_engine_gives_the_same_authority():
    result = cf("summarise", PDF, "--engine", "pdfium", "--format", "json", "--no-cache")
    if "pypdfium2" in result.stderr:  # not installed: a usage error, tested below
        assert result.exit_code == 2
        return
    ok(result)
    data = json.loads(result.stdout)
    assert data["source"]["engine"] == "pdfium" and data["document"]["local_authority"] == "Southwark"


def test_missing_pdfium_is_a_usage_error_before_any_work(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "pypdfium2" else real(name, *a))
    result = cf("summarise", PDF, "--engine", "pdfium")
    assert result.exit_code == 2
    assert result.stderr == "cf: error: --engine pdfium needs pypdfium2: pip install 'cf[fast]'\n"


def test_format_follows_the_output_files_extension(tmp_path):
    ok(cf("summarise", TXT, "-o", tmp_path / "story.html"))
    assert (tmp_path / "story.html").read_text(encoding="utf-8").startswith("<h2>")
    ok(cf("summarise", TXT, "-o", tmp_path / "story.json"))
    assert json.loads((tmp_path / "story.json").read_text(encoding="utf-8"))["schema_version"] == 1
    ok(cf("summarise", TXT, "-o", tmp_path / "story.md", "--format", "text"))
    assert not (tmp_path / "story.md").read_text(encoding="utf-8").startswith("# ")
