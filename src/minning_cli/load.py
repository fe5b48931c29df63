"""The one module that opens files: finds the data folder and reads the ledger.

Every problem, from bytes that are not UTF-8 to a pydantic field error, comes back as a
located ``Problem``; ``load_ledger`` raises one ``MinningError`` carrying all of them.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import model
from .errors import MinningError, Problem, errors_only
from .model import Entry, Ledger, Void
from .names import Registry, did_you_mean
from .validate import validate_ledger, validate_progress
from .yamlsource import SourceMap, parse, split_lines

TASKS_FILE = "tasks.yaml"
PROGRESS_DIR = "progress"
ENV_DATA = "MINNING_DATA"


@dataclass(frozen=True)
class LoadedLedger:
    """A valid ``tasks.yaml``: the model, where its nodes stand, and its warnings."""

    ledger: Ledger
    source: SourceMap
    data_dir: Path
    warnings: tuple[Problem, ...]


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
            if (candidate / TASKS_FILE).is_file():
                return candidate
    where = "、".join(str(p) for p in looked[:4]) + ("……" if len(looked) > 4 else "")
    raise MinningError(
        f"找不到台账文件 {TASKS_FILE}：从当前目录向上查找了 {where}。"
        f"请进入台账所在目录，或用 --data 目录 / 环境变量 {ENV_DATA} 指定"
    )


def _given_dir(path: Path, how: str) -> Path:
    if path.is_file() and path.name == TASKS_FILE:
        return path.parent
    if not (path / TASKS_FILE).is_file():
        raise MinningError(f"{how} 指定的目录 {path} 里没有 {TASKS_FILE}")
    return path


def display_path(path: Path, cwd: Path | None = None) -> str:
    """A path as messages show it: relative to the current folder when inside it."""
    cwd = Path.cwd() if cwd is None else cwd
    try:
        return str(path.resolve().relative_to(cwd.resolve()))
    except ValueError:
        return str(path)


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """A file's text as UTF-8 (a byte-order mark is dropped with a warning), or a problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, None, None, f"无法读取文件：{exc.strerror or exc}")]
    return decode_text(raw, shown)


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


def read_tasks(data_dir: Path) -> tuple[Ledger | None, SourceMap, list[Problem]]:
    """Read and check ``tasks.yaml``: the ledger (None if it has errors) and every problem."""
    path = data_dir / TASKS_FILE
    shown = display_path(path)
    text, problems = read_text(path, shown)
    if text is None:
        return None, SourceMap(shown, []), problems
    ledger, source, more = tasks_from_text(text, shown)
    return ledger, source, problems + more


def tasks_from_text(text: str, shown: str) -> tuple[Ledger | None, SourceMap, list[Problem]]:
    """Parse and check the text of a ``tasks.yaml``: the ledger (None if it has errors)."""
    parsed = parse(text, shown)
    problems = list(parsed.problems)
    if parsed.problems:  # (data None without problems is a document that says only null)
        return None, parsed.source, problems
    if not isinstance(parsed.data, dict):
        problems.append(
            parsed.source.problem(
                parsed.source.at(()), "tasks.yaml 的顶层应为映射（ledger:、units:、tasks: 等）"
            )
        )
        return None, parsed.source, problems
    try:
        ledger = Ledger.model_validate(parsed.data)
    except ValidationError as exc:
        problems += schema_problems(exc, parsed.source)
        return None, parsed.source, problems
    problems += validate_ledger(ledger, parsed.source)
    return (None if errors_only(problems) else ledger), parsed.source, problems


@dataclass(frozen=True)
class Book:
    """The ledger with its progress entries: everything the reports are computed from.

    ``entries`` keeps voided entries (they stay in the files); ``voided`` maps each
    withdrawn entry's id to its void. ``places`` says where each id was read.
    """

    loaded: LoadedLedger
    entries: tuple[Entry, ...]
    voids: tuple[Void, ...]
    places: dict[str, tuple[str, int]]
    warnings: tuple[Problem, ...]

    @property
    def ledger(self) -> Ledger:
        """The table."""
        return self.loaded.ledger

    @property
    def voided(self) -> dict[str, Void]:
        """Withdrawn entry ids and the void that withdrew each."""
        return {void.voids: void for void in self.voids}

    def active(self) -> list[Entry]:
        """Entries that count: every entry not voided, in file order."""
        voided = self.voided
        return [entry for entry in self.entries if entry.id not in voided]


def progress_files(data_dir: Path) -> list[Path]:
    """The month files of ``progress/``, oldest first (hidden and other files ignored)."""
    folder = data_dir / PROGRESS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if is_progress_name(p.name) and p.is_file())


def is_progress_name(name: str) -> bool:
    """Whether a file name in ``progress/`` is a month file: ``*.yaml``, not hidden."""
    return name.endswith(".yaml") and not name.startswith(".")


def read_progress(
    data_dir: Path, ledger: Ledger
) -> tuple[list[Entry], list[Void], dict[str, tuple[str, int]], list[Problem]]:
    """Every entry and void of ``progress/*.yaml`` with where it stands, and every problem."""
    files = []
    for path in progress_files(data_dir):
        shown = display_path(path)
        files.append((shown, *read_text(path, shown)))
    return progress_from_texts(files, ledger)


def progress_from_texts(
    files: Iterable[tuple[str, str | None, list[Problem]]], ledger: Ledger
) -> tuple[list[Entry], list[Void], dict[str, tuple[str, int]], list[Problem]]:
    """Entries and voids of progress texts, each given as (shown name, text, read problems)."""
    entries: list[Entry] = []
    voids: list[Void] = []
    places: dict[str, tuple[str, int]] = {}
    problems: list[Problem] = []
    sources: dict[str, SourceMap] = {}
    located: list[tuple[Entry | Void, str, SourceMap, int]] = []
    for shown, text, read_problems in files:
        problems += read_problems
        if text is None or not _has_content(text):
            continue
        parsed = parse(text, shown)
        problems += parsed.problems
        if parsed.problems:
            continue
        sources[shown] = parsed.source
        if not isinstance(parsed.data, list):
            problems.append(
                parsed.source.problem(
                    parsed.source.at(()), "进展文件的顶层应为列表（每条记录以“- ”开头）"
                )
            )
            continue
        for index, item in enumerate(parsed.data):
            kind = item.get("kind") if isinstance(item, dict) else None
            schema: type[Entry] | type[Void] = Void if kind == "void" else Entry
            try:
                record = schema.model_validate(item)
            except ValidationError as exc:
                problems += schema_problems(exc, parsed.source, prefix=(index,))
                continue
            mark = parsed.source.at((index,))
            line = mark[0] if mark else 0
            located.append((record, shown, parsed.source, index))
            if isinstance(record, Void):
                voids.append(record)
            else:
                entries.append(record)
            places.setdefault(record.id, (shown, line))
    problems += validate_progress(ledger, located)
    return entries, voids, places, problems


def _has_content(text: str) -> bool:
    """False for a file that is empty or holds only comments."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


def load_book(data_dir: Path) -> Book:
    """The valid ledger and progress of a data folder, or a ``MinningError`` with every problem."""
    loaded = load_ledger(data_dir)
    return _book(loaded, *read_progress(data_dir, loaded.ledger))


def book_from_bytes(
    data_dir: Path, tasks: tuple[str, bytes], progress: Sequence[tuple[str, bytes]]
) -> Book:
    """The valid book of file contents held in memory (another version, read from git).

    ``tasks`` and each of ``progress`` are (the name problems are shown under, the bytes);
    ``data_dir`` is the folder they stand for. Problems raise one ``MinningError``.
    """
    shown, raw = tasks
    text, problems = decode_text(raw, shown)
    if text is None:
        raise MinningError(problems)
    ledger, source, more = tasks_from_text(text, shown)
    problems += more
    if ledger is None:
        raise MinningError(errors_only(problems) or problems)
    loaded = LoadedLedger(ledger, source, data_dir, tuple(problems))
    files = ((name, *decode_text(content, name)) for name, content in progress)
    return _book(loaded, *progress_from_texts(files, ledger))


def _book(
    loaded: LoadedLedger,
    entries: list[Entry],
    voids: list[Void],
    places: dict[str, tuple[str, int]],
    problems: list[Problem],
) -> Book:
    errors = errors_only(problems)
    if errors:
        raise MinningError(errors)
    # A hand-written alias counts for the unit it names.
    registry = Registry(loaded.ledger)
    entries = [
        e.model_copy(update={"unit": name})
        if (name := registry.canonical_name(e.unit)) not in (None, e.unit)
        else e
        for e in entries
    ]
    return Book(loaded, tuple(entries), tuple(voids), places, tuple(problems))


@dataclass(frozen=True)
class CheckReport:
    """What ``minning check`` found: the ledger if usable, how many entries, every problem."""

    ledger: Ledger | None
    entries: int
    problems: tuple[Problem, ...]


def check_all(data_dir: Path) -> CheckReport:
    """Every problem of ``tasks.yaml`` and of the progress files, errors and warnings."""
    ledger, _source, problems = read_tasks(data_dir)
    count = 0
    if ledger is not None:
        entries, voids, _places, progress_problems = read_progress(data_dir, ledger)
        problems += progress_problems
        count = len(entries) + len(voids)
    return CheckReport(ledger, count, tuple(problems))


def load_ledger(data_dir: Path) -> LoadedLedger:
    """The valid ledger of a data folder, or a ``MinningError`` with every problem."""
    ledger, source, problems = read_tasks(data_dir)
    if ledger is None:
        raise MinningError(errors_only(problems) or problems)
    return LoadedLedger(ledger, source, data_dir, tuple(problems))


def _field_names() -> list[str]:
    names: set[str] = set()
    for item in vars(model).values():
        if isinstance(item, type) and issubclass(item, BaseModel) and item is not BaseModel:
            names.update(item.model_fields)
    return sorted(names)


_TYPE_MESSAGES = {
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "int_parsing_size": "应为位数合理的整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表（每项以“- ”开头，或写成 [甲, 乙]）",
    "tuple_type": "应为列表（每项以“- ”开头，或写成 [甲, 乙]）",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "model_attributes_type": "应为映射（键: 值）",
    "string_too_short": "不能为空",
    "too_short": "不能为空",
    "string_pattern_mismatch": "编号格式不对（应如 2023-06-12-k3f9a2）",
}


def schema_problems(
    exc: ValidationError, source: SourceMap, prefix: tuple[Any, ...] = ()
) -> list[Problem]:
    """Pydantic's errors as located problems in Chinese, one per place."""
    problems: dict[tuple[Any, ...], Problem] = {}
    fields = _field_names()
    for error in exc.errors(include_url=False):
        loc = (*prefix, *error["loc"])
        kind = error["type"]
        if kind == "extra_forbidden":
            key = str(loc[-1])
            hint = did_you_mean(difflib.get_close_matches(key, fields, n=1, cutoff=0.6))
            message = f"未知的键“{key}”{hint}"
            mark = source.at(loc, key=True)
        elif kind == "missing":
            message = f"缺少“{loc[-1]}”"
            mark = source.at(loc[:-1])
        else:
            message = _value_message(error)
            if loc and isinstance(loc[-1], str):
                message = f"{loc[-1]}：{message}"
            mark = source.at(loc)
        problems.setdefault((mark, message), source.problem(mark, message))
    return list(problems.values())


def _value_message(error: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    shown = f"“{value}”" if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if shown == "“”":
        shown = ""
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind.startswith("datetime"):
        when = "应为日期和时间（如 2023-06-12 10:00:00+08:00）"
        return when + (f"，而不是{shown}" if shown else "")
    if kind.startswith("date"):
        return f"应为日期（YYYY-MM-DD，如 2023-12-31）{('，而不是' + shown) if shown else ''}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        expected = expected.replace(" or ", "、").replace(", ", "、")
        return f"应为 {expected} 之一{('，而不是' + shown) if shown else ''}"
    if kind == "greater_than_equal":
        return f"不能小于 {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"不能大于 {ctx.get('le')}"
    if kind in _TYPE_MESSAGES:
        return _TYPE_MESSAGES[kind] + (f"，而不是{shown}" if shown else "")
    return f"取值无效（{error['msg']}）"
