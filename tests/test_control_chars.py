"""Terminal escape sequences and other control characters never pass through (issue 9, 1).

Not to a terminal, not into a draft in any format, not into a file name, not into an error
line or the batch table, and not unescaped into JSON strings. pdfminer's "(cid:NN)"
placeholders for undecodable glyphs do not reach a draft either."""
from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from cf.cli.app import app
from cf.cli.output import MANIFEST
from cf.summarise import control_chars

import pdfgen
from conftest import EXAMPLES

runner = CliRunner()
LETTER = (EXAMPLES / "southwark-2019-02-07.txt").read_text(encoding="utf-8")
# C0 but tab and newline, DEL, and C1 (U+009B is a one-character CSI).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SGR = re.compile("\x1b\\[[0-9;]*m")  # cf's own colours on a styled terminal
# ESC sequences of every family, a C1 CSI, a BEL and a backspace. (A NUL makes a text
# file binary data, refused before this matters.)
HOSTILE = ("\x1b[2J", "\x1b]0;pwned\x07", "\x1b[31m", "\x9b2J", "\x1bP1;2|secret\x1b\\", "\x07",
           "\x08", "\x1bc")


def cf(*args, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


def hostile_letter() -> str:
    """The Southwark letter with escapes in its title (so in the authority and headline) and
    in sentences a draft quotes."""
    text = LETTER.replace("Southwark", "South\x1b]0;pwned\x07wark\x1b[31m", 3)
    for i, seq in enumerate(HOSTILE):
        text = text.replace("Children", f"Child{seq}ren", 1) if i % 2 else \
            text.replace("children", f"chil{seq}dren", 1)
    return text


def controls(text: str) -> list[str]:
    return CONTROL.findall(text)


# --------------------------------------------------------------------------- the functions


@pytest.mark.parametrize("seq", HOSTILE + ("\x00",))
def test_strip_removes_a_whole_sequence(seq):
    assert control_chars.strip(f"Leaders {seq}made good progress.") == "Leaders made good progress."


def test_strip_keeps_tab_newline_and_ordinary_text():
    text = "Children’s services\tgood\n« café » — 5 < 6 [sic]"
    assert control_chars.strip(text) == text


def test_escape_shows_each_control_visibly_on_one_line():
    assert control_chars.escape("bad\x1b[2J\nname\x9b.pdf") == "bad\\x1b[2J\\x0aname\\x9b.pdf"
    assert control_chars.escape("plain name.pdf") == "plain name.pdf"


# --------------------------------------------------------------------------- through cf


def test_score_never_prints_an_escape():
    result = cf("score", "-", input="Leaders \x1b[2J made good progress.\n")
    assert result.exit_code == 0
    assert not controls(result.stdout), repr(result.stdout)
    assert "Leaders" in result.stdout and "made good progress." in result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "jsonl"])
def test_summarise_in_every_format_has_no_control_characters(tmp_path, fmt):
    path = tmp_path / "southwark.txt"
    path.write_text(hostile_letter(), encoding="utf-8")
    result = cf("summarise", path, "--format", fmt, "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert not controls(result.stdout) and not controls(result.stderr), repr(controls(result.stdout))
    if fmt.startswith("json"):
        doc = json.loads(result.stdout)
        assert doc["document"]["local_authority"] == "Southwark"  # the escapes went, not the name
        assert not controls(json.dumps(doc, ensure_ascii=False))  # stripped, not only escaped
    assert "Southwark" in result.stdout


def test_styled_terminal_draft_has_only_cfs_own_styling(tmp_path):
    path = tmp_path / "southwark.txt"
    path.write_text(hostile_letter(), encoding="utf-8")
    result = cf("summarise", path, "--no-cache", env={"TTY_COMPATIBLE": "1", "COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    assert SGR.search(result.stdout), "styled output expected"
    assert not controls(SGR.sub("", result.stdout)), repr(controls(SGR.sub("", result.stdout)))


def test_inspect_shows_no_control_characters(tmp_path):
    path = tmp_path / "south\x1b[2Jwark.txt"
    path.write_text(hostile_letter(), encoding="utf-8")
    for fmt in ("text", "json"):
        result = cf("inspect", path, "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert not controls(result.stdout), (fmt, repr(result.stdout[:300]))
    assert "south\\x1b[2Jwark.txt" in cf("inspect", path).stdout


def test_error_line_escapes_the_file_name(tmp_path):
    path = tmp_path / "bad\x1b]0;title\x07name.pdf"
    path.write_bytes(b"")
    result = cf("summarise", path)
    assert result.exit_code == 1
    assert not controls(result.stderr), repr(result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "bad\\x1b]0;title\\x07name.pdf" in lines[0], lines


def test_batch_table_json_and_output_names_carry_no_controls(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\x1b[2J.txt").write_text(hostile_letter(), encoding="utf-8")
    (folder / "b\x9b.txt").write_text("", encoding="utf-8")  # fails: its name is in the table
    result = cf("summarise", folder, "--no-cache", "--format", "jsonl")
    assert result.exit_code == 1
    assert not controls(result.stdout) and not controls(result.stderr), repr(result.stderr)
    paths = [json.loads(ln)["source"]["path"] for ln in result.stdout.splitlines()]
    assert any("a\x1b[2J.txt" in p for p in paths), "JSON keeps the real name, escaped"
    out = tmp_path / "drafts"
    written = cf("summarise", folder, "--no-cache", "-o", out)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["a_[2J.txt", MANIFEST], names
    assert not controls(written.stderr)


def test_json_escapes_c1_and_stays_valid():
    from cf.cli.render import render_json, render_jsonl

    doc = {"text": "a\x9bb\x7fc\x1bd"}
    for out in (render_json(doc), render_jsonl(doc)):
        assert not controls(out), repr(out)
        assert json.loads(out) == doc


def test_undecodable_glyphs_never_reach_the_draft(tmp_path):
    """pdfminer writes a glyph with no Unicode value as "(cid:NN)"; cf shows U+FFFD and warns."""
    lines = [ln.replace("children's", "children{cid:27}s") for ln in pdfgen.ofsted_like_lines()]
    path = tmp_path / "subset-font.pdf"
    path.write_bytes(pdfgen.undecodable_pdf(lines))
    result = cf("summarise", path, "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert "(cid:" not in result.stdout and "\ufffd" in result.stdout
    assert not controls(result.stdout)
    assert any("could not be decoded" in ln for ln in result.stderr.splitlines()), result.stderr


def test_an_unterminated_string_sequence_ends_with_its_line():
    # An OSC with no terminator must not swallow the rest of the document (the reader, which
    # splits pages first, and a plain strip of the whole text then agree).
    from cf.summarise.control_chars import strip

    assert strip("Focused visit to\x9d\x0cA.") == "Focused visit toA."
    assert strip("Leaders \x1b]0;title\nmade good progress.") == "Leaders \nmade good progress."
    assert strip("a\x1b]0;title\x07b") == "ab"


# --------------------------------------------------------------------------- invisible characters
# Issue 18, 15: bidirectional overrides and isolates and zero-width characters never reach a
# draft, the review page, an error line or the batch table; a name shows them escaped.

INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\U000e0000-\U000e007f]")
BIDI = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200e", "\u200f", "\u061c")
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\U000e0041")


def bidi_letter() -> str:
    """An unterminated U+202E in the title (so in the headline and lead), zero-width
    characters inside words the draft uses."""
    text = LETTER.replace("Southwark", "South\u202ewark", 2)
    return text.replace("children", "chil\u200bdren").replace("Leaders", "Lead\u2066ers")


@pytest.mark.parametrize("char", BIDI + ZERO_WIDTH)
def test_strip_removes_bidi_controls_and_zero_width_characters(char):
    assert control_chars.strip(f"South{char}wark") == "Southwark"


def test_strip_keeps_what_real_letters_need():
    # soft hyphen, no-break and narrow no-break spaces, the punctuation Ofsted writes
    text = "well\u00adbeing\u00a0and 10\u202f000 \u2018care\u2019 \u2013 \u201cgood\u201d \u2022 \u00e9t\u00e9"
    assert control_chars.strip(text) == text


def test_escape_shows_invisible_characters_and_undecodable_bytes():
    assert control_chars.escape("gnp.\u202etxt") == "gnp.\\u202etxt"
    assert control_chars.escape("a\u200bb\U000e0041") == "a\\u200bb\\U000e0041"
    assert control_chars.escape("caf\udce9.txt") == "caf\\xe9.txt"  # the byte 0xE9 of a name
    assert control_chars.for_file_name("gnp.\u202etxt") == "gnp._txt"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "jsonl"])
def test_no_bidi_or_zero_width_character_reaches_a_draft(tmp_path, fmt):
    path = tmp_path / "southwark.txt"
    path.write_text(bidi_letter(), encoding="utf-8")
    result = cf("summarise", path, "--format", fmt, "--no-cache", "--explain")
    assert result.exit_code == 0, result.stderr
    assert not INVISIBLE.findall(result.stdout), repr(INVISIBLE.findall(result.stdout))
    assert "Children in care in Southwark" in result.stdout  # the text stays, joined up
    if fmt.startswith("json"):
        assert not INVISIBLE.findall(json.dumps(json.loads(result.stdout), ensure_ascii=False))


def test_no_bidi_or_zero_width_character_reaches_a_draft_from_a_pdf(tmp_path):
    lines = [ln.replace("children's", "chil{cid:1}dren{cid:2}'s") for ln in pdfgen.ofsted_like_lines()]
    path = tmp_path / "bidi.pdf"
    path.write_bytes(pdfgen.mapped_glyphs_pdf(lines, {1: "\u202e", 2: "\u200b"}))
    result = cf("summarise", path, "--no-cache", "--format", "json", "--explain")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    text = json.dumps(doc, ensure_ascii=False)
    assert not INVISIBLE.findall(text) and "children's" in text


def test_the_review_page_has_no_bidi_or_zero_width_character(tmp_path):
    path = tmp_path / "southwark.txt"
    path.write_text(bidi_letter(), encoding="utf-8")
    page = tmp_path / "review.html"
    result = cf("review", path, "-o", page, "--no-cache", "--no-open")
    assert result.exit_code == 0, result.stderr
    assert not INVISIBLE.findall(page.read_text(encoding="utf-8"))


def test_a_name_with_an_override_is_escaped_in_errors_and_the_table(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "gnp.\u202etxt.txt").write_text(LETTER, encoding="utf-8")
    (folder / "b\u200b.txt").write_text("", encoding="utf-8")  # fails: its name is in the table
    result = cf("summarise", folder, "--no-cache", "--format", "jsonl")
    assert result.exit_code == 1
    assert not INVISIBLE.findall(result.stderr) and not INVISIBLE.findall(result.stdout)
    assert "b\\u200b.txt: " in result.stderr and "gnp.\\u202etxt.txt" in result.stderr
    paths = {json.loads(ln)["source"]["path"] for ln in result.stdout.splitlines()}
    assert str(folder / "gnp.\u202etxt.txt") in paths  # JSON keeps the real name, as \u202e
    out = tmp_path / "drafts"
    cf("summarise", folder, "--no-cache", "-o", out)
    assert [p.name for p in out.iterdir() if p.name != MANIFEST] == ["gnp._txt.txt"]
