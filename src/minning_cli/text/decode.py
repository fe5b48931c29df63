"""Bytes → text: reading a file and decoding it as UTF-8, every failure a located problem."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import Problem


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """A file's text as UTF-8 (a byte-order mark is dropped with a warning), or a problem."""
    raw, problems = read_bytes(path, shown)
    if raw is None:
        return None, problems
    return decode_text(raw, shown)


def read_bytes(path: Path, shown: str) -> tuple[bytes | None, list[Problem]]:
    """A regular file's bytes, or the located problem that kept it from being read.

    Anything but a regular file (a folder, a FIFO, a device, a link to nothing) is refused
    before it is opened: reading a FIFO would wait for a writer forever. The file is opened
    without blocking and checked again, in case it was swapped in between.
    """
    try:
        refused = _not_regular(path, path.stat().st_mode)
    except FileNotFoundError:
        return None, [Problem(shown, None, None, _missing(path))]
    except OSError as exc:
        return None, [Problem(shown, None, None, f"无法读取文件：{os_reason(exc)}")]
    if refused:
        return None, [Problem(shown, None, None, refused)]
    try:
        descriptor = os.open(path, os.O_RDONLY | _NONBLOCK | _NOCTTY)
    except OSError as exc:
        return None, [Problem(shown, None, None, f"无法读取文件：{os_reason(exc)}")]
    with os.fdopen(descriptor, "rb") as opened:
        refused = _not_regular(path, os.fstat(opened.fileno()).st_mode)
        if refused:
            return None, [Problem(shown, None, None, refused)]
        try:
            return opened.read(), []
        except OSError as exc:
            return None, [Problem(shown, None, None, f"无法读取文件：{os_reason(exc)}")]


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)


def _not_regular(path: Path, mode: int) -> str | None:
    """Why a file of this mode is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "这是一个文件夹，而这里应是文件；请把它移走或改名（不以 .yaml 结尾）"
    what = "FIFO（命名管道）" if stat.S_ISFIFO(mode) else "设备或套接字"
    return f"这是一个{what}，不是普通文件，minning 不会打开它；请把它移走"


def _missing(path: Path) -> str:
    if path.is_symlink():
        return (
            f"这是一个链接，指向的文件 {os.readlink(path)} 不存在；请恢复那个文件，或删去这个链接"
        )
    return "文件不存在（可能刚被删除或改名）"


OS_REASONS = {
    errno.EACCES: "没有权限（请检查文件的权限和所有者）",
    errno.EPERM: "没有权限（请检查文件的权限和所有者）",
    errno.ELOOP: "符号链接形成了循环",
    errno.ENOTDIR: "路径中有一段是文件，而不是文件夹",
    errno.EISDIR: "这是一个文件夹，而这里应是文件",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出了磁盘配额",
    errno.EROFS: "文件系统是只读的",
    errno.EIO: "读写出错（磁盘或网络盘故障？）",
}


def os_reason(exc: OSError) -> str:
    """An operating-system error in Chinese (with the system's own words for a rare one)."""
    return OS_REASONS.get(exc.errno or 0, f"操作系统报错（{exc.strerror or exc}）")


def decode_text(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """Bytes as UTF-8 text (a byte-order mark is dropped with a warning), or a problem."""
    problems = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        problems.append(
            Problem(
                shown,
                1,
                1,
                "文件开头有 BOM（字节顺序标记），已忽略；建议另存为无 BOM 的 UTF-8",
                "warning",
            )
        )
    try:
        return raw.decode("utf-8"), problems
    except UnicodeDecodeError as exc:
        from .yamlsource import split_lines

        # Lines counted as everywhere else (\r\n, \r or \n), the bad bytes shown as �.
        before = split_lines(raw[: exc.start].decode("utf-8", errors="replace"))
        line, column = len(before), len(before[-1]) + 1
        shown_line = split_lines(raw.decode("utf-8", errors="replace"))[line - 1]
        byte = raw[exc.start]
        message = (
            f"文件不是 UTF-8 编码（字节 0x{byte:02X} 无法识别）；"
            "请用编辑器“另存为 UTF-8”（GBK/GB2312 文件需要转换）"
        )
        return None, [Problem(shown, line, column, message, "error", shown_line)]
