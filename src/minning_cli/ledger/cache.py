"""The cache: what reading and checking each file gave, kept between runs as plain data.

Progress files only grow, and all but the current month's stay as they are, so a run keeps,
per file, a summary of what it holds (``summary``) and, for ``tasks.yaml``, the checked
ledger. A file is known by its size, times and inode, and by the SHA-256 of its bytes: a
summary is believed on the first only for a file not touched since shortly before it was
stored, else on the hash (``summary.FileKey``).

Where: ``$MINNING_CACHE`` if set, else the user's cache folder
(``platformdirs.user_cache_dir("minning")``, e.g. ``~/.cache/minning``), then a folder per
data folder, named by the hash of its absolute path. Nothing is ever written into the data
folder, so the ledger's repository never sees the cache, and deleting it changes nothing
but speed.

Trust: the format is data only (JSON: strings, numbers, lists, objects), so reading a cache
file can never run code, whoever wrote it. Still, a cache file is read only when it is a
regular file (a FIFO or device is never opened for reading: the open does not block and
does not follow a link), owned by the current user and writable by nobody else, in a
folder with the same owner and no write for others. Every entry is keyed by the code that
made it (the package's version and a hash of the reading layers' source, the Python,
PyYAML and pydantic-core installs), and each file starts with the SHA-256 of its payload, so a truncated,
corrupt or foreign file is a miss. What is decoded is checked for the shape expected, and
anything else is a miss. A miss, or a cache folder that cannot be written, only means
parsing the file again: it never changes a figure.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import stat
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..text.atomic import write_atomic

ENV_CACHE = "MINNING_CACHE"
LAYOUT = "v2"
MAGIC = b"minning cache json\n"
_DIGEST_SIZE = hashlib.sha256().digest_size
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def digest(data: bytes) -> str:
    """The SHA-256 of a file's bytes, as hex: what cache entries are keyed by."""
    return hashlib.sha256(data).hexdigest()


def cache_root(environ: Mapping[str, str] | None = None) -> Path:
    """``$MINNING_CACHE``, else the user's cache folder for minning."""
    environ = os.environ if environ is None else environ
    if environ.get(ENV_CACHE):
        return Path(environ[ENV_CACHE])
    import platformdirs

    return Path(platformdirs.user_cache_dir("minning"))


@functools.cache
def code_fingerprint(version: str) -> str:
    """A hash of what made a cache entry: versions and the source of the reading layers."""
    parts = [version, sys.version]
    package = Path(__file__).resolve().parents[1]
    for path in source_files():
        parts.append(f"{path.relative_to(package).as_posix()}:{digest(path.read_bytes())}")
    # PyYAML decides how the text reads, pydantic's core how a value validates; their
    # installed files' size and time stand for their versions without importing them.
    import importlib.util

    for library in ("yaml", "pydantic_core"):
        spec = importlib.util.find_spec(library)
        if spec is not None and spec.origin:
            found = os.stat(spec.origin)
            parts.append(f"{library}:{spec.origin}:{found.st_size}:{found.st_mtime_ns}")
    return digest("\n".join(parts).encode("utf-8"))


def source_files() -> list[Path]:
    """The modules whose code decides what reading a file gives: ``text`` and ``ledger``."""
    package = Path(__file__).resolve().parents[1]
    return sorted(path for layer in ("text", "ledger") for path in (package / layer).rglob("*.py"))


def trusted(found: os.stat_result) -> bool:
    """A regular file or folder the current user owns and nobody else may write.

    The one seam the tests replace to stand for a file another user planted.
    """
    if not (stat.S_ISREG(found.st_mode) or stat.S_ISDIR(found.st_mode)):
        return False
    if not hasattr(os, "getuid"):
        return True  # Windows: the user's cache folder is private by its ACL
    return found.st_uid == current_uid() and not found.st_mode & 0o022


def current_uid() -> int:
    """The user running minning (a seam: the tests play another user with it)."""
    return os.getuid()


class ParseCache:
    """The cache folder of one data folder: named JSON documents, each under a key."""

    def __init__(self, data_dir: Path, root: Path | None = None) -> None:
        from .. import __version__

        self.root = cache_root() if root is None else root
        where = str(data_dir.resolve())
        self.folder = self.root / LAYOUT / digest(where.encode("utf-8"))[:24]
        self.data_dir = where
        self.code = code_fingerprint(__version__)
        self._folder_ok: bool | None = None

    def load(self, name: str, key: str) -> Any:
        """The data stored under ``name`` for ``key``, or None (a miss)."""
        if not self._trusted_folder():
            return None
        raw = _read_trusted(self.folder / name)
        if raw is None:
            return None
        head = len(MAGIC)
        stored, payload = raw[head : head + _DIGEST_SIZE], raw[head + _DIGEST_SIZE :]
        if raw[:head] != MAGIC or hashlib.sha256(payload).digest() != stored:
            return None
        try:
            value = json.loads(payload)
        except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested past any we write
            return None
        if not (isinstance(value, list) and len(value) == 4):
            return None
        code, data_dir, stored_key, data = value
        if (code, data_dir, stored_key) != (self.code, self.data_dir, key):
            return None
        return data

    def store(self, name: str, key: str, data: Any) -> None:
        """Keep ``data`` (plain JSON values) under ``name`` for ``key``."""
        payload = json.dumps(
            [self.code, self.data_dir, key, data], ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")
        content = MAGIC + hashlib.sha256(payload).digest() + payload
        # A cache that cannot be written is bypassed: the next run parses again. Not
        # fsynced: a cache file lost or cut short by a crash fails its checksum.
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if self._trusted_folder():
                write_atomic(self.folder / name, content, durable=False, mode=0o600)

    def _trusted_folder(self) -> bool:
        """Whether the cache folder is a real folder of the user's, closed to others."""
        if self._folder_ok is None:
            try:
                self._folder_ok = trusted(os.lstat(self.folder))
            except OSError:
                return False  # not made yet: asked again after ``mkdir``
        return self._folder_ok


def _read_trusted(path: Path) -> bytes | None:
    """The bytes of a trusted regular file, opened without following a link or blocking."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError:
        return None
    with open(fd, "rb") as handle:
        try:
            if not trusted(os.fstat(fd)) or not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            return handle.read()
        except OSError:
            return None
