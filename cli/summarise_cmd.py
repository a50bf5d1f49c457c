"""`cf summarise`: inputs -> cache or workers -> drafts on stdout or in files, errors on stderr."""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cf.cli import render
from cf.cli.cache import Cache, Options, sha256
from cf.cli.config import StyleFileError, cache_dir, engine_problem, load_style
from cf.cli.exit_codes import ExitCode
from cf.cli.inputs import STDIN, SUFFIXES, Input, describe_os_error, expand
from cf.cli.output import (
    MANIFEST,
    OutputExists,
    OutputRefused,
    Planner,
    beneath_an_input,
    input_identities,
    inside,
    misplaced,
    names_folder,
    open_atomic,
    write_atomic,
)
from cf.cli.runner import Job, Limits, Outcome, Pool, job_for, process, quieten_libraries, usable_cores
from cf.cli.terminal import Terminal
from cf.models import Style
from cf.summarise.control_chars import escape
from cf.summarise.limits import DEFAULT_MAX_INPUT_MB, DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_PAGES, MB


@dataclass
class Request:
    paths: list[str]
    fmt: str = "text"
    output: Path | None = None
    output_folder: bool = False  # -o named a folder (it ended in a slash)
    force: bool = False
    jobs: int | None = None  # None: one per usable core
    timeout: float | None = 120.0
    max_input: int | None = DEFAULT_MAX_INPUT_MB * MB  # bytes; None: no limit
    max_memory: int | None = DEFAULT_MAX_MEMORY_MB * MB  # growth per worker; None: no limit
    explain: bool = False
    style_file: Path | None = None
    engine: str = "pdfminer"
    max_pages: int | None = DEFAULT_MAX_PAGES
    use_cache: bool = True
    no_color: bool = False
    quiet: bool = False
    debug: bool = False


def is_batch(paths: list[str]) -> bool:
    """Several PATHs, or any folder: then json is a list and -o is a folder.

    Decided by the arguments, not by how many files a folder happens to hold, so a script
    always gets the same shape back."""
    return len(paths) > 1 or any(p != STDIN and os.path.isdir(p) for p in paths)


def start(req: Request, term: Terminal) -> Style | None:
    """What every run checks first (shared with `cf review`): the style file, standard input
    named once, the engine. The house style, or None once the usage error is reported."""
    if not req.debug:
        quieten_libraries()
    try:
        style, _ = load_style(req.style_file)
    except StyleFileError as e:
        term.error(None, str(e))
        return None
    problem = engine_problem(req.engine)
    if req.paths.count(STDIN) > 1:
        problem = "standard input (-) can be given only once"
    if problem:
        term.error(None, problem)
        return None
    return style


def run(req: Request, term: Terminal | None = None) -> int:
    term = term or Terminal.create(no_color=req.no_color, quiet=req.quiet)
    style = start(req, term)
    if style is None:
        return ExitCode.USAGE

    batch = is_batch(req.paths)
    inputs = expand(req.paths)
    planner = None
    folder = req.output is not None and names_folder(req.output, batch, req.output_folder)
    if req.output is not None:
        planner = Planner(req.output, False, render.EXTENSIONS[req.fmt], req.force, folder)
        why = misplaced(planner, req.paths, inputs) or _read_back_as_letters(req, folder)
        if why:
            term.error(str(req.output), why)
            return ExitCode.USAGE
        planner.protect = input_identities(inputs)
        if batch and not folder:
            return _into_one_file(req, term, style, inputs, planner)
        try:
            planner.prepare(mark=beneath_an_input(planner, inputs))
        except OSError as e:
            term.error(str(req.output), f"cannot write here: {describe_os_error(e)}")
            return ExitCode.FAILED
    session = Session(req, term, Options(style, req.engine, req.max_pages), open_cache(req, term),
                      inputs, batch, planner)
    return session.go()


def open_cache(req: Request, term: Terminal) -> Cache:
    """The user's result cache; a folder others could write to is not used, with a warning."""
    cache = Cache(cache_dir(), enabled=req.use_cache)
    if cache.problem:
        term.warn(None, cache.problem)
    return cache


def _read_back_as_letters(req: Request, folder: bool) -> str | None:
    """Why a batch's one output file must not go where it is (it would land in an input
    folder and, being a kind of file cf reads, be read as a letter by the next run), or None."""
    assert req.output is not None
    if folder or not is_batch(req.paths) or req.output.suffix.lower() not in SUFFIXES:
        return None
    clash = next((p for p in req.paths if p != STDIN and os.path.isdir(p) and inside(req.output.parent, Path(p))), None)
    return None if clash is None else (
        f"the drafts would land in the input folder {clash}, and the next run over it would "
        "read them as letters; write them elsewhere")


def _into_one_file(req: Request, term: Terminal, style: Style, inputs: list[Input], planner: Planner) -> int:
    """Several inputs, -o one file: what standard output would get (a JSON list, one JSON line
    per input, or the drafts one after another), failed inputs included as they would be
    there. The file is written beside the target and moved into place when the run ends."""
    target = planner.target
    why = planner.check(target)
    if why:
        term.error(str(target), why.removeprefix(f"{target} "))
        return ExitCode.FAILED
    from rich.console import Console

    cache = open_cache(req, term)
    try:
        with open_atomic(target, req.force, planner.protect) as fh:
            into = Terminal(out=Console(file=fh, highlight=False, emoji=False, markup=False),
                            err=term.err, quiet=term.quiet)
            code = Session(req, into, Options(style, req.engine, req.max_pages), cache, inputs,
                           True, None).go()
    except (OutputExists, OutputRefused) as e:
        term.error(str(target), str(e).removeprefix(f"{target} "))
        return ExitCode.FAILED
    except OSError as e:
        term.error(str(target), f"cannot write here: {describe_os_error(e)}")
        return ExitCode.FAILED
    return code


@dataclass
class Session:
    req: Request
    term: Terminal
    options: Options
    cache: Cache
    inputs: list[Input]
    batch: bool
    planner: Planner | None
    keys: dict[int, str] = field(default_factory=dict)
    targets: dict[int, Path] = field(default_factory=dict)
    done: dict[int, Outcome] = field(default_factory=dict)
    printed: int = 0  # how many documents have gone to stdout, in input order
    next_index: int = 0
    spinner: Any = None  # the "Reading ..." status on stderr while one document runs

    # -------------------------------------------------------------- the run

    def go(self) -> int:
        """Every input through worker processes, so each document has the time and memory
        limits, even alone; only --debug runs a single document here, for its traceback."""
        pool = None
        single = len(self.inputs) == 1 and not self.batch
        with self._progress() as progress, self._spinner(self.inputs[0].path if single else None) as self.spinner:
            task = progress.add_task("Summarising", total=len(self.inputs))
            try:
                if single and self.req.debug:
                    outcomes: Iterator[Outcome] = self._in_process()
                else:
                    pool = Pool(self._pool_size(), self.options, self.req.timeout, self.req.max_memory)
                    outcomes = pool.run(self._work())
                for outcome in outcomes:
                    self._finished(outcome)
                    progress.advance(task)
            finally:
                if pool is not None:
                    pool.close(kill=True)
        self._flush_json()
        self._table()
        self._manifest()
        failed = any(not o.ok for o in self.done.values())
        return ExitCode.FAILED if failed else ExitCode.OK

    def _pool_size(self) -> int:
        """--jobs, but never more workers than inputs or usable cores: the work is CPU-bound,
        so more processes than cores only add memory (each worker holds its own spaCy)."""
        cores = usable_cores()
        wanted = self.req.jobs or cores
        if wanted > cores and len(self.inputs) > cores:
            self.term.warn(None, f"--jobs {wanted} is more than the {cores} usable cores: "
                                 f"using {cores} worker processes")
        return max(1, min(wanted, cores, len(self.inputs)))

    def _in_process(self) -> Iterator[Outcome]:
        for item in self._work():
            yield item if isinstance(item, Outcome) else process(item, self.options, self.req.debug)

    def _spinner(self, path: str | None) -> Any:
        """A writer waiting on one long PDF sees that cf is working (stderr terminal only)."""
        import contextlib

        if path is None or not self.term.err.is_terminal or self.req.quiet:
            return contextlib.nullcontext()
        name = escape(os.path.basename(path)) if path != STDIN else "standard input"
        return self.term.err.status(f"Reading {name}…", spinner="dots")

    def _work(self) -> Iterator[Job | Outcome]:
        """For each input, an Outcome at once (a problem, a cache hit) or a Job for a worker.

        Files are read one at a time as workers free up, so a big batch is never all in memory.
        In a batch the biggest files go first, so no worker is left with a long one at the end."""
        if self.planner is not None:  # names in input order, whatever the dispatch order
            self.targets = {i: self.planner.path_for(item.stem) for i, item in enumerate(self.inputs)}
        for index in self._dispatch_order():
            item = self.inputs[index]
            if item.problem:
                yield Outcome(index, item.path, error=item.problem, error_type="NoInput")
                continue
            if self.planner is not None:
                why = self.planner.check(self.targets[index])
                if why:
                    yield Outcome(index, item.path, error=why, error_type="OutputExists")
                    continue
            job = job_for(index, item, Limits(self.req.timeout, self.req.max_input))
            if isinstance(job, Outcome) or job.data is None:  # (a pipe or device: not cached)
                yield job
                continue
            key = self.options.key(sha256(job.data))
            self.keys[index] = key
            doc = self.cache.get(key, item.path)
            yield Outcome(index, item.path, doc=doc, cached=True) if doc is not None else job

    def _dispatch_order(self) -> list[int]:
        def size(index: int) -> int:
            item = self.inputs[index]
            if item.problem or item.is_stdin:
                return 1 << 62  # reported (or read) at once
            try:
                return os.stat(item.path).st_size
            except OSError:
                return 1 << 62

        indices = list(range(len(self.inputs)))
        return sorted(indices, key=lambda i: (-size(i), i)) if self.batch else indices

    # -------------------------------------------------------------- each outcome

    def _finished(self, outcome: Outcome) -> None:
        if outcome.doc is not None and not outcome.cached and outcome.index in self.keys:
            self.cache.put(self.keys[outcome.index], outcome.doc)
        if outcome.doc is not None and self.planner is not None:
            self._write_file(outcome, outcome.doc)
        self.done[outcome.index] = outcome
        if outcome.doc is not None:  # (not when its file could not be written)
            for warning in outcome.doc.get("warnings") or []:
                self.term.warn(outcome.path, warning)
        else:
            self.term.error(outcome.path, outcome.error or "failed")
            if self.req.debug and outcome.traceback:
                self.term.err.file.write(outcome.traceback)
        if self.planner is None:
            self._stdout(outcome)
        elif self.planner.folder:  # written: only the batch table and the manifest read it now
            outcome.release()
        self.keys.pop(outcome.index, None)

    def _write_file(self, outcome: Outcome, doc: dict[str, Any]) -> None:
        target = self.targets[outcome.index]
        text = self._render_plain(doc)
        try:
            write_atomic(target, text, self.req.force, self.planner.protect if self.planner else frozenset())
        except (OutputExists, OutputRefused) as e:
            outcome.doc, outcome.error, outcome.error_type = None, str(e), type(e).__name__
        except OSError as e:
            outcome.doc, outcome.error_type = None, "OSError"
            outcome.error = f"cannot write {target}: {describe_os_error(e)}"

    def _render_plain(self, doc: dict[str, Any]) -> str:
        out = render.for_output(doc, self.req.explain)
        text = render.render(out, self.req.fmt)
        if self.req.fmt == "text" and self.req.explain:
            text += plain_sentences(doc.get("sentences") or [])
        return text

    def _stdout(self, outcome: Outcome) -> None:
        fmt = self.req.fmt
        if fmt == "jsonl":  # as each finishes, flushed: a half batch leaves valid lines
            self.term.write(render.render_jsonl(self._json_object(outcome)))
            outcome.release()
            return
        if fmt == "json":
            return  # written whole at the end, in input order
        # text, markdown, html: in input order, each as soon as those before it are done
        while self.next_index in self.done:
            ready = self.done[self.next_index]
            self.next_index += 1
            if ready.doc is not None:
                self._print_document(ready.doc)
                ready.release()

    def _print_document(self, doc: dict[str, Any]) -> None:
        if self.spinner is not None:
            # Stopped (and its line wiped) first: stdout and stderr may share the terminal,
            # and the draft must start on a clean line, not after "⠇ Reading letter.pdf…".
            self.spinner.stop()
            self.spinner = None
        fmt = self.req.fmt
        if self.term.styled and fmt == "text":
            from cf.cli import styled

            if self.printed:
                self.term.out.print(styled.separator())
            self.term.out.print(styled.story(doc, self.req.explain))
        else:
            if self.printed:
                self.term.write(render.SEPARATORS[fmt])
            self.term.write(self._render_plain(doc))
        self.printed += 1

    def _json_object(self, outcome: Outcome) -> dict[str, Any]:
        if outcome.doc is not None:
            return render.for_output(outcome.doc, self.req.explain)
        return render.error_object(outcome.path, outcome.error or "failed", outcome.error_type)

    def _flush_json(self) -> None:
        if self.req.fmt != "json" or self.planner is not None:
            return
        objects = [self._json_object(self.done[i]) for i in sorted(self.done)]
        if self.batch:
            self.term.write(render.render_json_list(objects))
        elif objects:
            self.term.write(render.render_json(objects[0]))

    def _manifest(self) -> None:
        """An output folder's record of the run: one JSON line per input, in input order, with
        where its draft went or why it failed (README, "Output files")."""
        if self.planner is None or not self.planner.folder:
            return
        lines = []
        for index in sorted(self.done):
            o = self.done[index]
            target = self.targets.get(index)
            lines.append(render.to_json({
                "source": o.path, "status": "ok" if o.ok else "error",
                "output": str(target) if o.ok and target is not None else None,
                "error": None if o.ok else o.error or "failed",
                "error_type": None if o.ok else o.error_type,
            }, indent=None) + "\n")
        where = self.planner.target / MANIFEST
        try:
            write_atomic(where, "".join(lines), force=True)
        except (OSError, OutputRefused) as e:
            self.term.error(str(where), f"cannot write the manifest: {e}")

    # -------------------------------------------------------------- stderr narration

    def _progress(self) -> Any:
        """A bar on stderr only when stderr is a terminal and stdout is not showing drafts."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        show = (
            self.term.err.is_terminal
            and not self.req.quiet
            and len(self.inputs) > 1
            and (self.planner is not None or not self.term.styled)
        )
        return Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=self.term.err, disable=not show, transient=True,
            redirect_stdout=False, redirect_stderr=False,
        )

    def _table(self) -> None:
        if self.req.quiet or len(self.inputs) < 2:
            return
        from cf.cli import batch_report

        batch_report.report(self.term.err, batch_report.rows(self.done), self._destination())

    def _destination(self) -> str:
        """Where the drafts went, for the batch summary."""
        if self.planner is not None and self.planner.folder:
            return f"one file per input in {escape(str(self.planner.target))}, listed in {MANIFEST}"
        held = {"jsonl": "one JSON line per input", "json": "a JSON list"}.get(self.req.fmt, "one draft after another")
        where = "standard output" if self.req.output is None else escape(str(self.req.output))
        return f"{where} ({held})"


def plain_sentences(sentences: list[dict[str, Any]]) -> str:
    """--explain in plain text: one sentence a line, label and score first."""
    lines = ["", "Sentences (label, score, text, cues):", ""]
    for s in sentences:
        label = s.get("label", "")
        if label == "mixed" and s.get("lean"):
            label += f"/{s['lean']}"
        cues = ", ".join(s.get("cues") or [])
        lines.append(f"{label}\t{s.get('score', 0):+.2f}\t{s.get('text', '')}\t{cues}")
    return "\n".join(lines) + "\n"
