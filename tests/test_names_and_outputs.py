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
from pathlib import Path
from urllib.parse import unquote_to_bytes

from typer.testing import CliRunner

from cf.cli.app import app

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
        assert sorted(os.listdir(os.fsencode(out))) == [b"a.txt", b"caf\xe9.txt"], run
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
