"""Writing drafts to files: atomic, and never over an existing file without --force."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from cf.summarise.control_chars import for_file_name


class OutputExists(Exception):
    pass


def write_atomic(path: Path, text: str, force: bool) -> None:
    """Write to a temporary file beside the target, then move it into place.

    Without force the move is an os.link, which fails if the target exists, so even a file
    that appears during the run is never overwritten. A crash leaves no half-written draft."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a draft is an ordinary file
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
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
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class Planner:
    """Decides each input's output file: -o is a file for one input, a folder for several."""

    def __init__(self, target: Path, batch: bool, extension: str, force: bool) -> None:
        self.target = target
        self.folder = batch or target.is_dir()
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
        if path.exists() and not self.force:
            return f"{path} already exists (use --force to overwrite it)"
        return None
