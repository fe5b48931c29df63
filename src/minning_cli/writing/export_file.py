"""Writing the exported workbook: where it may go, and written whole or not at all.

The workbook is built by ``views.export``; writing it is here, because views never write.
The spreadsheet library stays on the view side too: the caller hands in the function that
writes the workbook to an open file (``workbook.save``).
"""

from __future__ import annotations

import errno
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

from ..ledger.datadir import PROGRESS_DIR, TASKS_FILE
from ..text.atomic import write_atomic
from ..text.decode import os_reason
from ..text.errors import MinningError, UsageError


def is_minning_export(path: Path, creator: str) -> bool:
    """True if the file is a workbook minning wrote (its creator is ``creator``)."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    try:
        found = ElementTree.fromstring(core).find("{http://purl.org/dc/elements/1.1/}creator")
    except ElementTree.ParseError:
        return False
    return found is not None and found.text == creator


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def check_target(path: Path, data_dir: Path, *, creator: str, force: bool) -> None:
    """Refuse a target that is not .xlsx, is the ledger's own, or someone else's workbook."""
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"导出文件名应以 .xlsx 结尾，而不是“{path.name}”")
    data = data_dir.resolve()
    progress = data / PROGRESS_DIR
    where = {path.resolve(), path.parent.resolve() / path.name}
    if data / TASKS_FILE in where or any(_inside(p, progress) for p in where):
        raise MinningError(f"不能写到台账自己的文件或 {PROGRESS_DIR}/ 目录里：{path}")
    if not path.parent.resolve().is_dir():
        raise MinningError(f"目录 {path.parent} 不存在")
    if path.is_dir():
        raise MinningError(f"{path} 是一个目录，请给出文件名，如 {path / '完成情况.xlsx'}")
    if path.exists() and not force and not is_minning_export(path, creator):
        raise MinningError(
            f"{path} 已存在，且不是 minning 导出的文件；确认要覆盖请加 --force，或换一个文件名"
        )


def save_workbook(
    save: Callable[[BinaryIO], object],
    path: Path,
    data_dir: Path,
    *,
    creator: str,
    force: bool = False,
) -> bool:
    """Write the workbook whole or not at all; True if it replaced an existing file.

    ``save`` writes the workbook to an open file; ``creator`` is what the workbooks minning
    exports name as their creator, the ones it may replace without ``force``.
    """
    check_target(path, data_dir, creator=creator, force=force)
    existed = path.exists()
    # Built in memory first: the spreadsheet library's zip writer, failing half way on a
    # full disk, would complain again when collected ("Exception ignored … Traceback").
    buffer = io.BytesIO()
    save(buffer)
    try:
        write_atomic(path, buffer.getvalue())
    except OSError as exc:
        raise MinningError(f"无法写入 {path}：{_write_reason(exc, existed)}") from None
    return existed


def _write_reason(exc: OSError, existed: bool) -> str:
    """Why the workbook was not written, and that nothing changed; Excel named only when it
    can be the cause (Windows refuses to replace a file Excel holds open)."""
    kept = "原文件未改动" if existed else "没有留下文件"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"没有权限（文件是否正在 Excel 里打开？请关闭后重试）；{kept}"
    return f"{os_reason(exc)}；{kept}"
