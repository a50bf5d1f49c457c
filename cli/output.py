"""Writing drafts to files: atomic, and never over an existing file without --force.

Only a regular file is ever replaced. A character device (/dev/null, a terminal) or a named
pipe is written into directly, as a shell's `>` would; anything else that is not a regular
file (a block device, a socket) is refused. A symbolic link is followed: its target is
replaced, the link stays; a link to nothing is refused (cf never creates a file, or folders,
wherever a link points). Whatever the flags, a draft never replaces one of the run's inputs
(the same device and inode) or a PDF.

Names are bytes (at most NAME_MAX, 255 on common file systems): a draft named after a long
input is shortened to fit, and the temporary file beside a target has a short name of its
own, so any name that fits can be written. A folder target inside an input's folder gets a
marker file (OUTPUT_MARKER), so a folder run above it never reads cf's drafts as letters."""
from __future__ import annotations

import fcntl
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from cf.cli.inputs import OUTPUT_MARKER, STDIN, SUFFIXES, Input
from cf.summarise.control_chars import for_file_name

MARKER_TEXT = ("This folder holds drafts that cf wrote. A `cf summarise` of a folder above it "
               "does not read it; delete this file to have it read.\n")
PDF_MAGIC = b"%PDF-"
NAME_MAX = 255
Identity = tuple[int, int]  # (st_dev, st_ino): the same file, whatever it is called


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


def identity(path: str | Path) -> Identity | None:
    """The file `path` names (through links), or None if there is none."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def precious(path: Path, protect: frozenset[Identity] = frozenset()) -> str | None:
    """Why the existing file at `path` must never be replaced by a draft, or None: it is one
    of the run's inputs, or a PDF (`%PDF-` in its first kilobyte, as readers look for it)."""
    if protect and identity(path) in protect:
        return f"{path} is one of the documents being read: cf never writes a draft over its input"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None  # missing or unreadable: nothing to keep (the write itself will tell)
    try:
        head = os.read(fd, 1024) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
    finally:
        os.close(fd)
    if PDF_MAGIC in head:
        return f"{path} is a PDF: cf never writes a draft over one, even with --force"
    return None


def dangling(path: Path) -> str | None:
    """Why `path` cannot be written when it is a symbolic link to nothing, or None."""
    if os.path.islink(path) and not os.path.exists(path):
        return (f"{path} is a symbolic link to {os.readlink(path)}, which does not exist: cf "
                "does not create files through a link")
    return None


def write_atomic(path: Path, text: str, force: bool,
                 protect: frozenset[Identity] = frozenset()) -> None:
    """Write to a temporary file beside the target, then move it into place (`open_atomic`)."""
    with open_atomic(path, force, protect) as fh:
        fh.write(text)


@contextmanager
def open_atomic(path: Path, force: bool, protect: frozenset[Identity] = frozenset()) -> Iterator[TextIO]:
    """A file to write the target's text into, moved into place when the block ends.

    Without force the move is an os.link, which fails if the target exists, so even a file
    that appears during the run is never overwritten. A crash or an exception in the block
    leaves no half-written file. A character device or named pipe is written into as the
    block writes (see the module's docstring). A PDF or a file in `protect` (the run's
    inputs) is never replaced, whatever `force`."""
    kind = kind_of(path)
    if kind == "stream":
        with _open_stream(path) as stream:
            yield stream
        return
    if kind not in ("missing", "file"):
        raise OutputRefused(f"{path} is a {kind}, not a file: cf writes only to files, "
                            "character devices and named pipes")
    why = dangling(path) or precious(path, protect)
    if why:
        raise OutputRefused(why)
    linked = os.path.islink(path)
    path = Path(os.path.realpath(path))  # through a link: replace its target, not the link
    if not linked:  # (a link's target folder is never created)
        path.parent.mkdir(parents=True, exist_ok=True)
    # A short temporary name, so a target name of up to NAME_MAX bytes still works.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cf-", suffix=".tmp")
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a draft is an ordinary file
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _move_into_place(tmp, path, force, protect)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _move_into_place(tmp: str, path: Path, force: bool, protect: frozenset[Identity]) -> None:
    why = precious(path, protect)  # again, just before: it may have appeared meanwhile
    if why:
        raise OutputRefused(why)
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
    kind = kind_of(target)
    if slash or not target.suffix or kind not in ("missing", "file"):
        return None
    if kind == "file" and precious(target):
        return None  # a PDF there: refused as one, whatever its name (see `precious`)
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
        self.protect: frozenset[Identity] = frozenset()  # the run's inputs: never replaced
        self._taken: set[Path] = set()

    def prepare(self, mark: bool = False) -> None:
        """Create the output folder (or the file's folder) now, so a bad -o fails first.

        With `mark`, a folder target that cf made, or that holds no documents, is marked as
        cf's own (OUTPUT_MARKER), so folder runs above it skip it (see `beneath_an_input`)."""
        folder = self.target if self.folder else (self.target.parent or Path("."))
        if os.path.islink(folder) and not os.path.exists(folder):  # never made through a link
            raise NotADirectoryError(20, f"a symbolic link to {os.readlink(folder)}, which does "
                                         "not exist (cf does not create folders through a link)")
        made = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError(13, "Permission denied", str(folder))
        if mark and self.folder and (made or not holds_documents(folder)):
            marker = folder / OUTPUT_MARKER
            if not marker.is_file():
                write_atomic(marker, MARKER_TEXT, force=False)

    def path_for(self, stem: str) -> Path:
        if not self.folder:
            return self.target
        stem = for_file_name(stem)
        candidate = self.target / fit_name(stem, self.extension)
        n = 2
        while candidate in self._taken:  # two inputs with the same name in one batch
            candidate = self.target / fit_name(stem, f"-{n}{self.extension}")
            n += 1
        self._taken.add(candidate)
        return candidate

    def check(self, path: Path) -> str | None:
        """Why this output cannot be written (checked before the work), or None."""
        kind = kind_of(path)
        if kind == "missing":
            return dangling(path)
        if kind == "stream":
            return None  # a device or pipe is written into, never replaced
        if kind != "file":
            return f"{path} is a {kind}, not a file"
        why = precious(path, self.protect)
        if why:
            return why
        if not self.force:
            return f"{path} already exists (use --force to overwrite it)"
        return None


def fit_name(stem: str, suffix: str, limit: int = NAME_MAX) -> str:
    """`stem + suffix`, the stem shortened (whole characters, then `~` and 8 hex digits of
    the whole stem, so two long names stay apart) when the name would pass `limit` bytes."""
    name = stem + suffix
    if len(os.fsencode(name)) <= limit:
        return name
    tag = "~" + hashlib.sha256(os.fsencode(stem)).hexdigest()[:8]
    room = limit - len(os.fsencode(tag + suffix))
    while len(os.fsencode(stem)) > room:
        stem = stem[:-1]
    return stem + tag + suffix


def holds_documents(folder: Path) -> bool:
    """Whether `folder` already holds documents a folder run would read (regular files,
    directly in it)."""
    try:
        return any(entry.name.lower().endswith(SUFFIXES) and not entry.name.startswith(".")
                   and entry.is_file() for entry in os.scandir(folder))
    except OSError:
        return False


def input_identities(inputs: list[Input]) -> frozenset[Identity]:
    """The files a run reads (standard input too, when it is a file), by device and inode."""
    found = {identity(item.path) for item in inputs if not item.is_stdin}
    if any(item.is_stdin for item in inputs):
        try:
            st = os.fstat(0)
            if stat.S_ISREG(st.st_mode):
                found.add((st.st_dev, st.st_ino))
        except (OSError, ValueError):
            pass
    return frozenset(i for i in found if i is not None)


def misplaced(planner: Planner, args: list[str], inputs: list[Input]) -> str | None:
    """Why -o is a usage error, or None: a file target that is one of the inputs; a folder
    target in an input folder, beside an input file, or inside an input file's folder while
    already holding documents of its own (a run over that folder would read the drafts as
    letters). A new folder inside an input's folder is fine: it is marked as cf's own."""
    target = planner.target
    files = [item.path for item in inputs if not item.is_stdin and not item.problem]
    if not planner.folder:
        mine = identity(target)
        clash = next((f"the input {f}" for f in files if mine is not None and identity(f) == mine), None)
        if clash is None and mine is not None and mine in input_identities(
                [i for i in inputs if i.is_stdin]):
            clash = "the file standard input is read from"
        return (f"-o names {clash}: cf never writes a draft over the document it reads; name "
                "another file") if clash else None
    folder = next((a for a in args if a != STDIN and os.path.isdir(a) and inside(target, Path(a))), None)
    if folder is not None:
        return (f"the drafts would land in the input folder {folder}, and the next run over it "
                "would read them as letters; write them elsewhere")
    parents = input_folders(inputs)
    beside = next((f for f in files if inside(Path(f).parent, target) and inside(target, Path(f).parent)), None)
    if beside is not None:
        return (f"the drafts would land beside the input {beside}, and a run over that folder "
                "would read them as letters; write them to a folder of their own")
    crowded = target.is_dir() and not (target / OUTPUT_MARKER).is_file() and holds_documents(target)
    above = next((p for p in parents if inside(target, p)), None)
    if crowded and above is not None:
        return (f"{target} already holds documents and is inside {above}, an input's folder: "
                "a run over it would read the drafts with them as letters; write them to a new folder")
    return None


def input_folders(inputs: list[Input]) -> set[Path]:
    """The folders holding the input files."""
    return {Path(item.path).parent for item in inputs if not item.is_stdin and not item.problem}


def beneath_an_input(planner: Planner, inputs: list[Input]) -> bool:
    """Whether the folder target lies inside the folder of an input file (`letters/*.pdf -o
    letters/drafts/`): then it is marked as cf's own, so a run over `letters/` skips it."""
    return planner.folder and any(inside(planner.target, p) for p in input_folders(inputs))
