"""Reading the city file: bytes → the checked ``City`` with its source map, or every problem.

Like ``tasks_file`` for ``tasks.yaml``: the text is parsed by ``text.yamlsource`` (a line
and column for every node, no tags, no aliases), the schema's errors are said in Chinese at
their place (``schema_errors``), and what spans records is checked here, each problem a
located ``Problem``. Which file: ``--city`` (a file, or a folder holding ``city.yaml``),
else ``$MINNING_CITY``, else ``city.yaml`` in the current folder.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..text.amounts import fmt_measure
from ..text.decode import decode_text, read_bytes
from ..text.errors import MinningError, Problem, errors_only
from ..text.sourcemap import Path as NodePath
from ..text.sourcemap import SourceMap
from . import city_model
from .city_model import City, District, is_url
from .datadir import display_path
from .names import did_you_mean
from .schema_errors import schema_problems

CITY_FILE = "city.yaml"
ENV_CITY = "MINNING_CITY"


def find_city_file(given: str | None, environ: Mapping[str, str] | None = None) -> Path:
    """The city file the option, the environment or the current folder names."""
    environ = os.environ if environ is None else environ
    written = given or environ.get(ENV_CITY) or CITY_FILE
    path = Path(written).expanduser()
    if path.is_dir():
        path = path / CITY_FILE
    if not path.is_file():
        how = "--city" if given else (ENV_CITY if environ.get(ENV_CITY) else "当前目录")
        raise MinningError(
            f"找不到市级文件 {path}（来自 {how}）：用 --city 指定 city.yaml 或其所在目录，"
            "或先用 minning init --city 目录 --from 台账/tasks.yaml 生成一份"
        )
    return path


@dataclass
class CityFile:
    """The city file as read: the model (None if it has errors), where it is, every problem."""

    city: City | None
    path: Path
    source: SourceMap
    problems: list[Problem]


def read_city(path: Path) -> CityFile:
    """Read and check a city file; never raises on bad content."""
    shown = display_path(path)
    raw, problems = read_bytes(path, shown)
    if raw is None:
        return CityFile(None, path, SourceMap(shown, []), problems)
    text, problems = decode_text(raw, shown)
    if text is None:
        return CityFile(None, path, SourceMap(shown, []), problems)
    city, source, more = city_from_text(text, shown)
    return CityFile(city, path, source, problems + more)


def load_city(path: Path) -> CityFile:
    """The valid city file, or a ``MinningError`` carrying every error."""
    read = read_city(path)
    if read.city is None:
        raise MinningError(errors_only(read.problems) or read.problems)
    return read


def city_from_text(text: str, shown: str) -> tuple[City | None, SourceMap, list[Problem]]:
    """Parse and check the text of a city file: the model (None if it has errors)."""
    from ..text.yamlsource import parse

    parsed = parse(text, shown)
    problems = list(parsed.problems)
    if problems:
        return None, parsed.source, problems
    if not isinstance(parsed.data, dict):
        mark = parsed.source.at(())
        problems.append(
            parsed.source.problem(mark, "市级文件的顶层应为映射（city:、rows:、districts:）")
        )
        return None, parsed.source, problems
    try:
        city = City.model_validate(parsed.data)
    except ValidationError as exc:
        return None, parsed.source, schema_problems(exc, parsed.source, fields=_field_names())
    problems += CityChecks(city, parsed.source).problems()
    return (None if errors_only(problems) else city), parsed.source, problems


def _field_names() -> list[str]:
    names: set[str] = set()
    for item in vars(city_model).values():
        if isinstance(item, type) and issubclass(item, BaseModel) and item is not BaseModel:
            names.update(item.model_fields)
    return sorted(names)


@dataclass
class CityChecks:
    """The rules that span records, each problem at its place."""

    city: City
    source: SourceMap

    def error(self, path: NodePath, message: str, *, key: bool = False) -> Problem:
        return self.source.problem(self.source.at(path, key=key), message)

    def warning(self, path: NodePath, message: str) -> Problem:
        return self.source.problem(self.source.at(path), message, severity="warning")

    def problems(self) -> list[Problem]:
        return [*self.districts(), *self.rows()]

    def districts(self) -> Iterator[Problem]:
        seen: set[str] = set()
        for index, district in enumerate(self.city.districts):
            path: NodePath = ("districts", index)
            if district.name in seen:
                yield self.error((*path, "name"), f"县区“{district.name}”重复列出")
            seen.add(district.name)
            if not district.configured:
                yield self.warning(
                    path,
                    f"{district.name}：没有写明台账在哪里（git: 仓库地址，或 path: 目录），"
                    "取回和汇总时跳过",
                )

    def rows(self) -> Iterator[Problem]:
        names = [d.name for d in self.city.districts]
        numbers = Counter(row.no for row in self.city.rows)
        indicators = Counter(row.indicator for row in self.city.rows)
        year = self.city.city.year
        for index, row in enumerate(self.city.rows):
            path: NodePath = ("rows", index)
            label = f"任务{row.no} {row.title}"
            if numbers[row.no] > 1:
                yield self.error((*path, "no"), f"序号 {row.no} 重复")
            if indicators[row.indicator] > 1:
                yield self.error((*path, "indicator"), f"指标“{row.indicator}”重复")
            if row.deadline.year != year:
                yield self.warning(
                    (*path, "deadline"), f"{label}：完成时限 {row.deadline} 不在 {year} 年内"
                )
            for name in row.targets:
                if name not in names:
                    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
                    yield self.error(
                        (*path, "targets", name),
                        f"{label}：“{name}”不是 districts 里列出的县区{did_you_mean(close)}",
                        key=True,
                    )
            missing = [name for name in names if name not in row.targets]
            if missing:
                yield self.warning(
                    (*path, "targets"), f"{label}：没有给 {'、'.join(missing)} 下达任务数"
                )
            total = sum(row.targets.values(), Decimal(0))
            if row.total is not None and total != row.total:
                yield self.warning(
                    (*path, "total"),
                    f"{label}：各县区任务数合计 {fmt_measure(total, row.measure)}，"
                    f"与写明的合计 {fmt_measure(row.total, row.measure)}不符",
                )


def district_source(district: District, city_path: Path) -> str | None:
    """Where a district's ledger is fetched from: a URL as written, a path made absolute
    (relative paths are read from the city file's folder); None when not configured."""
    written = district.git if district.git is not None else district.path
    if written is None:
        return None
    if district.git is not None and is_url(written):
        return written
    path = Path(written).expanduser()
    return str(path if path.is_absolute() else (city_path.parent / path).resolve())
