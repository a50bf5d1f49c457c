"""Resource limits (issue 9): input size, pipes and devices, compression bombs, memory per
worker, timeouts, the number of workers.

Memory is checked on the real command in its own process, run under an address-space
ceiling (a test never needs more than a few hundred MB, whatever cf does wrong) and with its
peak RSS read from os.wait4."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cf.cli.app import app
from cf.cli.output import MANIFEST

import pdfgen
from conftest import EXAMPLES

runner = CliRunner()
GOOD_TEXT = EXAMPLES / "southwark-2019-02-07.txt"
CEILING = 1 << 30  # address space for a whole cf run in these tests
RSS_GOAL_MB = 500  # issue 9: peak memory on hostile input with the documented defaults


def cf(*args, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


def cf_command() -> list[str]:
    exe = Path(sys.executable).with_name("cf")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from cf.cli.app import main; main()"]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    rss_mb: float


def run_bounded(*args: object, stdin=subprocess.DEVNULL, wall: float = 300) -> Run:
    """The installed cf in its own process under CEILING; its (and its workers') peak RSS."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CEILING, CEILING))

    proc = subprocess.Popen([*cf_command(), *map(str, args)], stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=limit, text=True)
    out: dict[str, str] = {}
    readers = [threading.Thread(target=lambda k=k, f=f: out.__setitem__(k, f.read()))
               for k, f in (("out", proc.stdout), ("err", proc.stderr))]
    for t in readers:
        t.start()
    deadline = time.monotonic() + wall
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"cf {args} still running after {wall} s")
        time.sleep(0.05)
    for t in readers:
        t.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(proc.returncode, out["out"], out["err"], usage.ru_maxrss / 1024)


def one_error(stderr: str, name: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.startswith("cf: error:") and name in ln]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    return lines[0]


# --------------------------------------------------------------------------- input size


def test_dev_zero_fails_at_the_size_limit_in_bounded_memory():
    r = run_bounded("summarise", "/dev/zero")
    assert r.code == 1
    assert "limit" in one_error(r.stderr, "/dev/zero")
    assert r.rss_mb < RSS_GOAL_MB, r.rss_mb


def test_endless_standard_input_fails_at_the_size_limit():
    with open("/dev/urandom", "rb") as endless:
        r = run_bounded("summarise", "-", stdin=endless)
    assert r.code == 1
    assert "limit" in one_error(r.stderr, "cf: error: -:")
    assert r.rss_mb < RSS_GOAL_MB, r.rss_mb


def test_huge_sparse_file_fails_at_once_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(folder / "huge.pdf", "wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(8 << 30)  # 8 GB, nearly all of it a hole: costs no disk
    (folder / "southwark.txt").write_bytes(GOOD_TEXT.read_bytes())
    out = tmp_path / "drafts"
    r = run_bounded("summarise", folder, "-o", out, "--no-cache")
    assert r.code == 1
    assert "50 MB" in one_error(r.stderr, "huge.pdf")
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "southwark.txt"]
    assert r.rss_mb < RSS_GOAL_MB, r.rss_mb


def test_max_input_mb_sets_the_limit(tmp_path):
    big = tmp_path / "long.txt"
    text = GOOD_TEXT.read_text(encoding="utf-8")
    big.write_text(text + "\n\nNotes.\n\n" + "Inspectors met with leaders.\n\n" * 40000, encoding="utf-8")
    assert big.stat().st_size > 1 << 20
    refused = cf("summarise", big, "--max-input-mb", "1", "--no-cache")
    assert refused.exit_code == 1 and "larger than 1 MB" in refused.stderr
    for args in (["--max-input-mb", "2"], ["--max-input-mb", "0"]):  # 0: no limit
        assert "larger than" not in cf("summarise", big, *args, "--no-cache").stderr
    assert "larger than 1 MB" in cf("inspect", big, "--max-input-mb", "1").stderr


# --------------------------------------------------------------------------- pipes and devices


def test_fifo_with_no_writer_fails_at_once(tmp_path):
    fifo = tmp_path / "letter.pdf"
    os.mkfifo(fifo)
    r = run_bounded("summarise", fifo, wall=60)
    assert r.code == 1
    assert "no program is writing" in one_error(r.stderr, "letter.pdf")


def test_fifo_in_a_batch_does_not_hold_up_the_rest(tmp_path):
    fifo = tmp_path / "waiting.pdf"
    os.mkfifo(fifo)
    r = run_bounded("summarise", fifo, GOOD_TEXT, "--timeout", "5", "--no-cache",
                    "--format", "jsonl", wall=120)
    assert r.code == 1
    objects = [json.loads(ln) for ln in r.stdout.splitlines()]
    assert [o["status"] for o in objects] == ["error", "ok"]


def test_folder_walk_skips_fifos_and_devices(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "waiting.pdf")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "southwark.txt").write_bytes(GOOD_TEXT.read_bytes())
    r = run_bounded("summarise", folder, "--no-cache", "--format", "jsonl", wall=120)
    assert r.code == 0, r.stderr
    paths = [json.loads(ln)["source"]["path"] for ln in r.stdout.splitlines()]
    assert paths == [str(folder / "southwark.txt")]


def test_fifo_with_a_slow_writer_is_read(tmp_path):
    fifo = tmp_path / "letter.txt"
    os.mkfifo(fifo)
    data = GOOD_TEXT.read_bytes()

    # Another process, as in real use (a forked worker would hold a writer of this one's open).
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import os, sys, time
        fd = os.open({str(fifo)!r}, os.O_RDWR)  # holds the pipe open as a writer at once
        data = sys.stdin.buffer.read()
        time.sleep(1.0)  # ... and only then writes
        os.write(fd, data[:1000])
        time.sleep(0.2)
        os.write(fd, data[1000:])
        os.close(fd)
        """)], stdin=subprocess.PIPE)
    writer.stdin.write(data)
    writer.stdin.close()
    time.sleep(0.2)
    result = cf("summarise", fifo, "--no-cache")
    writer.wait(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert "Southwark" in result.stdout


def test_silent_pipe_fails_after_the_timeout(tmp_path):
    fifo = tmp_path / "silent.txt"
    os.mkfifo(fifo)
    # a writer that never writes (another process: a forked worker would hold this one's)
    held = subprocess.Popen([sys.executable, "-c", f"import os, time; os.open({str(fifo)!r}, os.O_RDWR); time.sleep(60)"])
    try:
        time.sleep(0.5)
        result = cf("summarise", fifo, "--timeout", "1", "--no-cache")
    finally:
        held.kill()
        held.wait()
    assert result.exit_code == 1
    assert "its data had not all come after 1 s (the --timeout limit)" in result.stderr


def test_character_device_input_reads_within_the_limit():
    result = cf("summarise", "/dev/null")
    assert result.exit_code == 1 and "empty" in result.stderr


# --------------------------------------------------------------------------- compression bombs


def test_compression_bomb_fails_clearly_in_bounded_memory(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdfgen.bomb_pdf(256 << 20))  # 0.25 MB of file, 256 MB of spaces
    r = run_bounded("summarise", path, "--no-cache")
    assert r.code == 1
    assert "compression bomb" in one_error(r.stderr, "bomb.pdf")
    assert r.rss_mb < RSS_GOAL_MB, r.rss_mb


def test_compression_bomb_in_a_batch_costs_only_itself(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bomb.pdf").write_bytes(pdfgen.bomb_pdf(256 << 20))
    (folder / "southwark.txt").write_bytes(GOOD_TEXT.read_bytes())
    out = tmp_path / "drafts"
    r = run_bounded("summarise", folder, "-o", out, "--no-cache", "--jobs", "2")
    assert r.code == 1
    one_error(r.stderr, "bomb.pdf")
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "southwark.txt"]
    assert r.rss_mb < RSS_GOAL_MB, r.rss_mb


@pytest.mark.parametrize("method", ["lzw", "runlength"])
def test_other_expanding_filters_are_on_the_same_budget(tmp_path, method):
    path = tmp_path / f"{method}.pdf"
    path.write_bytes(pdfgen.bomb_pdf(100 << 20, method=method))
    result = cf("summarise", path, "--no-cache")
    assert result.exit_code == 1
    assert "compression bomb" in result.stderr and "Traceback" not in result.stderr


def test_streams_within_the_budget_read_as_before(tmp_path):
    path = tmp_path / "padded.pdf"
    path.write_bytes(pdfgen.bomb_pdf(4 << 20))  # 4 MB of spaces after the letter's text
    result = cf("summarise", path, "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert "Anytown" in result.stdout


def test_budgeted_zlib_behaves_as_zlib_within_the_budget():
    import zlib

    from cf.summarise.decompression_budget import _BoundedZlib, budget
    from cf.summarise.errors import DecompressedTooLarge

    data = b"Leaders have made good progress. " * 1000
    packed = zlib.compress(data)
    with budget(1 << 20):
        assert _BoundedZlib.decompress(packed) == data
        assert _BoundedZlib.decompress(packed + b"junk") == zlib.decompress(packed + b"junk")
        with pytest.raises(zlib.error):  # cut short: pdfminer then tries its recovery
            _BoundedZlib.decompress(packed[:-10])
        inflater = _BoundedZlib.decompressobj()
        assert inflater.decompress(packed[:100]) + inflater.decompress(packed[100:]) == data
    with budget(len(data) - 1), pytest.raises(DecompressedTooLarge):
        _BoundedZlib.decompress(packed)
    assert _BoundedZlib.decompress(packed) == data  # outside a budget: plain zlib


def test_memory_limit_per_worker_fails_one_document(tmp_path):
    """A 48 MB stream is within the decompression budget but not within 16 MB of memory."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "heavy.pdf").write_bytes(pdfgen.bomb_pdf(48 << 20))
    (folder / "southwark.txt").write_bytes(GOOD_TEXT.read_bytes())
    out = tmp_path / "drafts"
    r = run_bounded("summarise", folder, "-o", out, "--no-cache", "--max-memory-mb", "16")
    assert r.code == 1
    assert "memory" in one_error(r.stderr, "heavy.pdf")
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "southwark.txt"]
    alone = cf("summarise", folder / "heavy.pdf", "--no-cache", "--max-memory-mb", "16")
    assert alone.exit_code == 1 and "--max-memory-mb" in alone.stderr


# --------------------------------------------------------------------------- time and workers


@pytest.mark.parametrize("value", ["inf", "1e8", "0"])
def test_huge_or_no_timeout_is_no_limit(tmp_path, value):
    other = tmp_path / "copy.txt"
    other.write_bytes(GOOD_TEXT.read_bytes() + b"\n\nNote.\n")
    result = cf("summarise", GOOD_TEXT, other, "--timeout", value, "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Southwark") >= 2


def test_timeout_that_is_not_a_number_is_a_usage_error():
    result = cf("summarise", GOOD_TEXT, "--timeout", "nan")
    assert result.exit_code == 2 and "timeout" in result.stderr.lower()


def test_timeout_applies_to_a_single_input(tmp_path):
    slow = tmp_path / "pathological.pdf"
    slow.write_bytes(pdfgen.dense_pdf(200))
    result = cf("summarise", slow, "--timeout", "2", "--max-pages", "1000", "--no-cache")
    assert result.exit_code == 1
    assert "stopped after 2 s" in result.stderr and "Traceback" not in result.stderr


def test_jobs_are_capped_at_the_usable_cores_and_cf_says_so(tmp_path, monkeypatch):
    import cf.cli.summarise_cmd as command

    sizes: list[int] = []

    class Recording(command.Pool):
        def __init__(self, size, *args, **kwargs):
            sizes.append(size)
            super().__init__(size, *args, **kwargs)

    monkeypatch.setattr(command, "Pool", Recording)
    monkeypatch.setattr(command, "usable_cores", lambda: 2)
    paths = []
    for n in range(4):
        paths.append(tmp_path / f"letter-{n}.txt")
        paths[-1].write_bytes(GOOD_TEXT.read_bytes() + f"\n\nNote {n}.\n".encode())
    result = cf("summarise", *paths, "--jobs", "1000", "--no-cache", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert sizes == [2]
    assert "--jobs 1000 is more than the 2 usable cores" in result.stderr
    quiet = cf("summarise", *paths[:2], "--jobs", "1000", "--format", "jsonl")
    assert "--jobs" not in quiet.stderr  # no more inputs than cores: nothing to say


def test_readme_states_the_limits_the_code_has():
    from cf.summarise.limits import (
        DEFAULT_MAX_DECODED,
        DEFAULT_MAX_INPUT_MB,
        DEFAULT_MAX_MEMORY_MB,
        DEFAULT_TIMEOUT,
        MB,
    )
    from cf.summarise.pdf_pdfminer import MAX_FORMS, MAX_ITEMS
    from cf.summarise.pipeline import DEFAULT_MAX_PAGES

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Limits and safety", 1)[1].split("\n## ", 1)[0]
    rows = {ln.split("|")[1].strip(): ln.split("|")[2] for ln in section.splitlines()
            if ln.startswith("| ") and not ln.startswith("| limit")}
    assert f"{DEFAULT_MAX_INPUT_MB} MB" in rows["input size"]
    assert str(DEFAULT_MAX_PAGES) in rows["pages"]
    assert f"{DEFAULT_MAX_DECODED // MB} MB" in rows["decoded size"]
    assert f"{MAX_FORMS:,} form XObjects and {MAX_ITEMS:,} characters" in rows["drawing per page"]
    assert f"{DEFAULT_MAX_MEMORY_MB} MB" in rows["memory per worker"]
    assert f"{DEFAULT_TIMEOUT:g} s" in rows["time"]
