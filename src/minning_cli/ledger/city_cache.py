"""The city's copies of its districts' ledgers: where they are kept and what was read.

``minning city fetch`` (``writing.city_fetch``) keeps, for each district, a bare git
repository (``repo.git``), the ledger files of the commit it read (``data/``: ``tasks.yaml``
and ``progress/``, a plain folder) and a record (``fetch.json``): the source, the commit and
its date, when it was read, and, when the last attempt failed, why. This module finds those
folders and reads them back; ``city status`` loads each copy with ``load.load_book``, so the
parse cache serves the city as it serves a district.

Where: ``--cache`` if given, else the parse cache's root (``$MINNING_CACHE`` or the user's
cache folder) ``/city/`` and a folder per city file (the hash of its absolute path). Never
inside the city file's folder, which is often a repository of its own. The folder is made
closed to others and, like the parse cache's (``cache.trusted``), used only when it is a
real folder of the user's that nobody else may write: whoever can write there could change
the figures the city reads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from ..text.errors import MinningError, Problem, UsageError
from .book import Book
from .cache import cache_root, trusted
from .city_model import District
from .load import load_book

RECORD = "fetch.json"
SNAPSHOT = "data"
REPOSITORY = "repo.git"


def city_cache_dir(city_path: Path, override: Path | None = None) -> Path:
    """The folder holding a city's copies; refuses one inside the city file's folder, and
    one that is not the user's own or that others may write (``guarded``)."""
    home = city_path.resolve().parent
    if override is not None:
        folder = override.expanduser().resolve()
        if folder == home or folder.is_relative_to(home):
            raise UsageError(
                f"--cache {override} 在市级文件所在的目录里：各县区台账的副本不放进那里，"
                "请换一个目录（如 ~/.cache/minning-city）"
            )
        return guarded(folder)
    key = hashlib.sha256(str(city_path.resolve()).encode("utf-8")).hexdigest()[:16]
    return guarded(cache_root() / "city" / key)


def guarded(folder: Path) -> Path:
    """``folder`` if it does not exist yet or is a real folder of the user's, closed to
    others; else a ``MinningError`` saying why and what to do."""
    try:
        found = os.lstat(folder)
    except FileNotFoundError:
        return folder
    except OSError as exc:
        raise MinningError(f"副本目录 {folder} 无法读取（{exc.strerror}）") from None
    if not trusted(found):
        raise MinningError(
            f"副本目录 {folder} 不是你自己的目录，或别人也能写入（可能被改动过）："
            f"各县区台账的副本不从那里读。请检查后删除它再运行 minning city fetch，"
            "或用 --cache 指定一个只有你能写的目录"
        )
    return folder


def district_folder(cache_dir: Path, district: District, source: str) -> Path:
    """One district's folder: named by a hash of its name and source, so a changed source
    starts afresh rather than mixing two repositories' histories."""
    key = f"{district.name}\x00{source}\x00{district.branch or ''}\x00{district.folder}"
    return cache_dir / hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class FetchRecord:
    """What the last fetches of a district did.

    ``commit``, ``committed`` and ``fetched_at`` describe the copy kept (the last good
    read; ``commit`` is None for a plain folder); ``attempted_at`` and ``error`` the last
    attempt, ``error`` (Chinese) set when it failed and the copy is stale.
    """

    district: str
    source: str
    commit: str | None
    committed: str | None  # the commit's date and time, ISO 8601
    fetched_at: str | None
    attempted_at: str
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The record as stored."""
        return asdict(self)

    def failed(self, error: str, when: dt.datetime) -> FetchRecord:
        """The same copy, marked stale by a failed attempt."""
        return replace(self, attempted_at=when.isoformat(timespec="seconds"), error=error)


@dataclass(frozen=True)
class FetchOutcome:
    """One district after ``city fetch``: its record, and whether a new copy was taken."""

    district: str
    source: str | None
    record: FetchRecord | None
    changed: bool = False


def read_record(folder: Path) -> FetchRecord | None:
    """A district folder's record, or None when there is none (or it is not one we wrote)."""
    try:
        data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        return FetchRecord(**data) if isinstance(data, dict) else None
    except (OSError, ValueError, TypeError):
        return None


@dataclass(frozen=True)
class DistrictRead:
    """One district as the city sees it now: its record, and its book or why there is none.

    ``book`` is None when no copy was ever read, or the copy's ledger has errors
    (``problems``, located in the district's own files).
    """

    district: District
    source: str | None
    record: FetchRecord | None
    book: Book | None
    problems: tuple[Problem, ...] = ()


def read_district(cache_dir: Path, district: District, source: str | None) -> DistrictRead:
    """Load the copy of one district's ledger that the last good fetch kept."""
    if source is None:
        return DistrictRead(district, None, None, None)
    folder = district_folder(cache_dir, district, source)
    record = read_record(folder)
    snapshot = folder / SNAPSHOT
    if record is None or record.fetched_at is None or not snapshot.is_dir():
        return DistrictRead(district, source, record, None)
    try:
        book = load_book(snapshot)
    except MinningError as exc:
        folder_in = district.folder.strip("/")
        inside = "" if folder_in in ("", ".") else f"{folder_in}/"
        label = f"{district.name}@{(record.commit or '目录')[:7]}:{inside}"
        shown = tuple(_relabel(p, snapshot, label) for p in exc.problems)
        return DistrictRead(district, source, record, None, shown)
    return DistrictRead(district, source, record, book)


def _relabel(problem: Problem, snapshot: Path, label: str) -> Problem:
    """A problem in a copy, named as the district's own file (``马尾区@1a2b3c4:data/tasks.yaml``)
    rather than by the cache path, so the district can find the line in its repository."""
    if not problem.file:
        return problem
    try:
        inside = Path(problem.file).resolve().relative_to(snapshot.resolve())
    except ValueError:
        return problem
    return replace(problem, file=f"{label}{inside.as_posix()}")
