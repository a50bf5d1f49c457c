"""Hostile documents and hostile runs (issue 18): every command reads in the bounded worker,
the reader's guards, killing cf, a worker's crash, trickling pipes, the style file, and cf's
own memory over a batch."""
from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cf.cli.app import app

import pdfgen
from conftest import EXAMPLES

runner = CliRunner()
EXAMPLE = EXAMPLES / "southwark-2019-02-07.txt"

# Each kind: a few kilobytes that, read naively, take gigabytes or for ever; and what the
# one error line says.
HOSTILE = {
    "cmap-range": (pdfgen.cmap_range_pdf, "character maps"),
    "nested-forms": (pdfgen.nested_forms_pdf, "forms"),
    "predictor": (pdfgen.predictor_pdf, "predictor"),
    "page-tree-cycle": (pdfgen.page_tree_cycle_pdf, "loop"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_the_reader_refuses_hostile_pdfs_quickly_in_little_memory(kind):
    from cf.summarise.errors import DocumentError
    from cf.summarise.pdf_pdfminer import read_pages

    make, words = HOSTILE[kind]
    data = make()
    assert len(data) < 6000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    with pytest.raises(DocumentError, match=words):
        read_pages(data, 200)
    assert time.monotonic() - start < 20  # seconds on a loaded machine; about 3 at most
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 200


def test_a_chain_of_references_that_ends_is_followed():
    """Only a loop is damage: an object that is a reference to another is allowed."""
    from cf.summarise.pdf_pdfminer import read_pages

    objects = pdfgen.objects_of(pdfgen.text_pdf([pdfgen.ofsted_like_lines()]))
    objects.append(objects[1])  # the page tree, moved to the end ...
    objects[1] = b"%d 0 R" % len(objects)  # ... and object 2 a reference to it
    count, pages = read_pages(pdfgen._assemble(objects), 200)
    assert count == 1 and any("Anytown" in line.text for line in pages[0].lines)


def test_ordinary_predictors_and_character_maps_read_as_before():
    from cf.summarise.pdf_pdfminer import read_pages

    for data in (pdfgen.predictor_pdf(columns=16), pdfgen.cmap_range_pdf(b"\x00\x41", b"\x00\x5a")):
        count, pages = read_pages(data, 200)
        assert any("Anytown" in line.text for line in pages[0].lines)
    _, pages = read_pages(pdfgen.nested_forms_pdf(depth=3, fanout=10), 200)  # 111 forms drawn
    assert any("Anytown" in line.text for line in pages[0].lines)


# Every command that reads a document, as a user runs it ({out}: a file to write).
COMMANDS = {
    "summarise": ["summarise", "--no-cache"],
    "review": ["review", "--no-cache", "--no-open", "-o", "{out}"],
    "inspect": ["inspect"],
    "score": ["score"],
}


def run_command(command: str, path: Path, *extra: str):
    args = [a.replace("{out}", str(path.with_suffix(".html"))) for a in COMMANDS[command]]
    return runner.invoke(app, [args[0], str(path), *args[1:], *extra])


def assert_one_error(result, path: Path, *words: str) -> str:
    lines = result.stderr.splitlines()
    assert result.exit_code == 1, result.stderr
    assert len(lines) == 1 and lines[0].startswith(f"cf: error: {path}: "), result.stderr
    assert "internal error" not in lines[0] and "Traceback" not in result.stderr
    assert any(w in lines[0] for w in words), lines[0]
    return lines[0]


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_every_command_refuses_hostile_pdfs_within_the_limits(tmp_path, kind, command):
    """inspect, score and review read as summarise does: in the bounded worker, with the
    same messages (each of these took gigabytes or never returned in inspect and score)."""
    make, words = HOSTILE[kind]
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(make())
    # A small memory cap: the guards, not the cap, must stop each of them.
    result = run_command(command, path, "--max-memory-mb", "200", "--timeout", "60")
    assert_one_error(result, path, words)
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["inspect", "score"])
def test_inspect_and_score_keep_the_time_limit(tmp_path, command):
    slow = tmp_path / "dense.pdf"
    slow.write_bytes(pdfgen.dense_pdf(60))
    result = run_command(command, slow, "--timeout", "1", "--max-pages", "100")
    assert_one_error(result, slow, "stopped after 1 s (the --timeout limit)")


@pytest.mark.parametrize("command", ["inspect", "score"])
def test_inspect_and_score_keep_the_size_limit(tmp_path, command):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Leaders have made good progress.\n" * 40_000)  # 1.3 MB
    result = run_command(command, big, "--max-input-mb", "1")
    assert_one_error(result, big, "larger than 1 MB, the input size limit")


# --------------------------------------------------------------------------- killing cf


def cf_command() -> list[str]:
    exe = Path(sys.executable).with_name("cf")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from cf.cli.app import main; main()"]


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting for a parent to reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP", "SIGKILL"])
def test_killing_cf_ends_its_workers_and_the_pipeline(tmp_path, sig):
    """`cf summarise letters/ | reader`, then cf killed: its workers end with it, and the
    reader sees the end of its input (no worker holds cf's stdout open)."""
    for n in range(2):  # slow to lay out: the workers are busy when cf goes
        (tmp_path / f"dense-{n}.pdf").write_bytes(pdfgen.dense_pdf(60))
    env = {**os.environ, "CF_CACHE_DIR": str(tmp_path / "cache")}
    reader = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    cf = subprocess.Popen([*cf_command(), "summarise", str(tmp_path), "--format", "jsonl", "--jobs", "2",
                           "--max-pages", "100", "--no-cache", "-q"],
                          stdout=reader.stdin, stderr=subprocess.DEVNULL, env=env)
    reader.stdin.close()  # cf (and, wrongly, its workers) hold the only writing end
    try:
        deadline = time.monotonic() + 120
        while len(children(cf.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = children(cf.pid)
        assert len(workers) == 2, "the workers never started"
        time.sleep(0.5)  # each is in the middle of its document
        cf.send_signal(getattr(signal, sig))
        cf.wait(timeout=30)
        reader.stdout.read()  # end of file: nothing holds the pipe open (else this hangs)
        reader.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(map(alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(map(alive, workers)), f"workers outlived cf's {sig}"
    finally:
        for pid in children(cf.pid) + [cf.pid]:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        reader.kill()


# --------------------------------------------------------------------------- a worker's crash


def crash(*_args: Any) -> dict[str, Any]:
    """Work that ends its worker as the interpreter does when memory runs out entirely."""
    import ctypes

    ctypes.pythonapi.Py_FatalError(b"_PyErr_NormalizeException: Cannot recover from MemoryErrors "
                                   b"while normalizing exceptions.")
    return {}


def test_a_worker_that_dies_is_one_line_and_nothing_on_stderr(capfd):
    from cf.cli.cache import Options
    from cf.cli.runner import Job, Pool
    from cf.models import Style

    pool = Pool(1, Options(Style(), "pdfminer", 200), timeout=60)
    try:
        outcomes = list(pool.run([Job(0, "letter.pdf", b"x", work=crash)]))
    finally:
        pool.close(kill=True)
    (outcome,) = outcomes
    assert outcome.error_type == "WorkerDied"
    assert outcome.error == ("the worker process reading this document died: it ran out of memory "
                             "(raise the limit with --max-memory-mb)")
    assert "Fatal Python error" in (outcome.traceback or "")  # kept for --debug
    assert capfd.readouterr().err == ""  # the interpreter's 50 lines went to the worker's file


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
def test_a_worker_killed_from_outside_is_one_error_line_even_with_quiet(tmp_path):
    """As when the kernel's out-of-memory killer picks a worker."""
    slow = tmp_path / "dense.pdf"
    slow.write_bytes(pdfgen.dense_pdf(60))
    env = {**os.environ, "CF_CACHE_DIR": str(tmp_path / "cache")}
    cf = subprocess.Popen([*cf_command(), "summarise", str(slow), "--max-pages", "100", "-q"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 120
        while not children(cf.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)
        os.kill(children(cf.pid)[0], signal.SIGKILL)
        out, err = cf.communicate(timeout=60)
    finally:
        cf.kill()
    assert cf.returncode == 1 and out == ""
    assert err == f"cf: error: {slow}: the worker process reading this document died: killed by SIGKILL (out of memory?)\n"


def test_why_a_worker_died_in_one_line():
    from cf.cli.runner import why_it_died

    died = "the worker process reading this document died"
    assert why_it_died("Fatal Python error: Segmentation fault\n\nCurrent thread ...\n", -11) == \
        f"{died}: Segmentation fault"
    assert why_it_died("", -6) == f"{died}: killed by SIGABRT"
    assert why_it_died("", 3) == f"{died} (out of memory?)"


# --------------------------------------------------------------------------- pipes and --timeout


def test_a_trickling_pipe_cannot_outlast_the_timeout_nor_hold_up_other_deadlines(tmp_path):
    """One byte every half second for a minute, beside a document slower than --timeout:
    both stop at the time limit, and the run ends long before the writer would."""
    fifo = tmp_path / "letter.txt"
    os.mkfifo(fifo)
    slow = tmp_path / "dense.pdf"
    slow.write_bytes(pdfgen.dense_pdf(60))
    trickle = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import os, time
        fd = os.open({str(fifo)!r}, os.O_WRONLY)
        for _ in range(120):
            os.write(fd, b"x")
            time.sleep(0.5)
        """)])
    try:
        start = time.monotonic()
        result = runner.invoke(app, ["summarise", str(fifo), str(slow), "--timeout", "2", "--jobs", "2",
                                     "--max-pages", "100", "--no-cache", "--format", "jsonl"])
        took = time.monotonic() - start
    finally:
        trickle.kill()
        trickle.wait()
    errors = {json.loads(line)["source"]["path"]: json.loads(line) for line in result.stdout.splitlines()}
    assert errors[str(fifo)]["error"].startswith("its data had not all come after 2 s"), result.stderr
    assert errors[str(slow)]["error"] == "stopped after 2 s (the --timeout limit)", result.stderr
    assert took < 40  # the writer goes on for 60 s


# --------------------------------------------------------------------------- --style


def test_style_from_dev_zero_is_a_usage_error_at_the_size_limit():
    result = runner.invoke(app, ["summarise", str(EXAMPLE), "--style", "/dev/zero"])
    assert result.exit_code == 2
    assert result.stderr == ("cf: error: /dev/zero: larger than 1 MB, more than a style file holds "
                             "(a few lines of settings)\n")


def test_style_from_a_pipe_with_no_writer_is_a_usage_error_at_once(tmp_path):
    fifo = tmp_path / "style.toml"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["summarise", str(EXAMPLE), "--style", str(fifo)])
    assert result.exit_code == 2
    assert result.stderr == (f"cf: error: {fifo}: cannot read the style file: nothing to read: "
                             "no program is writing to this named pipe\n")


def test_style_from_a_trickling_pipe_is_a_usage_error_at_the_deadline(tmp_path, monkeypatch):
    import cf.cli.config

    monkeypatch.setattr(cf.cli.config, "STYLE_WAIT", 1.0)
    fifo = tmp_path / "style.toml"
    os.mkfifo(fifo)
    trickle = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import os, time
        fd = os.open({str(fifo)!r}, os.O_WRONLY)
        for _ in range(60):
            os.write(fd, b"#")
            time.sleep(0.2)
        """)])
    try:
        time.sleep(0.3)
        result = runner.invoke(app, ["summarise", str(EXAMPLE), "--style", str(fifo)])
    finally:
        trickle.kill()
        trickle.wait()
    assert result.exit_code == 2
    assert result.stderr == (f"cf: error: {fifo}: cannot read the style file: its data had not all "
                             "come from this pipe in 1 s\n")


def test_style_from_a_pipe_is_read(tmp_path):
    """`--style <(...)`: a pipe that ends in time is a style file like any other."""
    fifo = tmp_path / "style.toml"
    os.mkfifo(fifo)
    writer = subprocess.Popen([sys.executable, "-c", "import sys; open(sys.argv[1], 'w').write(sys.argv[2])",
                               str(fifo), 'findings_intro = "Piped style:"\n'])
    time.sleep(0.3)
    result = runner.invoke(app, ["summarise", str(EXAMPLE), "--style", str(fifo), "--no-cache"])
    writer.wait(timeout=10)
    assert result.exit_code == 0, result.stderr
    assert "Piped style:" in result.stdout


@pytest.mark.parametrize("nested", ["[" * 50_000 + "]" * 50_000, "{a = " * 50_000 + "}" * 50_000])
def test_style_nested_50000_deep_is_a_usage_error(tmp_path, nested):
    style = tmp_path / "deep.toml"
    style.write_text(f"word_budget = {nested}\n", encoding="utf-8")
    result = runner.invoke(app, ["summarise", str(EXAMPLE), "--style", str(style)])
    assert result.exit_code == 2
    assert result.stderr == f"cf: error: {style}: not valid TOML: nested too deeply\n"


# --------------------------------------------------------------------------- cf's own memory


def letters(folder: Path, count: int) -> None:
    """`count` different letters in `folder`."""
    text = EXAMPLE.read_text(encoding="utf-8")
    folder.mkdir()
    for n in range(count):
        (folder / f"letter-{n:04d}.txt").write_text(f"{text}\nReference {n}.\n", encoding="utf-8")


@pytest.fixture
def served_from_the_cache(monkeypatch) -> None:
    """Every letter's result found in the cache (a fresh copy of one real draft, as a cache
    entry is read), so a run needs no workers and measures cf's own keeping alone."""
    from cf.cli.cache import Cache, Options
    from cf.cli.runner import draft
    from cf.models import Style

    stored = json.dumps(draft(EXAMPLE.read_bytes(), str(EXAMPLE), Options(Style(), "pdfminer", 200)))

    def get(_cache: Cache, _key: str, path: str) -> dict[str, Any]:
        doc: dict[str, Any] = json.loads(stored)
        doc["source"]["path"] = path
        return doc

    monkeypatch.setattr(Cache, "get", get)
    monkeypatch.setattr(Cache, "put", lambda *args: None)


def traced_peak(folder: Path, output: Path | None) -> int:
    """The most memory Python objects held at once in this process while `cf summarise
    FOLDER --format jsonl` (or `-o OUTPUT/`) ran, its output sent to /dev/null."""
    import tracemalloc

    from rich.console import Console

    from cf.cli.summarise_cmd import Request, run
    from cf.cli.terminal import Terminal

    with open(os.devnull, "w", encoding="utf-8") as null:
        term = Terminal(out=Console(file=null), err=Console(file=null), quiet=True)
        request = Request([str(folder)], fmt="jsonl" if output is None else "text", output=output,
                          output_folder=output is not None, quiet=True)
        tracemalloc.start()
        try:
            code = run(request, term)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert code == 0
    return peak


@pytest.mark.usefixtures("served_from_the_cache")
@pytest.mark.parametrize("to_files", [False, True], ids=["jsonl", "output-folder"])
def test_cf_holds_no_finished_document_when_results_are_streamed(tmp_path, to_files):
    """Flat in the number of documents: 150 more letters cost cf itself under 10 KB each
    (a finished letter kept whole is about 140 KB)."""
    small, big = tmp_path / "small", tmp_path / "big"
    letters(small, 30)
    letters(big, 180)

    def output(name: str) -> Path | None:
        return tmp_path / f"drafts-{name}" if to_files else None

    traced_peak(small, output("warm-up"))  # imports and first-use caches, outside the measure
    growth = traced_peak(big, output("big")) - traced_peak(small, output("small"))
    assert growth < 150 * 10 * 1024, f"{growth / 150 / 1024:.0f} KB per document"


# --------------------------------------------------------------------------- the reader on damaged pages


def test_a_page_of_thousands_of_one_glyph_lines_is_read_in_seconds():
    """A damaged PDF can come out as thousands of lone glyphs: each bullet glyph is joined
    to the line beside it, and the page is not read in cubic time (a corrupt Southwark with
    its cross-reference table shifted took 31 s a command, over 120 s on a busy machine)."""
    from cf.summarise.extract import _attach_labels
    from cf.summarise.pdf_lines import Line

    lines = []
    for row in range(800):
        top = 10.0 + row * 0.9  # rows closer than a line's height: many candidates each
        lines.append(Line(1, 72, 76, top, top + 9, "\u2022", 9, False))
        lines.append(Line(1, 90, 300, top, top + 9, f"Item {row}.", 9, False))
    start = time.monotonic()
    out = _attach_labels(lines)
    assert time.monotonic() - start < 10  # a hang guard: it takes well under a second
    assert len(out) == 800 and all(line.bullet and line.x0 == 72 and line.indent == 90 for line in out)


# --------------------------------------------------------------------------- a worker's wear

_KEPT: list[bytes] = []


def keep_memory(data: bytes, *_args: Any) -> dict[str, Any]:
    """Work that leaves the worker `data`'s length in MB bigger, as a fragmented heap does."""
    _KEPT.append(bytearray(int(data) << 20))
    return {"pid": os.getpid()}


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_a_worker_grown_past_half_its_allowance_makes_way_for_a_new_one():
    """A long batch must not fail a document because earlier ones left the worker bigger."""
    from cf.cli.cache import Options
    from cf.cli.runner import Job, Pool
    from cf.models import Style

    pool = Pool(1, Options(Style(), "pdfminer", 200), timeout=60, memory=64 << 20)
    try:
        first, second, third = (list(pool.run([Job(i, "x", size, work=keep_memory)]))[0]
                                for i, size in enumerate((b"8", b"40", b"8")))
    finally:
        pool.close(kill=True)
    assert first.ok and second.ok and third.ok
    assert first.doc["pid"] == second.doc["pid"]  # 8 MB kept: the same worker goes on
    assert third.doc["pid"] != second.doc["pid"]  # 48 MB kept, past 32: a new worker
