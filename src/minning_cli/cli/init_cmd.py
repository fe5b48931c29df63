"""``minning init``: start a new ledger (a blank template or next year's skeleton)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ..text.errors import UsageError
from .app import app, handles_errors


@app.command()
@handles_errors
def init(
    folder: Annotated[
        Path | None, typer.Argument(metavar="目录", help="新台账目录（将在其中创建 tasks.yaml）。")
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", metavar="年度", help="台账年度，缺省为今年（或 --from 的下一年）。"),
    ] = None,
    source: Annotated[
        Path | None,
        typer.Option(
            "--from", metavar="路径", help="从已有的 tasks.yaml（或其目录）生成下一年的台账。"
        ),
    ] = None,
    city: Annotated[
        Path | None,
        typer.Option(
            "--city",
            metavar="目录",
            help="改为生成市级文件：在该目录里写 city.yaml（全市各县区任务数取自 --from 的台账）。",
        ),
    ] = None,
) -> None:
    """新建台账：空白模板（每节都有注释说明），或从已有台账生成下一年的框架。

    从已有台账生成时，保留单位、单位组、结对方、各行任务和分解；日期移到新年度；所有数字、时限和原文
    所在行标上“待核对”，不带任何进展记录。已有 tasks.yaml 的目录不会被覆盖。

    示例：minning init ~/闽宁2024/data --from data/tasks.yaml --year 2024

    示例：minning init 新台账 --year 2024

    示例：minning init --city ~/市级 --from data/tasks.yaml（市级汇总文件，见 minning city）
    """
    from ..ledger.tasks_file import read_tasks
    from ..views.render import make_console
    from ..writing.init import init_ledger

    if city is not None:
        _init_city(city, source, folder)
        return
    if folder is None:
        raise UsageError("缺少参数“目录”：新台账目录（或用 --city 目录 生成市级文件）")
    if year is None:
        year = dt.date.today().year
        if source is not None:
            ledger, _map, _problems = read_tasks(source.parent if source.is_file() else source)
            year = ledger.ledger.year + 1 if ledger is not None else year
    if not 2000 <= year <= 2100:
        raise UsageError(f"--year 应为 2000 到 2100 之间的年份，而不是 {year}")
    created = init_ledger(folder, year, source)
    console = make_console()
    console.print(f"已创建 {year} 年台账：", style="green")
    for path in created:
        console.print(f"  {path}")
    console.print(f"下一步：编辑 {folder / 'tasks.yaml'}，然后运行 minning --data {folder} check")


def _init_city(city: Path, source: Path | None, folder: Path | None) -> None:
    """``--city``: the first city file, from the city figures of a district ledger."""
    from ..views.render import make_console
    from ..writing.city_init import init_city

    if source is None:
        raise UsageError(
            "--city 需要 --from：从哪份台账的全市任务数生成，如 --from data/tasks.yaml"
        )
    if folder is not None:
        raise UsageError(f"--city 与目录参数“{folder}”不能同时给出")
    created = init_city(city, source)
    console = make_console()
    console.print(f"已创建市级文件：{created}", style="green")
    console.print(
        f"下一步：在 {created} 的 districts 里写明每个县区台账的 git 地址，"
        f"然后运行 minning city fetch --city {created}",
        soft_wrap=True,
    )
