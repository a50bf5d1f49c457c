"""Bad input through the real `cf` command (issue 5).

Every bad document must produce one line on stderr, `cf: error: <file>: <what>`, a non-zero
exit and no traceback; in a batch the rest still complete and nothing existing is
overwritten without --force. The bad files are generated here (see tests/pdfgen.py)."""
from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cf.cli.app import app
from cf.cli.output import MANIFEST

import pdfgen
from conftest import CORPUS, EXAMPLES

runner = CliRunner()
GOOD_PDF = EXAMPLES / "southwark-2019-02-07.pdf"
GOOD_TEXT = EXAMPLES / "southwark-2019-02-07.txt"
HTML_AS_PDF = CORPUS / "bad" / "rotherham-2012-08-10.pdf"


def cf(*args: object, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


def cf_command() -> list[str]:
    """The installed console script beside this Python (what a user runs), else an equivalent."""
    exe = Path(sys.executable).with_name("cf")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from cf.cli.app import main; main()"]


def error_lines(stderr: str, name: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("cf: error:") and name in ln]


def assert_clean_failure(result, path: Path, *words: str) -> str:
    """One `cf: error: <file>: <what>` line naming the file, exit 1, no traceback.

    Returns the line; if `words` are given, the message contains at least one of them."""
    everything = result.stdout + result.stderr
    assert "Traceback" not in everything, everything
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1, (result.exit_code, result.stderr)
    lines = error_lines(result.stderr, path.name)
    assert len(lines) == 1, result.stderr
    message = lines[0].split(path.name, 1)[1].lstrip(":' ").strip()
    assert message, f"the error says nothing after the file name: {lines[0]!r}"
    if words:
        assert any(w in message.lower() for w in words), lines[0]
    return lines[0]


def assert_no_traceback(result) -> None:
    everything = result.stdout + result.stderr
    assert "Traceback" not in everything, everything
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


# --------------------------------------------------------------------------- bad files

def _truncated(fraction: float) -> Callable[[], bytes]:
    return lambda: GOOD_PDF.read_bytes()[: int(GOOD_PDF.stat().st_size * fraction)]


def _invalid_utf8() -> bytes:
    text = GOOD_TEXT.read_bytes()
    middle = len(text) // 2
    return text[:middle] + b"\xc3\x28\x80\xff" + text[middle:]


def _random_bytes() -> bytes:
    rng = random.Random(5)
    data = bytes(rng.randrange(256) for _ in range(4096))
    return data if not data.startswith(b"%PDF") else b"\x00" + data


# name -> (file name, bytes, words of which the message must contain one)
BAD_FILES: dict[str, tuple[str, Callable[[], bytes], tuple[str, ...]]] = {
    "empty": ("empty.pdf", lambda: b"", ("empty",)),
    "html": ("html-page.pdf", HTML_AS_PDF.read_bytes, ("html", "not a pdf")),
    "random": ("random.pdf", _random_bytes, ()),
    "truncated-10": ("truncated-10.pdf", _truncated(0.10), ()),
    "truncated-50": ("truncated-50.pdf", _truncated(0.50), ()),
    "encrypted": ("encrypted.pdf", lambda: pdfgen.encrypted_pdf([pdfgen.ofsted_like_lines()]),
                  ("encrypt", "password")),
    "image-only": ("scanned.pdf", lambda: pdfgen.image_only_pdf(2), ("ocr",)),
    "invalid-utf8": ("bad-encoding.txt", _invalid_utf8, ("utf-8", "utf8", "encoding", "decode")),
    # A Word file or a photo renamed .pdf (the first bytes of each format are enough).
    "word-renamed": ("renamed-word.pdf", lambda: b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
                     ("word", "office", "docx", "not a pdf")),
    "png-renamed": ("photo.pdf", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
                    ("image", "ocr", "not a pdf")),
}


def write(tmp_path: Path, name: str) -> Path:
    filename, make, _ = BAD_FILES[name]
    path = tmp_path / filename
    path.write_bytes(make())
    return path


# The HTML page is a real download kept in ../shared/corpus/bad.
@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.needs_corpus) if n == "html" else n
                                  for n in sorted(BAD_FILES)])
def test_bad_file_alone_gives_one_clean_error(tmp_path, name):
    path = write(tmp_path, name)
    result = cf("summarise", path, "--jobs", "1")
    assert_clean_failure(result, path, *BAD_FILES[name][2])
    assert result.stdout.strip() == "", "nothing is drafted from a bad file"


@pytest.mark.parametrize("cut", [0.9, -100, -10])
def test_pdf_truncated_near_its_end_succeeds_or_fails_cleanly(tmp_path, cut):
    """pdfminer may recover a PDF cut short at its end: then a draft, else a clean error."""
    data = GOOD_PDF.read_bytes()
    path = tmp_path / f"cut{cut}.pdf"
    path.write_bytes(data[: int(len(data) * cut)] if cut > 0 else data[:cut])
    result = cf("summarise", path, "--jobs", "1")
    if result.exit_code == 0:
        assert_no_traceback(result)
        assert "Southwark" in result.stdout
    else:
        assert_clean_failure(result, path)


def test_encrypted_pdf_without_user_password_is_read_or_refused_cleanly(tmp_path):
    """Encrypted only against editing: any reader opens it, so either a draft or a clear error."""
    path = tmp_path / "locked-for-editing.pdf"
    path.write_bytes(pdfgen.encrypted_pdf([pdfgen.ofsted_like_lines()], user_password=""))
    result = cf("summarise", path, "--jobs", "1")
    if result.exit_code == 0:
        assert_no_traceback(result)
        assert "Anytown" in result.stdout
    else:
        assert_clean_failure(result, path, "encrypt", "password")


def test_hundreds_of_pages_hit_max_pages_and_pass_with_a_higher_limit(tmp_path):
    path = tmp_path / "long.pdf"
    path.write_bytes(pdfgen.many_pages_pdf(300))
    refused = cf("summarise", path, "--jobs", "1", "--max-pages", "50")
    line = assert_clean_failure(refused, path, "page")
    assert "300" in line or "50" in line, line  # says how many, or what the limit is
    default = cf("summarise", path, "--jobs", "1")
    assert_clean_failure(default, path, "page")  # the default limit is below 300
    allowed = cf("summarise", path, "--jobs", "1", "--max-pages", "400")
    assert_no_traceback(allowed)
    assert allowed.exit_code == 0, allowed.stderr
    assert "Anytown" in allowed.stdout


def _not_ofsted_outcome(path: Path) -> str:
    """'warned' (a draft, and a warning naming the file) or 'refused' (a one-line error)."""
    result = cf("summarise", path, "--jobs", "1", "--format", "json")
    assert_no_traceback(result)
    if result.exit_code == 0:
        assert json.loads(result.stdout)["warnings"], "a draft of a non-Ofsted text must warn"
        text = cf("summarise", path, "--jobs", "1")
        assert any(ln.startswith("cf: warning:") and path.name in ln
                   for ln in text.stderr.splitlines()), text.stderr
        return "warned"
    assert_clean_failure(result, path)
    return "refused"


def test_document_that_is_not_from_ofsted_is_handled_consistently(tmp_path):
    pdf = tmp_path / "recipe.pdf"
    pdf.write_bytes(pdfgen.prose_pdf())
    txt = tmp_path / "recipe.txt"
    txt.write_text(
        "Lemon drizzle cake\n\nCream the butter and sugar together until pale and fluffy. "
        "Beat in the eggs one at a time, then fold in the flour and the zest of two lemons.\n\n"
        "Bake for forty-five minutes, and pour the lemon syrup over the cake while it is warm.\n",
        encoding="utf-8",
    )
    assert _not_ofsted_outcome(pdf) == _not_ofsted_outcome(txt)


@pytest.mark.parametrize("bom, codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_text_with_bom_is_read(tmp_path, bom, codec):
    path = tmp_path / "southwark-utf16.txt"
    path.write_bytes(bom + GOOD_TEXT.read_text(encoding="utf-8").encode(codec))
    result = cf("summarise", path, "--jobs", "1")
    assert_no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert "Southwark" in result.stdout


def test_folder_with_no_inputs_is_an_error(tmp_path):
    folder = tmp_path / "nothing-here"
    folder.mkdir()
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    result = cf("summarise", folder, "--jobs", "1")
    assert_no_traceback(result)
    assert result.exit_code != 0
    assert any(ln.startswith("cf: error:") and "nothing-here" in ln
               for ln in result.stderr.splitlines()), result.stderr


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root can read a file whatever its permissions")
def test_unreadable_file_is_reported(tmp_path):
    path = tmp_path / "secret.pdf"
    path.write_bytes(GOOD_PDF.read_bytes())
    path.chmod(0)
    try:
        result = cf("summarise", path, "--jobs", "1")
    finally:
        path.chmod(0o644)
    assert_clean_failure(result, path, "permission")


def test_broken_symlink_is_reported(tmp_path):
    """What an unreadable file looks like to root: the name is there, the content is not."""
    path = tmp_path / "gone.pdf"
    path.symlink_to(tmp_path / "deleted-long-ago.pdf")
    result = cf("summarise", path, "--jobs", "1")
    assert_clean_failure(result, path)


def test_output_that_cannot_be_written_is_a_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = cf("summarise", GOOD_TEXT, "--jobs", "1", "-o", blocker / "out" / "draft.txt")
    assert_no_traceback(result)
    assert result.exit_code != 0
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("cf: error:")]
    assert len(lines) == 1 and "a-file" in lines[0], result.stderr
    assert blocker.read_text() == "not a folder"


# --------------------------------------------------------------------------- batches

def make_batch(tmp_path: Path) -> tuple[Path, list[Path]]:
    """A folder with every bad file, the HTML-as-PDF, an empty subfolder, and the good text."""
    folder = tmp_path / "batch"
    folder.mkdir()
    bad = [write(folder, name) for name in sorted(BAD_FILES)]
    long = folder / "long.pdf"
    long.write_bytes(pdfgen.many_pages_pdf(300))
    bad.append(long)
    (folder / "southwark-2019-02-07.txt").write_bytes(GOOD_TEXT.read_bytes())
    return folder, bad


def outputs(folder: Path) -> dict[str, Path]:
    return {p.stem: p for p in folder.iterdir() if p.name != MANIFEST} if folder.exists() else {}


@pytest.mark.needs_corpus
def test_batch_reports_each_bad_file_and_completes_the_good_one(tmp_path):
    folder, bad = make_batch(tmp_path)
    out = tmp_path / "drafts"
    result = cf("summarise", folder, "-o", out, "--jobs", "2", "--max-pages", "100")
    assert_no_traceback(result)
    assert result.exit_code == 1, result.stderr
    for path in bad:
        assert len(error_lines(result.stderr, path.name)) == 1, (path.name, result.stderr)
    assert not error_lines(result.stderr, "southwark-2019-02-07.txt"), result.stderr
    written = outputs(out)
    assert set(written) == {"southwark-2019-02-07"}, sorted(p.name for p in out.iterdir())
    assert "Southwark" in written["southwark-2019-02-07"].read_text(encoding="utf-8")


def test_batch_never_overwrites_without_force(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "southwark-2019-02-07.txt").write_bytes(GOOD_TEXT.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    out = tmp_path / "drafts"
    first = cf("summarise", folder, "-o", out, "--jobs", "1")
    assert first.exit_code == 1, first.stderr
    draft = outputs(out)["southwark-2019-02-07"]
    draft.write_text("the writer's edited copy", encoding="utf-8")

    again = cf("summarise", folder, "-o", out, "--jobs", "1")
    assert_no_traceback(again)
    assert again.exit_code == 1
    assert draft.read_text(encoding="utf-8") == "the writer's edited copy"
    assert len(error_lines(again.stderr, "southwark-2019-02-07")) == 1, again.stderr
    assert "--force" in error_lines(again.stderr, "southwark-2019-02-07")[0]

    forced = cf("summarise", folder, "-o", out, "--jobs", "1", "--force")
    assert forced.exit_code == 1  # the empty file still fails
    assert "Southwark" in draft.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, draft.name], "no temporary files left"


def test_single_output_file_is_not_overwritten_without_force(tmp_path):
    target = tmp_path / "draft.txt"
    target.write_text("keep me", encoding="utf-8")
    result = cf("summarise", GOOD_TEXT, "-o", target)
    assert_clean_failure(result, GOOD_TEXT)
    assert target.read_text(encoding="utf-8") == "keep me"
    assert cf("summarise", GOOD_TEXT, "-o", target, "--force").exit_code == 0
    assert "Southwark" in target.read_text(encoding="utf-8")


def test_timeout_stops_one_slow_document_and_the_rest_complete(tmp_path):
    """A PDF that takes pdfminer tens of seconds, against a 5 s limit; the letter takes <1 s."""
    folder = tmp_path / "in"
    folder.mkdir()
    slow = folder / "pathological.pdf"
    slow.write_bytes(pdfgen.dense_pdf(200))
    (folder / "southwark-2019-02-07.txt").write_bytes(GOOD_TEXT.read_bytes())
    out = tmp_path / "drafts"
    result = cf("summarise", folder, "-o", out, "--jobs", "2", "--timeout", "5",
                "--max-pages", "1000", "--no-cache")
    assert_no_traceback(result)
    assert result.exit_code == 1, result.stderr
    line = error_lines(result.stderr, slow.name)
    assert len(line) == 1 and "time" in line[0].lower(), result.stderr
    assert set(outputs(out)) == {"southwark-2019-02-07"}, result.stderr


@pytest.mark.needs_corpus
def test_batch_through_the_installed_command(tmp_path):
    """The real entry point in its own process: the same report, the same exit code."""
    folder, bad = make_batch(tmp_path)
    out = tmp_path / "drafts"
    proc = subprocess.run([*cf_command(), "summarise", str(folder), "-o", str(out), "--jobs", "2"],
                          capture_output=True, text=True, timeout=600)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    assert proc.returncode == 1, proc.stderr
    for path in bad:
        assert len(error_lines(proc.stderr, path.name)) == 1, (path.name, proc.stderr)
    assert set(outputs(out)) == {"southwark-2019-02-07"}


def test_two_processes_sharing_a_cache_at_once(tmp_path):
    """Two `cf` runs over the same files with one CF_CACHE_DIR: both complete, the same drafts,
    no temporary files left behind, and a third run is served the same result."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = GOOD_TEXT.read_text(encoding="utf-8")
    for n in range(4):  # distinct contents, so there are several entries to race on
        (folder / f"letter-{n}.txt").write_text(text + f"\n\nNote {n}.\n", encoding="utf-8")
    command = cf_command()
    env = {**os.environ, "CF_CACHE_DIR": str(tmp_path / "shared-cache")}

    def start(name: str) -> subprocess.Popen:
        return subprocess.Popen([*command, "summarise", str(folder), "-o", str(tmp_path / name),
                                 "--jobs", "1"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    runs = [start("a"), start("b")]
    for proc in runs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0 and "Traceback" not in err, err
    third = start("c")
    _, err = third.communicate(timeout=600)
    assert third.returncode == 0, err
    drafts = [{p.name: p.read_text(encoding="utf-8") for p in (tmp_path / d).iterdir() if p.name != MANIFEST}
              for d in "abc"]
    assert len(drafts[0]) == 4 and drafts[0] == drafts[1] == drafts[2]
    leftovers = [p for p in (tmp_path / "shared-cache").rglob("*")
                 if p.is_file() and not p.name.endswith(".json") and p.name != "key"]
    leftovers += [p for p in (tmp_path / "shared-cache").rglob(".tmp*")]
    leftovers += [p for p in (tmp_path / "shared-cache").rglob(".key-*")]
    assert not leftovers, leftovers


# --------------------------------------------------------------------------- cache entries (issue 9, 8)

def _entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").rglob("*.json"))


@pytest.mark.parametrize("body", [
    {"schema_version": 1},
    {"schema_version": 1, "summary": "oops"},
    {"key": "?", "written_by": {}, "result": {"summary": "oops"}},
    [1, 2, 3],
])
def test_cache_entry_of_the_wrong_shape_is_a_miss_and_is_rewritten(tmp_path, monkeypatch, body):
    monkeypatch.setenv("CF_CACHE_DIR", str(tmp_path / "cache"))
    first = cf("summarise", GOOD_TEXT)
    assert first.exit_code == 0
    (entry,) = _entries(tmp_path)
    entry.write_text(json.dumps(body), encoding="utf-8")
    again = cf("summarise", GOOD_TEXT)
    assert_no_traceback(again)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == first.stdout, "recomputed, not served"
    assert json.loads(entry.read_text(encoding="utf-8")) != body, "rewritten"
    assert cf("summarise", GOOD_TEXT).stdout == first.stdout


def test_cache_entry_from_another_cf_or_key_is_a_miss(tmp_path, monkeypatch):
    monkeypatch.setenv("CF_CACHE_DIR", str(tmp_path / "cache"))
    first = cf("summarise", GOOD_TEXT, "--format", "json")
    (entry,) = _entries(tmp_path)
    stored = json.loads(entry.read_text(encoding="utf-8"))["entry"]
    for change in ({"written_by": {"cf": "0.0.1", "code": "other"}}, {"key": "0" * 64}):
        forged = {**stored, **change}
        forged["result"] = {**stored["result"], "summary": {**stored["result"]["summary"],
                                                           "headline": "Forged"}}
        entry.write_bytes(_signed(tmp_path / "cache", forged))  # a right MAC: still a miss
        result = cf("summarise", GOOD_TEXT, "--format", "json")
        assert result.exit_code == 0 and "Forged" not in result.stdout
        assert json.loads(result.stdout)["summary"] == json.loads(first.stdout)["summary"]


def _signed(cache: Path, entry: dict) -> bytes:
    """An entry file with the MAC this cache's key gives it (as cf would write it)."""
    import hashlib
    import hmac

    from cf.cli.cache import KEY_FILE, LAYOUT

    secret = bytes.fromhex((cache / LAYOUT / KEY_FILE).read_text(encoding="ascii").strip())
    body = json.dumps(entry, ensure_ascii=True, sort_keys=True).encode("ascii")
    mac = hmac.new(secret, body, hashlib.sha256).hexdigest().encode("ascii")
    return b'{"hmac":"' + mac + b'","entry":' + body + b"}\n"


def test_contract_check_accepts_real_results_and_names_what_is_wrong():
    from cf.models.contract import problem
    from cf.summarise.pipeline import summarise

    doc = summarise(GOOD_TEXT.read_bytes(), "southwark.txt").to_dict(explain=True)
    assert problem(doc) is None
    assert problem(json.loads(json.dumps(doc))) is None  # as read back from a file
    assert problem({**doc, "summary": "oops"}) == "summary: not an object"
    broken = json.loads(json.dumps(doc))
    del broken["summary"]["findings"]
    assert problem(broken) == "summary.findings: missing"
    broken = json.loads(json.dumps(doc))
    broken["summary"]["strengths"][0]["score"] = "high"
    assert problem(broken) == "summary.strengths[0].score: unexpected str"
    assert problem({**doc, "schema_version": 2}) == "schema_version 2, not 1"


# --------------------------------------------------------------------------- smaller points (issue 9, 9)

@pytest.mark.parametrize("body, words", [
    ('findings_intro = "Inspectors found \xa3:"\n'.encode("latin-1"), ("utf-8",)),
    (b"word_budget = 0\n", ("word_budget",)),
    (b"word_budget = -5\n", ("word_budget",)),
    (b'positive_attribution = ""\n', ("positive_attribution", "empty")),
    (b'closing_attribution = "   "\n', ("closing_attribution", "empty")),
    (b'quote_attribution = "said \\u001b[2J"\n', ("quote_attribution", "control")),
])
def test_bad_style_file_is_a_usage_error_naming_it(tmp_path, body, words):
    style = tmp_path / "house.toml"
    style.write_bytes(body)
    result = cf("summarise", GOOD_TEXT, "--style", style)
    assert_no_traceback(result)
    assert result.exit_code == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"cf: error: {style}: ") and "internal error" not in line
    assert all(w in line.lower() for w in words), line


def test_output_ending_in_a_slash_is_a_folder(tmp_path):
    result = cf("summarise", GOOD_TEXT, "-o", f"{tmp_path / 'newdir'}/", "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "newdir").is_dir()
    assert sorted(p.name for p in (tmp_path / "newdir").iterdir()) == [MANIFEST, "southwark-2019-02-07.txt"]


def test_output_dash_is_standard_output_and_empty_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    dash = cf("summarise", GOOD_TEXT, "-o", "-", "--no-cache")
    assert dash.exit_code == 0 and "Southwark" in dash.stdout
    empty = cf("summarise", GOOD_TEXT, "-o", "", "--no-cache")
    assert empty.exit_code == 2 and "file or folder name" in empty.stderr
    assert list(tmp_path.iterdir()) == [], "no file named '-', nothing in the current folder"


def test_unreadable_folder_says_permission_denied(tmp_path, monkeypatch):
    """Simulated (root reads every folder): listing the folder fails as it would for a user."""
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "letter.pdf").write_bytes(GOOD_PDF.read_bytes())
    real_scandir = os.scandir

    def scandir(path=".", *args):
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    result = cf("summarise", folder, "--no-cache")
    assert_no_traceback(result)
    assert result.exit_code == 1
    (line,) = error_lines(result.stderr, "locked")
    assert "permission denied" in line.lower() and "no PDF" not in line


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root can read a folder whatever its permissions")
def test_really_unreadable_folder_says_permission_denied(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0)
    try:
        result = cf("summarise", folder)
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1 and "permission denied" in result.stderr.lower()


@pytest.mark.parametrize("where", [".", "drafts"])
def test_output_into_the_input_folder_is_refused(tmp_path, where):
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "southwark.txt").write_bytes(GOOD_TEXT.read_bytes())
    result = cf("summarise", folder, "-o", folder / where, "--no-cache")
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert "input folder" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["southwark.txt"]


def test_batch_table_keeps_every_column_on_an_80_column_terminal(tmp_path):
    folder = tmp_path / "a-folder-with-a-fairly-long-name" / "and-another-level-below-it"
    folder.mkdir(parents=True)
    (folder / "southwark-focused-visit-letter-2019-02-07.txt").write_bytes(GOOD_TEXT.read_bytes())
    (folder / "an-empty-file-with-a-long-name-too.txt").write_bytes(b"")
    result = cf("summarise", folder, "--no-cache", env={"TTY_COMPATIBLE": "1", "COLUMNS": "80"})
    plain = re.sub("\x1b\\[[0-9;]*m", "", result.stderr)
    header = next(ln for ln in plain.splitlines() if "authority" in ln)
    for column in ("file", "authority", "kind", "strengths", "weaknesses", "status"):
        assert re.search(rf"\b{column}\b", header), header
    assert max(len(ln) for ln in plain.splitlines() if "│" not in ln and "cf:" not in ln) <= 80
    assert "Southwark" in plain and "focused" in plain


def test_missing_file_has_the_same_error_type_in_every_command(tmp_path):
    missing = tmp_path / "nope.pdf"
    types = {}
    for command in ("summarise", "inspect"):
        result = cf(command, missing, "--format", "json")
        assert result.exit_code == 1
        types[command] = json.loads(result.stdout)["error_type"]
    assert types == {"summarise": "NoInput", "inspect": "NoInput"}
