"""Writing drafts to files: atomic, and never over an existing file without --force.

Only a regular file is ever replaced. A character device (/dev/null, a terminal) or a named
pipe is written into directly, as a shell's `>` would; anything else that is not a regular
file (a block device, a socket) is refused. A symbolic link is followed: its target is
replaced, the link stays."""
from __future__ import annotations

import fcntl
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from cf.summarise.control_chars import for_file_name


class OutputExists(Exception):
    pass


class OutputRefused(Exception):
    """A target cf will not write to; str(error) names it and says why."""


def kind_of(path: Path) -> str:
    """"missing", "file", "stream" (a character device or FIFO) or what else it is."""
    try:
        mode = os.stat(path).st_mode  # follows a link: what matters is what it points to
    except FileNotFoundError:
        return "missing"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return "stream"
    if stat.S_ISDIR(mode):
        return "folder"
    return "block device" if stat.S_ISBLK(mode) else "socket" if stat.S_ISSOCK(mode) else "special file"


def write_atomic(path: Path, text: str, force: bool) -> None:
    """Write to a temporary file beside the target, then move it into place (`open_atomic`)."""
    with open_atomic(path, force) as fh:
        fh.write(text)


@contextmanager
def open_atomic(path: Path, force: bool) -> Iterator[TextIO]:
    """A file to write the target's text into, moved into place when the block ends.

    Without force the move is an os.link, which fails if the target exists, so even a file
    that appears during the run is never overwritten. A crash or an exception in the block
    leaves no half-written file. A character device or named pipe is written into as the
    block writes (see the module's docstring)."""
    kind = kind_of(path)
    if kind == "stream":
        with _open_stream(path) as fh:
            yield fh
        return
    if kind not in ("missing", "file"):
        raise OutputRefused(f"{path} is a {kind}, not a file: cf writes only to files, "
                            "character devices and named pipes")
    path = Path(os.path.realpath(path))  # through a link: replace its target, not the link
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a draft is an ordinary file
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _move_into_place(tmp, path, force)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _move_into_place(tmp: str, path: Path, force: bool) -> None:
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise OutputExists(f"{path} already exists (use --force to overwrite it)") from None
    except OSError:
        # A filesystem without hard links: check, then rename.
        if path.exists():
            raise OutputExists(f"{path} already exists (use --force to overwrite it)") from None
        os.replace(tmp, path)


def write_stream(path: Path, text: str) -> None:
    """Into a character device or named pipe as it is: nothing is created or replaced."""
    with _open_stream(path) as fh:
        fh.write(text)


@contextmanager
def _open_stream(path: Path) -> Iterator[TextIO]:
    """A character device or named pipe, opened without blocking, so that a pipe no program
    reads fails at once."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        if error.errno == 6:  # ENXIO: a named pipe with no reader
            raise OutputRefused(f"cannot write {path}: no program is reading from this "
                                "named pipe") from None
        raise
    try:
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        with os.fdopen(fd, "w", encoding="utf-8", newline="", closefd=False) as fh:
            yield fh
    finally:
        os.close(fd)


def output_target(raw: str | None) -> tuple[Path | None, bool]:
    """-o as given: (the path, or None for standard output; whether it names a folder).

    `-` is standard output, as for other tools; a name ending in a slash is a folder even
    before it exists; an empty name is a mistake, not the current folder."""
    if raw is None or raw == "-":
        return None, False
    if not raw.strip():
        raise ValueError("needs a file or folder name ('-' for standard output)")
    return Path(raw), raw.endswith(("/", os.sep))


# What `-o NAME.ext` writes when --format is not given, by the name's extension.
FORMAT_OF_EXTENSION = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                       ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl",
                       ".ndjson": "jsonl"}
MANIFEST = "cf-manifest.jsonl"  # in an output folder: one line per input of the last run


def names_folder(target: Path, batch: bool, slash: bool) -> bool:
    """Whether -o names a folder (one file per input, and the manifest) rather than one file.

    A name ending in a slash, or an existing folder, is a folder. So is a new name without an
    extension given several inputs (`-o drafts`). Anything else is one file: with several
    inputs it holds what standard output would get (a JSON list, JSON lines, or the drafts
    one after another)."""
    if slash or target.is_dir():
        return True
    return batch and not os.path.lexists(target) and not target.suffix


def extension_problem(target: Path, slash: bool) -> str | None:
    """Why cf will not write a file of this name (an extension it has no format for), or None.

    Existing folders, devices and pipes are written as they are, whatever their names."""
    if slash or not target.suffix or kind_of(target) not in ("missing", "file"):
        return None
    if target.suffix.lower() in FORMAT_OF_EXTENSION:
        return None
    return (f"cf does not write {target.suffix} files; name a .txt (text), .md (markdown), "
            ".html (html), .json (json) or .jsonl (jsonl) file, or a folder ending in /")


def inside(folder: Path, other: Path) -> bool:
    """Whether `folder` is `other` or lies somewhere under it (after resolving links)."""
    mine, theirs = folder.resolve(), other.resolve()
    return mine == theirs or theirs in mine.parents


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class Planner:
    """Decides each input's output file: -o is a file for one input, a folder for several."""

    def __init__(self, target: Path, batch: bool, extension: str, force: bool,
                 folder: bool = False) -> None:
        self.target = target
        self.folder = batch or folder or target.is_dir()
        self.extension = extension
        self.force = force
        self._taken: set[Path] = set()

    def prepare(self) -> None:
        """Create the output folder (or the file's folder) now, so a bad -o fails first."""
        folder = self.target if self.folder else (self.target.parent or Path("."))
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError(13, "Permission denied", str(folder))

    def path_for(self, stem: str) -> Path:
        if not self.folder:
            return self.target
        stem = for_file_name(stem)
        candidate = self.target / f"{stem}{self.extension}"
        n = 2
        while candidate in self._taken:  # two inputs with the same name in one batch
            candidate = self.target / f"{stem}-{n}{self.extension}"
            n += 1
        self._taken.add(candidate)
        return candidate

    def check(self, path: Path) -> str | None:
        """Why this output cannot be written (checked before the work), or None."""
        kind = kind_of(path)
        if kind in ("missing", "stream"):
            return None  # a device or pipe is written into, never replaced
        if kind != "file":
            return f"{path} is a {kind}, not a file"
        if not self.force:
            return f"{path} already exists (use --force to overwrite it)"
        return None
