"""Shared by the draft benchmarks: corpus paths and read Letters, cached on disk.

Reading a PDF (pdfminer) is most of the pipeline's time; the compose benchmarks re-run
only analyse and compose, so the read Letter is pickled under
$CF_BENCH_CACHE (default ~/.cache/cf-bench), keyed by the file's SHA-256 and the code of
the reading stages. Nothing here is part of cf.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
# The modules that read a document into a Letter: a change to any of them re-reads the corpus.
READING = ("extract.py", "pdf_lines.py", "pdf_pdfminer.py", "decompression_budget.py", "control_chars.py", "textutil.py",
           "errors.py", "limits.py", "structure.py", "metadata.py", "pipeline.py")
CACHE = Path(os.environ.get("CF_BENCH_CACHE", Path.home() / ".cache" / "cf-bench"))


def document_path(doc: str) -> Path:
    """A label row's PDF from its `doc`: `kind/name.pdf` in the corpus, or a path under
    ../shared for the documents outside it (blind6's `stories/documents/name.pdf`)."""
    return SHARED / doc if doc.startswith("stories/") else CORPUS / doc


def half(doc: str) -> str:
    """A document's half of a set split by document (blind5, blind6): "A" when the SHA-256 of
    its `doc`, read as a number, is even (developed on), else "B" (measured once)."""
    return "A" if int(hashlib.sha256(doc.encode()).hexdigest(), 16) % 2 == 0 else "B"


def corpus_documents() -> list[Path]:
    """Every real document of the corpus (the HTML page in bad/ is not one)."""
    kinds = ("focused", "ilacs", "jtai", "send", "legacy")
    return sorted(p for d in kinds for p in (CORPUS / d).glob("*.pdf"))


def _code_key() -> str:
    digest = hashlib.sha256()
    for name in READING + tuple(f.name for f in (ROOT / "models").glob("*.py")):
        for folder in ("summarise", "models"):
            path = ROOT / folder / name
            if path.exists():
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _read(path: Path, key: str):
    from cf.summarise.pipeline import read_letter

    data = path.read_bytes()
    file = CACHE / f"{hashlib.sha256(data).hexdigest()[:24]}-{key}.pkl"
    if file.exists():
        return pickle.loads(file.read_bytes())
    letter = read_letter(data, str(path))
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = file.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(pickle.dumps(letter))
    tmp.replace(file)
    return letter


def _safe_read(args: tuple[Path, str]):
    path, key = args
    try:
        return _read(path, key)
    except Exception as error:  # a document cf refuses: reported by the caller
        return error


def letters(paths: Iterable[Path], jobs: int = 2) -> dict[Path, object]:
    """path -> Letter (or the exception that reading it raised)."""
    key = _code_key()
    paths = list(paths)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(_safe_read, [(p, key) for p in paths], chunksize=4))
    return dict(zip(paths, results, strict=True))


def draft(letter, style=None):
    """(sentences, summary) for a read letter: the rest of the pipeline."""
    from cf.models import Style
    from cf.summarise.analyse import analyse
    from cf.summarise.compose import compose

    sentences = analyse(letter)
    return sentences, compose(letter, sentences, style or Style())
