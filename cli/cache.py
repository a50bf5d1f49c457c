"""Finished results of unchanged files, reused across runs.

A result is stored as its JSON form (to_dict(explain=True)), so a hit renders in any format
without importing the pipeline (no spaCy, no pdfminer). The key covers everything that
changes the output: the content's sha256, cf's version and code, the engine, the page limit,
the style, the versions of spaCy and pdfminer, and the JSON schema version.

An entry is `{"key": ..., "written_by": {"cf": version, "code": fingerprint}, "result": ...}`
and is served only if it was written under this key by this cf and its result keeps the
JSON contract (models/contract.py); anything else (hand-edited, truncated, another
version's) is a miss, recomputed and rewritten."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, util
from pathlib import Path
from typing import Any

from cf.models.contract import problem
from cf.models.result import SCHEMA_VERSION
from cf.models.style import Style

LAYOUT = "results-v2"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """cf's version plus the size and mtime of its pipeline's files.

    An editable install keeps the version number while the code changes; a stale draft
    from older code must not be served. CF_CODE_FINGERPRINT pins it (for tests that run while
    the code is being edited)."""
    pinned = os.environ.get("CF_CODE_FINGERPRINT")
    if pinned:
        return pinned
    parts = [_version("cf"), _version("spacy"), _version("pdfminer.six"), _version("pypdfium2")]
    for package in ("cf.summarise", "cf.models"):
        spec = util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for root, dirs, files in os.walk(folder):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for name in sorted(files):
                    if name.endswith((".py", ".toml", ".json", ".txt")):
                        st = os.stat(os.path.join(root, name))
                        rel = os.path.relpath(os.path.join(root, name), folder)
                        parts.append(f"{package}/{rel}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def written_by() -> dict[str, str]:
    return {"cf": _version("cf"), "code": code_fingerprint()}


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


@dataclass(frozen=True)
class Options:
    """What, besides the content, decides a result."""

    style: Style
    engine: str
    max_pages: int | None

    def key(self, sha256: str) -> str:
        text = "\n".join([
            f"schema={SCHEMA_VERSION}", f"code={code_fingerprint()}", f"engine={self.engine}",
            f"max_pages={self.max_pages}", f"style={self.style.key()}", f"content={sha256}",
        ])
        return hashlib.sha256(text.encode()).hexdigest()


class Cache:
    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.root = root / LAYOUT
        self.enabled = enabled

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str, path: str) -> dict[str, Any] | None:
        """The stored result, with `source.path` set to where the content is now."""
        if not self.enabled:
            return None
        try:
            with open(self._path(key), encoding="utf-8") as fh:
                entry = json.load(fh)
        except (OSError, ValueError, RecursionError):
            return None  # missing, or unreadable/corrupt: a miss, recomputed and rewritten
        if not isinstance(entry, dict) or entry.get("key") != key \
                or entry.get("written_by") != written_by() or problem(entry.get("result")):
            return None
        doc = entry["result"]
        doc["source"]["path"] = path
        return doc

    def put(self, key: str, doc: dict[str, Any]) -> None:
        """Store atomically (temp file + rename), so two processes writing at once are safe.

        A cache that cannot be written is not an error: the run's output is unaffected."""
        if not self.enabled:
            return
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump({"key": key, "written_by": written_by(), "result": doc}, fh,
                              ensure_ascii=False, sort_keys=True)
                os.replace(tmp, target)
            except BaseException:
                _unlink(tmp)
                raise
        except OSError:
            pass


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
