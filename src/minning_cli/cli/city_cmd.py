"""``minning city``: the city's view over its districts' ledgers (check, fetch, status, export)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..views.city_format import CityFormat
from .app import app, handles_errors, parse_date, say_notice
from .formats import format_option
from .usage import MinningGroup, MinningTyper

if TYPE_CHECKING:
    from ..ledger.city_cache import DistrictRead
    from ..ledger.city_file import CityFile
    from ..ledger.city_model import District

city_app = MinningTyper(
    name="city",
    help=(
        "市级汇总：取回各县区的台账（各在自己的 git 仓库里），对照全市下达的任务数汇总。\n\n"
        "市级文件 city.yaml 写明全市各县区的任务数和每个县区的台账在哪里；"
        "用 minning init --city 目录 --from data/tasks.yaml 生成第一份。\n\n"
        "示例：minning city fetch --city ~/市级/city.yaml　　"
        "minning city status --city ~/市级 --as-of 2023-09-30"
    ),
    no_args_is_help=True,
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]...",
    cls=MinningGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(city_app, name="city")

CityOption = Annotated[
    str | None,
    typer.Option(
        "--city",
        metavar="路径",
        help="市级文件 city.yaml（或其所在目录）。缺省时用环境变量 MINNING_CITY，"
        "再缺省时用当前目录的 city.yaml。",
    ),
]
CacheOption = Annotated[
    Path | None,
    typer.Option(
        "--cache",
        metavar="目录",
        help="存放各县区台账副本的目录，缺省为用户缓存目录（MINNING_CACHE）下的 city/。"
        "不能在市级文件所在的目录里。",
    ),
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", metavar="日期", help="截至哪一天，缺省为今天。")
]


def _city(given: str | None, *, quiet: bool = True) -> CityFile:
    """The valid city file; its warnings shown in full, or (``quiet``) counted in one line."""
    from ..ledger.city_file import find_city_file, load_city
    from ..views.render import make_console, print_problems

    read = load_city(find_city_file(given))
    warnings = [p for p in read.problems if not p.is_error]
    if warnings and quiet:
        typer.echo(f"注意：市级文件有 {len(warnings)} 个警告（minning city check 查看）", err=True)
    elif warnings:
        print_problems(warnings, make_console(stderr=True))
    return read


def _sources(read: CityFile) -> list[tuple[District, str | None]]:
    from ..ledger.city_file import district_source

    assert read.city is not None
    return [(d, district_source(d, read.path)) for d in read.city.districts]


def _reads(read: CityFile, cache: Path | None) -> Iterator[DistrictRead]:
    """Each district's copy, loaded one at a time as the roll-up asks for it."""
    from ..ledger.city_cache import city_cache_dir, read_district

    folder = city_cache_dir(read.path, cache)
    return (read_district(folder, d, s) for d, s in _sources(read))


@city_app.command("check")
@handles_errors
def city_check(city: CityOption = None) -> None:
    """检查市级文件 city.yaml：任务数、县区、台账位置，错误以“文件:行:列”指出。

    示例：minning city check --city ~/市级/city.yaml
    """
    from ..views.render import make_console

    read = _city(city, quiet=False)
    assert read.city is not None
    warnings = sum(1 for p in read.problems if not p.is_error)
    make_console().print(
        f"检查通过：{len(read.city.rows)} 项任务、{len(read.city.districts)} 个县区；"
        f"{warnings} 个警告。"
    )


@city_app.command("fetch")
@handles_errors
def city_fetch(city: CityOption = None, cache: CacheOption = None) -> None:
    """用 git 取回各县区的台账，存进缓存目录；取回失败的县区沿用上次的副本并标为过期。

    只运行 git fetch（不运行仓库里的任何钩子或程序、不取子模块、不检出），各县区的仓库不会被改动。
    断网时 city status 用上次取回的副本。有县区取回失败时退出码为 1。

    示例：minning city fetch --city ~/市级/city.yaml
    """
    from ..ledger.city_cache import city_cache_dir
    from ..views.render_city import print_fetch
    from ..writing.city_fetch import fetch_city

    read = _city(city)
    folder = city_cache_dir(read.path, cache)
    now = dt.datetime.now(dt.UTC).astimezone()
    outcomes = fetch_city(folder, _sources(read), now)
    print_fetch(outcomes)
    if any(o.record is not None and o.record.error is not None for o in outcomes):
        raise typer.Exit(1)


@city_app.command("status")
@handles_errors
def city_status(
    city: CityOption = None,
    cache: CacheOption = None,
    as_of: AsOfOption = None,
    district: Annotated[
        list[str] | None,
        typer.Option(
            "--district",
            "-d",
            metavar="县区",
            help="只列出这些县区（可写多次）；全市合计仍是全市的。",
        ),
    ] = None,
    format: Annotated[
        CityFormat,
        format_option("输出格式：table 为表格，json 供程序读取，csv 可用 Excel 打开。"),
    ] = CityFormat.TABLE,
) -> None:
    """全市汇总：每项任务各县区的完成数对照全市下达的任务数，含完成率、按进度应完成数、状态。

    另列出台账目标与全市任务数不同的县区、台账有错的县区（给出错误位置，其余县区照常汇总）、
    过期的县区（最近一次取回失败：给出所用副本的版本和最近一条记录的日期）。先运行 city fetch。

    示例：minning city status --as-of 2023-09-30　　minning city status -d 鼓楼区 -f json
    """
    from ..figures.city_status import compute_city_status, only_districts
    from ..ledger.period import year_as_of
    from ..views.render_city import CITY_RENDERERS

    read = _city(city)
    assert read.city is not None
    chosen = year_as_of(read.city.city.year, parse_date(as_of, "--as-of"), dt.date.today())
    say_notice(chosen)  # first, as the district commands: not lost under a long table
    status = compute_city_status(read.city, _reads(read, cache), chosen.day)
    if district:
        status = only_districts(status, _districts(read, district))
    CITY_RENDERERS[format](status)


def _districts(read: CityFile, wanted: list[str]) -> set[str]:
    from ..ledger.names import did_you_mean
    from ..text.errors import UsageError

    assert read.city is not None
    names = [d.name for d in read.city.districts]
    for name in wanted:
        if name not in names:
            import difflib

            close = difflib.get_close_matches(name, names, n=1, cutoff=0.3)
            raise UsageError(f"--district：“{name}”不是市级文件里的县区{did_you_mean(close)}")
    return set(wanted)


@city_app.command("export")
@handles_errors
def city_export(
    file: Annotated[Path, typer.Argument(metavar="文件", help="要写的 .xlsx 文件。")],
    city: CityOption = None,
    cache: CacheOption = None,
    as_of: AsOfOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="覆盖一个已有的、不是 minning 导出的文件。")
    ] = False,
) -> None:
    """导出全市汇总的 Excel 工作簿：总览一张，每项任务一张（各县区 任务数、完成、完成率、时序进度）。

    数字与 minning city status --as-of 同一天 --format json 一致；先写临时文件再替换。

    示例：minning city export 全市闽宁协作完成情况.xlsx --as-of 2023-09-30
    """
    from ..figures.city_status import compute_city_status
    from ..ledger.period import year_as_of
    from ..views.render import make_console
    from ..views.xlsx.city import CITY_CREATOR, build_city_workbook
    from ..writing.export_file import save_workbook

    read = _city(city)
    assert read.city is not None
    chosen = year_as_of(read.city.city.year, parse_date(as_of, "--as-of"), dt.date.today())
    say_notice(chosen)  # first, as the district commands: not lost under a long table
    status = compute_city_status(read.city, _reads(read, cache), chosen.day)
    workbook = build_city_workbook(status)
    replaced = save_workbook(
        workbook.save, file, read.path.parent, creator=CITY_CREATOR, force=force
    )
    sheets = "、".join(workbook.sheetnames)
    verb = "已覆盖" if replaced else "已导出"
    make_console().print(f"{verb} {file}（截至 {chosen.day}）：{sheets}", soft_wrap=True)
