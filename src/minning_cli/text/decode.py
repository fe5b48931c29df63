"""Bytes → text: reading a file and decoding it as UTF-8, every failure a located problem."""

from __future__ import annotations

from pathlib import Path

from .errors import Problem


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """A file's text as UTF-8 (a byte-order mark is dropped with a warning), or a problem."""
    raw, problems = read_bytes(path, shown)
    if raw is None:
        return None, problems
    return decode_text(raw, shown)


def read_bytes(path: Path, shown: str) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, or the problem that kept it from being read."""
    try:
        return path.read_bytes(), []
    except OSError as exc:
        return None, [Problem(shown, None, None, f"无法读取文件：{exc.strerror or exc}")]


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
