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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
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
    except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not crash
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


def run_cf(args: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, subprocess.CompletedProcess]:
    """Run `cf ARGS` and return (wall seconds, completed process)."""
    start = time.perf_counter()
    proc = subprocess.run([*cf_command(), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    return time.perf_counter() - start, proc


def check_cf(proc: subprocess.CompletedProcess, what: str) -> None:
    """A CLI run that failed outright makes the figure meaningless: say why."""
    if proc.returncode not in (0, 1):
        lines = [ln.strip("│╭╰─╮╯ ") for ln in proc.stderr.splitlines()]
        tail = next((ln for ln in reversed(lines) if ln), "(no stderr)")
        raise RuntimeError(f"{what} exited {proc.returncode}: {tail}")


def count_failed(proc: subprocess.CompletedProcess) -> int:
    return sum(1 for line in proc.stderr.splitlines() if line.startswith("cf: error:"))


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def page_count(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def render_text(result: object) -> str:
    """Render a Result as the CLI's plain text if a renderer is importable, else the draft."""
    for module, attr in (("cf.cli.render", "render_text"), ("cf.cli.render", "to_text"),
                         ("cf.cli.rendering", "render_text")):
        try:
            mod = __import__(module, fromlist=[attr])
            return str(getattr(mod, attr)(result))
        except (ImportError, AttributeError, TypeError):
            continue
    return result.summary.text + json.dumps(result.to_dict())  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- sections

def bench_overhead(files: list[Path], datas: dict[Path, bytes], cli: bool) -> dict[str, float]:
    from io import BytesIO

    from pdfminer.high_level import extract_pages, extract_text
    from pdfminer.layout import LTChar, LTContainer

    def walk(item: object) -> int:
        if isinstance(item, LTChar):
            return 1
        if isinstance(item, LTContainer):
            return sum(walk(child) for child in item)
        return 0

    # Warm-up: imports and first-call costs out of the per-file figures.
    extract_text(BytesIO(datas[files[0]]))
    t_text = sum(timed(lambda p=p: extract_text(BytesIO(datas[p]))) for p in files)
    t_walk = sum(timed(lambda p=p: sum(walk(page) for page in extract_pages(BytesIO(datas[p]))))
                 for p in files)
    report("pdfminer extract_text", f"{t_text:.1f} s for {len(files)} files")
    report("pdfminer extract_pages walk", f"{t_walk:.1f} s")
    out = {"text": t_text, "walk": t_walk}

    def pipeline() -> None:
        from cf.summarise.pipeline import summarise

        failures: list[str] = []
        summarise(datas[files[0]], str(files[0]), max_pages=int(BIG_MAX_PAGES))  # warm spaCy
        total = 0.0
        for path in files:
            start = time.perf_counter()
            try:
                render_text(summarise(datas[path], str(path), max_pages=int(BIG_MAX_PAGES)))
            except Exception as exc:  # noqa: BLE001
                failures.append(f"{path.name}: {type(exc).__name__}")
            total += time.perf_counter() - start
        note = f", {len(failures)} failed (e.g. {failures[0]})" if failures else ""
        report("pipeline in-process (summarise + render)", f"{total:.1f} s{note}")
        for base, label in ((t_text, "extract_text"), (t_walk, "extract_pages walk")):
            ratio = total / base
            report(f"overhead in-process vs {label}", f"{ratio:.2f}", "<= 1.15", ratio <= 1.15)
        out["pipeline"] = total

    guarded("overhead in-process", pipeline)
    if cli:
        def cli_run() -> None:
            with tempfile.TemporaryDirectory() as tmp:
                secs, proc = run_cf(["summarise", *map(str, files), "--jobs", "1", "--no-cache",
                                     "--max-pages", BIG_MAX_PAGES, "-o", tmp])
            check_cf(proc, "cf summarise --jobs 1")
            ratio = secs / t_text
            report("cf summarise --jobs 1 --no-cache", f"{secs:.1f} s, {count_failed(proc)} failed")
            report("overhead CLI vs extract_text", f"{ratio:.2f}", "<= 1.15", ratio <= 1.15)
            out["cli_jobs1"] = secs

        guarded("overhead CLI", cli_run)
    return out


def bench_parallel(files: list[Path], jobs1: float | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if jobs1 is None:
            jobs1, proc = run_cf(["summarise", *map(str, files), "--jobs", "1", "--no-cache",
                                  "--max-pages", BIG_MAX_PAGES, "-o", f"{tmp}/j1"])
            check_cf(proc, "cf summarise --jobs 1")
        jobs2, proc = run_cf(["summarise", *map(str, files), "--jobs", "2", "--no-cache",
                              "--max-pages", BIG_MAX_PAGES, "-o", f"{tmp}/j2"])
        check_cf(proc, "cf summarise --jobs 2")
    speedup = jobs1 / jobs2
    report("cf summarise --jobs 2 --no-cache", f"{jobs2:.1f} s, {count_failed(proc)} failed")
    report("parallel speed-up --jobs 2 vs --jobs 1", f"{speedup:.2f}x (on {os.cpu_count()} cores)",
           ">= 1.8x", speedup >= 1.8)


def bench_cache(files: list[Path], jobs: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {"CF_CACHE_DIR": f"{tmp}/cache"}
        common = ["summarise", *map(str, files), "--jobs", jobs, "--max-pages", BIG_MAX_PAGES]
        first, proc = run_cf([*common, "-o", f"{tmp}/first"], env)
        check_cf(proc, "first cached run")
        second, proc2 = run_cf([*common, "-o", f"{tmp}/second"], env)
        check_cf(proc2, "second cached run")
        same = _same_outputs(Path(tmp, "first"), Path(tmp, "second"))
    speedup = first / second
    report(f"cache first run (--jobs {jobs})", f"{first:.1f} s")
    report("cache second run", f"{second:.2f} s, outputs identical: {same}")
    report("cache speed-up", f"{speedup:.1f}x", ">= 10x", speedup >= 10 and same)


def _same_outputs(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.iterdir()) if a.is_dir() else []
    if not names or names != sorted(p.name for p in b.iterdir()):
        return False
    return all((a / n).read_bytes() == (b / n).read_bytes() for n in names)


def letter_signature(letter: object) -> tuple:
    """Section headings and block texts: what 'the same Letter structure' compares."""
    return tuple((s.heading, tuple(b.norm for b in s.blocks)) for s in letter.sections)  # type: ignore[attr-defined]


def bench_engine(files: list[Path], datas: dict[Path, bytes]) -> None:
    from cf.summarise.pipeline import read_letter

    read_letter(datas[files[0]], str(files[0]), engine="pdfium")  # warm-up; raises if absent
    t_pdfium = sum(timed(lambda p=p: read_letter(datas[p], str(p), engine="pdfium",
                                                 max_pages=int(BIG_MAX_PAGES))) for p in files)
    t_poppler = sum(timed(lambda p=p: subprocess.run(["pdftotext", str(p), "-"],
                                                     capture_output=True, check=True))
                    for p in files)
    ratio = t_pdfium / t_poppler
    report("pdfium engine read_letter", f"{t_pdfium:.2f} s; pdftotext {t_poppler:.2f} s")
    report("pdfium vs pdftotext", f"{ratio:.2f}x", "<= 2x", ratio <= 2)
    agreement = _engine_agreement(files, datas)
    if agreement is not None:
        share, detail = agreement
        report("pdfium agreement with pdfminer Letter", f"{share:.0%} of documents{detail}",
               "report")


def _engine_agreement(files: list[Path], datas: dict[Path, bytes]) -> tuple[float, str] | None:
    """Prefer H1's benchmarks/engine_agreement.py; else compare headings and block texts."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import engine_agreement  # type: ignore[import-not-found]

        for name in ("agreement", "compare_files", "measure"):
            func = getattr(engine_agreement, name, None)
            if callable(func):
                try:
                    value = func(files)
                except TypeError:
                    continue
                if isinstance(value, (int, float)):
                    return float(value), f" (benchmarks/engine_agreement.{name})"
    except ImportError:
        pass
    finally:
        sys.path.pop(0)
    from cf.summarise.pipeline import read_letter

    headings = blocks = 0
    for path in files:
        a = letter_signature(read_letter(datas[path], str(path), max_pages=int(BIG_MAX_PAGES)))
        b = letter_signature(read_letter(datas[path], str(path), engine="pdfium",
                                         max_pages=int(BIG_MAX_PAGES)))
        headings += [h for h, _ in a] == [h for h, _ in b]
        blocks += a == b
    n = len(files)
    return blocks / n, f"; same headings in {headings / n:.0%}"


def bench_startup(repeats: int) -> None:
    times = []
    for _ in range(repeats):
        secs, proc = run_cf(["--help"])
        if proc.returncode != 0:
            raise RuntimeError(f"cf --help exited {proc.returncode}")
        times.append(secs)
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

    jobs1 = None
    if "overhead" not in args.skip:
        try:
            jobs1 = bench_overhead(files, datas, cli=True).get("cli_jobs1")
        except Exception as exc:  # noqa: BLE001
            not_available("overhead", f"{type(exc).__name__}: {exc}")
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
