"""Running the pipeline over documents in worker processes (one input too; --debug alone
runs a single document in this process).

The pool is cf's own rather than concurrent.futures': it knows which worker runs which
document, so a document over its time limit (or a worker that dies) costs only that worker,
which is replaced, while the others keep going. Each worker builds spaCy once and keeps it.
Each worker's address space may grow by at most `memory` bytes past its start-up size
(RLIMIT_AS; Linux), so a document that needs more fails on its own with MemoryError (or its
worker dies), and cf, the other workers and the machine are untouched."""
from __future__ import annotations

import logging
import multiprocessing
import resource
import signal
import time
import traceback
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from cf.cli.cache import Options
from cf.cli.exit_codes import internal_error
from cf.summarise.limits import DEFAULT_MAX_MEMORY_MB, MB


@dataclass
class Job:
    index: int
    path: str
    data: bytes


@dataclass
class Outcome:
    index: int
    path: str
    doc: dict[str, Any] | None = None  # to_dict(explain=True) when it worked
    error: str | None = None  # the one-line "what"
    error_type: str = ""
    traceback: str | None = None  # for --debug
    cached: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.doc is not None


def quieten_libraries() -> None:
    """Library warnings (pdfminer's logging, Python warnings) are not cf's messages."""
    logging.getLogger("pdfminer").setLevel(logging.CRITICAL)
    logging.getLogger("pypdfium2").setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")


def process(job: Job, options: Options, debug: bool = False) -> Outcome:
    """Summarise one document; every failure becomes an Outcome (or is raised with debug)."""
    start = time.perf_counter()
    try:
        from cf.summarise.pipeline import summarise

        result = summarise(job.data, job.path, style=options.style, engine=options.engine,
                           max_pages=options.max_pages)
        doc = result.to_dict(explain=True)
        return Outcome(job.index, job.path, doc=doc, seconds=time.perf_counter() - start)
    except Exception as e:  # one bad document must never stop the others
        if debug:
            raise
        return failure(job, e, time.perf_counter() - start)


def failure(job: Job, e: BaseException, seconds: float) -> Outcome:
    from cf.summarise.errors import DocumentError

    if isinstance(e, DocumentError):
        what = str(e) or type(e).__name__
    elif isinstance(e, MemoryError):
        what = "needed more memory than one document may take (raise it with --max-memory-mb)"
    elif isinstance(e, RecursionError):
        what = "the document is nested too deeply to read"
    else:
        what = internal_error(e)
    tb = "".join(traceback.format_exception(e))
    return Outcome(job.index, job.path, error=what, error_type=type(e).__name__,
                   traceback=tb, seconds=seconds)


WARM_UP = b"Focused visit to Anytown local authority children's services\n\nLeaders have made good progress.\n"
# How long a worker may take to start (import spaCy, build the pipeline) before its first
# document's clock starts; a worker slower than this is treated as stuck.
START_ALLOWANCE = 120.0


def warm_up(options: Options) -> None:
    """Import the pipeline and build spaCy once, before any document's clock starts."""
    try:
        from cf.summarise.pipeline import summarise

        summarise(WARM_UP, "warm-up.txt", style=options.style, engine=options.engine,
                  max_pages=options.max_pages)
    except Exception:
        pass  # a real document will report whatever is wrong


# Never wait longer than this in one call: select/poll refuse very large timeouts.
LONGEST_WAIT = 3600.0


def limit_memory(growth: int | None) -> None:
    """Let this process's address space grow by at most `growth` bytes from now on."""
    if growth is None:
        return
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            size = next(int(ln.split()[1]) * 1024 for ln in fh if ln.startswith("VmSize:"))
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        ceiling = size + growth
        if hard != resource.RLIM_INFINITY:
            ceiling = min(ceiling, hard)
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    except (OSError, ValueError, StopIteration):
        pass  # not Linux: the decompression budget and input size limit still hold


def _worker_main(conn: Connection, options: Options, memory: int | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    quieten_libraries()
    try:
        warm_up(options)
        limit_memory(memory)  # from the start-up size: spaCy is built by now
        while True:
            job = conn.recv()
            if job is None:
                return
            conn.send(("start", job.index))
            conn.send(("done", process(job, options)))
    except (EOFError, OSError, KeyboardInterrupt):
        return


@dataclass
class _Worker:
    process: Any
    conn: Connection
    job: Job | None = None
    sent: float = 0.0  # when the job was handed over
    started: float | None = None  # when the worker began it (after its warm-up)

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
        proc = ctx.Process(target=_worker_main, args=(child, self.options, self.memory), daemon=True)
        proc.start()
        child.close()
        worker = _Worker(proc, parent)
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

    def close(self, kill: bool = False) -> None:
        for worker in list(self.workers):
            self._retire(worker, kill)

    def run(self, items: Iterable[Job | Outcome]) -> Iterator[Outcome]:
        """Outcomes as they finish (Outcomes in `items` pass straight through)."""
        source = iter(items)
        exhausted = False
        while True:
            while not exhausted:
                idle = [w for w in self.workers if w.job is None]
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
                    while worker.conn.poll():
                        kind, payload = worker.conn.recv()
                        if kind == "start":
                            worker.started = now
                        else:
                            worker.job = None
                            yield payload
                            break
                except (EOFError, OSError):
                    self._retire(worker, kill=True)
                    yield _crashed(job, now - worker.sent)
                continue
            if worker.process.sentinel in ready:
                self._retire(worker, kill=True)
                yield _crashed(job, now - worker.sent)
            elif self.timeout and now >= worker.deadline(self.timeout):
                self._retire(worker, kill=True)
                what = (f"stopped after {self.timeout:g} s (the --timeout limit)"
                        if worker.started is not None else "the worker process did not start in time")
                yield Outcome(job.index, job.path, error_type="Timeout", seconds=now - worker.sent,
                              error=what)


def _crashed(job: Job, seconds: float) -> Outcome:
    return Outcome(job.index, job.path, error_type="WorkerDied", seconds=seconds,
                   error="the worker process reading this document died (out of memory?)")
