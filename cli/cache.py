"""Finished results of unchanged files, reused across runs.

A result is stored as its JSON form (to_dict(explain=True)), so a hit renders in any format
without importing the pipeline (no spaCy, no pdfminer). The key covers everything that
changes the output: the content's sha256, cf's version and code, the engine, the page limit,
the style, the versions of spaCy and pdfminer, and the JSON schema version.

An entry is the JSON `{"hmac": ..., "entry": {"key": ..., "written_by": {"cf": version,
"code": fingerprint}, "result": ...}}`, where the HMAC (SHA-256) is over the bytes of
`entry` as written, with a per-cache secret key kept in the folder (`key`, mode 0600). It is
served only if its HMAC is right, it was written under this key by this cf and its result
keeps the JSON contract (models/contract.py); anything else (hand-edited, truncated,
another version's or another cache's) is a miss, recomputed and rewritten. What it holds is
cleaned as new text is (control and invisible characters out), so nothing from a file
reaches a terminal raw.

The cache is trusted only as far as its folder is: a folder (or its `key`) that is not the
user's own, or that others may write to, is not used at all (`Cache.problem` says why, for a
warning). Entries and the key are opened as regular files only, never through a symbolic
link (O_NOFOLLOW, through directory descriptors), and an entry larger than MAX_ENTRY is a
miss, so a FIFO, a link to /dev/zero or a huge file never hangs cf or fills its memory."""
from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, util
from pathlib import Path
from typing import Any

from cf.models.contract import problem
from cf.models.result import SCHEMA_VERSION
from cf.models.style import Style
from cf.summarise.control_chars import strip_all


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


LAYOUT = "results-v3"
KEY_FILE = "key"
KEY_BYTES = 32
# The biggest entry served: a 200-page report with --explain's sentences is about 2 MB.
MAX_ENTRY = 64 << 20
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_HEAD, _MIDDLE, _TAIL = b'{"hmac":"', b'","entry":', b"}\n"


class Untrusted(Exception):
    """A cache folder or key that others could have written; str(error) says why."""


class Cache:
    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.root = root
        self.enabled = enabled
        self._key: bytes | None = None
        self._problem: str | None = None
        self._opened = False

    @property
    def problem(self) -> str | None:
        """Why this cache folder is not used (it could have been written by others), or None
        when it is used or merely cannot be written (a cache is only a speed-up)."""
        self._secret()
        return self._problem

    def _secret(self) -> bytes | None:
        """The per-cache key, created on first use; None when the cache is not used."""
        if not self.enabled:
            return None
        if not self._opened:
            self._opened = True
            try:
                with self._folder(create=True) as folder:
                    self._key = _read_key(folder) or _new_key(folder)
            except Untrusted as e:
                self._problem = (f"not using the cache folder {self.root}: {e}, so others "
                                 "could change the drafts it serves; use a folder of your own "
                                 "(chmod go-w, or set CF_CACHE_DIR)")
            except (OSError, ValueError):
                pass  # cannot be created or read: run without it
        return self._key

    @contextlib.contextmanager
    def _folder(self, *names: str, create: bool = False) -> Iterator[int]:
        """A descriptor of the layout folder (or a folder inside it), each level checked to
        be a private folder, never reached through a link below the root."""
        fds: list[int] = []
        try:
            if create:
                self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            fds.append(os.open(self.root, _DIR))
            _check_private(fds[-1], "it")
            for name in (LAYOUT, *names):
                fds.append(_open_folder(fds[-1], name, create))
            yield fds[-1]
        finally:
            for fd in fds:
                os.close(fd)

    def get(self, key: str, path: str) -> dict[str, Any] | None:
        """The stored result, cleaned, with `source.path` set to where the content is now."""
        secret = self._secret()
        if secret is None:
            return None
        try:
            with self._folder(key[:2]) as folder:
                data = _read_regular(folder, f"{key}.json", MAX_ENTRY)
            entry = json.loads(_verified(data, secret)) if data is not None else None
        except (OSError, ValueError, RecursionError, Untrusted):
            return None  # missing, unreadable, edited or corrupt: a miss, recomputed and rewritten
        if not isinstance(entry, dict) or entry.get("key") != key \
                or entry.get("written_by") != written_by() or problem(entry.get("result")):
            return None
        doc: dict[str, Any] = strip_all(entry["result"])
        doc["source"]["path"] = path
        return doc

    def put(self, key: str, doc: dict[str, Any]) -> None:
        """Store atomically (temp file + rename), so two processes writing at once are safe.

        A cache that cannot be written is not an error: the run's output is unaffected. The
        entry is written as ASCII JSON, so any text (a file name that is not UTF-8) fits."""
        secret = self._secret()
        if secret is None:
            return
        try:
            body = json.dumps({"key": key, "written_by": written_by(), "result": doc},
                              ensure_ascii=True, sort_keys=True).encode("ascii")
            mac = hmac.new(secret, body, hashlib.sha256).hexdigest().encode("ascii")
            with self._folder(key[:2], create=True) as folder:
                _write_new(folder, f"{key}.json", _HEAD + mac + _MIDDLE + body + _TAIL)
        except (OSError, ValueError, TypeError, RecursionError, Untrusted):
            pass


def _check_private(fd: int, what: str) -> None:
    """Raise Untrusted unless `fd` is a folder of this user's that only they may write."""
    st = os.fstat(fd)
    if not stat.S_ISDIR(st.st_mode):
        raise Untrusted(f"{what} is not a folder")
    if st.st_uid != os.geteuid():
        raise Untrusted(f"{what} belongs to another user (uid {st.st_uid})")
    if st.st_mode & 0o002 or st.st_mode & 0o020 and not _own_group(st.st_gid):
        raise Untrusted(f"{what} is writable by other users (mode {stat.S_IMODE(st.st_mode):04o})")


def _own_group(gid: int) -> bool:
    """Whether `gid` is the user's private group (named after them, no other members), as
    systems with a umask of 002 give each user: a folder only its group may write is then
    still only theirs (a cache folder an older cf made with mode 0775)."""
    import grp
    import pwd

    try:
        user, group = pwd.getpwuid(os.geteuid()), grp.getgrgid(gid)
    except KeyError:
        return False
    return gid == user.pw_gid and group.gr_name == user.pw_name and not group.gr_mem


def _open_folder(parent: int, name: str, create: bool) -> int:
    try:
        fd = os.open(name, _DIR | os.O_NOFOLLOW, dir_fd=parent)
    except FileNotFoundError:
        if not create:
            raise
        with contextlib.suppress(FileExistsError):
            os.mkdir(name, 0o700, dir_fd=parent)
        fd = os.open(name, _DIR | os.O_NOFOLLOW, dir_fd=parent)
    try:
        _check_private(fd, f"its folder {name}")
    except BaseException:
        os.close(fd)
        raise
    return fd


def _read_regular(folder: int, name: str, limit: int) -> bytes | None:
    """A regular file's bytes (None if it is anything else or larger than `limit`): opened
    without following a link or blocking on a FIFO, read to at most `limit` bytes."""
    fd = os.open(name, _FILE, dir_fd=folder)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit or st.st_uid != os.geteuid():
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
        return data if len(data) <= limit else None
    finally:
        os.close(fd)


def _verified(data: bytes, secret: bytes) -> bytes:
    """The entry's body if its HMAC is right; ValueError otherwise."""
    if not (data.startswith(_HEAD) and data.endswith(_TAIL)):
        raise ValueError("not a cache entry")
    mac, sep, body = data[len(_HEAD):-len(_TAIL)].partition(_MIDDLE)
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest().encode("ascii")
    if not sep or not hmac.compare_digest(mac, expected):
        raise ValueError("edited, or written with another key")
    return body


def _write_new(folder: int, name: str, data: bytes, mode: int = 0o600) -> None:
    """`name` in `folder` replaced by `data` at once: a temporary file (never through a
    link), renamed over it."""
    tmp = f".tmp-{secrets.token_hex(8)}"
    fd = os.open(tmp, _NEW, mode, dir_fd=folder)
    try:
        with os.fdopen(fd, "wb", closefd=False) as fh:
            fh.write(data)
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=folder)
        raise
    finally:
        os.close(fd)


def _read_key(folder: int) -> bytes | None:
    """The cache's key, or None if it has none yet (Untrusted if others could know it)."""
    try:
        fd = os.open(KEY_FILE, _FILE, dir_fd=folder)
    except FileNotFoundError:
        return None
    except OSError as e:  # a link (ELOOP) or unreadable: not the key cf wrote
        raise Untrusted(f"its key file cannot be read as a file of yours ({e.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o077:
            raise Untrusted(f"its key file is not a private file of yours (mode "
                            f"{stat.S_IMODE(st.st_mode):04o}, uid {st.st_uid})")
        data = os.read(fd, 2 * KEY_BYTES + 2).strip()
    finally:
        os.close(fd)
    if len(data) != 2 * KEY_BYTES:
        raise Untrusted("its key file has been changed")
    return bytes.fromhex(data.decode("ascii"))


def _new_key(folder: int) -> bytes:
    """A new random key, published whole (a hard link fails if another run made one first,
    and then that one is used)."""
    key = secrets.token_bytes(KEY_BYTES)
    tmp = f".key-{secrets.token_hex(8)}"
    fd = os.open(tmp, _NEW, 0o600, dir_fd=folder)
    try:
        os.write(fd, key.hex().encode("ascii") + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, KEY_FILE, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
    except FileExistsError:
        return _read_key(folder) or key
    except OSError:  # no hard links on this file system: rename (a race costs only misses)
        os.replace(tmp, KEY_FILE, src_dir_fd=folder, dst_dir_fd=folder)
        return key
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=folder)
    return key


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
