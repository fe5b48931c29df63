"""Reading progress files: bytes → entries and voids with their lines, and every problem.

One reader, ``parse_progress_file``, serves the files on disk and the versions ``review``
reads out of git. A file in the layout ``write`` produces is read by ``fastparse``; any
other text goes through ``yamlsource``, which also gives the source map that locates
problems. Records of bytes read before come from the parse cache (``cache``), for files on
disk. Problems are always reported from a real parse of the file, with lines and columns:
when the cross-file checks find a problem in a file read without its source map, that file
is read again with it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..text.decode import decode_text, read_bytes
from ..text.errors import Problem
from ..text.sourcemap import SourceMap
from .cache import ParseCache, digest
from .datadir import PROGRESS_DIR, display_path, progress_files
from .model import Entry, Ledger, Void
from .validate import validate_progress

Placed = tuple[Entry | Void, int, int]  # a record, its index in the file, its first line


@dataclass
class ProgressFile:
    """One progress file as read: its records with their index and line, and its problems.

    ``name`` is its name in ``progress/``, ``shown`` how messages name it. ``source`` is
    None when the records came from the cache or the fast reader; ``digest`` is empty when
    the bytes were not hashed (they could not be read, or no cache was asked).
    """

    name: str
    shown: str
    digest: str = ""
    placed: list[Placed] = field(default_factory=list)
    source: SourceMap | None = None
    problems: list[Problem] = field(default_factory=list)
    fast: bool = False  # read line by line (``text.fastparse``)


@dataclass
class Progress:
    """Every entry and void of a set of progress files, where each stands, every problem.

    ``key`` is the hash of the ledger and of every file's bytes as read (None when one
    was not hashed).
    """

    entries: list[Entry]
    voids: list[Void]
    places: dict[str, tuple[str, int]]
    problems: list[Problem]
    key: str | None


def parse_progress_file(name: str, shown: str, raw: bytes, *, exact: bool = False) -> ProgressFile:
    """The records and problems of one progress file's bytes, from disk or from git.

    ``exact`` always parses with ``yamlsource``, so that the file comes back with its source
    map.
    """
    key = digest(raw)
    text, problems = decode_text(raw, shown)
    if text is None or not _has_content(text):
        return ProgressFile(name, shown, key, problems=problems)
    if not exact and not problems:
        from ..text.fastparse import progress_items

        items = progress_items(text)
        fast = _records(items) if items is not None else None
        if items is not None and fast is not None:
            lines = [line for _item, line in items]
            return ProgressFile(name, shown, key, _place(fast, lines), fast=True)
    from ..text.yamlsource import parse
    from .schema_errors import schema_problems
    from .validation import ValidationError, validated

    parsed = parse(text, shown)
    problems += parsed.problems
    file = ProgressFile(name, shown, key, source=parsed.source, problems=problems)
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
            record = validated(_schema(item), item)
        except ValidationError as exc:
            problems += schema_problems(exc, parsed.source, prefix=(index,), model=_schema(item))
            continue
        mark = parsed.source.at((index,))
        file.placed.append((record, index, mark[0] if mark else 0))
    return file


def read_progress(
    data_dir: Path, ledger: Ledger, *, ledger_digest: str = ""
) -> tuple[list[Entry], list[Void], dict[str, tuple[str, int]], list[Problem]]:
    """Every entry and void of ``progress/*.yaml`` with where it stands, and every problem.

    ``ledger_digest`` (the hash of ``tasks.yaml``) lets a set of files that passed the
    cross-file checks before skip them; without it they always run.
    """
    progress = read_progress_folder(data_dir, ledger, ledger_digest)
    return progress.entries, progress.voids, progress.places, progress.problems


def read_progress_folder(data_dir: Path, ledger: Ledger, ledger_digest: str) -> Progress:
    """The progress files on disk, read through the parse cache and checked together."""
    cache = ParseCache(data_dir)
    folder = data_dir / PROGRESS_DIR

    def read(path: Path, *, exact: bool = False) -> ProgressFile:
        shown = display_path(path)
        raw, problems = read_bytes(path, shown)
        if raw is None:
            return ProgressFile(path.name, shown, problems=problems)
        return parse_progress_file(path.name, shown, raw, exact=exact)

    def reread(file: ProgressFile) -> ProgressFile:
        return read(folder / file.name, exact=True)

    paths, unlisted = progress_files(data_dir)
    files = [read(path) for path in paths]
    if unlisted:  # the folder itself: its problems, and a digest-less file so nothing is cached
        files.insert(0, ProgressFile(PROGRESS_DIR, unlisted[0].file, problems=unlisted))
    return _checked(ledger, files, reread, cache, ledger_digest)


def progress_from_bytes(files: Sequence[tuple[str, bytes]], ledger: Ledger) -> Progress:
    """Progress files held in memory (another version, read from git), checked together.

    Each is (the name problems are shown under, its bytes).
    """
    contents = dict(files)

    def read(shown: str, *, exact: bool = False) -> ProgressFile:
        return parse_progress_file(PurePosixPath(shown).name, shown, contents[shown], exact=exact)

    def reread(file: ProgressFile) -> ProgressFile:
        return read(file.shown, exact=True)

    return _checked(ledger, [read(shown) for shown, _raw in files], reread, None, "")


def files_key(ledger_digest: str, digests: list[tuple[str, str]]) -> str | None:
    """The hash of the ledger and of each (file name, digest); None if one is missing."""
    if not ledger_digest or any(not hashed for _name, hashed in digests):
        return None
    names = "\n".join(f"{name}:{hashed}" for name, hashed in digests)
    return digest(f"{ledger_digest}\n{names}".encode())


def _checked(
    ledger: Ledger,
    files: list[ProgressFile],
    reread: Callable[[ProgressFile], ProgressFile],
    cache: ParseCache | None,
    ledger_digest: str,
) -> Progress:
    """The files' records with the cross-file checks run (unless the cache knows them clean).

    ``reread`` reads a file again with its source map, for problems found in a file read
    without one.
    """
    problems = [problem for file in files for problem in file.problems]
    digests = [(file.name, file.digest) for file in files]
    # What the cross-file checks depend on: the ledger and every file's bytes.
    checked = files_key(ledger_digest, digests) if not problems else None
    if checked is None or cache is None or cache.load("checked.json", checked) is not True:
        cross = _cross_checks(ledger, files)
        named = {problem.file for problem in cross}
        rough = {f.shown for f in files if f.source is None and f.shown in named}
        if rough:
            files = [reread(f) if f.shown in rough else f for f in files]
            cross = _cross_checks(ledger, files)
        problems += cross
        if checked is not None and cache is not None and not cross:
            cache.store("checked.json", checked, True)
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
    return Progress(entries, voids, places, problems, files_key(ledger_digest, digests))


def _cross_checks(ledger: Ledger, files: list[ProgressFile]) -> list[Problem]:
    """The rules over all records (``validate_progress``) and the times they were recorded."""
    located = _located(files)
    return validate_progress(ledger, located) + naive_times(located)


def naive_times(located: list[tuple[Entry | Void, str, SourceMap, int]]) -> list[Problem]:
    """A ``recorded_at`` without its UTC offset cannot be ordered against one with it (every
    command sorts by it): refused here, where it is, instead of failing later."""
    problems = []
    for record, _file, source, index in located:
        if record.recorded_at.utcoffset() is None:
            written = record.recorded_at.isoformat(" ")
            problems.append(
                source.problem(
                    source.at((index, "recorded_at")),
                    f"记录时间 {written} 没有写时区：请在后面补上时区，"
                    f"如北京时间写作 '{written}+08:00'",
                )
            )
    return problems


def _schema(item: object) -> type[Entry] | type[Void]:
    kind = item.get("kind") if isinstance(item, dict) else None
    return Void if kind == "void" else Entry


def _records(items: list[tuple[dict[str, Any], int]]) -> list[Entry | Void] | None:
    """The items validated, or None if any is invalid (the real parse then locates it)."""
    # A file read here has changed (or was never read): only now is pydantic imported.
    from .validation import ValidationError, validated

    try:
        return [validated(_schema(item), item) for item, _line in items]
    except ValidationError:
        return None


def _place(records: list[Entry | Void], lines: list[int]) -> list[Placed]:
    return [
        (record, index, line)
        for index, (record, line) in enumerate(zip(records, lines, strict=True))
    ]


def _located(files: list[ProgressFile]) -> list[tuple[Entry | Void, str, SourceMap, int]]:
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


def _has_content(text: str) -> bool:
    """False for a file that is empty or holds only comments."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())
