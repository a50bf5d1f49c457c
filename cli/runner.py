"""Running the pipeline over documents in worker processes (one input too; --debug alone
runs a single document in this process).

The pool is cf's own rather than concurrent.futures': it knows which worker runs which
document, so a document over its time limit (or a worker that dies) costs only that worker,
which is replaced, while the others keep going. Each worker builds spaCy once and keeps it.
Each worker's address space may grow by at most `memory` bytes past its start-up size
(RLIMIT_AS; Linux), so a document that needs more fails on its own with MemoryError (or its
worker dies), and cf, the other workers and the machine are untouched.

Every command that reads a document (summarise, review, inspect, score) hands it to this
pool: a Job names the work to do on the bytes (`draft`, or a command's own function).

A worker ends when cf does, however cf ends (Ctrl-C, SIGTERM, SIGHUP, SIGKILL): on Linux
the kernel kills it when its parent goes (PR_SET_PDEATHSIG); elsewhere an idle worker sees
its parent gone within a second. A forked worker lets go of what it inherited and does not
need (cf's stdout, its siblings' pipe ends), so a pipeline reading cf's output ends with cf.
Its stderr goes to a file of its own: when a worker dies, cf reads it back and reports one
line (the whole of it with --debug), never the dying interpreter's own report."""
from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import os
import re
import resource
import signal
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from cf.cli.cache import Options
from cf.cli.exit_codes import internal_error
from cf.cli.inputs import Input, InputError, describe_os_error, is_stream, read
from cf.summarise.limits import DEFAULT_MAX_INPUT_MB, DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, MB

# What a worker does with one document's bytes: a JSON-ready dict, or an exception.
Work = Callable[[bytes, str, Options], dict[str, Any]]


def draft(data: bytes, path: str, options: Options) -> dict[str, Any]:
    """`cf summarise`'s work: the draft and everything behind it (to_dict(explain=True))."""
    from cf.summarise.pipeline import summarise

    result = summarise(data, path, style=options.style, engine=options.engine,
                       max_pages=options.max_pages)
    return result.to_dict(explain=True)


@dataclass
class Job:
    index: int
    path: str
    data: bytes | None  # None: a pipe or device, read by the worker within the time limit
    work: Work = draft  # a module-level function, so it can be sent to a worker
    max_input: int | None = None  # the size limit when the worker reads the input itself


@dataclass
class Outcome:
    index: int
    path: str
    doc: dict[str, Any] | None = None  # the work's result (a draft: to_dict(explain=True))
    error: str | None = None  # the one-line "what"
    error_type: str = ""
    traceback: str | None = None  # for --debug
    cached: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.doc is not None

    def release(self) -> None:
        """Let go of the document's bulk (its sentences, the draft's texts: about 140 KB a
        letter) once it has been written out, so a streamed batch's memory stays flat. What
        the end of a run still reads is kept: source, document, warnings and how many
        strengths, weaknesses, mixed sentences and findings the summary has (lists of that
        many None: only their lengths are read after this)."""
        if self.doc is None:
            return
        summary = self.doc.get("summary") or {}
        self.doc = {
            "schema_version": self.doc.get("schema_version"),
            "source": self.doc.get("source"),
            "document": self.doc.get("document"),
            "warnings": self.doc.get("warnings"),
            "summary": {name: [None] * len(summary.get(name) or [])
                        for name in ("strengths", "weaknesses", "mixed", "findings")},
        }


def quieten_libraries() -> None:
    """Library warnings (pdfminer's logging, Python warnings) are not cf's messages."""
    logging.getLogger("pdfminer").setLevel(logging.CRITICAL)
    logging.getLogger("pypdfium2").setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")


def process(job: Job, options: Options, debug: bool = False,
            on_read: Callable[[], None] | None = None) -> Outcome:
    """Do the job's work on one document; every failure becomes an Outcome (or is raised
    with debug). `on_read` is called once a pipe or device the job names has been read."""
    start = time.perf_counter()
    try:
        data = job.data
        if data is None:
            data = _read_here(job)
            if on_read is not None:
                on_read()
        doc = job.work(data, job.path, options)
        return Outcome(job.index, job.path, doc=doc, seconds=time.perf_counter() - start)
    except Exception as e:  # one bad document must never stop the others
        if debug:
            raise
        return failure(job, e, time.perf_counter() - start)


def _read_here(job: Job) -> bytes:
    """A pipe or device, read in the worker: however slowly it comes, the worker's time
    limit holds, and cf goes on watching the other workers meanwhile."""
    return read(Input(job.path), job.max_input, wait=None)


def failure(job: Job, e: BaseException, seconds: float) -> Outcome:
    from cf.summarise.errors import DocumentError

    if isinstance(e, (DocumentError, InputError)):
        what = str(e) or type(e).__name__
    elif isinstance(e, OSError):
        what = describe_os_error(e)
    elif isinstance(e, MemoryError):
        what = "needed more memory than one document may take (raise it with --max-memory-mb)"
    elif isinstance(e, RecursionError):
        what = "the document is nested too deeply to read"
    else:
        what = internal_error(e)
    tb = "".join(traceback.format_exception(e))
    kind = "OSError" if isinstance(e, OSError) else type(e).__name__
    return Outcome(job.index, job.path, error=what, error_type=kind, traceback=tb, seconds=seconds)


@dataclass(frozen=True)
class Limits:
    """The limits on one document that the command line keeps (the pipeline keeps the page
    and decoding limits itself)."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_input: int | None = DEFAULT_MAX_INPUT_MB * MB
    max_memory: int | None = DEFAULT_MAX_MEMORY_MB * MB


def job_for(index: int, item: Input, limits: Limits, work: Work = draft) -> Job | Outcome:
    """The input's Job for a worker; or its Outcome at once, when it cannot be read.

    A file is read here (within the size limit); a pipe or device is left to its worker,
    where the time limit holds however slowly its data comes."""
    if item.problem:
        return Outcome(index, item.path, error=item.problem, error_type="NoInput")
    if is_stream(item):
        return Job(index, item.path, None, work, limits.max_input)
    try:
        data = read(item, limits.max_input, limits.timeout)
    except OSError as e:
        return Outcome(index, item.path, error=describe_os_error(e), error_type="OSError")
    except InputError as e:
        return Outcome(index, item.path, error=str(e), error_type=type(e).__name__)
    return Job(index, item.path, data, work)


def run_each(inputs: list[Input], work: Work, options: Options, limits: Limits, debug: bool,
             done: Callable[[Outcome], None]) -> None:
    """`work` on every input in bounded workers, as `cf summarise` does (--debug with one
    input: in this process, for its traceback); `done` is given the outcomes in input order."""
    jobs = (job_for(i, item, limits, work) for i, item in enumerate(inputs))
    if debug and len(inputs) == 1:
        for job in jobs:
            done(job if isinstance(job, Outcome) else process(job, options, debug=True))
        return
    pool = Pool(max(1, min(usable_cores(), len(inputs))), options, limits.timeout, limits.max_memory)
    finished: dict[int, Outcome] = {}
    following = 0  # the next index to hand on
    try:
        for outcome in pool.run(jobs):
            finished[outcome.index] = outcome
            while following in finished:
                done(finished.pop(following))
                following += 1
    finally:
        pool.close(kill=True)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), else all of them."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


WARM_UP = b"Focused visit to Anytown local authority children's services\n\nLeaders have made good progress.\n"
_TEXT = b"BT /F1 9 Tf 9 50 Td (Leaders have made good progress.) Tj ET"
# A one-page PDF (too little text to draft: only reading it matters), so the PDF engine's
# modules (pdfminer's, and what they import) are loaded before the memory limit too: a later
# import under a small --max-memory-mb would fail.
WARM_UP_PDF = (
    b"%%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
    b"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Resources <</Font <</F1 4 0 R>> >> "
    b"/Contents 5 0 R>> endobj\n4 0 obj <</Type /Font /Subtype /Type1 /BaseFont /Helvetica>> endobj\n"
    b"5 0 obj <</Length %d>> stream\n%s\nendstream endobj\ntrailer <</Root 1 0 R>>\n%%%%EOF\n"
    % (len(_TEXT), _TEXT))
# How long a worker may take to start (import spaCy, build the pipeline) before its first
# document's clock starts; a worker slower than this is treated as stuck.
START_ALLOWANCE = 120.0


def warm_up(options: Options) -> None:
    """Import the pipeline and build spaCy once, before any document's clock starts."""
    for data, name in ((WARM_UP, "warm-up.txt"), (WARM_UP_PDF, "warm-up.pdf")):
        try:
            draft(data, name, options)
        except Exception:
            pass  # a real document will report whatever is wrong


# Never wait longer than this in one call: select/poll refuse very large timeouts.
LONGEST_WAIT = 3600.0


def address_space() -> int | None:
    """This process's address space (VmSize), in bytes; None where /proc does not say."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            return next(int(ln.split()[1]) * 1024 for ln in fh if ln.startswith("VmSize:"))
    except (OSError, ValueError, StopIteration):
        return None


def limit_memory(growth: int | None) -> None:
    """Let this process's address space grow by at most `growth` bytes from now on."""
    if growth is None:
        return
    size = address_space()
    if size is None:
        return  # not Linux: the decoding budget and the input size limit still hold
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        ceiling = size + growth
        if hard != resource.RLIM_INFINITY:
            ceiling = min(ceiling, hard)
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    except (OSError, ValueError):
        pass  # no such limit here: the decoding budget and the input size limit still hold


PR_SET_PDEATHSIG = 1  # linux/prctl.h
# How often an idle worker looks for its parent where the kernel cannot be asked to say.
PARENT_CHECK = 1.0


@dataclass(frozen=True)
class Setup:
    """What a new worker needs to know about the process it runs in."""

    parent: int  # cf's process id
    stderr: str  # the file to send its fd 2 to (it unlinks it once open)
    inherited: tuple[int, ...] = ()  # descriptors a forked worker holds but must let go


def _worker_main(conn: Connection, options: Options, memory: int | None = None,
                 setup: Setup | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    if setup is not None:
        _settle(setup)
    quieten_libraries()
    try:
        warm_up(options)
        limit_memory(memory)  # from the start-up size: spaCy is built by now
        start = address_space()
        while True:
            job = _next_job(conn, setup.parent if setup else None)
            if job is None:
                return
            _fresh_stderr()
            conn.send(("start", job.index))
            outcome = process(job, options, on_read=functools.partial(conn.send, ("read", job.index)))
            if _worn(start, memory):
                conn.send(("last", outcome))  # its last: the parent lets it go
                return
            conn.send(("done", outcome))
    except (EOFError, OSError, KeyboardInterrupt):
        return


def _worn(start: int | None, memory: int | None) -> bool:
    """Whether this worker's address space has grown past half its allowance. Freed memory
    is seldom given back whole (a heap fragments), so a long batch's worker would creep
    towards its cap and fail a document that fits: past half, it makes way for a new one."""
    now = address_space()
    if start is None or now is None or memory is None:
        return False
    return now - start > memory // 2


def _settle(setup: Setup) -> None:
    """Die with the parent; hold nothing of cf's but this worker's own pipe end; send fd 2
    to the worker's own file."""
    _die_with_parent()
    if os.getppid() != setup.parent:  # it went before the line above took effect
        os._exit(0)
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_RDWR)
        # dup2, not close: the Python objects that own these numbers may close them later,
        # and must not close something else that took the number meanwhile.
        for fd in (*setup.inherited, 1):
            with contextlib.suppress(OSError):
                os.dup2(null, fd)
        os.close(null)
    with contextlib.suppress(OSError):
        err = os.open(setup.stderr, os.O_WRONLY | os.O_APPEND)
        sys.stderr.flush()
        os.dup2(err, 2)
        os.close(err)
        os.unlink(setup.stderr)  # the parent holds it open: nothing is left behind


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent goes (a no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _next_job(conn: Connection, parent: int | None) -> Job | None:
    """The next job, or None when told to stop or when the parent has gone."""
    while parent is not None and not conn.poll(PARENT_CHECK):
        if os.getppid() != parent:
            return None
    job: Job | None = conn.recv()
    return job


def _fresh_stderr() -> None:
    """Empty the worker's stderr file before each document: only its own crash is reported."""
    with contextlib.suppress(OSError):
        os.ftruncate(2, 0)


@dataclass
class _Worker:
    process: Any
    conn: Connection
    stderr: int = -1  # the parent's descriptor of the worker's stderr file
    stderr_path: str = ""
    job: Job | None = None
    sent: float = 0.0  # when the job was handed over
    started: float | None = None  # when the worker began it (after its warm-up)
    reading: bool = False  # still reading a pipe or device (the job came with no data)

    def deadline(self, timeout: float) -> float:
        if self.started is None:
            return self.sent + timeout + START_ALLOWANCE
        return self.started + timeout


@dataclass
class Pool:
    """Up to `size` workers, started only when a document actually needs one."""

    size: int
    options: Options
    timeout: float | None
    memory: int | None = DEFAULT_MAX_MEMORY_MB * MB  # growth allowed to each worker
    workers: list[_Worker] = field(default_factory=list)

    preloaded: bool = False

    def _spawn(self) -> _Worker:
        ctx = multiprocessing.get_context()
        if ctx.get_start_method() == "fork" and not self.preloaded:
            # Build the pipeline once here: forked workers inherit it instead of each
            # importing spaCy and building it again. Only now, when a document needs it, so a
            # run served from the cache never imports spaCy.
            warm_up(self.options)
            self.preloaded = True
        parent, child = ctx.Pipe()
        err_fd, err_path = tempfile.mkstemp(prefix="cf-worker-", suffix=".stderr")
        mine = [parent.fileno()] + [fd for w in self.workers for fd in (w.conn.fileno(), w.stderr)]
        setup = Setup(os.getpid(), err_path,
                      tuple(mine + [err_fd]) if ctx.get_start_method() == "fork" else ())
        proc = ctx.Process(target=_worker_main, args=(child, self.options, self.memory, setup),
                           daemon=True)
        try:
            proc.start()
        finally:
            child.close()
        worker = _Worker(proc, parent, err_fd, err_path)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker, kill: bool) -> None:
        self.workers.remove(worker)
        if kill:
            worker.process.kill()
        else:
            try:
                worker.conn.send(None)
            except OSError:
                pass
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()
        with contextlib.suppress(OSError):
            os.close(worker.stderr)
        with contextlib.suppress(OSError):  # the worker removes it once open, if it got that far
            os.unlink(worker.stderr_path)

    def close(self, kill: bool = False) -> None:
        for worker in list(self.workers):
            self._retire(worker, kill)

    def run(self, items: Iterable[Job | Outcome]) -> Iterator[Outcome]:
        """Outcomes as they finish (Outcomes in `items` pass straight through)."""
        source = iter(items)
        exhausted = False
        while True:
            while not exhausted:
                idle = self._idle()
                if not idle and len(self.workers) >= self.size:
                    break
                item = next(source, None)
                if item is None:
                    exhausted = True
                elif isinstance(item, Outcome):
                    yield item
                else:
                    worker = idle[0] if idle else self._spawn()
                    worker.job, worker.sent, worker.started = item, time.monotonic(), None
                    worker.conn.send(item)
            busy = [w for w in self.workers if w.job is not None]
            if not busy:
                return
            yield from self._collect(busy)

    def _idle(self) -> list[_Worker]:
        """The workers free for a job; one that died while idle is let go."""
        idle = []
        for worker in [w for w in self.workers if w.job is None]:
            if not worker.process.is_alive():
                self._retire(worker, kill=True)
            else:
                idle.append(worker)
        return idle

    def _collect(self, busy: list[_Worker]) -> Iterator[Outcome]:
        wait_for = LONGEST_WAIT  # then look again: a huge --timeout must not overflow select
        if self.timeout:
            soonest = min(w.deadline(self.timeout) for w in busy) - time.monotonic()
            wait_for = max(0.0, min(wait_for, soonest))
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for))
        for worker in busy:
            job = worker.job
            assert job is not None
            now = time.monotonic()
            if worker.conn in ready:
                try:
                    outcome = self._heard(worker, job, now)
                except (EOFError, OSError):
                    outcome = self._crashed(worker, job, now - worker.sent)
                if outcome is not None:
                    yield outcome
                continue
            if worker.process.sentinel in ready:
                yield self._crashed(worker, job, now - worker.sent)
            elif self.timeout and now >= worker.deadline(self.timeout):
                self._retire(worker, kill=True)
                yield Outcome(job.index, job.path, error_type="Timeout", seconds=now - worker.sent,
                              error=self._late(worker))

    def _heard(self, worker: _Worker, job: Job, now: float) -> Outcome | None:
        """What the worker has said since it was last heard: its job's Outcome once done."""
        while worker.conn.poll():
            kind, payload = worker.conn.recv()
            if kind == "start":
                worker.started, worker.reading = now, job.data is None
            elif kind == "read":
                worker.reading = False
            else:  # "done", or "last" from a worker that has grown too big to go on
                worker.job = None
                if kind == "last":
                    self._retire(worker, kill=False)
                outcome: Outcome = payload
                return outcome
        return None

    def _late(self, worker: _Worker) -> str:
        if worker.started is None:
            return "the worker process did not start in time"
        if worker.reading:
            return (f"its data had not all come after {self.timeout:g} s (the --timeout limit): "
                    "a pipe or device that is slow, silent or endless")
        return f"stopped after {self.timeout:g} s (the --timeout limit)"

    def _crashed(self, worker: _Worker, job: Job, seconds: float) -> Outcome:
        """The job of a worker that died: one line from what it left on its stderr."""
        report = _read_report(worker.stderr)
        self._retire(worker, kill=True)
        return Outcome(job.index, job.path, error_type="WorkerDied", seconds=seconds,
                       error=why_it_died(report, worker.process.exitcode), traceback=report or None)


REPORT_LIMIT = 64 * 1024  # of a dead worker's stderr, read back for --debug and its first line


def _read_report(fd: int) -> str:
    if fd < 0:
        return ""
    try:
        return os.pread(fd, REPORT_LIMIT, 0).decode("utf-8", "replace")
    except OSError:
        return ""


def why_it_died(report: str, exitcode: int | None) -> str:
    """One line for a worker's death, from its stderr and how it ended."""
    died = "the worker process reading this document died"
    fatal = re.search(r"^Fatal Python error: (?:\w+: )?(.+?)\.?$", report, flags=re.M)
    if fatal and "MemoryError" in fatal.group(1):
        return f"{died}: it ran out of memory (raise the limit with --max-memory-mb)"
    if fatal:
        return f"{died}: {fatal.group(1)[:120]}"
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (out of memory?)" if name == "SIGKILL" else ""
        return f"{died}: killed by {name}{hint}"
    return f"{died} (out of memory?)"
