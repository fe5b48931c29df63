"""The one module that opens ledger files: finds the data folder and reads the ledger.

Every problem, from bytes that are not UTF-8 to a pydantic field error, comes back as a
located ``Problem``; ``load_ledger`` raises one ``MinningError`` carrying all of them.

Each file is parsed once: what reading and checking a file produced is kept in the parse
cache (``cache``), keyed by the hash of the file's bytes, and a file whose bytes are
unchanged is not parsed again. Progress files in the layout ``write`` produces are read by
``fastparse``; any other text goes through ``yamlsource``. Problems are always reported
from a real parse of the file, with its lines and columns.
"""

from __future__ import annotations

import difflib
import gc
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..text.errors import MinningError, Problem, errors_only
from ..text.sourcemap import SourceMap
from . import model
from .book import Book, LoadedLedger
from .cache import ParseCache, digest
from .model import Entry, Ledger, Void
from .names import Registry, did_you_mean
from .validate import validate_ledger, validate_progress

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
        from ..text.yamlsource import split_lines

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
    tasks = _read_tasks(data_dir)
    return tasks.ledger, tasks.source, tasks.problems


@dataclass
class _Tasks:
    ledger: Ledger | None
    source: SourceMap
    problems: list[Problem]
    digest: str = ""


def _read_tasks(data_dir: Path) -> _Tasks:
    path = data_dir / TASKS_FILE
    shown = display_path(path)
    raw, problems = read_bytes(path, shown)
    if raw is None:
        return _Tasks(None, SourceMap(shown, []), problems)
    key = digest(raw)
    cache = ParseCache(data_dir)
    cached = cache.ledger(key, shown)
    if cached is not None:
        return _Tasks(*cached, digest=key)
    text, problems = decode_text(raw, shown)
    if text is None:
        return _Tasks(None, SourceMap(shown, []), problems, key)
    ledger, source, more = tasks_from_text(text, shown)
    problems += more
    if ledger is None:
        return _Tasks(None, source, problems, key)
    cache.store_ledger(key, ledger, source, problems)
    return _Tasks(ledger, source, problems, key)


def tasks_from_text(text: str, shown: str) -> tuple[Ledger | None, SourceMap, list[Problem]]:
    """Parse and check the text of a ``tasks.yaml``: the ledger (None if it has errors)."""
    from ..text.yamlsource import parse

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
    data_dir: Path, ledger: Ledger, *, ledger_digest: str = ""
) -> tuple[list[Entry], list[Void], dict[str, tuple[str, int]], list[Problem]]:
    """Every entry and void of ``progress/*.yaml`` with where it stands, and every problem.

    ``ledger_digest`` (the hash of ``tasks.yaml``) lets a set of files that passed the
    cross-file checks before skip them; without it they always run.
    """
    progress = _read_progress(data_dir, ledger, ledger_digest)
    return progress.entries, progress.voids, progress.places, progress.problems


@dataclass
class _Progress:
    entries: list[Entry]
    voids: list[Void]
    places: dict[str, tuple[str, int]]
    problems: list[Problem]
    key: str | None  # the hash of the ledger and of every file's bytes, as read


def _read_progress(data_dir: Path, ledger: Ledger, ledger_digest: str) -> _Progress:
    cache = ParseCache(data_dir)
    with _collector_paused():
        files = [_read_progress_file(path, cache) for path in progress_files(data_dir)]
        problems = [problem for file in files for problem in file.problems]
        checked = _checked_key(ledger_digest, files) if not problems else None
        if checked is None or not cache.clean(checked):
            cross = validate_progress(ledger, _located(files))
            # Problems found in files read without their source map are reported from a
            # real parse, with lines and columns (the records are the same).
            named = {problem.file for problem in cross}
            rough = [f for f in files if f.source is None and f.shown in named]
            if rough:
                files = [_read_progress_file(f.path, cache, exact=True) if f in rough else f
                         for f in files]  # fmt: skip
                cross = validate_progress(ledger, _located(files))
            problems += cross
            if checked is not None and not cross:
                cache.store_clean(checked)
        entries: list[Entry] = []
        voids: list[Void] = []
        places: dict[str, tuple[str, int]] = {}
        for file in files:
            for record, _index, line in file.placed:
                if isinstance(record, Void):
                    voids.append(record)
                else:
                    entries.append(record)
                places.setdefault(record.id, (file.shown, line))
    key = _files_key(ledger_digest, [(file.path.name, file.digest) for file in files])
    return _Progress(entries, voids, places, problems, key)


@dataclass
class _ProgressFile:
    """One progress file as read: its records with their index and line, and its problems.

    ``source`` is None when the records came from the cache or the fast reader; ``digest``
    is empty when the bytes could not be read.
    """

    path: Path
    shown: str
    digest: str = ""
    placed: list[tuple[Entry | Void, int, int]] = field(default_factory=list)
    source: SourceMap | None = None
    problems: list[Problem] = field(default_factory=list)


def _read_progress_file(path: Path, cache: ParseCache, *, exact: bool = False) -> _ProgressFile:
    shown = display_path(path)
    raw, problems = read_bytes(path, shown)
    if raw is None:
        return _ProgressFile(path, shown, problems=problems)
    key = digest(raw)
    cached = None if exact else cache.records(path.name, key)
    if cached is not None:
        return _ProgressFile(path, shown, key, _place(*cached))
    text, problems = decode_text(raw, shown)
    if text is None or not _has_content(text):
        return _ProgressFile(path, shown, key, problems=problems)
    if not exact and not problems:
        from ..text.fastparse import progress_items

        items = progress_items(text)
        fast = _records(items) if items is not None else None
        if items is not None and fast is not None:
            lines = [line for _item, line in items]
            cache.store_records(path.name, key, fast, lines, shared=True)
            return _ProgressFile(path, shown, key, _place(fast, lines))
    from ..text.yamlsource import parse

    parsed = parse(text, shown)
    problems += parsed.problems
    file = _ProgressFile(path, shown, key, source=parsed.source, problems=problems)
    if parsed.problems:
        return file
    if not isinstance(parsed.data, list):
        problems.append(
            parsed.source.problem(
                parsed.source.at(()), "进展文件的顶层应为列表（每条记录以“- ”开头）"
            )
        )
        return file
    for index, item in enumerate(parsed.data):
        try:
            record = _schema(item).model_validate(item)
        except ValidationError as exc:
            problems += schema_problems(exc, parsed.source, prefix=(index,))
            continue
        mark = parsed.source.at((index,))
        file.placed.append((record, index, mark[0] if mark else 0))
    if not problems:
        records = [record for record, _index, _line in file.placed]
        lines = [line for _r, _i, line in file.placed]
        cache.store_records(path.name, key, records, lines, shared=False)
    return file


def _schema(item: object) -> type[Entry] | type[Void]:
    kind = item.get("kind") if isinstance(item, dict) else None
    return Void if kind == "void" else Entry


def _records(items: list[tuple[dict[str, Any], int]]) -> list[Entry | Void] | None:
    """The items validated, or None if any is invalid (the real parse then locates it)."""
    try:
        records = [_schema(item).model_validate(item) for item, _line in items]
    except ValidationError:
        return None
    _share_fields_given(records)
    return records


def _share_fields_given(records: list[Entry | Void]) -> None:
    """One set object per distinct set of fields given, instead of one per record.

    pydantic keeps on every instance the set of fields its input gave (728 bytes for an
    entry, a third of its memory); a year of entries has a handful of distinct ones. The
    records are frozen, and pydantic copies that set before changing it (``model_copy``),
    so sharing it is safe: records unpickled from the cache share it the same way.
    """
    shared: dict[frozenset[str], set[str]] = {}
    for record in records:
        given = record.model_fields_set
        object.__setattr__(
            record, "__pydantic_fields_set__", shared.setdefault(frozenset(given), given)
        )


def _place(records: list[Entry | Void], lines: list[int]) -> list[tuple[Entry | Void, int, int]]:
    return [
        (record, index, line)
        for index, (record, line) in enumerate(zip(records, lines, strict=True))
    ]


def _located(files: list[_ProgressFile]) -> list[tuple[Entry | Void, str, SourceMap, int]]:
    """What ``validate_progress`` reads: each record with its file, source map and index.

    A file without a source map gets one holding only where each record starts, enough
    to tell whether there is any problem at all.
    """
    located = []
    for file in files:
        source = file.source
        if source is None:
            marks: dict[tuple[str | int, ...], tuple[int, int]] = {
                (index,): (line, 3) for _record, index, line in file.placed
            }
            source = SourceMap(file.shown, [], marks)
        located += [(record, file.shown, source, index) for record, index, _ in file.placed]
    return located


def _checked_key(ledger_digest: str, files: list[_ProgressFile]) -> str | None:
    """What the cross-file checks depended on: the ledger and every file's bytes."""
    return _files_key(ledger_digest, [(file.path.name, file.digest) for file in files])


def _files_key(ledger_digest: str, digests: list[tuple[str, str]]) -> str | None:
    if not ledger_digest or any(not hashed for _name, hashed in digests):
        return None
    names = "\n".join(f"{name}:{hashed}" for name, hashed in digests)
    return digest(f"{ledger_digest}\n{names}".encode())


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while reading builds many objects, then freeze them.

    Parsing or unpickling a year of entries makes hundreds of thousands of objects, none of
    them garbage; the collector would walk them again and again (it tripled the time of
    loading 100k cached entries), and again on every full collection afterwards, which
    ``gc.freeze`` spares it. Frozen objects are still freed when nothing refers to them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _has_content(text: str) -> bool:
    """False for a file that is empty or holds only comments."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


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
        from ..text.yamlsource import parse

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
    entries, voids, places, more = progress_from_texts(files, ledger)
    return _book(loaded, entries, voids, places, more)


# The book last loaded in this process, with the hash of the bytes it was read from (and the
# folder messages were relative to). ``record`` and ``import`` load the book twice, once to
# check and again under the lock; when no file changed in between they get it back for the
# cost of hashing the files.
_last_book: dict[str, tuple[str, Book]] = {}


def forget_loaded() -> None:
    """Drop the book held from the last load (tests of the parse cache start from disk)."""
    _last_book.clear()


def _bytes_key(data_dir: Path) -> str | None:
    """The hash of the ledger and progress files as they are now (None if one is unreadable)."""
    try:
        ledger_digest = digest((data_dir / TASKS_FILE).read_bytes())
        digests = [(path.name, digest(path.read_bytes())) for path in progress_files(data_dir)]
    except OSError:
        return None
    return _files_key(ledger_digest, digests)


def load_book(data_dir: Path) -> Book:
    """The valid ledger and progress of a data folder, or a ``MinningError`` with every problem."""
    folder = f"{data_dir.resolve()}\n{Path.cwd()}"
    held = _last_book.get(folder)
    if held is not None and held[0] == _bytes_key(data_dir):
        return held[1]
    _last_book.clear()
    loaded = load_ledger(data_dir)
    progress = _read_progress(data_dir, loaded.ledger, loaded.digest)
    entries, voids, places, problems = (
        progress.entries, progress.voids, progress.places, progress.problems
    )  # fmt: skip
    book = _book(loaded, entries, voids, places, problems)
    if progress.key is not None:
        _last_book[folder] = (progress.key, book)
    return book


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
    aliases = {written: name for written, name in registry.lookup.items() if written != name}
    if any(e.unit in aliases for e in entries):
        entries = [
            e.model_copy(update={"unit": aliases[e.unit]}) if e.unit in aliases else e
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
    tasks = _read_tasks(data_dir)
    ledger, problems = tasks.ledger, tasks.problems
    count = 0
    if ledger is not None:
        entries, voids, _places, progress_problems = read_progress(
            data_dir, ledger, ledger_digest=tasks.digest
        )
        problems += progress_problems
        count = len(entries) + len(voids)
    return CheckReport(ledger, count, tuple(problems))


def load_ledger(data_dir: Path) -> LoadedLedger:
    """The valid ledger of a data folder, or a ``MinningError`` with every problem."""
    tasks = _read_tasks(data_dir)
    if tasks.ledger is None:
        raise MinningError(errors_only(tasks.problems) or tasks.problems)
    return LoadedLedger(tasks.ledger, tasks.source, data_dir, tuple(tasks.problems), tasks.digest)


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
