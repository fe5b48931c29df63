"""Writing a file whole or not at all: the one helper behind every file minning writes.

A file is written to a temporary file in its own folder (so the rename never crosses file
systems), flushed and, unless it is only a cache, fsynced; then ``os.replace`` puts it over
the target in one step, and the folder is fsynced so the rename itself survives a power cut
(POSIX; skipped where a folder cannot be opened). A reader, or a process killed at any
moment, finds the old file or the new one, never half of one. The temporary file is named
``.NAME.PID.tmp``, created exclusively (never through a link someone left in its place),
and removed whenever the write does not complete.

``write_atomic`` writes one file. ``replacing`` stages several and renames them only once
every one is written (an import that spans month files). ``create_new`` creates a file
that must not exist yet: if it exists, or appears while the content is being written, it
fails and leaves that file alone.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

# The bytes to write, or a function that writes them to the open file (``workbook.save``).
Content = bytes | Callable[[BinaryIO], object]
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


class Staging:
    """Files written beside their targets, waiting to be renamed into place by ``replacing``."""

    def __init__(self, *, durable: bool) -> None:
        self.durable = durable
        self.staged: list[tuple[Path, Path]] = []  # (temporary, target)

    def stage(self, path: Path, content: Content, *, mode: int = 0o666) -> None:
        """Write ``content`` to a new temporary file beside ``path``; ``path`` is not touched."""
        self.staged.append((stage(path, content, durable=self.durable, mode=mode), path))


@contextmanager
def replacing(*, durable: bool = True) -> Iterator[Staging]:
    """Stage files inside the block; when it ends without an exception, rename them all.

    An exception inside the block leaves every target as it was; either way no temporary
    file is left behind. Every file is written and flushed before the first rename, so
    only a kill between two renames (microseconds apart) could leave some renamed and
    others not.
    """
    staging = Staging(durable=durable)
    try:
        yield staging
        for temporary, path in staging.staged:
            os.replace(temporary, path)
    finally:
        for temporary, _path in staging.staged:
            _remove(temporary)  # those renamed are gone already
    if durable:
        for folder in dict.fromkeys(path.parent for _temporary, path in staging.staged):
            sync_folder(folder)


def write_atomic(path: Path, content: Content, *, durable: bool = True, mode: int = 0o666) -> None:
    """Replace (or create) ``path`` with ``content``, whole or not at all."""
    with replacing(durable=durable) as files:
        files.stage(path, content, mode=mode)


def create_new(path: Path, content: Content, *, mode: int = 0o666) -> None:
    """Create ``path`` with ``content``, whole; ``FileExistsError`` if it exists or appears.

    The content is written to a temporary file, then hard-linked to its name, which fails
    if anything is there by then: of two processes creating the same file, exactly one
    succeeds, and a file that appeared meanwhile is never overwritten. Where the file
    system has no hard links, the file is opened with ``O_EXCL`` and written in place:
    still exclusive, though a crash then could leave it half written.
    """
    temporary = stage(path, content, durable=True, mode=mode)
    try:
        try:
            os.link(temporary, path)  # FileExistsError if the name is taken
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            handle = _open_new(path, mode)
            try:
                with handle:
                    _fill(handle, content, durable=True)
            except BaseException:
                _remove(path)  # created by us a moment ago
                raise
    finally:
        _remove(temporary)
    sync_folder(path.parent)


def stage(path: Path, content: Content, *, durable: bool = True, mode: int = 0o666) -> Path:
    """``content`` in a new, flushed temporary file beside ``path``: its name, for renaming."""
    pid = os.getpid()
    for attempt in range(100):
        # A file of this name can only be left by a killed process whose id was ours.
        suffix = f"{pid}" if attempt == 0 else f"{pid}-{attempt}"
        temporary = path.with_name(f".{path.name}.{suffix}.tmp")
        try:
            handle = _open_new(temporary, mode)
        except FileExistsError:
            continue
        try:
            with handle:
                _fill(handle, content, durable=durable)
        except BaseException:
            _remove(temporary)
            raise
        return temporary
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(temporary))


def sync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable (POSIX); a no-op where folders cannot be opened."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError as exc:
        if exc.errno != errno.EINVAL:  # a file system that cannot sync a folder
            raise
    finally:
        os.close(descriptor)


def _open_new(path: Path, mode: int) -> BinaryIO:
    """A new file opened for writing; ``FileExistsError`` if the name is taken, even by a link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return open(os.open(path, flags, mode), "wb")


def _fill(handle: BinaryIO, content: Content, *, durable: bool) -> None:
    if isinstance(content, bytes):
        handle.write(content)
    else:
        content(handle)
    handle.flush()
    if durable:
        os.fsync(handle.fileno())


def _remove(path: Path) -> None:
    # Best effort: failing to clean up must not hide why the write failed.
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
