"""The one way entries are written: appended under a lock, each file replaced atomically.

Bytes already in a progress file never change: a new file is the old bytes followed by the
new lines, written to a temporary file in the same folder, flushed to disk, and renamed
over the old one (``text.atomic``). A process killed at any moment leaves the file either
as it was or with every new line. The lock (``progress/.lock``) is held from reading the
ledger to the last rename, so two ``record``s at once neither lose nor duplicate an entry.

Each entry is ONE line (a YAML flow mapping) that carries its own id. Git's union merge
(``data/.gitattributes``) keeps the lines both sides added, but shares the lines they have
in common: entries written as blocks of ``key: value`` lines would be interleaved into a
broken file, while lines that each hold a whole, unique entry can only be concatenated.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import yaml
from filelock import FileLock, Timeout

from ..ledger.book import Book
from ..ledger.datadir import PROGRESS_DIR, display_path
from ..ledger.load import load_book
from ..ledger.model import Entry, Void
from ..ledger.plain import as_plain
from ..ledger.summary_extend import Appended
from ..text.amounts import fmt
from ..text.atomic import replacing
from ..text.errors import MinningError

LOCK_NAME = ".lock"
LOCK_TIMEOUT_SECONDS = 30
_FIELDS = ("id", "date", "unit", "task", "kind", "amount", "milestone", "start", "months",
           "ref", "received", "disbursed", "used", "voids", "reason", "note", "source", "by",
           "recorded_at")  # fmt: skip


class _Dumper(yaml.SafeDumper):
    """Decimals as plain numbers (``25.5``), never as strings or floats."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = fmt(value)
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Text with a line break (NEL and the Unicode separators included) is written in double
    # quotes, where breaks become escapes (\n, \N, \L, \P): the entry stays on one line.
    # Chinese is still written as characters.
    style = '"' if any(c in value for c in _LINE_BREAKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _OneLine(dict[str, Any]):
    """An entry's mapping, always written in flow style: ``{id: …, date: …}``."""


def _represent_one_line(dumper: yaml.SafeDumper, value: _OneLine) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)


_LINE_BREAKS = "\n\r\x85\u2028\u2029"
_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(_OneLine, _represent_one_line)


def as_written(record: Entry | Void) -> Entry | Void:
    """The record as its line reads back: a figure as ``fmt`` writes it (25.50 → 25.5), the
    time to the second. ``entry_block`` writes this, and a reader of the line gets it back
    exactly (``tests/test_write.py`` holds it for any record)."""
    changes: dict[str, Any] = {
        name: Decimal(fmt(value))
        for name, value in as_plain(record).items()
        if isinstance(value, Decimal)
    }
    if isinstance(record.recorded_at, dt.datetime) and record.recorded_at.microsecond:
        changes["recorded_at"] = record.recorded_at.replace(microsecond=0)
    return replace(record, **changes) if changes else record


def entry_block(record: Entry | Void) -> str:
    """One entry as a one-line YAML list item, keys in a fixed order, Chinese as characters."""
    values = {
        key: value for key, value in as_plain(as_written(record)).items() if value is not None
    }
    ordered = _OneLine((key, values[key]) for key in _FIELDS if key in values)
    if isinstance(ordered.get("recorded_at"), dt.datetime):
        # As text: a plain time cannot stand in a flow mapping (its colons), and a quoted
        # one would otherwise carry an explicit !!timestamp tag.
        ordered["recorded_at"] = ordered["recorded_at"].isoformat(" ")
    # No width: PyYAML would fold a long text onto a second line.
    text: str = yaml.dump(
        [ordered], Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=sys.maxsize
    )
    return text


def month_file(data_dir: Path, month: str) -> Path:
    """The progress file of a month (``YYYY-MM``)."""
    return data_dir / PROGRESS_DIR / f"{month}.yaml"


def file_header(month: str) -> str:
    """The comment that opens a new month file."""
    year, number = month.split("-")
    return (
        f"# 闽宁协作进展记录：{year}年{int(number)}月\n"
        "# 本文件由 minning 追加写入。已有内容请勿修改或删除；记错了请用 minning void 作废后重记。\n"
    )


@contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    """Hold the progress folder's lock; clear temporary files a killed writer left."""
    folder = data_dir / PROGRESS_DIR
    try:
        folder.mkdir(exist_ok=True)
        if not folder.resolve().is_relative_to(data_dir.resolve()):
            raise MinningError(
                f"{folder} 是指向台账目录以外（{folder.resolve()}）的链接：minning 只在台账目录里写入"
            )
        lock = FileLock(str(folder / LOCK_NAME), timeout=LOCK_TIMEOUT_SECONDS)
        with lock:
            for stale in folder.glob(".*.tmp"):
                stale.unlink(missing_ok=True)
            yield
    except Timeout:
        raise MinningError(
            f"{LOCK_TIMEOUT_SECONDS} 秒内没能锁定 {folder}：另一个 minning 正在写入，请稍后再试"
        ) from None
    except OSError as exc:
        # The folder as found on disk (a file where the folder should be, no permission, a
        # full disk), not a bug: said in Chinese, with the path.
        where = exc.filename or folder
        reason = _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))
        raise MinningError(f"无法写入 {where}：{reason}") from None


_OS_REASONS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EEXIST: "已有同名文件，而这里应是文件夹",
    errno.ENOTDIR: "路径中有一段是文件，而不是文件夹",
    errno.EISDIR: "这是一个文件夹，而这里应是文件",
    errno.ELOOP: "这是一个符号链接；minning 不会顺着链接写入",
    errno.ENOSPC: "磁盘已满",
    errno.EROFS: "文件系统是只读的",
}


T = TypeVar("T")


def check_then_write(
    data_dir: Path,
    prepare: Callable[[], T],
    commit: Callable[[T], Appended],
    loader: Reloader | None = None,
) -> T:
    """Run ``prepare`` once unlocked, so a refused request touches no file (not even the lock);
    then again under the lock, against what other writers may have added, and ``commit``.
    ``loader``: what ``prepare`` loads its book with (its summaries are then reused)."""
    prepare()
    with locked(data_dir):
        result = prepare()
        appended = commit(result)
        remember(data_dir, loader.held if loader is not None else None, appended)
    return result


def remember(data_dir: Path, book: Book | None = None, appended: Appended | None = None) -> None:
    """Summarise what was just written (``ledger.summary``), so that the next command finds
    the cache ready. Only speed depends on it: a failure here leaves the written files as
    they are and the next command reads them itself. ``book``: the one the write was checked
    against, whose summaries need not be read again; ``appended``: what ``append`` wrote."""
    from ..ledger.load import load_ledger
    from ..ledger.summary_load import store_written

    with contextlib.suppress(MinningError, OSError):
        loaded = load_ledger(data_dir)
        same = book is not None and book.loaded.digest == loaded.digest
        known = book.summaries if book is not None and same else ()
        store_written(data_dir, loaded.ledger, loaded.digest, known, appended or {})


class Reloader:
    """Loads the folder's book for ``check_then_write``'s two passes: the second gets the
    first's book back when no byte changed in between (checking twice is most of an import)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.held: Book | None = None

    def __call__(self) -> Book:
        self.held = load_book(self.data_dir, self.held)
        return self.held


def reloader(data_dir: Path) -> Reloader:
    """A ``Reloader`` of the folder."""
    return Reloader(data_dir)


def append(data_dir: Path, records: Iterable[Entry | Void]) -> Appended:
    """Append records to their month files (see ``month_of``); call only while holding ``locked``.

    Every new file is written and flushed first; only then are they renamed into place, so
    an import that spans months is never left half written by a process killed while
    writing (only a kill between two renames, microseconds apart, could split it).
    Gives, for each file that existed, the bytes appended to it and the records they read
    as (``as_written``): summarising what was written then needs no parse (``remember``).
    """
    by_month: dict[str, list[Entry | Void]] = {}
    for record in records:
        by_month.setdefault(month_of(record), []).append(as_written(record))
    appended: dict[str, tuple[bytes, tuple[Entry | Void, ...]]] = {}
    with replacing() as files:
        for month, written in sorted(by_month.items()):
            path = month_file(data_dir, month)
            mode = _replaceable(path, data_dir)
            old = path.read_bytes() if mode is not None else None
            new = _appended(old, month, [entry_block(record) for record in written])
            files.stage(path, new)
            if mode is not None:  # the new file keeps the old one's permissions exactly
                os.chmod(files.staged[-1][0], mode)
            if old is not None:
                appended[path.name] = (new[len(old) :], tuple(written))
    return appended


def month_of(record: Entry | Void) -> str:
    """The month (``YYYY-MM``) whose file receives a record.

    An entry goes into the file of its date (the file ``check`` expects it in). A void goes
    into the voided entry's file: ``void_entry`` gives it an id that starts with the voided
    entry's date. (Not the date in ``voids``: a hand-written entry's id may not start with
    its own date.)
    """
    if isinstance(record, Void):
        return record.id[:7]
    return f"{record.date:%Y-%m}"


def _replaceable(path: Path, data_dir: Path) -> int | None:
    """The permission bits of a month file that may be replaced (None when it is new).

    Replacing a file by rename would turn a link into a file, and a read-only file into a
    writable one: both are refused, leaving the file as it is.
    """
    shown = display_path(path)
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        raise MinningError(
            f"{shown} 是一个链接（指向 {os.readlink(path)}）：minning 不会用新文件替换链接；"
            "请把它换成普通文件后再记录"
        )
    if not stat.S_ISREG(info.st_mode):
        raise MinningError(f"{shown} 不是普通文件：minning 不会替换它；请把它移走后再记录")
    if not info.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise MinningError(
            f"{shown} 是只读的：minning 不会替换它。确需追加，请先改为可写（如 chmod u+w {shown}）"
        )
    return stat.S_IMODE(info.st_mode)


def _appended(old: bytes | None, month: str, blocks: list[str]) -> bytes:
    """The month file's old bytes (None: a new file) followed by the new lines, in the file's
    own line ending."""
    old = old if old is not None else (file_header(month) + "\n").encode("utf-8")
    newline = "\r\n" if b"\r\n" in old else "\n"
    addition = "".join(blocks)
    if old and not old.endswith((b"\n", b"\r")):
        addition = "\n" + addition
    return old + addition.replace("\n", newline).encode("utf-8")
