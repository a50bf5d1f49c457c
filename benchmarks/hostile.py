"""Hostile input, devices and resource limits (issue 9): prints figures, asserts nothing.

    python benchmarks/hostile.py              # every reproduction
    python benchmarks/hostile.py bombs zero   # only the named groups

Each line reads "group/case: exit N, peak RSS M MB, S s; notes". Every `cf` run is a child
process with a safety ceiling on its address space (SAFETY_GB, so a run that would take the
machine's memory stops there instead) and a wall-clock limit (killed runs say "killed").
Peak RSS is the child's and its reaped children's (os.wait4), so batch workers count.

Groups: controls (1), pdftotext (2), devices (3), size (4), fifo (5), bombs (6),
timeout (7), cache (8), small (9); issue 18's names and outputs: names (4), inputs-kept (5),
cache-trust (6), long-names (11), glob-output (12), dangling-link (13), markdown (14),
invisible (15); issue 18's reader, workers and limits: reader (1 and 3), cycle (3), kill (2), crash (7),
trickle (9), style (10) (item 8, memory over a batch: benchmarks/batch_memory.py).

    CF=/path/to/an/older/cf python benchmarks/hostile.py reader   # the same runs, another build"""
from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import pdfgen  # noqa: E402  (the tests' generator of hostile PDFs)

EXAMPLES = ROOT / "examples"
GOOD_TXT = EXAMPLES / "southwark-2019-02-07.txt"
GOOD_PDF = EXAMPLES / "southwark-2019-02-07.pdf"
CF = os.environ.get("CF") or str(Path(sys.executable).with_name("cf"))  # CF=...: another build
SAFETY_GB = 6
SGR = re.compile("\x1b\\[[0-9;]*m")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 but tab/newline, DEL, C1


@dataclass
class Run:
    code: int | None  # None: killed at the wall-clock limit
    rss_mb: float
    seconds: float
    stdout: bytes
    stderr: bytes

    def figures(self) -> str:
        code = "killed (hung)" if self.code is None else f"exit {self.code}"
        return f"{code}, peak RSS {self.rss_mb:.0f} MB, {self.seconds:.1f} s"

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")


def _limits() -> None:
    os.setsid()
    ceiling = SAFETY_GB << 30
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def run(args: list[str], stdin: bytes | str | None = None, wall: float = 300,
        env: dict[str, str] | None = None, shell: bool = False, cwd: Path | None = None) -> Run:
    """One child run with the safety ceiling; stdin may be bytes or a path to open."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        if isinstance(stdin, str):
            fin = open(stdin, "rb")
        elif stdin is not None:
            fin = tempfile.TemporaryFile()
            fin.write(stdin)
            fin.seek(0)
        else:
            fin = subprocess.DEVNULL
        start = time.monotonic()
        proc = subprocess.Popen(args if not shell else ["bash", "-c", args[0]], stdin=fin,
                                stdout=out, stderr=err, preexec_fn=_limits, cwd=cwd,
                                env={**os.environ, **(env or {})})
        code, rusage = _wait(proc, wall)
        seconds = time.monotonic() - start
        if fin is not subprocess.DEVNULL:
            fin.close()
        out.seek(0)
        err.seek(0)
        return Run(code, rusage.ru_maxrss / 1024, seconds, out.read()[:1 << 20], err.read()[:1 << 20])


def _wait(proc: subprocess.Popen, wall: float) -> tuple[int | None, resource.struct_rusage]:
    deadline = time.monotonic() + wall
    while time.monotonic() < deadline:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            return os.waitstatus_to_exitcode(status), rusage
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    _, status, rusage = os.wait4(proc.pid, 0)
    return None, rusage


def line(name: str, result: Run | None, notes: str = "") -> None:
    figures = result.figures() if result is not None else ""
    sep = "; " if figures and notes else ""
    print(f"{name}: {figures}{sep}{notes}", flush=True)


def controls_in(text: str) -> int:
    return len(CONTROL.findall(text))


def cf(*args: object, **kw) -> Run:
    return run([CF, *map(str, args)], **kw)


# --------------------------------------------------------------------------- groups


def controls(tmp: Path) -> None:
    """1. Terminal escapes in text, names, errors, the batch table and JSON."""
    esc_line = "Leaders \x1b[2J made good progress.\n"
    r = cf("score", "-", stdin=esc_line.encode())
    line("controls/score", r, f"control chars on stdout {controls_in(r.out)}")
    letter = GOOD_TXT.read_text(encoding="utf-8")
    hostile = letter.replace("Southwark", "South\x1b]0;pwned\x07wark\x1b[31m", 3)
    hostile = hostile.replace("Children", "Child\x9b2Jren", 5)
    (tmp / "esc.txt").write_text(hostile, encoding="utf-8")
    for fmt in ("text", "markdown", "html", "json", "jsonl"):
        r = cf("summarise", tmp / "esc.txt", "--format", fmt, "--no-cache")
        line(f"controls/summarise-{fmt}", r,
             f"control chars: stdout {controls_in(r.out)}, stderr {controls_in(r.err)}")
    r = cf("summarise", tmp / "esc.txt", "--no-cache", env={"TTY_COMPATIBLE": "1"})
    unstyled = SGR.sub("", r.out)  # colour and bold are cf's own; anything else is not
    line("controls/summarise-styled", r, f"control chars beyond styling {controls_in(unstyled)}")
    r = cf("inspect", tmp / "esc.txt")
    line("controls/inspect", r, f"control chars on stdout {controls_in(r.out)}")
    bad = tmp / "bad\x1b[2Jname.pdf"
    bad.write_bytes(b"")
    r = cf("summarise", bad)
    line("controls/error-line", r, f"control chars on stderr {controls_in(r.err)}")
    folder = tmp / "batch"
    folder.mkdir()
    (folder / "a\x1b]0;title\x07.txt").write_text(hostile, encoding="utf-8")
    (folder / "b.txt").write_text(letter, encoding="utf-8")
    r = cf("summarise", folder, "--no-cache", "--format", "jsonl")
    line("controls/batch-table", r, f"control chars: stderr {controls_in(r.err)}, "
         f"stdout {controls_in(r.out)}")
    out = tmp / "drafts"
    r = cf("summarise", folder, "--no-cache", "-o", out)
    names = sorted(p.name for p in out.iterdir()) if out.exists() else []
    line("controls/output-names", r, f"control chars in file names {sum(map(controls_in, names))}")
    cid = tmp / "cid.pdf"
    cid.write_bytes(pdfgen.undecodable_pdf([
        ln.replace("children's", "children{cid:27}s") for ln in pdfgen.ofsted_like_lines()]))
    r = cf("summarise", cid, "--no-cache")
    line("controls/cid", r, f"'(cid:' in the draft {r.out.count('(cid:')}")


def pdftotext(_tmp: Path) -> None:  # every group is given a folder; this one needs none
    """2. Text as pdftotext writes it (no blank lines between paragraphs)."""
    r = run([f"grep -v '^$' {GOOD_TXT} | {CF} summarise - --no-cache"], shell=True)
    line("pdftotext/grep-v-blank", r, f"draft lines {len(r.out.splitlines())}: "
         f"{r.out.strip()[:60]!r}")
    for pdf in sorted(EXAMPLES.glob("*.pdf")):
        r = run([f"pdftotext {pdf} - | {CF} summarise - --format json --no-cache"], shell=True)
        from_pdf = cf("summarise", pdf, "--format", "json", "--no-cache")
        ours, theirs = _findings(r), _findings(from_pdf)
        same = len(set(ours) & set(theirs))
        line(f"pdftotext/{pdf.stem}", r, f"findings {len(ours)}, from the PDF {len(theirs)}, "
             f"identical {same}")


def _findings(result: Run) -> list[str]:
    try:
        return [f["text"] for f in json.loads(result.out)["summary"].get("findings") or []]
    except (ValueError, KeyError, TypeError):
        return []


def devices(tmp: Path) -> None:
    """3. -o onto a character device or a FIFO (a copy of /dev/null made with mknod)."""
    null = tmp / "null"
    try:
        os.mknod(null, 0o666 | 0o020000, os.makedev(1, 3))
    except PermissionError:
        line("devices/char-device", None, "n/a: mknod needs root")
    else:
        r = cf("summarise", GOOD_TXT, "-o", null, "--force", "--no-cache")
        line("devices/char-device", r, f"still a character device: {null.is_char_device()}")
    fifo = tmp / "fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    r = cf("summarise", GOOD_TXT, "-o", fifo, "--force", "--no-cache", wall=60)
    try:
        got = len(reader.communicate(timeout=10)[0])
    except subprocess.TimeoutExpired:  # its FIFO was renamed over: it waits for ever
        reader.kill()
        got = "nothing (still waiting)"
    line("devices/fifo", r, f"still a FIFO: {fifo.is_fifo()}, reader got {got} bytes")


def size(tmp: Path) -> None:
    """4. Unbounded input: /dev/zero, /dev/urandom on stdin, an 8 GB sparse file."""
    line("size/dev-zero", cf("summarise", "/dev/zero", wall=120))
    line("size/urandom-stdin", cf("summarise", "-", stdin="/dev/urandom", wall=120))
    sparse = tmp / "batch" / "huge.pdf"
    sparse.parent.mkdir()
    with open(sparse, "wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(8 << 30)
    line("size/sparse-8GB", cf("summarise", sparse, wall=120))
    (tmp / "batch" / "southwark.txt").write_bytes(GOOD_TXT.read_bytes())
    out = tmp / "drafts"
    r = cf("summarise", tmp / "batch", "-o", out, "--no-cache", wall=120)
    written = sorted(p.name for p in out.iterdir()) if out.exists() else []
    line("size/sparse-in-batch", r, f"written {written}")


def fifo(tmp: Path) -> None:
    """5. A FIFO with no writer, alone and in a batch with --timeout."""
    pipe = tmp / "letter.pdf"
    os.mkfifo(pipe)
    line("fifo/alone", cf("summarise", pipe, wall=20))
    line("fifo/batch-timeout-5", cf("summarise", pipe, GOOD_TXT, "--timeout", "5", "--no-cache",
                                    wall=30))
    folder = tmp / "folder"
    folder.mkdir()
    os.mkfifo(folder / "waiting.pdf")
    (folder / "southwark.txt").write_bytes(GOOD_TXT.read_bytes())
    r = cf("summarise", folder, "--no-cache", "--format", "jsonl", wall=30)
    line("fifo/in-folder", r, f"documents out {len(r.out.splitlines())}")


def bombs(tmp: Path) -> None:
    """6. Compression bombs: a 1 MB PDF inflating to 1 GB, a 4 MB one to 4 GB."""
    for gb in (1, 4):
        path = tmp / f"bomb-{gb}g.pdf"
        path.write_bytes(pdfgen.bomb_pdf(gb << 30))
        r = cf("summarise", path, "--no-cache", wall=300)
        line(f"bombs/{gb}GB-alone", r, f"file {path.stat().st_size / 1e6:.1f} MB; "
             f"stderr {r.err.strip()[:90]!r}")
    folder = tmp / "batch"
    folder.mkdir()
    (folder / "bomb.pdf").write_bytes((tmp / "bomb-1g.pdf").read_bytes())
    (folder / "southwark.txt").write_bytes(GOOD_TXT.read_bytes())
    out = tmp / "drafts"
    r = cf("summarise", folder, "-o", out, "--no-cache", "--jobs", "2", wall=300)
    written = sorted(p.name for p in out.iterdir()) if out.exists() else []
    line("bombs/1GB-in-batch", r, f"written {written}")


def timeout(tmp: Path) -> None:
    """7. --timeout inf / 1e8 in a batch; --timeout on a single slow input."""
    for value in ("inf", "1e8"):
        r = cf("summarise", GOOD_TXT, GOOD_PDF, "--timeout", value, "--no-cache", wall=120)
        line(f"timeout/{value}", r, f"traceback {'Traceback' in r.err}; "
             f"stderr {r.err.strip().splitlines()[-1][:80] if r.err.strip() else ''!r}")
    slow = tmp / "slow.pdf"
    slow.write_bytes(pdfgen.dense_pdf(200))
    r = cf("summarise", slow, "--timeout", "3", "--max-pages", "1000", "--no-cache", wall=300)
    line("timeout/single-3s", r, f"stderr {r.err.strip()[:80]!r}")


def cache(tmp: Path) -> None:
    """8. Cache entries of valid JSON and the wrong shape."""
    env = {"CF_CACHE_DIR": str(tmp / "cache")}
    first = cf("summarise", GOOD_TXT, env=env)
    entries = list((tmp / "cache").rglob("*.json"))
    for name, body in (("schema-only", {"schema_version": 1}),
                       ("summary-string", {"schema_version": 1, "summary": "oops"})):
        for entry in entries:
            entry.write_text(json.dumps(body), encoding="utf-8")
        r = cf("summarise", GOOD_TXT, env=env)
        rewritten = all(json.loads(e.read_text(encoding="utf-8")) != body for e in entries)
        line(f"cache/{name}", r, f"draft words {len(r.out.split())}, traceback-free "
             f"{'Traceback' not in r.err}, entry rewritten {rewritten}; "
             f"stderr {r.err.strip()[:60]!r}")
    del first


def small(tmp: Path) -> None:
    """9. The smaller points."""
    style = tmp / "latin1.toml"
    style.write_bytes('findings_intro = "Inspectors found \xa3:"\n'.encode("latin-1"))
    r = cf("summarise", GOOD_TXT, "--style", style, "--no-cache")
    line("small/style-latin1", r, f"stderr {r.err.strip()[:90]!r}")
    for name, body in (("word-budget-0", "word_budget = 0\n"),
                       ("empty-attribution", 'positive_attribution = ""\n')):
        style = tmp / f"{name}.toml"
        style.write_text(body, encoding="utf-8")
        r = cf("summarise", GOOD_TXT, "--style", style, "--no-cache")
        line(f"small/{name}", r, f"draft words {len(r.out.split())}, ', .' in draft {', .' in r.out}")
    folder = tmp / "thirty"
    folder.mkdir()
    text = GOOD_TXT.read_text(encoding="utf-8")
    for n in range(30):
        (folder / f"l{n:02}.txt").write_text(text + f"\n\nNote {n}.\n", encoding="utf-8")
    peak = _peak_children([CF, "summarise", str(folder), "--jobs", "1000", "--no-cache",
                           "--format", "jsonl"])
    line("small/jobs-1000", None, f"most worker processes at once {peak} (on {os.cpu_count()} cores)")
    r = cf("summarise", GOOD_TXT, "-o", str(tmp / "newdir") + "/", "--no-cache")
    made = tmp / "newdir"
    line("small/o-trailing-slash", r, f"newdir is a {'folder' if made.is_dir() else 'file' if made.exists() else 'nothing'}")
    for target in ("", "-"):
        here = tmp / f"cwd-{target or 'empty'}"
        here.mkdir()
        r = run([CF, "summarise", str(GOOD_TXT), "-o", target, "--no-cache"], cwd=here)
        line(f"small/o-{target or 'empty'}", r, f"stdout words {len(r.out.split())}; "
             f"stderr {r.err.strip()[:70]!r}; files made {sorted(p.name for p in here.iterdir())}")
    locked = tmp / "locked"
    locked.mkdir()
    (locked / "a.pdf").write_bytes(GOOD_PDF.read_bytes())
    locked.chmod(0)
    tmp.chmod(0o755)  # the unprivileged user may enter the scratch folder, not `locked`
    r = run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", CF, "summarise",
             str(locked)], env={"CF_CACHE_DIR": str(tmp / "nobody-cache"),
                                   "CF_CONFIG_DIR": str(tmp / "nobody-config")})
    locked.chmod(0o755)
    line("small/unreadable-folder", r, f"stderr {r.err.strip()[:90]!r}")
    letters = tmp / "letters"
    letters.mkdir()
    (letters / "southwark.pdf").write_bytes(GOOD_PDF.read_bytes())
    (letters / "lambeth.pdf").write_bytes((EXAMPLES / "lambeth-2023-08-01.pdf").read_bytes())
    first = cf("summarise", letters, "-o", letters, "--no-cache")
    second = cf("summarise", letters, "--no-cache", "--format", "jsonl")
    line("small/o-into-input-folder", first, f"second run read {len(second.out.splitlines())} "
         f"documents from a folder of 2 letters")
    r = cf("summarise", folder, letters, "--no-cache", env={"TTY_COMPATIBLE": "1", "COLUMNS": "80"})
    header = next((ln for ln in r.err.splitlines() if "file" in ln), "")
    shown = [c for c in ("file", "authority", "kind", "strengths", "weaknesses", "status") if c in header]
    line("small/table-80-columns", None, f"columns shown {shown}")
    r = cf("summarise", GOOD_TXT, "--format", "json", "--no-cache")
    line("small/summary-findings", None, f"'findings' in JSON summary: "
         f"{'findings' in json.loads(r.out).get('summary', {}) if r.code == 0 else r.err[:60]}")
    kinds = {}
    for command in ("summarise", "inspect"):
        r = cf(command, tmp / "missing.pdf", "--format", "json")
        try:
            kinds[command] = json.loads(r.out).get("error_type")
        except ValueError:
            kinds[command] = None
    line("small/error-type-missing", None, f"error_type by command {kinds}")


# --------------------------------------------------------------------------- issue 18


def _jsonl_valid(data: bytes) -> str:
    try:
        for text in data.decode("utf-8").splitlines():
            json.loads(text)
    except ValueError as error:
        return f"invalid ({type(error).__name__})"
    return "valid"


def names(tmp: Path) -> None:
    """18.4 A file name that is not UTF-8 (caf\\xe9.txt): -o, json, the review index."""
    folder = Path(os.fsdecode(bytes(tmp) + b"/in"))
    folder.mkdir()
    (folder / "a.txt").write_bytes(GOOD_TXT.read_bytes())
    latin = os.fsdecode(bytes(folder) + b"/caf\xe9.txt")
    Path(latin).write_bytes(GOOD_TXT.read_bytes())
    out = tmp / "out"
    r = cf("summarise", folder, "-o", out)
    written = sorted(os.fsencode(p.name) for p in out.iterdir()) if out.exists() else []
    line("names/batch-o", r, f"written {written}; stderr {r.err.strip().splitlines()[:1]}")
    for fmt in ("json", "jsonl"):
        r = cf("summarise", folder, "--format", fmt)  # the second run is from the cache
        line(f"names/{fmt}", r, f"stdout {_jsonl_valid(r.stdout) if fmt == 'jsonl' else _json_valid(r.stdout)}")
    r = cf("summarise", latin, "--format", "json")
    line("names/single-json", r, f"stdout {_json_valid(r.stdout)}")
    r = cf("summarise", os.fsdecode(bytes(tmp) + b"/missing-\xff.pdf"))
    line("names/error-line", r, f"stderr {r.err.strip()!r}")
    pages = tmp / "pages"
    r = cf("review", folder, "-o", pages, "--no-open")
    index = pages / "index.html"
    links = re.findall(r'href="([^"#]+)"', index.read_text("utf-8", "replace")) if index.exists() else []
    on_disk = {os.fsencode(p.name) for p in pages.iterdir()} if pages.exists() else set()
    from urllib.parse import unquote_to_bytes
    missing = [h for h in links if unquote_to_bytes(h) not in on_disk]
    line("names/review-index", r, f"links {len(links)}, to no page on disk {missing}")


def _json_valid(data: bytes) -> str:
    try:
        json.loads(data.decode("utf-8"))
    except ValueError as error:
        return f"invalid ({type(error).__name__})"
    return "valid"


def inputs_kept(tmp: Path) -> None:
    """18.5 -o onto an input or a PDF, whatever the flags."""
    letter = tmp / "a.pdf"
    letter.write_bytes(GOOD_PDF.read_bytes())
    r = cf("summarise", letter, "-o", letter, "--force", "--no-cache")
    line("inputs-kept/o-is-input", r, f"a.pdf still a PDF {letter.read_bytes()[:5] == b'%PDF-'}")
    other = tmp / "b.pdf"
    other.write_bytes(GOOD_PDF.read_bytes())
    r = cf("summarise", GOOD_TXT, "-o", other, "--force", "--no-cache")
    line("inputs-kept/o-is-a-pdf", r, f"b.pdf still a PDF {other.read_bytes()[:5] == b'%PDF-'}")
    disguised = tmp / "b.txt"  # a PDF whose name says text
    disguised.write_bytes(GOOD_PDF.read_bytes())
    r = cf("summarise", GOOD_TXT, "-o", disguised, "--force", "--no-cache")
    line("inputs-kept/o-is-a-pdf-named-txt", r,
         f"b.txt still a PDF {disguised.read_bytes()[:5] == b'%PDF-'}; stderr {r.err.strip()[:90]!r}")
    folder = tmp / "glob"
    folder.mkdir()
    for name in ("--force", "-o"):
        (folder / name).write_text("", encoding="utf-8")
    (folder / "a.pdf").write_bytes(GOOD_PDF.read_bytes())
    (folder / "b.txt").write_bytes(GOOD_TXT.read_bytes())
    r = run([f"cd {folder} && {CF} summarise * --no-cache"], shell=True)
    line("inputs-kept/star-with-option-names", r,
         f"a.pdf still a PDF {(folder / 'a.pdf').read_bytes()[:5] == b'%PDF-'}; "
         f"stderr {r.err.strip().splitlines()[:1]}")
    (folder / "a.pdf").unlink()
    (folder / "a.txt").write_bytes(GOOD_TXT.read_bytes())
    before = (folder / "a.txt").read_bytes()
    r = run([f"cd {folder} && {CF} summarise * --no-cache"], shell=True)
    line("inputs-kept/star-text-letters", r,
         f"a.txt kept {(folder / 'a.txt').read_bytes() == before}; "
         f"stderr {r.err.strip().splitlines()[:1]}")


def cache_trust(tmp: Path) -> None:
    """18.6 Hand-edited entries, escapes in entries, a FIFO or /dev/zero as an entry, a
    cache folder others can write."""
    env = {"CF_CACHE_DIR": str(tmp / "cache")}
    (tmp / "cache").mkdir(mode=0o700)
    first = cf("summarise", GOOD_TXT, env=env)
    entries = [p for p in (tmp / "cache").rglob("*.json")]
    for entry in entries:
        text = entry.read_text(encoding="utf-8")
        entry.write_text(text.replace("Southwark", "Hacked").replace(
            "Leaders", "Leaders \\u001b]0;pwned\\u0007\\u001b[2J", 1), encoding="utf-8")
    r = cf("summarise", GOOD_TXT, env=env)
    line("cache-trust/hand-edited", r, f"'Hacked' in the draft {'Hacked' in r.out}")
    r = cf("summarise", GOOD_TXT, "--explain", "--format", "text", env=env)
    line("cache-trust/explain-escapes", r, f"control chars on stdout {controls_in(r.out)}")
    for entry in entries:
        entry.unlink()
        os.mkfifo(entry)
    r = cf("summarise", GOOD_TXT, env=env, wall=20)
    line("cache-trust/fifo-entry", r)
    for entry in entries:
        entry.unlink()
        entry.symlink_to("/dev/zero")
    r = cf("summarise", GOOD_TXT, env=env, wall=60)
    line("cache-trust/dev-zero-entry", r)
    shared = tmp / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    r = cf("summarise", GOOD_TXT, env={"CF_CACHE_DIR": str(shared)})
    kept = list(shared.rglob("*.json"))
    line("cache-trust/world-writable", r, f"entries written {len(kept)}; "
         f"stderr {r.err.strip().splitlines()[:1]}")
    del first


def long_names(tmp: Path) -> None:
    """18.11 Names up to 255 bytes: the temporary file beside the target must fit too."""
    for n in (240, 244, 251):
        name = "x" * (n - 4) + ".txt"
        letter = tmp / name
        letter.write_bytes(GOOD_TXT.read_bytes())
        out = tmp / f"out{n}"
        out.mkdir()
        r = cf("summarise", letter, "-o", out / ("y" * (n - 4) + ".txt"), "--no-cache")
        line(f"long-names/-o-{n}-bytes", r, f"stderr {r.err.strip()[:80]!r}")
        r = cf("summarise", letter, GOOD_TXT, "-o", tmp / f"folder{n}", "--format", "jsonl",
               "--no-cache")
        line(f"long-names/folder-jsonl-{n}", r, f"stderr {r.err.strip().splitlines()[:1]}")
        letter.unlink()


def glob_output(tmp: Path) -> None:
    """18.12 `letters/*.pdf -o letters/drafts/`, then a run over letters/."""
    letters = tmp / "letters"
    letters.mkdir()
    (letters / "southwark.pdf").write_bytes(GOOD_PDF.read_bytes())
    (letters / "lambeth.pdf").write_bytes((EXAMPLES / "lambeth-2023-08-01.pdf").read_bytes())
    first = run([f"{CF} summarise {letters}/*.pdf -o {letters}/drafts/ --no-cache"], shell=True)
    second = cf("summarise", letters, "--no-cache", "--format", "jsonl")
    drafts = [p.name for p in (letters / "drafts").iterdir()] if (letters / "drafts").exists() else []
    drafts = [n for n in drafts if n != "cf-manifest.jsonl"]
    line("glob-output/first", first, f"drafts written {len([n for n in drafts if not n.startswith('.')])}, "
         f"marked as cf's own {'.cf-drafts' in drafts}; stderr {first.err.strip().splitlines()[:1]}")
    line("glob-output/next-run", second, f"documents read {len(second.out.splitlines())} from a "
         f"folder of 2 letters")


def dangling_link(tmp: Path) -> None:
    """18.13 A dangling link in the output folder pointing into a tree that does not exist."""
    out = tmp / "out"
    out.mkdir()
    elsewhere = tmp / "anywhere"
    (out / "southwark-2019-02-07.txt").symlink_to(elsewhere / "a" / "b" / "c" / "f")
    other = tmp / "other.txt"
    other.write_bytes(GOOD_TXT.read_bytes())
    r = cf("summarise", GOOD_TXT, other, "-o", out, "--no-cache")
    line("dangling-link/batch", r, f"folders made through the link {elsewhere.exists()}; "
         f"other.txt written {(out / 'other.txt').exists()}; stderr {r.err.strip().splitlines()[:1]}")


def markdown(tmp: Path) -> None:
    """18.14 A sentence opening with ~~~, and entities, in --format markdown."""
    from markdown_it import MarkdownIt

    text = GOOD_TXT.read_text(encoding="utf-8").replace(  # a sentence the draft lists
        "The needs of disabled children", "~~~ The needs of disabled children &amp; carers "
        "&#60;b&#62;", 1)
    letter = tmp / "fence.txt"
    letter.write_text(text, encoding="utf-8")
    r = cf("summarise", letter, "--format", "markdown", "--no-cache")
    rendered = MarkdownIt("commonmark").render(r.out)
    line("markdown/fence-and-entities", r, f"code blocks {rendered.count('<pre>')}, "
         f"'&amp;' as written {'&amp;amp;' in rendered}, '&#60;b&#62;' as written "
         f"{'&amp;#60;b&amp;#62;' in rendered}")


INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def invisible(tmp: Path) -> None:
    """18.15 U+202E and U+200B in a letter, and in a file name."""
    text = GOOD_TXT.read_text(encoding="utf-8")
    text = text.replace("Southwark", "South\u202ewark", 2).replace("Leaders", "Lead\u200bers")
    letter = tmp / "bidi.txt"
    letter.write_text(text, encoding="utf-8")
    for fmt in ("text", "markdown", "html", "json"):
        r = cf("summarise", letter, "--format", fmt, "--no-cache")
        line(f"invisible/{fmt}", r, f"bidi or invisible chars on stdout {len(INVISIBLE.findall(r.out))}")
    pages = tmp / "pages"
    r = cf("review", letter, "-o", pages / "bidi.html", "--no-cache", "--no-open")
    page = (pages / "bidi.html").read_text("utf-8") if (pages / "bidi.html").exists() else ""
    line("invisible/review", r, f"in the page {len(INVISIBLE.findall(page))}")
    bad = tmp / "gnp.\u202etxt"
    bad.write_bytes(b"")
    r = cf("summarise", bad)
    line("invisible/error-line", r, f"in the error line {len(INVISIBLE.findall(r.err))}")


HOSTILE_PDFS = {
    "cmap-range": pdfgen.cmap_range_pdf, "nested-forms": pdfgen.nested_forms_pdf,
    "predictor": pdfgen.predictor_pdf, "page-tree-cycle": pdfgen.page_tree_cycle_pdf,
}


def reader(tmp: Path) -> None:
    """18.1, 18.3 Hostile PDFs of a few KB through every command that reads a document."""
    for kind, make in HOSTILE_PDFS.items():
        path = tmp / f"{kind}.pdf"
        path.write_bytes(make())
        for command in ("summarise", "review", "inspect", "score"):
            extra = {"summarise": ["--no-cache"], "review": ["--no-cache", "--no-open", "-o", str(tmp / f"{kind}.html")]}
            r = cf(command, path, *extra.get(command, []), wall=120)
            lines = r.err.strip().splitlines()
            line(f"reader/{kind}-{command}", r, f"file {len(path.read_bytes())} B; stderr {len(lines)} lines: "
                 f"{(lines[0] if lines else '')[:110]!r}")


def cycle(tmp: Path) -> None:
    """18.3 The page-tree cycle with --timeout 10: does it cost the whole limit?"""
    path = tmp / "cycle.pdf"
    path.write_bytes(pdfgen.page_tree_cycle_pdf())
    r = cf("summarise", path, "--timeout", "10", "--no-cache", wall=120)
    line("cycle/summarise-timeout-10", r, f"stderr {r.err.strip()[:110]!r}")


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def kill(tmp: Path) -> None:
    """18.2 `cf summarise letters/ --format jsonl | cat`, then cf killed mid-batch."""
    for n in range(2):
        (tmp / f"dense-{n}.pdf").write_bytes(pdfgen.dense_pdf(60))
    for sig in ("SIGTERM", "SIGHUP", "SIGKILL"):
        reader_proc = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        proc = subprocess.Popen([CF, "summarise", str(tmp), "--format", "jsonl", "--jobs", "2",
                                 "--max-pages", "100", "--no-cache", "-q"],
                                stdout=reader_proc.stdin, stderr=subprocess.DEVNULL)
        assert reader_proc.stdin is not None and reader_proc.stdout is not None
        reader_proc.stdin.close()
        deadline = time.monotonic() + 120
        while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = _children(proc.pid)
        time.sleep(1)
        proc.send_signal(getattr(signal, sig))
        proc.wait()
        ended = threading_read(reader_proc.stdout, 10)
        time.sleep(5)
        alive = [pid for pid in workers if _running(pid)]
        line(f"kill/{sig}", None, f"workers {len(workers)}, still running 5 s after cf went "
             f"{len(alive)}; the pipeline's reader saw its end: {'yes' if ended else 'no (still waiting after 10 s)'}")
        for pid in alive:
            os.kill(pid, signal.SIGKILL)
        reader_proc.kill()
        reader_proc.wait()


def threading_read(stream, wall: float) -> bool:
    """Whether `stream` reaches its end within `wall` seconds."""
    import threading

    done = threading.Event()

    def drain() -> None:
        stream.read()
        done.set()

    threading.Thread(target=drain, daemon=True).start()
    return done.wait(wall)


def crash(tmp: Path) -> None:
    """18.7 A worker's death, with -q: the nested forms that used to kill the interpreter
    (before the page guard), and a worker killed from outside (as by the OOM killer)."""
    forms = tmp / "forms.pdf"
    forms.write_bytes(pdfgen.nested_forms_pdf())
    r = cf("summarise", forms, "--no-cache", "-q", wall=300)
    line("crash/nested-forms", r, f"stderr {len(r.err.splitlines())} lines, 'Fatal Python error' "
         f"{'Fatal Python error' in r.err}: {r.err.strip().splitlines()[0][:100] if r.err.strip() else ''!r}")
    slow = tmp / "dense.pdf"
    slow.write_bytes(pdfgen.dense_pdf(60))
    proc = subprocess.Popen([CF, "summarise", str(slow), "--max-pages", "100", "--no-cache", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not _children(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1)
    for pid in _children(proc.pid):
        os.kill(pid, signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    text = err.decode("utf-8", "replace").strip()
    line("crash/worker-killed", None, f"exit {proc.returncode}; stderr {len(text.splitlines())} lines: {text[:140]!r}")


def trickle(tmp: Path) -> None:
    """18.9 A FIFO given one byte every 2 s, beside a document slower than --timeout 5."""
    fifo_path = tmp / "letter.txt"
    os.mkfifo(fifo_path)
    slow = tmp / "dense.pdf"
    slow.write_bytes(pdfgen.dense_pdf(60))
    writer = subprocess.Popen([sys.executable, "-c", "import os, sys, time\n"
                               "fd = os.open(sys.argv[1], os.O_WRONLY)\n"
                               "for _ in range(60):\n    os.write(fd, b'x')\n    time.sleep(2)\n",
                               str(fifo_path)])
    r = cf("summarise", fifo_path, slow, "--timeout", "5", "--jobs", "2", "--max-pages", "100",
           "--no-cache", "--format", "jsonl", wall=180)
    writer.kill()
    writer.wait()
    errors = []
    for raw in r.out.splitlines():
        try:
            obj = json.loads(raw)
        except ValueError:  # a draft past the 1 MB of output kept
            errors.append("a draft (ok)")
            continue
        errors.append(f"{Path(obj['source']['path']).name}: {obj.get('error', 'ok')[:60]}")
    line("trickle/fifo-and-slow-pdf-timeout-5", r, f"the writer would go on 120 s; {errors}")


def style(tmp: Path) -> None:
    """18.10 --style from /dev/zero, a FIFO with no writer, TOML nested 50,000 deep."""
    r = cf("summarise", GOOD_TXT, "--style", "/dev/zero", wall=120)
    line("style/dev-zero", r, f"stderr {r.err.strip()[:100]!r}")
    pipe = tmp / "style.toml"
    os.mkfifo(pipe)
    r = cf("summarise", GOOD_TXT, "--style", pipe, wall=30)
    line("style/fifo-no-writer", r, f"stderr {r.err.strip()[:100]!r}")
    deep = tmp / "deep.toml"
    deep.write_text("word_budget = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    r = cf("summarise", GOOD_TXT, "--style", deep, wall=60)
    line("style/nested-50000", r, f"stderr {r.err.strip()[:100]!r}")


def _peak_children(args: list[str]) -> int:
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        try:
            kids = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        except OSError:
            kids = []
        peak = max(peak, len(kids))
        time.sleep(0.05)
    return peak


GROUPS: dict[str, Callable[[Path], None]] = {
    "controls": controls, "pdftotext": pdftotext, "devices": devices, "size": size,
    "fifo": fifo, "bombs": bombs, "timeout": timeout, "cache": cache, "small": small,
    "names": names, "inputs-kept": inputs_kept, "cache-trust": cache_trust,
    "long-names": long_names, "glob-output": glob_output, "dangling-link": dangling_link,
    "markdown": markdown, "invisible": invisible,
    "reader": reader, "cycle": cycle, "kill": kill, "crash": crash, "trickle": trickle, "style": style,
}


def main() -> None:
    wanted = sys.argv[1:] or list(GROUPS)
    os.environ.setdefault("CF_CACHE_DIR", tempfile.mkdtemp(prefix="cf-hostile-cache-"))
    for name in wanted:
        with tempfile.TemporaryDirectory(prefix=f"cf-hostile-{name}-") as tmp:
            GROUPS[name](Path(tmp))


if __name__ == "__main__":
    main()
