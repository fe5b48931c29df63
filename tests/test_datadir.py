"""Every file of the data folder read or refused, never skipped (issue 17, item 1).

A ``progress/`` folder that cannot be listed, and a month file that is a FIFO, a folder or
a link to nothing, are located errors of ``check`` and of every command that reads the
progress; a FIFO is never opened (reading one waits forever for a writer).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app

from .conftest import tree

READERS = (["check"], ["status", "--as-of", "2023-06-30"], ["log"],
           ["calls", "--as-of", "2023-06-30"], ["report", "--month", "2023-06"])  # fmt: skip


def run(runner: CliRunner, data_dir: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--data", str(data_dir), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout + result.stderr


@pytest.fixture
def recorded(runner: CliRunner, data_dir: Path) -> Path:
    """The shipped ledger with one entry in June."""
    code, out = run(runner, data_dir, "record", "软件园", "4", "2", "--date", "2023-06-01")
    assert code == 0, out
    return data_dir


def assert_every_reader_refuses(runner: CliRunner, data_dir: Path, expected: str) -> None:
    before = tree(data_dir)
    for args in READERS:
        code, out = run(runner, data_dir, *args)
        assert code == 1 and expected in out, (args, out)
        assert "检查通过" not in out
    code, out = run(runner, data_dir, "record", "软件园", "4", "2", "--date", "2023-06-02")
    assert code == 1 and expected in out
    assert tree(data_dir) == before


def test_a_month_file_that_is_a_folder(runner: CliRunner, recorded: Path) -> None:
    (recorded / "progress" / "2023-07.yaml").mkdir()
    assert_every_reader_refuses(
        runner, recorded, "progress/2023-07.yaml: 错误：这是一个文件夹，而这里应是文件"
    )


def test_a_month_file_that_is_a_link_to_nothing(runner: CliRunner, recorded: Path) -> None:
    (recorded / "progress" / "2023-07.yaml").symlink_to("gone.yaml")
    assert_every_reader_refuses(
        runner,
        recorded,
        "progress/2023-07.yaml: 错误：这是一个链接，指向的文件 gone.yaml 不存在；"
        "请恢复那个文件，或删去这个链接",
    )


def test_a_progress_folder_that_cannot_be_listed(
    runner: CliRunner, recorded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.listdir

    def refuse(path: str | os.PathLike[str] = ".") -> list[str]:
        if Path(path).name == "progress":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "listdir", refuse)
    assert_every_reader_refuses(
        runner,
        recorded,
        "progress: 错误：无法列出 progress 文件夹里的文件：没有权限（请检查文件的权限和所有者）",
    )


def test_a_month_file_that_cannot_be_read(
    runner: CliRunner, recorded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.open

    def refuse(path: str | os.PathLike[str], flags: int, *args: int, **kw: int) -> int:
        if str(path).endswith("2023-06.yaml") and not flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", refuse)
    code, out = run(runner, recorded, "check")
    assert code == 1
    assert "progress/2023-06.yaml: 错误：无法读取文件：没有权限（请检查文件的权限和所有者）" in out


def test_a_fifo_is_never_opened(recorded: Path) -> None:
    os.mkfifo(recorded / "progress" / "2023-07.yaml")
    for args in (["check"], ["status", "--as-of", "2023-06-30"]):
        done = subprocess.run(
            [sys.executable, "-m", "minning_cli", "--data", str(recorded), *args],
            capture_output=True, text=True, timeout=20, check=False,
        )  # fmt: skip
        assert done.returncode == 1
        assert (
            "progress/2023-07.yaml: 错误：这是一个FIFO（命名管道），不是普通文件，minning 不会打开它"
            in done.stdout + done.stderr
        )


def test_a_progress_file_where_the_folder_should_be(runner: CliRunner, data_dir: Path) -> None:
    shutil.rmtree(data_dir / "progress")
    (data_dir / "progress").write_text("", encoding="utf-8")
    code, out = run(runner, data_dir, "check")
    assert (
        code == 1 and "progress: 错误：progress 应是存放进展记录的文件夹，而这里是一个文件" in out
    )


@pytest.mark.parametrize("shape", ["fifo", "link to nothing"])
def test_a_strange_tasks_file_is_the_ledger_refused_not_skipped(
    tmp_path: Path, data_dir: Path, shape: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A ledger above would be found instead if the strange tasks.yaml were passed over.
    inner = data_dir / "inner" / "data"
    (inner / "progress").mkdir(parents=True)
    tasks = inner / "tasks.yaml"
    if shape == "fifo":
        os.mkfifo(tasks)
        expected = "这是一个FIFO（命名管道），不是普通文件，minning 不会打开它"
    else:
        tasks.symlink_to("gone.yaml")
        expected = "这是一个链接，指向的文件 gone.yaml 不存在"
    monkeypatch.chdir(inner.parent)
    done = subprocess.run(
        [sys.executable, "-m", "minning_cli", "check"],
        capture_output=True, text=True, timeout=20, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert f"data/tasks.yaml: 错误：{expected}" in done.stdout + done.stderr
