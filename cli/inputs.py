"""Which documents a run covers (files, folders searched recursively, `-` for stdin), and
reading them within limits.

Reading is bounded two ways. Size: at most `limit` bytes, read in chunks, so /dev/zero or an
8 GB file fails at the limit instead of filling memory. Time: a named pipe (FIFO) or a
character device is opened without blocking and waited on for at most `wait` seconds, so a
pipe nobody writes to fails at once and a silent or trickling one fails at the deadline
instead of hanging cf. (The commands leave a pipe or device to a worker, whose time limit
holds instead: see cli/runner.py.) Standard input is the user's own pipe: it is read as it comes, within the size
limit."""
from __future__ import annotations

import os
import select
import stat
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cf.summarise.limits import DEFAULT_MAX_INPUT_MB, DEFAULT_WAIT, MB

SUFFIXES = (".pdf", ".txt", ".md")
# In a folder cf writes drafts into (cli/output.py): a folder walk skips the folder holding it.
OUTPUT_MARKER = ".cf-drafts"
STDIN = "-"
CHUNK = MB


class InputError(Exception):
    """An input that cannot be read within the limits; str(error) says why, in one line."""


class InputTooLarge(InputError):
    pass


class NoData(InputError):
    pass


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

    Missing paths, unreadable folders and folders with no documents become Inputs with a
    problem, so they are reported like any other failed document and the rest go on."""
    out: list[Input] = []
    for arg in args:
        if arg == STDIN:
            out.append(Input(STDIN))
        elif os.path.isdir(arg):
            found, unreadable = _walk(arg)
            out += [Input(p) for p in found]
            out += [Input(folder, f"cannot read this folder: {why}") for folder, why in unreadable]
            if not found and not unreadable:
                out.append(Input(arg, "no PDF, .txt or .md files in this folder"))
        elif os.path.exists(arg) or os.path.islink(arg):
            out.append(Input(arg))
        else:
            out.append(Input(arg, "no such file or folder"))
    return out


def _walk(folder: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Documents under `folder`, and the folders that could not be listed (with why).

    Folders of cf's own drafts (holding OUTPUT_MARKER) below `folder` are skipped. Only
    regular files count (a FIFO or device named .pdf in a folder is skipped, so
    walking never blocks); a broken link is kept, so it is reported."""
    found: list[str] = []
    unreadable: list[tuple[str, str]] = []

    def problem(error: OSError) -> None:
        unreadable.append((error.filename or folder, describe_os_error(error)))

    for root, dirs, files in os.walk(folder, onerror=problem):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not os.path.isfile(os.path.join(root, d, OUTPUT_MARKER)))
        found += [
            os.path.join(root, f)
            for f in sorted(files)
            if f.lower().endswith(SUFFIXES) and not f.startswith(".") and not _is_readme(f)
            and _regular_or_broken(os.path.join(root, f))
        ]
    return found, unreadable


def _regular_or_broken(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # a broken link or an unreadable entry: reported when it is read


def _is_readme(name: str) -> bool:
    """A folder's README describes the folder; it is not a letter (named explicitly, it is read)."""
    return name.rsplit(".", 1)[0].lower() == "readme"


def is_stream(item: Input) -> bool:
    """A named pipe or a device given by name (not standard input): its data may come slowly
    or never, so it is read where a time limit holds (a worker), not while cf waits."""
    if item.is_stdin or item.problem:
        return False
    try:
        mode = os.stat(item.path).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode)


def read(item: Input, limit: int | None = DEFAULT_MAX_INPUT_MB * MB,
         wait: float | None = DEFAULT_WAIT) -> bytes:
    """The document's bytes, at most `limit` of them (raises OSError or InputError)."""
    if item.is_stdin:
        return read_stream(sys.stdin.buffer, limit)
    fd = os.open(item.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", item.path)
        if stat.S_ISREG(mode):
            size = os.fstat(fd).st_size
            if limit is not None and size > limit:
                raise too_large(limit)
            with os.fdopen(fd, "rb", closefd=False) as fh:
                return read_stream(fh, limit)
        return _read_waiting(fd, limit, wait, "pipe" if stat.S_ISFIFO(mode) else "device")
    finally:
        os.close(fd)


def read_stream(stream: BinaryIO, limit: int | None) -> bytes:
    """A blocking stream in chunks, failing as soon as it passes `limit` bytes."""
    parts: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            return b"".join(parts)
        total += len(chunk)
        if limit is not None and total > limit:
            raise too_large(limit)
        parts.append(chunk)


def _read_waiting(fd: int, limit: int | None, wait: float | None, kind: str) -> bytes:
    """A pipe or device opened without blocking: read what comes until end of data, giving up
    when it has not all come within `wait` seconds (however it trickles)."""
    parts: list[bytes] = []
    total = 0
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    deadline = time.monotonic() + (wait if wait is not None else float("inf"))
    while True:
        try:
            chunk = os.read(fd, CHUNK)
        except BlockingIOError:  # a writer, but no data yet
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                some = "its data had not all come" if parts else "no data"
                raise NoData(f"{some} from this {kind} in {wait:g} s") from None
            poller.poll(min(remaining, 3600.0) * 1000)  # poll takes at most ~24 days
            continue
        if not chunk:
            break
        total += len(chunk)
        if limit is not None and total > limit:
            raise too_large(limit)
        parts.append(chunk)
    if not parts and kind == "pipe":
        raise NoData("nothing to read: no program is writing to this named pipe")
    return b"".join(parts)


def too_large(limit: int) -> InputTooLarge:
    return InputTooLarge(f"larger than {limit / MB:g} MB, the input size limit "
                         "(raise it with --max-input-mb)")


def describe_os_error(error: OSError) -> str:
    """`Permission denied`, not `[Errno 13] Permission denied: 'x.pdf'`: the path is already named."""
    return (error.strerror or str(error)).strip()
