"""Speed benchmark for cf (issue 5): prints figures, asserts nothing.

    python benchmarks/speed.py                 # every PDF in ../shared/corpus/ilacs
    python benchmarks/speed.py --limit 10      # the first 10 (sorted by name)
    python benchmarks/speed.py --quick         # 5 files, fewer repeats

Each line reads "name: value (goal ...) PASS/FAIL", or "name: n/a: <why>" when a part of
cf it needs is not there (yet). Measurements, all on the same files in one run:

- overhead: the in-process pipeline (summarise + a text rendering) and the CLI
  (`--jobs 1 --no-cache`) against pdfminer.six's `extract_text`, and its `extract_pages`
  walk over every character (the work any layout-aware reader must do);
- parallel: `cf summarise --jobs 2 --no-cache` throughput against `--jobs 1`;
- cache: a second run over unchanged files against the first, in a fresh CF_CACHE_DIR;
- engine: `read_letter(..., engine="pdfium")` against `pdftotext`, and how often its Letter
  (section headings and block texts) matches pdfminer's;
- start-up: `cf --help` wall time, and whether it imported spaCy or pdfminer;
- memory: peak RSS of the pipeline, and of the CLI, on the corpus PDF with most pages.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "ilacs"
PY = sys.executable
BIG_MAX_PAGES = "100000"  # so no corpus file trips the --max-pages limit


# --------------------------------------------------------------------------- reporting

def report(name: str, value: str, goal: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else (" PASS" if ok else " FAIL")
    goal_part = f" (goal {goal})" if goal else ""
    print(f"{name}: {value}{goal_part}{verdict}", flush=True)


def not_available(name: str, why: str) -> None:
    print(f"{name}: n/a: {why}", flush=True)


def guarded(name: str, func: Callable[[], None]) -> None:
    """Run one section; a missing feature or a failure prints n/a instead of stopping the run."""
    try:
        func()
    except Exception as exc:  # a benchmark reports, it does not crash
        first = (str(exc).strip().splitlines() or [""])[0][:300]
        not_available(name, f"{type(exc).__name__}: {first}")


# --------------------------------------------------------------------------- helpers

def cf_command() -> list[str]:
    """The installed `cf` next to this Python, else on PATH, else `python -m`-style shim."""
    beside = Path(PY).with_name("cf")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("cf")
    if found:
        return [found]
    return [PY, "-c", "import sys; from cf.cli.app import main; sys.argv[0] = 'cf'; main()"]


@dataclass(frozen=True)
class Took:
    """Wall-clock and CPU seconds: on a shared machine the CPU figure is the steadier one."""

    wall: float = 0.0
    cpu: float = 0.0

    def __add__(self, other: Took) -> Took:
        return Took(self.wall + other.wall, self.cpu + other.cpu)

    def __str__(self) -> str:
        return f"{self.wall:.1f} s wall, {self.cpu:.1f} s CPU"

    def ratio(self, base: Took) -> str:
        return f"{self.wall / base.wall:.2f} wall, {self.cpu / base.cpu:.2f} CPU"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cf(args: Sequence[str], env: dict[str, str] | None = None) -> tuple[Took, subprocess.CompletedProcess]:
    """Run `cf ARGS`; its wall time and the CPU time of it and its workers."""
    cpu, start = _children_cpu(), time.perf_counter()
    proc = subprocess.run([*cf_command(), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    return Took(time.perf_counter() - start, _children_cpu() - cpu), proc


def check_cf(proc: subprocess.CompletedProcess, what: str) -> None:
    """A CLI run that failed outright makes the figure meaningless: say why."""
    if proc.returncode not in (0, 1):
        lines = [ln.strip("│╭╰─╮╯ ") for ln in proc.stderr.splitlines()]
        tail = next((ln for ln in reversed(lines) if ln), "(no stderr)")
        raise RuntimeError(f"{what} exited {proc.returncode}: {tail}")


def count_failed(proc: subprocess.CompletedProcess) -> int:
    return sum(1 for line in proc.stderr.splitlines() if line.startswith("cf: error:"))


def timed(func: Callable[[], object]) -> Took:
    cpu, start = time.process_time(), time.perf_counter()
    func()
    return Took(time.perf_counter() - start, time.process_time() - cpu)


def total(took: Iterable[Took]) -> Took:
    return sum(took, Took())


def page_count(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def render_text(result: object) -> str:
    """What the CLI does after the pipeline: the JSON form (with sentences), rendered as text."""
    doc = result.to_dict(explain=True)  # type: ignore[attr-defined]
    try:
        from cf.cli.render import for_output, render
    except ImportError:
        return result.summary.text + json.dumps(doc)  # type: ignore[attr-defined]
    return render(for_output(doc, explain=False), "text")


def judge_overhead(name: str, took: Took, base: Took) -> None:
    """Judged on CPU time (wall time also counts other people's jobs on a shared machine)."""
    cpu_ratio = took.cpu / base.cpu
    report(name, took.ratio(base), "<= 1.15, on CPU", cpu_ratio <= 1.15)


# --------------------------------------------------------------------------- sections

def bench_overhead(files: list[Path], datas: dict[Path, bytes]) -> Took | None:
    """pdfminer alone, the pipeline in-process, and the CLI with one job; returns the CLI's time."""
    from io import BytesIO

    from pdfminer.high_level import extract_pages, extract_text
    from pdfminer.layout import LTChar, LTContainer

    def walk(item: object) -> int:
        if isinstance(item, LTChar):
            return 1
        if isinstance(item, LTContainer):
            return sum(walk(child) for child in item)
        return 0

    extract_text(BytesIO(datas[files[0]]))  # warm-up: imports and first-call costs
    t_text = total(timed(lambda p=p: extract_text(BytesIO(datas[p]))) for p in files)
    t_walk = total(timed(lambda p=p: sum(walk(page) for page in extract_pages(BytesIO(datas[p]))))
                   for p in files)
    report("pdfminer extract_text", f"{t_text} for {len(files)} files")
    report("pdfminer extract_pages walk", str(t_walk))

    def pipeline() -> None:
        from cf.summarise.pipeline import summarise

        summarise(datas[files[0]], str(files[0]), max_pages=int(BIG_MAX_PAGES))  # warm spaCy
        failures: list[str] = []

        def one(path: Path) -> None:
            try:
                render_text(summarise(datas[path], str(path), max_pages=int(BIG_MAX_PAGES)))
            except Exception as exc:
                failures.append(f"{path.name}: {type(exc).__name__}")

        took = total(timed(lambda p=p: one(p)) for p in files)
        note = f", {len(failures)} failed (e.g. {failures[0]})" if failures else ""
        report("pipeline in-process (summarise + render)", f"{took}{note}")
        judge_overhead("overhead in-process vs extract_text", took, t_text)
        judge_overhead("overhead in-process vs extract_pages walk", took, t_walk)

    guarded("overhead in-process", pipeline)
    cli: list[Took] = []

    def cli_run() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            took, proc = run_cf(["summarise", *map(str, files), "--jobs", "1", "--no-cache",
                                 "--max-pages", BIG_MAX_PAGES, "-o", tmp])
        check_cf(proc, "cf summarise --jobs 1")
        report("cf summarise --jobs 1 --no-cache", f"{took}, {count_failed(proc)} failed")
        judge_overhead("overhead CLI (one process, start-up included) vs extract_text", took, t_text)
        cli.append(took)

    guarded("overhead CLI", cli_run)
    return cli[0] if cli else None


def bench_breakdown(files: list[Path], datas: dict[Path, bytes]) -> None:
    """CPU seconds per pipeline stage (what pipeline.summarise does, one stage at a time)."""
    import hashlib

    from cf.models import Source, Style
    from cf.summarise.analyse import analyse
    from cf.summarise.compose import compose
    from cf.summarise.extract import extract
    from cf.summarise.pipeline import summarise
    from cf.summarise.structure import structure

    summarise(b"Overview\n\nLeaders have made good progress.\n", "warm-up.txt")  # build spaCy
    stages: dict[str, float] = {}

    def stage(name: str, func: Callable[[], object]) -> object:
        start = time.process_time()
        value = func()
        stages[name] = stages.get(name, 0.0) + time.process_time() - start
        return value

    big = int(BIG_MAX_PAGES)
    for path in files:
        data, name = datas[path], str(path)
        try:
            ext = stage("extract", partial(extract, data, name, max_pages=big))
            src = Source(name, hashlib.sha256(data).hexdigest(), ext.pages, ext.engine)
            letter = stage("structure", partial(structure, ext, src))
            sentences = stage("analyse", partial(analyse, letter))
            stage("compose", partial(compose, letter, sentences, Style()))
        except Exception:  # a failing document is reported by the other figures
            continue
    whole = sum(stages.values()) or 1.0
    report("CPU by stage", ", ".join(f"{k} {v:.1f} s ({v / whole:.0%})" for k, v in stages.items()))


def bench_parallel(files: list[Path], jobs1: Took | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if jobs1 is None:
            jobs1, proc = run_cf(["summarise", *map(str, files), "--jobs", "1", "--no-cache",
                                  "--max-pages", BIG_MAX_PAGES, "-o", f"{tmp}/j1"])
            check_cf(proc, "cf summarise --jobs 1")
            report("cf summarise --jobs 1 --no-cache", f"{jobs1}, {count_failed(proc)} failed")
        jobs2, proc = run_cf(["summarise", *map(str, files), "--jobs", "2", "--no-cache",
                              "--max-pages", BIG_MAX_PAGES, "-o", f"{tmp}/j2"])
        check_cf(proc, "cf summarise --jobs 2")
    speedup = jobs1.wall / jobs2.wall
    load = os.getloadavg()[0]
    report("cf summarise --jobs 2 --no-cache", f"{jobs2}, {count_failed(proc)} failed")
    report("parallel: extra CPU of two workers", f"{jobs2.cpu / jobs1.cpu:.2f}x the CPU of one")
    report("parallel speed-up --jobs 2 vs --jobs 1",
           f"{speedup:.2f}x wall (on {os.cpu_count()} cores, load average {load:.1f})",
           ">= 1.8x", speedup >= 1.8)


def bench_cache(files: list[Path], jobs: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {"CF_CACHE_DIR": f"{tmp}/cache", **_pinned_code()}
        common = ["summarise", *map(str, files), "--jobs", jobs, "--max-pages", BIG_MAX_PAGES]
        first, proc = run_cf([*common, "-o", f"{tmp}/first"], env)
        check_cf(proc, "first cached run")
        second, proc2 = run_cf([*common, "-o", f"{tmp}/second"], env)
        check_cf(proc2, "second cached run")
        same = _same_outputs(Path(tmp, "first"), Path(tmp, "second"))
    speedup = first.wall / second.wall
    report(f"cache first run (--jobs {jobs})", str(first))
    report("cache second run", f"{second.wall:.2f} s wall, {second.cpu:.2f} s CPU, "
           f"outputs identical: {same}")
    report("cache speed-up", f"{speedup:.1f}x wall, {first.cpu / second.cpu:.1f}x CPU",
           ">= 10x, same outputs", speedup >= 10 and same)


def _pinned_code() -> dict[str, str]:
    """The cache key includes the code's fingerprint (file mtimes in an editable install), so
    an edit during the first run would make every entry stale: pin it to today's for both runs."""
    try:
        from cf.cli.cache import code_fingerprint
    except ImportError:
        return {}
    return {"CF_CODE_FINGERPRINT": code_fingerprint()}


# The batch's own records name the folder they were written to ("first/x.txt"), so they
# differ between two runs by design: the drafts are what the cache must give back unchanged.
_BATCH_RECORDS = {"cf-manifest.jsonl", ".cf-drafts"}


def _same_outputs(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.iterdir() if p.name not in _BATCH_RECORDS) if a.is_dir() else []
    if not names or names != sorted(p.name for p in b.iterdir() if p.name not in _BATCH_RECORDS):
        return False
    return all((a / n).read_bytes() == (b / n).read_bytes() for n in names)


def letter_signature(letter: object) -> tuple:
    """Section headings and block texts: what 'the same Letter structure' compares."""
    return tuple((s.heading, tuple(b.norm for b in s.blocks)) for s in letter.sections)  # type: ignore[attr-defined]


def bench_engine(files: list[Path], datas: dict[Path, bytes]) -> None:
    from cf.summarise.pipeline import read_letter

    read_letter(datas[files[0]], str(files[0]), engine="pdfium")  # warm-up; raises if absent
    t_pdfium = total(timed(lambda p=p: read_letter(datas[p], str(p), engine="pdfium",
                                                   max_pages=int(BIG_MAX_PAGES))) for p in files)
    # A process per file, as a script would run it.
    poppler = total(_run_timed(["pdftotext", str(p), "-"])[0] for p in files)
    report("pdfium engine: read_letter (extract + structure)", str(t_pdfium))
    report("pdftotext (poppler), a process per file", f"{poppler.wall:.2f} s wall, {poppler.cpu:.2f} s CPU")
    from cf.summarise.extract import extract

    t_extract = total(timed(lambda p=p: extract(datas[p], str(p), engine="pdfium",
                                                max_pages=int(BIG_MAX_PAGES))) for p in files)
    report("pdfium engine: extract only", str(t_extract))
    report("pdfium extract vs pdftotext", t_extract.ratio(poppler), "<= 2x, on CPU",
           t_extract.cpu <= 2 * poppler.cpu)
    report("pdfium read_letter vs pdftotext", t_pdfium.ratio(poppler), "<= 2x, on CPU",
           t_pdfium.cpu <= 2 * poppler.cpu)
    poppler_wall = poppler.wall

    def whole_cli() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            took, proc = run_cf(["summarise", *map(str, files), "--engine", "pdfium", "--jobs",
                                 "1", "--no-cache", "--max-pages", BIG_MAX_PAGES, "-o", tmp])
        check_cf(proc, "cf summarise --engine pdfium")
        report("cf summarise --engine pdfium --jobs 1 --no-cache",
               f"{took}, {count_failed(proc)} failed; {took.wall / poppler_wall:.1f}x pdftotext")

    guarded("cf summarise --engine pdfium", whole_cli)
    share, detail = _engine_agreement(files, datas)
    report("pdfium agreement with pdfminer Letter", f"{share:.0%} of documents{detail}")


def _engine_agreement(files: list[Path], datas: dict[Path, bytes]) -> tuple[float, str]:
    """Share of documents whose Letter (headings, block texts) is the same with both engines;
    also the share with identical extract blocks by benchmarks/engine_agreement.keys."""
    from cf.models import Source
    from cf.summarise.extract import extract
    from cf.summarise.structure import structure

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from engine_agreement import keys  # type: ignore[import-not-found]  # H1's definition
    except ImportError:
        keys = None
    finally:
        sys.path.pop(0)
    letters = headings = blocks = 0
    for path in files:
        # One extraction per engine, structured as read_letter does (pdfminer is the slow one).
        found = {engine: extract(datas[path], str(path), engine=engine, max_pages=int(BIG_MAX_PAGES))
                 for engine in ("pdfminer", "pdfium")}
        a, b = (letter_signature(structure(x, Source(str(path), "", x.pages, x.engine)))
                for x in found.values())
        letters += a == b
        headings += [h for h, _ in a] == [h for h, _ in b]
        if keys is not None:
            blocks += keys(found["pdfminer"]) == keys(found["pdfium"])
    n = len(files)
    detail = f"; same headings in {headings / n:.0%}"
    if keys is not None:
        detail += f"; identical extract blocks (engine_agreement.keys) in {blocks / n:.0%}"
    return letters / n, detail


def _run_timed(cmd: Sequence[str]) -> tuple[Took, subprocess.CompletedProcess]:
    cpu, start = _children_cpu(), time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, check=True)
    return Took(time.perf_counter() - start, _children_cpu() - cpu), proc


def bench_startup(repeats: int) -> None:
    times = []
    for _ in range(repeats):
        took, proc = run_cf(["--help"])
        if proc.returncode != 0:
            raise RuntimeError(f"cf --help exited {proc.returncode}")
        times.append(took.wall)
    median = statistics.median(times)
    report("cf --help wall time", f"{median * 1000:.0f} ms (median of {repeats})", "fast", None)
    probe = (
        "import sys\n"
        "from cf.cli.app import main\n"
        "sys.argv = ['cf', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('spacy', 'pdfminer', 'pypdfium2', 'thinc') if m in sys.modules]\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy) + '\\n')\n"
    )
    proc = subprocess.run([PY, "-c", probe], capture_output=True, text=True)
    line = next((ln for ln in proc.stderr.splitlines() if ln.startswith("HEAVY=")), None)
    if line is None:
        raise RuntimeError(f"probe failed: {proc.stderr.strip()[-200:]}")
    heavy = line[len("HEAVY="):]
    report("cf --help imports spaCy/pdfminer", heavy or "neither", "neither", not heavy)


_PEAK = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode\n"
    "print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def peak_rss_mb(cmd: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Peak RSS of `cmd` (and the largest of its children), through a wrapper process."""
    proc = subprocess.run([PY, "-c", _PEAK, *cmd], capture_output=True, text=True, check=True,
                          env={**os.environ, **(env or {})})
    code, kib = proc.stdout.split()[-2:]
    if code != "0":
        raise RuntimeError(f"the measured run exited {code}")
    return int(kib) / 1024  # ru_maxrss is in KiB on Linux


def bench_memory(corpus_files: list[Path]) -> None:
    largest = max(corpus_files, key=page_count)
    pages = page_count(largest)
    pipeline = (
        "import sys; from cf.summarise.pipeline import summarise; "
        f"summarise(open(sys.argv[1], 'rb').read(), sys.argv[1], max_pages={BIG_MAX_PAGES})"
    )
    mb = peak_rss_mb([PY, "-c", pipeline, str(largest)])
    report(f"peak memory, pipeline, {largest.name} ({pages} pages)", f"{mb:.0f} MB",
           "<= 300 MB", mb <= 300)

    def cli() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            mb_cli = peak_rss_mb([*cf_command(), "summarise", str(largest), "--no-cache",
                                  "--max-pages", BIG_MAX_PAGES, "-o", f"{tmp}/out.txt"])
        report("peak memory, cf summarise (largest process)", f"{mb_cli:.0f} MB", "<= 300 MB",
               mb_cli <= 300)

    guarded("peak memory, cf summarise", cli)


# --------------------------------------------------------------------------- main

def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="use the first N PDFs")
    parser.add_argument("--quick", action="store_true", help="5 files, fewer repeats")
    parser.add_argument("--breakdown", action="store_true",
                        help="also time each pipeline stage (one more pass over the files)")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["overhead", "parallel", "cache", "engine", "startup", "memory"])
    args = parser.parse_args(argv)

    corpus_files = sorted(args.corpus.glob("*.pdf"))
    if not corpus_files:
        sys.exit(f"speed.py: no PDFs in {args.corpus}")
    limit = args.limit or (5 if args.quick else None)
    files = corpus_files[:limit] if limit else corpus_files
    datas = {p: p.read_bytes() for p in files}
    pages = sum(page_count(p) for p in files)
    print(f"# {len(files)} PDFs, {pages} pages, from {args.corpus}; cf = {' '.join(cf_command())}")

    print(f"# load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the start")
    jobs1 = None
    if "overhead" not in args.skip:
        try:
            jobs1 = bench_overhead(files, datas)
        except Exception as exc:
            not_available("overhead", f"{type(exc).__name__}: {exc}")
    if args.breakdown:
        guarded("CPU by stage", lambda: bench_breakdown(files, datas))
    if "parallel" not in args.skip:
        guarded("parallel", lambda: bench_parallel(files, jobs1))
    if "cache" not in args.skip:
        guarded("cache", lambda: bench_cache(files, "2"))
    if "engine" not in args.skip:
        guarded("engine pdfium", lambda: bench_engine(files, datas))
    if "startup" not in args.skip:
        guarded("start-up", lambda: bench_startup(3 if args.quick else 7))
    if "memory" not in args.skip:
        guarded("peak memory", lambda: bench_memory(corpus_files))


if __name__ == "__main__":
    main()
