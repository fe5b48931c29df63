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
        Path, typer.Argument(metavar="目录", help="新台账目录（将在其中创建 tasks.yaml）。")
    ],
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
) -> None:
    """新建台账：空白模板（每节都有注释说明），或从已有台账生成下一年的框架。

    从已有台账生成时，保留单位、单位组、结对方、各行任务和分解；日期移到新年度；所有数字、时限和原文
    所在行标上“待核对”，不带任何进展记录。已有 tasks.yaml 的目录不会被覆盖。

    示例：minning init ~/闽宁2024/data --from data/tasks.yaml --year 2024

    示例：minning init 新台账 --year 2024
    """
    from ..ledger.tasks_file import read_tasks
    from ..views.render import make_console
    from ..writing.init import init_ledger

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
