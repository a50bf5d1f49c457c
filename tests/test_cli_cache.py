"""The result cache: unchanged files are not read again, keyed by everything that changes output."""
from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cf.cli import cache as cache_module
from cf.cli.app import app
from cf.cli.cache import Cache, Options
from cf.models import Style

from conftest import EXAMPLES

runner = CliRunner()
TXT = EXAMPLES / "southwark-2019-02-07.txt"


def cf(*args: object, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


def cache_files() -> list[Path]:
    return sorted(Path(os.environ["CF_CACHE_DIR"]).rglob("*.json"))


def _refuse(*args, **kwargs):
    raise AssertionError("the pipeline ran although the result was cached")


def test_second_run_is_served_from_the_cache_in_every_format(monkeypatch):
    first = cf("summarise", TXT, "--format", "json")
    assert first.exit_code == 0, first.stderr
    assert len(cache_files()) == 1
    import cf.summarise.pipeline as pipeline

    monkeypatch.setattr(pipeline, "summarise", _refuse)
    again = cf("summarise", TXT, "--format", "json")
    assert again.exit_code == 0, again.stderr
    assert again.stdout == first.stdout
    for fmt in ("text", "markdown", "html", "jsonl"):
        assert cf("summarise", TXT, "--format", fmt).exit_code == 0
    explained = json.loads(cf("summarise", TXT, "--format", "json", "--explain").stdout)
    assert explained["sentences"], "the cache keeps the sentences for --explain"


def test_no_cache_neither_reads_nor_writes(monkeypatch):
    assert cf("summarise", TXT, "--no-cache").exit_code == 0
    assert cache_files() == []
    assert cf("summarise", TXT).exit_code == 0
    import cf.summarise.pipeline as pipeline

    monkeypatch.setattr(pipeline, "summarise", _refuse)
    result = cf("summarise", TXT, "--no-cache")
    assert result.exit_code == 1 and "internal error" in result.stderr


def test_a_hit_reports_where_the_content_is_now(tmp_path):
    assert cf("summarise", TXT).exit_code == 0
    moved = tmp_path / "renamed.txt"
    moved.write_bytes(TXT.read_bytes())
    data = json.loads(cf("summarise", moved, "--format", "json").stdout)
    assert data["source"]["path"] == str(moved)


def test_style_and_options_are_part_of_the_key(tmp_path):
    base = Options(Style(), "pdfminer", 200)
    keys = {
        base.key("a" * 64),
        base.key("b" * 64),
        Options(Style(findings_intro="The report found:"), "pdfminer", 200).key("a" * 64),
        Options(Style(), "pdfium", 200).key("a" * 64),
        Options(Style(), "pdfminer", 50).key("a" * 64),
    }
    assert len(keys) == 5
    assert base.key("a" * 64) == Options(Style(), "pdfminer", 200).key("a" * 64)
    style = tmp_path / "style.toml"
    style.write_text('findings_intro = "The report found:"\n')
    assert cf("summarise", TXT).exit_code == 0
    restyled = cf("summarise", TXT, "--style", style)
    assert "The report found:" in restyled.stdout
    assert len(cache_files()) == 2


def test_corrupt_entry_is_a_miss_and_is_rewritten():
    assert cf("summarise", TXT).exit_code == 0
    (entry,) = cache_files()
    entry.write_text("{not json", encoding="utf-8")
    result = cf("summarise", TXT, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["schema_version"] == 1
    assert json.loads(entry.read_text(encoding="utf-8"))["entry"]["result"]["schema_version"] == 1


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path):
    cache = Cache(tmp_path)
    for n in range(3):
        cache.put("ab" + "0" * 62, {**minimal_result(), "n": n})
    assert cache.get("ab" + "0" * 62, "x")["n"] == 2
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["ab" + "0" * 62 + ".json", "key"]


def test_unwritable_cache_does_not_fail_the_run(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("CF_CACHE_DIR", str(blocker / "cache"))
    result = cf("summarise", TXT)
    assert result.exit_code == 0 and "Southwark" in result.stdout


PROBE = (
    "import sys\n"
    "from cf.cli.app import main\n"
    "sys.argv = ['cf', *sys.argv[1:]]\n"
    "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
    "heavy = sorted(m for m in ('spacy', 'pdfminer', 'pypdfium2') if m in sys.modules)\n"
    "sys.stderr.write('HEAVY=' + ','.join(heavy) + '\\n')\n"
)


def probe(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "CF_CODE_FINGERPRINT": "pinned"})


def test_a_cache_hit_imports_neither_spacy_nor_pdfminer(tmp_path):
    pdf = tmp_path / "southwark.pdf"
    pdf.write_bytes((EXAMPLES / "southwark-2019-02-07.pdf").read_bytes())
    first = probe("summarise", str(pdf), str(TXT), "--format", "jsonl")
    assert first.returncode == 0, first.stderr
    assert "spacy" in first.stderr.rsplit("HEAVY=", 1)[1], "the probe sees a real first run"
    second = probe("summarise", str(pdf), str(TXT), "--format", "jsonl")
    assert second.returncode == 0, second.stderr
    assert "HEAVY=\n" in second.stderr, second.stderr
    assert sorted(second.stdout.splitlines()) == sorted(first.stdout.splitlines())


def minimal_result() -> dict:
    """The smallest object that keeps the JSON contract (what the cache may serve)."""
    from cf.models import Letter, Metadata, Result, Source, Summary

    letter = Letter(Metadata(), [], Source("p", "0" * 64, None, "text"))
    return Result(letter, [], Summary(headline="", lead="")).to_dict(explain=True)


def test_concurrent_writers_never_leave_a_partial_entry(tmp_path):
    """Many writers on one key and a reader: every read is a whole entry or a miss."""
    import threading

    cache = Cache(tmp_path)
    key = "cd" + "1" * 62
    big = "x" * 200_000
    seen: list[object] = []

    def writer(n: int) -> None:
        for i in range(15):
            cache.put(key, {**minimal_result(), "writer": n, "i": i, "pad": big})

    def reader() -> None:
        for _ in range(60):
            doc = cache.get(key, "p")
            seen.append(None if doc is None else (doc["pad"] == big))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    threads.append(threading.Thread(target=reader))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(s in (None, True) for s in seen)
    assert cache.get(key, "p")["pad"] == big
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 2  # the entry and the key


# --------------------------------------------------------------------------- trust (issue 18, 6)
# An entry is served only with its HMAC right (a per-cache key, mode 0600, in the folder);
# entries are read as regular files only, within a size bound, and cleaned as new text is;
# a folder others could write to is not used at all, with a warning saying why.

CONTROL_OR_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def cache_root() -> Path:
    return Path(os.environ["CF_CACHE_DIR"])


def stored() -> tuple[Path, dict]:
    (entry,) = cache_files()
    return entry, json.loads(entry.read_text(encoding="utf-8"))["entry"]


def test_the_key_is_private_and_entries_are_authenticated():
    assert cf("summarise", TXT).exit_code == 0
    key = cache_root() / "results-v3" / "key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    entry, _ = stored()
    assert json.loads(entry.read_text(encoding="utf-8"))["hmac"]


def test_a_hand_edited_entry_is_ignored_recomputed_and_rewritten():
    first = cf("summarise", TXT)
    entry, _ = stored()
    edited = entry.read_text(encoding="utf-8").replace("Southwark", "Hacked")
    entry.write_text(edited, encoding="utf-8")  # same key, same shape: only the MAC is wrong
    again = cf("summarise", TXT)
    assert again.exit_code == 0 and "Hacked" not in again.stdout
    assert again.stdout == first.stdout
    assert "Hacked" not in entry.read_text(encoding="utf-8"), "the entry is rewritten"


def test_an_entry_from_another_cache_is_not_served(tmp_path, monkeypatch):
    assert cf("summarise", TXT).exit_code == 0
    entry, _ = stored()
    forged = entry.read_text(encoding="utf-8").replace("Southwark", "Hacked")
    other = tmp_path / "other-cache"
    monkeypatch.setenv("CF_CACHE_DIR", str(other))
    assert cf("summarise", TXT).exit_code == 0  # a cache with its own key
    (theirs,) = sorted(other.rglob("*.json"))
    theirs.write_text(forged, encoding="utf-8")  # an entry whose MAC another key made
    assert "Hacked" not in cf("summarise", TXT).stdout


def test_what_an_entry_holds_is_cleaned_as_new_text_is():
    """Even an entry with a right MAC (a cache written by an older cf, say) never brings an
    escape sequence or an override to the terminal, --explain's plain lines included."""
    assert cf("summarise", TXT).exit_code == 0
    _, body = stored()
    result = body["result"]
    for sentence in result["sentences"]:
        sentence["text"] = "\x1b]0;pwned\x07\x1b[2J\u202e" + sentence["text"]
        sentence["cues"] = [c + "\x9b2J" for c in sentence["cues"]]
    result["summary"]["headline"] += "\u200b\x1b[31m"
    Cache(cache_root()).put(body["key"], result)
    for fmt in ("text", "markdown", "json"):
        out = cf("summarise", TXT, "--explain", "--format", fmt)
        assert out.exit_code == 0, out.stderr
        assert not CONTROL_OR_INVISIBLE.findall(out.stdout), (fmt, CONTROL_OR_INVISIBLE.findall(out.stdout))
    page = cache_root().parent / "page.html"
    assert cf("review", TXT, "-o", page, "--no-open").exit_code == 0
    assert not CONTROL_OR_INVISIBLE.findall(page.read_text(encoding="utf-8"))


def test_a_fifo_a_device_link_or_a_huge_file_as_an_entry_is_a_miss():
    first = cf("summarise", TXT)
    entry, _ = stored()
    entry.unlink()
    os.mkfifo(entry)  # opened without blocking, then refused: not a regular file
    assert cf("summarise", TXT).stdout == first.stdout
    entry.unlink()
    entry.symlink_to("/dev/zero")  # never followed
    assert cf("summarise", TXT).stdout == first.stdout
    assert entry.is_file() and not entry.is_symlink(), "rewritten as a file, not through the link"
    with open(entry, "r+b") as fh:
        fh.truncate(cache_module.MAX_ENTRY + 1)  # sparse: no disk, and never read whole
    assert cf("summarise", TXT).stdout == first.stdout


def test_a_shard_folder_that_is_a_link_is_not_followed(tmp_path, monkeypatch):
    assert cf("summarise", TXT).exit_code == 0
    entry, _ = stored()
    shard = entry.parent
    elsewhere = tmp_path / "elsewhere"
    shard.rename(elsewhere)
    shard.symlink_to(elsewhere)
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    import cf.summarise.pipeline as pipeline

    ran: list[str] = []
    real = pipeline.summarise
    monkeypatch.setattr(pipeline, "summarise", lambda *a, **k: ran.append("x") or real(*a, **k))
    result = cf("summarise", TXT, "--debug")  # --debug: one document runs in this process
    assert result.exit_code == 0 and ran, "not served through the link: recomputed"
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before, "nor written through it"


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757, 0o1777])
def test_a_cache_folder_others_can_write_is_not_used(tmp_path, monkeypatch, mode):
    monkeypatch.setattr(cache_module, "_own_group", lambda _gid: False)  # a group of several
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(mode)
    monkeypatch.setenv("CF_CACHE_DIR", str(shared))
    result = cf("summarise", TXT)
    assert result.exit_code == 0 and "Southwark" in result.stdout
    warning = [ln for ln in result.stderr.splitlines() if ln.startswith("cf: warning:")]
    assert len(warning) == 1 and "writable by other users" in warning[0], result.stderr
    assert f"mode {mode & 0o7777:04o}" in warning[0]
    assert list(shared.rglob("*")) == [], "nothing read from or written to it"
    assert "cf: warning" not in cf("summarise", TXT, "-q").stderr  # -q: no warnings


def test_a_cache_folder_of_another_user_or_a_readable_key_is_not_used(monkeypatch):
    assert cf("summarise", TXT).exit_code == 0
    key = cache_root() / "results-v3" / "key"
    key.chmod(0o644)
    result = cf("summarise", TXT)
    assert result.exit_code == 0 and "key file is not a private file" in result.stderr
    key.chmod(0o600)
    assert "warning" not in cf("summarise", TXT).stderr
    real = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: real + 1)
    result = cf("summarise", TXT)
    assert result.exit_code == 0 and "belongs to another user" in result.stderr


def test_a_folder_only_the_users_private_group_may_write_is_used(tmp_path, monkeypatch):
    """With a umask of 002 an older cf made ~/.cache/cf with mode 0775: the group is the user's
    own (named after them, no other members), so the folder is still only theirs."""
    import grp
    import pwd

    folder = tmp_path / "mine"
    folder.mkdir()
    folder.chmod(0o775)
    monkeypatch.setenv("CF_CACHE_DIR", str(folder))
    me = pwd.getpwuid(os.geteuid())
    private = grp.struct_group((me.pw_name, "x", folder.stat().st_gid, []))
    monkeypatch.setattr(pwd, "getpwuid", lambda _uid: pwd.struct_passwd(
        (me.pw_name, "x", me.pw_uid, folder.stat().st_gid, "", me.pw_dir, me.pw_shell)))
    monkeypatch.setattr(grp, "getgrgid", lambda _gid: private)
    result = cf("summarise", TXT)
    assert result.exit_code == 0 and "warning" not in result.stderr, result.stderr
    assert cache_files(), "the cache is used"
    monkeypatch.setattr(grp, "getgrgid", lambda gid: grp.struct_group((me.pw_name, "x", gid, ["other"])))
    assert "writable by other users" in cf("summarise", TXT).stderr  # a member besides the user
