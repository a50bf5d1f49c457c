"""cf's own memory over a big batch (issue 18, item 8): prints figures, asserts nothing.

    python benchmarks/batch_memory.py                    # 3,000 letters: cold, then warm
    python benchmarks/batch_memory.py --documents 500    # fewer
    python benchmarks/batch_memory.py --warm-only        # fill the cache quietly first
    CF=/path/to/other/cf python benchmarks/batch_memory.py   # another build (before/after)

The batch is `--documents` copies of a bundled letter (examples/southwark-2019-02-07.txt),
each with a line of its own so that every copy is a different document (its own cache
entry), in a temporary folder. Each run is `cf summarise FOLDER` with results streamed:
`--format jsonl` to a pipe that is read and dropped, and `-o drafts/`. Cold: a new cache
(every document drafted by the workers); warm: the same cache again (every document served
from it, no worker started).

Each line reads "run: wall S s, cf (parent) peak RSS P MB, workers' peak RSS W MB, at
N documents" and, for the streamed runs, how the parent's RSS grew between the first
and the last quarter of the batch (flat: about 0 MB per 1,000 documents). The goal: flat in
the number of documents, and the parent under 200 MB. Peak RSS is VmHWM from /proc,
sampled every 0.1 s while cf runs (the parent's and each worker's), so Linux only.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "examples" / "southwark-2019-02-07.txt"
CF = os.environ.get("CF") or str(Path(sys.executable).with_name("cf"))
GOAL_MB = 200


@dataclass
class Sample:
    parent_peak: float = 0.0  # MB
    worker_peak: float = 0.0
    rss_at: list[tuple[int, float]] = field(default_factory=list)  # (documents out, parent RSS MB)


def status_mb(pid: int, key: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def watch(proc: subprocess.Popen, sample: Sample, progress: list[int], out_dir: Path | None) -> None:
    while proc.poll() is None:
        if out_dir is not None and out_dir.is_dir():  # -o: how many drafts are written so far
            progress[0] = len(os.listdir(out_dir))
        sample.parent_peak = max(sample.parent_peak, status_mb(proc.pid, "VmHWM"))
        for kid in children(proc.pid):
            sample.worker_peak = max(sample.worker_peak, status_mb(kid, "VmHWM"))
        rss = status_mb(proc.pid, "VmRSS")
        if rss:
            sample.rss_at.append((progress[0], rss))
        time.sleep(0.1)


def run(name: str, args: list[str], env: dict[str, str], documents: int, out_dir: Path | None) -> None:
    sample, progress = Sample(), [0]
    start = time.monotonic()
    proc = subprocess.Popen([CF, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    watcher = threading.Thread(target=watch, args=(proc, sample, progress, out_dir))
    watcher.start()
    assert proc.stdout is not None
    for _ in proc.stdout:  # jsonl: a line a document; -o: nothing (counted from the folder)
        progress[0] += 1
    proc.wait()
    watcher.join()
    seconds = time.monotonic() - start
    print(f"{name}: exit {proc.returncode}, wall {seconds:.1f} s, cf (parent) peak RSS "
          f"{sample.parent_peak:.0f} MB (goal under {GOAL_MB}), workers' peak RSS "
          f"{sample.worker_peak:.0f} MB, at {documents} documents{growth(sample, documents)}",
          flush=True)


def growth(sample: Sample, documents: int) -> str:
    """The parent's RSS over the batch: its median in the first and last quarter of it."""
    done = [(n, rss) for n, rss in sample.rss_at if n]
    if len(done) < 8 or done[-1][0] < documents // 2:
        return ""
    first = sorted(rss for n, rss in done if n <= documents // 4)
    last = sorted(rss for n, rss in done if n >= documents * 3 // 4)
    if not first or not last:
        return ""
    a, b = first[len(first) // 2], last[len(last) // 2]
    per_1000 = (b - a) / (documents / 2) * 1000
    return f"; parent RSS {a:.0f} MB at the first quarter, {b:.0f} MB at the last ({per_1000:+.0f} MB per 1,000)"


def make_batch(folder: Path, documents: int) -> None:
    text = LETTER.read_text(encoding="utf-8")
    for n in range(documents):
        (folder / f"letter-{n:05d}.txt").write_text(f"{text}\nReference {n}.\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--warm-only", action="store_true",
                        help="fill the cache without measuring, then measure warm runs only")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cf-batch-memory-") as tmp:
        root = Path(tmp)
        letters = root / "letters"
        letters.mkdir()
        make_batch(letters, options.documents)
        env = {**os.environ, "CF_CACHE_DIR": str(root / "cache")}
        jsonl = ["summarise", str(letters), "--format", "jsonl", "-q"]
        if options.warm_only:
            subprocess.run([CF, *jsonl], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        else:
            run("cold, --format jsonl", jsonl, env, options.documents, None)
        run("warm, --format jsonl", jsonl, env, options.documents, None)
        run("warm, --format jsonl, batch table on stderr", jsonl[:-1], env, options.documents, None)
        drafts = root / "drafts"
        run("warm, -o drafts/", ["summarise", str(letters), "-o", f"{drafts}/", "-q"], env,
            options.documents, drafts)
        shutil.rmtree(drafts)


if __name__ == "__main__":
    main()
