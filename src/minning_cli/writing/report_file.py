"""Writing a report to the file of ``minning report -o``: whole or not at all, never into the ledger.

The report's bytes come from the view (``views.formats.REPORT_RENDERERS``); here they are
only placed. A .docx report must be named .docx; a file that is there already is replaced
only when minning wrote it (a .docx it made) or with ``--force``.
"""

from __future__ import annotations

from pathlib import Path

from ..ledger.datadir import PROGRESS_DIR, TASKS_FILE
from ..text.atomic import write_atomic
from ..text.errors import MinningError, UsageError
from .export_file import is_minning_export


def save_report(
    data: bytes, path: Path, data_dir: Path, *, suffix: str | None, creator: str, force: bool
) -> bool:
    """Write a report's bytes to ``path``; True if it replaced a file."""
    if suffix is not None and path.suffix.lower() != suffix:
        raise UsageError(f"Word 月报的文件名应以 {suffix} 结尾，而不是“{path.name}”")
    data_root = data_dir.resolve()
    where = {path.resolve(), path.parent.resolve() / path.name}
    progress = data_root / PROGRESS_DIR
    if data_root / TASKS_FILE in where or any(
        p == progress or p.is_relative_to(progress) for p in where
    ):
        raise MinningError(f"不能写到台账自己的文件或 {PROGRESS_DIR}/ 目录里：{path}")
    if not path.parent.resolve().is_dir():
        raise MinningError(f"目录 {path.parent} 不存在")
    if path.is_dir():
        raise MinningError(
            f"{path} 是一个目录，请给出文件名，如 {path / ('月报' + (suffix or '.txt'))}"
        )
    existed = path.exists()
    ours = suffix is not None and is_minning_export(path, creator)
    if existed and not force and not ours:
        raise MinningError(f"{path} 已存在；确认要覆盖请加 --force，或换一个文件名")
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise MinningError(f"无法写入 {path}：{exc.strerror or exc}") from None
    return existed
