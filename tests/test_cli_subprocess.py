"""The installed `cf` in real processes and real pipes."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES

TXT = EXAMPLES / "southwark-2019-02-07.txt"


def cf_command() -> list[str]:
    beside = Path(sys.executable).with_name("cf")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("cf")
    return [found] if found else [sys.executable, "-c", "from cf.cli.app import main; main()"]


def test_jsonl_piped_into_another_process():
    """`cf summarise ... --format jsonl | python -c <reader>`: a real pipe between two processes."""
    reader = (
        "import json, sys\n"
        "rows = [json.loads(line) for line in sys.stdin]\n"
        "print(len(rows), rows[0]['document']['local_authority'], rows[0]['schema_version'])\n"
    )
    producer = subprocess.Popen([*cf_command(), "summarise", str(TXT), "--format", "jsonl"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    consumer = subprocess.run([sys.executable, "-c", reader], stdin=producer.stdout,
                              capture_output=True, text=True, timeout=300)
    producer.stdout.close()
    assert producer.wait(timeout=300) == 0, producer.stderr.read()
    assert consumer.returncode == 0, consumer.stderr
    assert consumer.stdout.split() == ["1", "Southwark", "1"]


def test_text_through_stdin_and_a_pipe_is_plain():
    cat = subprocess.Popen(["cat", str(TXT)], stdout=subprocess.PIPE)
    proc = subprocess.run([*cf_command(), "summarise", "-"], stdin=cat.stdout, capture_output=True,
                          timeout=300)
    cat.stdout.close()
    cat.wait()
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode("utf-8")
    assert "Southwark" in out and "\x1b[" not in out and proc.stderr == b""


def test_usage_error_exit_code_in_a_real_process():
    proc = subprocess.run([*cf_command(), "summarise", "--format", "pdf", str(TXT)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_help_is_fast_and_imports_neither_spacy_nor_pdfminer():
    probe = (
        "import sys\n"
        "from cf.cli.app import main\n"
        "sys.argv = ['cf', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('spacy', 'pdfminer', 'pypdfium2', 'cf.summarise.pipeline') if m in sys.modules]\n"
        "sys.stderr.write(repr(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stderr == "[]", proc.stderr
    assert "summarise" in proc.stdout
    # How long it takes is benchmarks/speed.py's business; here only that it works.
    subprocess.run([*cf_command(), "--help"], capture_output=True, check=True, timeout=60)


def test_interrupt_exits_130_without_traceback(tmp_path):
    """SIGINT while a batch is running: 130, a one-line message, no traceback."""
    import signal

    for n in range(40):
        (tmp_path / f"copy-{n:02d}.txt").write_bytes(TXT.read_bytes())
    env = {**os.environ, "CF_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([*cf_command(), "summarise", str(tmp_path), "--jobs", "1", "--no-cache"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            # a shell's background job inherits SIGINT ignored: restore it
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    # The first draft's first line says the batch is under way (handlers installed), on a
    # fast machine or a loaded one alike; forty letters keep it busy past that.
    first = proc.stdout.readline()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    out = first + out
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    json.dumps(out)  # whatever was printed is text


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """`cf ... | head -1`: cf stops quietly when the pipe closes."""
    for n in range(8):
        (tmp_path / f"copy-{n}.txt").write_bytes(TXT.read_bytes())
    env = {**os.environ, "CF_CACHE_DIR": str(tmp_path / "cache")}
    producer = subprocess.Popen([*cf_command(), "summarise", str(tmp_path), "--format", "jsonl",
                                 "--explain", "--jobs", "2", "-q"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    subprocess.run(["head", "-c", "100"], stdin=producer.stdout, capture_output=True, timeout=300)
    producer.stdout.close()
    err = producer.stderr.read().decode()
    assert producer.wait(timeout=300) in (0, 1)
    assert "Traceback" not in err and "Broken pipe" not in err, err


def _run_on_a_terminal(*args: str) -> str:
    """Run cf with stdout and stderr on one pseudo-terminal, as a writer's shell runs it;
    everything the terminal received, escape sequences included."""
    import pty
    import select

    main_fd, child_fd = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([*cf_command(), *args], stdin=child_fd, stdout=child_fd, stderr=child_fd,
                            env=env, close_fds=True)
    os.close(child_fd)
    received = b""
    try:
        while True:
            ready, _, _ = select.select([main_fd], [], [], 120)
            if not ready:
                break
            try:
                chunk = os.read(main_fd, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            received += chunk
    finally:
        os.close(main_fd)
        proc.wait(timeout=120)
    assert proc.returncode == 0, received.decode(errors="replace")[-2000:]
    return received.decode("utf-8", errors="replace")


def test_spinner_is_wiped_before_the_draft_on_a_shared_terminal():
    """Issue 19, 6: `⠇ Reading southwark-2019-02-07.txt…╭─ Children in care ...` was the
    first line of every uncached draft on a terminal."""
    screen = _run_on_a_terminal("summarise", str(TXT), "--no-cache")
    assert "Reading southwark-2019-02-07.txt" in screen, "the spinner ran (a terminal on stderr)"
    before_box = screen[: screen.index("╭")]
    # What is left on the box's line once carriage returns and line erasures have acted.
    line = re.split(r"\r|\n|\x1b\[2K", before_box)[-1]
    assert re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", line).strip() == "", repr(before_box[-300:])
