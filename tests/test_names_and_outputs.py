"""File names as bytes and where drafts may be written (issue 18: items 4, 5, 11, 12, 13).

A name that is not UTF-8 is carried exactly (os.fsdecode's surrogate escapes) through the
batch, the cache, JSON and the review index, and shown escaped; a draft is never written over
one of its inputs or a PDF; names up to NAME_MAX work; cf's own output folders are not read
as letters; a dangling link in an output folder never redirects a write."""
from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote_to_bytes

from typer.testing import CliRunner

from cf.cli.app import app
from cf.cli.output import MANIFEST

from conftest import EXAMPLES

runner = CliRunner()
TXT = EXAMPLES / "southwark-2019-02-07.txt"
PDF = EXAMPLES / "southwark-2019-02-07.pdf"


def cf(*args: object, **kwargs):
    return runner.invoke(app, [a if isinstance(a, str) else os.fspath(a) for a in args], **kwargs)


def latin1_folder(tmp_path: Path) -> tuple[Path, Path]:
    """A folder holding a.txt and caf\\xe9.txt (the name in Latin-1, not UTF-8)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(TXT.read_bytes())
    latin = Path(os.fsdecode(os.fsencode(folder) + b"/caf\xe9.txt"))
    latin.write_bytes(TXT.read_bytes())
    return folder, latin


# --------------------------------------------------------------------------- 4: names as bytes


def test_a_name_that_is_not_utf8_never_loses_the_batch(tmp_path):
    folder, _ = latin1_folder(tmp_path)
    out = tmp_path / "out"
    for run in ("computed", "from the cache"):
        result = cf("summarise", folder, "-o", out, "--force")
        assert result.exit_code == 0, (run, result.stderr)
        assert sorted(os.listdir(os.fsencode(out))) == [b"a.txt", b"caf\xe9.txt", os.fsencode(MANIFEST)], run
        assert "caf\\xe9.txt" in result.stderr and "\udce9" not in result.stderr  # the table


def test_json_of_a_name_that_is_not_utf8_is_valid_and_lossless(tmp_path):
    folder, latin = latin1_folder(tmp_path)
    for run in ("computed", "from the cache"):
        for fmt in ("json", "jsonl"):
            result = cf("summarise", folder, "--format", fmt)
            assert result.exit_code == 0, (run, result.stderr)
            raw = result.stdout_bytes.decode("utf-8")  # strict: valid UTF-8 throughout
            docs = json.loads(raw) if fmt == "json" else [json.loads(ln) for ln in raw.splitlines()]
            source = next(d["source"] for d in docs if "caf" in d["source"]["path"])
            assert source["path"] == str(folder) + "/caf\\xe9.txt"  # shown as messages show it
            assert base64.b64decode(source["path_base64"]) == os.fsencode(latin)  # exact
            assert "path_base64" not in next(d["source"] for d in docs if d["source"]["path"].endswith("a.txt"))


def test_an_error_for_a_name_that_is_not_utf8_is_escaped_and_valid_json(tmp_path):
    missing = os.fsdecode(os.fsencode(tmp_path) + b"/missing-\xff.pdf")
    result = cf("summarise", missing, "--format", "json")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"cf: error: {tmp_path}/missing-\\xff.pdf: no such file or folder"]
    doc = json.loads(result.stdout_bytes.decode("utf-8"))
    assert doc["status"] == "error" and base64.b64decode(doc["source"]["path_base64"]).endswith(b"\xff.pdf")
    inspected = cf("inspect", missing, "--format", "json")
    assert json.loads(inspected.stdout_bytes.decode("utf-8"))["source"]["path"].endswith("missing-\\xff.pdf")


def test_the_review_index_links_to_the_pages_on_disk(tmp_path):
    folder, _ = latin1_folder(tmp_path)
    pages = tmp_path / "pages"
    result = cf("review", folder, "-o", pages, "--no-open")
    assert result.exit_code == 0, result.stderr
    index = (pages / "index.html").read_text(encoding="utf-8")  # strict: valid UTF-8
    links = re.findall(r'<a href="([^"#]+)"', index)
    on_disk = set(os.listdir(os.fsencode(pages)))
    assert b"caf\xe9.html" in on_disk and len(links) == 2
    assert {unquote_to_bytes(h) for h in links} <= on_disk, (links, on_disk)
    assert "caf\\xe9.txt" in index  # the name shown, escaped
    page = Path(os.fsdecode(os.fsencode(pages) + b"/caf\xe9.html")).read_text(encoding="utf-8")
    assert "caf\\xe9.txt" in page


# --------------------------------------------------------------------------- 5: never over an input


def test_o_naming_the_input_is_a_usage_error_whatever_the_flags(tmp_path):
    letter = tmp_path / "a.pdf"
    letter.write_bytes(PDF.read_bytes())
    link = tmp_path / "link.txt"
    link.symlink_to(letter)
    for target in (letter, link, tmp_path / "." / "a.pdf"):
        result = cf("summarise", letter, "-o", target, "--force", "--no-cache")
        assert result.exit_code == 2, result.stderr
        assert "never writes a draft over the document it reads" in result.stderr
        assert letter.read_bytes() == PDF.read_bytes()
    text = tmp_path / "a.txt"
    text.write_bytes(TXT.read_bytes())
    with open(text, "rb") as stdin:  # `cf summarise - -o a.txt --force < a.txt`
        run = subprocess.run([str(Path(sys.executable).with_name("cf")), "summarise", "-", "-o",
                              str(text), "--force", "--no-cache"], stdin=stdin,
                             capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "the file standard input is read from" in run.stderr, run.stderr
    assert text.read_bytes() == TXT.read_bytes()


def test_a_draft_never_replaces_a_pdf_even_with_force(tmp_path):
    other = tmp_path / "b.pdf"
    other.write_bytes(PDF.read_bytes())
    result = cf("summarise", TXT, "-o", other, "--force", "--no-cache")
    assert result.exit_code == 1
    assert "is a PDF: cf never writes a draft over one" in result.stderr
    assert other.read_bytes() == PDF.read_bytes()
    # in a folder target too: b.txt that is really a PDF stays
    out = tmp_path / "out"
    out.mkdir()
    disguised = out / "southwark-2019-02-07.txt"
    disguised.write_bytes(PDF.read_bytes())
    result = cf("summarise", TXT, EXAMPLES / "southwark-2019-02-07.pdf", "-o", out, "--force",
                "--format", "text", "--no-cache")
    assert result.exit_code == 1 and disguised.read_bytes() == PDF.read_bytes()


def test_an_input_in_a_folder_target_is_never_replaced(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "a.txt").write_bytes(TXT.read_bytes())
    (folder / "b.txt").write_bytes(TXT.read_bytes())
    result = cf("summarise", folder / "a.txt", folder / "b.txt", "-o", folder, "--force", "--no-cache")
    assert result.exit_code == 2 and "beside the input" in result.stderr, result.stderr
    assert (folder / "a.txt").read_bytes() == TXT.read_bytes()


def test_files_named_like_options_from_a_wildcard_are_refused(tmp_path, monkeypatch):
    """`cf summarise *` in a folder holding files named `--force` and `-o` would read them as
    options and write b.txt's draft over a.txt."""
    monkeypatch.chdir(tmp_path)
    for name in ("--force", "-o"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "a.txt").write_bytes(TXT.read_bytes())
    (tmp_path / "b.txt").write_bytes(TXT.read_bytes())
    star = sorted(p.name for p in tmp_path.iterdir())  # as the shell expands it
    assert star[:2] == ["--force", "-o"]
    result = cf("summarise", *star, "--no-cache")
    assert result.exit_code == 2 and "also the name of a file" in result.stderr
    assert "-- *" in result.stderr
    assert (tmp_path / "a.txt").read_bytes() == TXT.read_bytes()
    result = cf("summarise", "--no-cache", "--format", "jsonl", "--", *star)
    assert len(result.stdout.splitlines()) == 4  # after --, all four are files (two fail)
    assert (tmp_path / "a.txt").read_bytes() == TXT.read_bytes()


# --------------------------------------------------------------------------- 11: long names


def test_names_up_to_255_bytes_work(tmp_path):
    for n in (244, 251, 255):
        name = "x" * (n - 4) + ".txt"
        letter = tmp_path / name
        letter.write_bytes(TXT.read_bytes())
        target = tmp_path / "one" / ("y" * (n - 4) + ".txt")
        target.parent.mkdir(exist_ok=True)
        result = cf("summarise", letter, "-o", target, "--no-cache")
        assert result.exit_code == 0, result.stderr
        assert target.read_text(encoding="utf-8").startswith("Children in care")
        out = tmp_path / f"folder{n}"  # .jsonl is longer than .txt: the name is shortened
        result = cf("summarise", letter, TXT, "-o", out, "--format", "jsonl", "--no-cache")
        assert result.exit_code == 0, result.stderr
        names = [os.fsencode(p.name) for p in out.iterdir() if p.suffix == ".jsonl" and p.name != MANIFEST]
        assert len(names) == 2 and all(len(b) <= 255 for b in names)
        letter.unlink()


def test_a_shortened_name_keeps_two_long_names_apart():
    from cf.cli.output import fit_name

    a, b = "é" * 200 + "a", "é" * 200 + "b"  # 401 bytes each, differing at the end
    fa, fb = fit_name(a, ".jsonl"), fit_name(b, ".jsonl")
    assert fa != fb and len(fa.encode()) <= 255 and len(fb.encode()) <= 255
    assert fa.startswith("é" * 100) and fa.endswith(".jsonl")
    assert fit_name("short", ".txt") == "short.txt"


# --------------------------------------------------------------------------- 12: cf's own folders


def test_drafts_in_a_folder_beneath_the_letters_are_not_read_as_letters(tmp_path):
    letters = tmp_path / "letters"
    letters.mkdir()
    (letters / "a.txt").write_bytes(TXT.read_bytes())
    (letters / "b.txt").write_bytes(TXT.read_bytes())
    first = cf("summarise", letters / "a.txt", letters / "b.txt", "-o", letters / "drafts",
               "--no-cache")
    assert first.exit_code == 0, first.stderr
    assert (letters / "drafts" / ".cf-drafts").is_file()
    again = cf("summarise", letters, "--no-cache", "--format", "jsonl")
    assert again.exit_code == 0, again.stderr
    assert len(again.stdout.splitlines()) == 2, "the drafts are not read as letters"
    named = cf("summarise", letters / "drafts", "--no-cache", "--format", "jsonl")
    assert len(named.stdout.splitlines()) == 2, "named itself, the folder is read"


def test_a_folder_beneath_the_letters_that_holds_documents_is_refused(tmp_path):
    letters = tmp_path / "letters"
    (letters / "old").mkdir(parents=True)
    (letters / "a.txt").write_bytes(TXT.read_bytes())
    (letters / "old" / "2019.txt").write_bytes(TXT.read_bytes())
    result = cf("summarise", letters / "a.txt", TXT, "-o", letters / "old", "--no-cache")
    assert result.exit_code == 2 and "already holds documents" in result.stderr
    assert sorted(p.name for p in (letters / "old").iterdir()) == ["2019.txt"]


# --------------------------------------------------------------------------- 13: dangling links


def test_a_dangling_link_in_the_output_folder_never_redirects_the_write(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "anywhere"
    (out / "southwark-2019-02-07.txt").symlink_to(elsewhere / "a" / "b" / "c" / "f")
    other = tmp_path / "in" / "other.txt"
    other.parent.mkdir()
    other.write_bytes(TXT.read_bytes())
    for force in ((), ("--force",)):
        result = cf("summarise", TXT, other, "-o", out, "--no-cache", *force)
        assert result.exit_code == 1, result.stderr
        assert "symbolic link to" in result.stderr and "does not exist" in result.stderr
        assert not elsewhere.exists(), "no folder made through the link"
        assert (out / "other.txt").is_file(), "the rest of the batch is written"
    single = cf("summarise", TXT, "-o", out / "southwark-2019-02-07.txt", "--force", "--no-cache")
    assert single.exit_code == 1 and not elsewhere.exists()


def test_write_atomic_refuses_a_dangling_link(tmp_path):
    from cf.cli.output import OutputRefused, write_atomic

    link = tmp_path / "draft.txt"
    link.symlink_to(tmp_path / "missing" / "f")
    try:
        write_atomic(link, "text", force=True)
    except OutputRefused as e:
        assert "does not exist" in str(e)
    else:
        raise AssertionError("written through a dangling link")
    assert not (tmp_path / "missing").exists()


def test_an_output_folder_that_is_a_dangling_link_is_refused_plainly(tmp_path):
    out = tmp_path / "out"
    out.symlink_to(tmp_path / "nowhere" / "x")
    result = cf("summarise", TXT, "-o", f"{out}/", "--no-cache")
    assert result.exit_code == 1 and not (tmp_path / "nowhere").exists()
    assert "symbolic link to" in result.stderr and "does not create folders through a link" in result.stderr
