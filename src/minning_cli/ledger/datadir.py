"""Where the ledger lives: the data folder, the files in it, and how messages name them."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from ..text.decode import os_reason
from ..text.errors import MinningError, Problem

TASKS_FILE = "tasks.yaml"
PROGRESS_DIR = "progress"
ENV_DATA = "MINNING_DATA"


def find_data_dir(
    explicit: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Path:
    """The data folder: ``--data``, else ``$MINNING_DATA``, else the nearest ``data/``."""
    environ = os.environ if environ is None else environ
    cwd = Path.cwd() if cwd is None else cwd
    if explicit is not None:
        return _given_dir(Path(explicit), "--data")
    if environ.get(ENV_DATA):
        return _given_dir(Path(environ[ENV_DATA]), f"环境变量 {ENV_DATA}")
    looked = []
    for folder in (cwd, *cwd.parents):
        for candidate in (folder / "data", folder) if folder == cwd else (folder / "data",):
            looked.append(candidate)
            if _has_tasks(candidate):
                return candidate
    where = "、".join(str(p) for p in looked[:4]) + ("……" if len(looked) > 4 else "")
    raise MinningError(
        f"找不到台账文件 {TASKS_FILE}：从当前目录向上查找了 {where}。"
        f"请进入台账所在目录，或用 --data 目录 / 环境变量 {ENV_DATA} 指定"
    )


def _given_dir(path: Path, how: str) -> Path:
    if path.name == TASKS_FILE and not path.is_dir() and _has_tasks(path.parent):
        return path.parent
    if not _has_tasks(path):
        raise MinningError(f"{how} 指定的目录 {path} 里没有 {TASKS_FILE}")
    return path


def _has_tasks(folder: Path) -> bool:
    """Whether ``folder`` holds a ``tasks.yaml`` of any kind: a FIFO, a folder or a link to
    nothing there is the ledger, refused when read, not a reason to look elsewhere."""
    try:
        (folder / TASKS_FILE).lstat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        raise MinningError(f"无法打开 {folder}：{os_reason(exc)}") from None
    return True


def display_path(path: Path, cwd: Path | None = None) -> str:
    """A path as messages show it: relative to the current folder when inside it."""
    cwd = Path.cwd() if cwd is None else cwd
    try:
        # The folder resolved, not the file: a month file that is a link keeps its own name.
        return str((path.parent.resolve() / path.name).relative_to(cwd.resolve()))
    except ValueError:
        return str(path)


def progress_files(data_dir: Path) -> tuple[list[Path], list[Problem]]:
    """The month files of ``progress/``, oldest first, and why the folder could not be listed.

    Hidden files and files not ending in ``.yaml`` are not month files. Everything else is
    listed, whatever it is (a folder, a FIFO, a link to nothing): reading refuses what is not
    a regular file, as a located problem, so no month is silently left out of a figure.
    """
    folder = data_dir / PROGRESS_DIR
    shown = display_path(folder)
    try:
        mode = folder.stat().st_mode
    except FileNotFoundError:
        if folder.is_symlink():
            target = os.readlink(folder)
            return [], [
                Problem(shown, None, None, f"{PROGRESS_DIR} 是一个链接，指向的 {target} 不存在")
            ]
        return [], []  # no entry recorded yet
    except OSError as exc:
        return [], [Problem(shown, None, None, f"无法打开 {PROGRESS_DIR} 文件夹：{os_reason(exc)}")]
    if not stat.S_ISDIR(mode):
        return [], [
            Problem(shown, None, None, f"{PROGRESS_DIR} 应是存放进展记录的文件夹，而这里是一个文件")
        ]
    try:
        names = os.listdir(folder)
    except OSError as exc:
        return [], [
            Problem(shown, None, None, f"无法列出 {PROGRESS_DIR} 文件夹里的文件：{os_reason(exc)}")
        ]
    return sorted(folder / name for name in names if is_progress_name(name)), []


def is_progress_name(name: str) -> bool:
    """Whether a file name in ``progress/`` is a month file: ``*.yaml``, not hidden."""
    return name.endswith(".yaml") and not name.startswith(".")
