"""Which documents a run covers: files, folders (recursively) and `-` for stdin."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".pdf", ".txt", ".md")
STDIN = "-"


@dataclass(frozen=True)
class Input:
    path: str  # as the user will recognise it; "-" for stdin
    problem: str | None = None  # set when the input cannot even be listed

    @property
    def is_stdin(self) -> bool:
        return self.path == STDIN

    @property
    def stem(self) -> str:
        return "stdin" if self.is_stdin else Path(self.path).stem


def expand(args: list[str]) -> list[Input]:
    """One Input per document, in the order given; a folder's files sorted by path.

    Missing paths and folders with no documents become Inputs with a problem, so they are
    reported like any other failed document and the rest of the batch goes on."""
    out: list[Input] = []
    for arg in args:
        if arg == STDIN:
            out.append(Input(STDIN))
        elif os.path.isdir(arg):
            found = _walk(arg)
            out += [Input(p) for p in found] or [
                Input(arg, "no PDF, .txt or .md files in this folder")
            ]
        elif os.path.exists(arg):
            out.append(Input(arg))
        else:
            out.append(Input(arg, "no such file or folder"))
    return out


def _walk(folder: str) -> list[str]:
    found: list[str] = []
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [
            os.path.join(root, f)
            for f in sorted(files)
            if f.lower().endswith(SUFFIXES) and not f.startswith(".") and not _is_readme(f)
        ]
    return found


def _is_readme(name: str) -> bool:
    """A folder's README describes the folder; it is not a letter (named explicitly, it is read)."""
    return name.rsplit(".", 1)[0].lower() == "readme"


def read(item: Input, stdin: bytes | None = None) -> bytes:
    """The document's bytes (raises OSError for unreadable files)."""
    if item.is_stdin:
        return stdin or b""
    with open(item.path, "rb") as fh:
        return fh.read()


def describe_os_error(error: OSError) -> str:
    """`Permission denied`, not `[Errno 13] Permission denied: 'x.pdf'`: the path is already named."""
    return (error.strerror or str(error)).strip()
