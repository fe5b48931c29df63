"""The parse cache: what reading and checking each file produced, kept between runs.

Progress files only grow, and all but the current month's stay as they are, so a run reads
each file's bytes, hashes them, and takes the parsed and validated records from the cache
when the hash (SHA-256 of the bytes, never the time stamp: git checkouts and quick edits
defeat time stamps) is one it has seen. ``tasks.yaml`` is cached the same way, and so is the
fact that a whole set of files passed the cross-file checks against a given ``tasks.yaml``.

Where: ``$MINNING_CACHE`` if set, else the user's cache folder
(``platformdirs.user_cache_dir("minning")``, e.g. ``~/.cache/minning``), then a folder per
data folder, named by the hash of its absolute path. Nothing is ever written into the data
folder, so the ledger's repository never sees the cache, and deleting it changes nothing
but speed.

Trust: every entry is keyed by the code that made it (the package's version and a hash of
its source, the Python and pydantic versions), so a cache left by another version is a
miss. Each cache file starts with the SHA-256 of its payload, so a truncated or corrupt file
is a miss before anything is unpickled. The payload is a pickle, which can run code when
loaded: the cache is read only from files the current user owns and no one else can write,
in the user's own cache folder; whoever can write there can already run code as the user.
What is unpickled is still checked for the shape and types expected, and anything else is a
miss. A miss, or a cache folder that cannot be written, only means parsing the file again:
it never changes a figure.
"""

from __future__ import annotations

import contextlib
import copyreg
import datetime as dt
import functools
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic_core import TzInfo

from ..text.atomic import write_atomic
from ..text.errors import Problem
from ..text.sourcemap import SourceMap
from .model import Entry, Ledger, Void

ENV_CACHE = "MINNING_CACHE"
LAYOUT = "v1"
MAGIC = b"minning parse cache\n"
_DIGEST_SIZE = hashlib.sha256().digest_size
# Unpickling a file whose checksum matched can still fail if the classes it names changed
# shape without the source hash noticing (an upgraded dependency): that is a miss too.
_UNPICKLING_ERRORS = (
    pickle.UnpicklingError,
    EOFError,
    AttributeError,
    ImportError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
)

Record = Entry | Void
# Time zones that are one fixed offset: one object per offset can stand for all of them.
_FIXED_ZONES = (dt.timezone, TzInfo)


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
    import pydantic_core

    parts = [version, sys.version, pydantic_core.__version__]
    package = Path(__file__).resolve().parents[1]
    for path in source_files():
        parts.append(f"{path.relative_to(package).as_posix()}:{digest(path.read_bytes())}")
    # PyYAML decides how the text reads; its installed files' size and time stand for its
    # version without importing it.
    import importlib.util

    spec = importlib.util.find_spec("yaml")
    if spec is not None and spec.origin:
        stat = os.stat(spec.origin)
        parts.append(f"yaml:{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}")
    return digest("\n".join(parts).encode("utf-8"))


def source_files() -> list[Path]:
    """The modules whose code decides what reading a file gives: ``text`` and ``ledger``."""
    package = Path(__file__).resolve().parents[1]
    return sorted(path for layer in ("text", "ledger") for path in (package / layer).rglob("*.py"))


class ParseCache:
    """The cache folder of one data folder."""

    def __init__(self, data_dir: Path, root: Path | None = None) -> None:
        from .. import __version__

        self.root = cache_root() if root is None else root
        where = str(data_dir.resolve())
        self.folder = self.root / LAYOUT / digest(where.encode("utf-8"))[:24]
        self.data_dir = where
        self.code = code_fingerprint(__version__)

    # ------------------------------------------------------------ what is kept

    def records(self, name: str, key: str) -> tuple[list[Record], list[int]] | None:
        """The records of a progress file and the line each starts on, or None."""
        value = self._load(f"progress-{name}.pickle", key)
        if not (isinstance(value, tuple) and len(value) == 2):
            return None
        records, lines = value
        if not (isinstance(records, list) and isinstance(lines, list)):
            return None
        if len(records) != len(lines):
            return None
        if not {type(record) for record in records} <= {Entry, Void}:
            return None
        if not set(map(type, lines)) <= {int}:
            return None
        return records, lines

    def store_records(
        self, name: str, key: str, records: list[Record], lines: list[int], *, shared: bool
    ) -> None:
        """Keep the records of a progress file that read without a problem.

        ``shared`` says equal values are already the same objects (as ``fastparse`` gives).
        """
        self._store(f"progress-{name}.pickle", key, (records, lines), share_values=not shared)

    def ledger(self, key: str, shown: str) -> tuple[Ledger, SourceMap, list[Problem]] | None:
        """The checked ledger of ``tasks.yaml`` with its source map and warnings, or None."""
        value = self._load("tasks.pickle", key)
        if not (isinstance(value, tuple) and len(value) == 3):
            return None
        ledger, source, problems = value
        if not (isinstance(ledger, Ledger) and isinstance(source, SourceMap)):
            return None
        if not (isinstance(problems, list) and all(isinstance(p, Problem) for p in problems)):
            return None
        # Messages name the file as the current folder sees it, which may have moved.
        cached = source.file
        source = replace(source, file=shown)
        problems = [replace(p, file=shown) if p.file == cached else p for p in problems]
        return ledger, source, problems

    def store_ledger(
        self, key: str, ledger: Ledger, source: SourceMap, problems: list[Problem]
    ) -> None:
        """Keep a ledger that has no errors (warnings are kept with it)."""
        self._store("tasks.pickle", key, (ledger, source, problems))

    def clean(self, key: str) -> bool:
        """Whether this set of files passed every cross-file check before."""
        return self._load("checked.pickle", key) is True

    def store_clean(self, key: str) -> None:
        """Remember that this set of files passed every cross-file check."""
        self._store("checked.pickle", key, True)

    # ------------------------------------------------------------ the files

    def _load(self, name: str, key: str) -> Any:
        path = self.folder / name
        try:
            with open(path, "rb") as handle:
                if not _trusted(os.fstat(handle.fileno())):
                    return None
                raw = handle.read()
        except OSError:
            return None
        head = len(MAGIC)
        stored, payload = raw[head : head + _DIGEST_SIZE], raw[head + _DIGEST_SIZE :]
        if raw[:head] != MAGIC or hashlib.sha256(payload).digest() != stored:
            return None
        try:
            value = pickle.loads(payload)
        except _UNPICKLING_ERRORS:
            return None
        if not (isinstance(value, tuple) and len(value) == 4):
            return None
        code, data_dir, stored_key, data = value
        if (code, data_dir, stored_key) != (self.code, self.data_dir, key):
            return None
        return data

    def _store(self, name: str, key: str, data: Any, *, share_values: bool = True) -> None:
        buffer = io.BytesIO()
        _Pickler(buffer, share_values=share_values).dump((self.code, self.data_dir, key, data))
        payload = buffer.getvalue()
        content = MAGIC + hashlib.sha256(payload).digest() + payload
        # A cache that cannot be written is bypassed: the next run parses again. Not
        # fsynced: a cache file lost or cut short by a crash fails its checksum.
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomic(self.folder / name, content, durable=False, mode=0o600)


def _trusted(stat: os.stat_result) -> bool:
    """A cache file the current user owns and nobody else may write."""
    if not hasattr(os, "getuid"):
        return True  # Windows: the user's cache folder is private by its ACL
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


class _Pickler(pickle.Pickler):
    """Pickles records with their repeated parts shared.

    A year of entries repeats a few dozen units, kinds, dates and amounts a hundred
    thousand times; stored once each, they make the cache smaller and quicker to load, and
    the loaded records share them, which keeps memory down. Records from ``fastparse``
    already share their values (``share_values=False`` skips that work); every record's
    set of fields given and time zone are shared here.
    """

    _SHARED = ("date", "unit", "task", "kind", "amount", "milestone", "source", "by", "reason")

    def __init__(self, file: io.BytesIO, *, share_values: bool = True) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._share_values = share_values
        self._values: dict[tuple[type, object], Any] = {}
        self._zones: dict[tuple[type, object], dt.tzinfo] = {}
        self._field_sets: dict[frozenset[str], set[str]] = {}

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is not Entry and type(obj) is not Void:
            return NotImplemented
        values = dict(obj.__dict__)
        if self._share_values:
            for name in self._SHARED:
                value = values.get(name)
                if value is not None:
                    # Decimal("25.50") == Decimal("25.5"), but each keeps its own digits.
                    same = str(value) if type(value) is Decimal else value
                    values[name] = self._values.setdefault((type(value), same), value)
        recorded_at = values.get("recorded_at")
        zone = recorded_at.tzinfo if isinstance(recorded_at, dt.datetime) else None
        if isinstance(recorded_at, dt.datetime) and zone is not None and type(zone) in _FIXED_ZONES:
            # Each parsed time stamp carries its own time-zone object; one per offset will do.
            key = (type(zone), zone.utcoffset(recorded_at))
            values["recorded_at"] = recorded_at.replace(tzinfo=self._zones.setdefault(key, zone))
        fields = obj.__pydantic_fields_set__
        state = {
            "__dict__": values,
            "__pydantic_extra__": obj.__pydantic_extra__,
            "__pydantic_fields_set__": self._field_sets.setdefault(frozenset(fields), fields),
            "__pydantic_private__": obj.__pydantic_private__,
        }
        # The shape pydantic's own pickling has: the class, then ``__setstate__(state)``.
        return (copyreg.__newobj__, (type(obj),), state)  # type: ignore[attr-defined]
