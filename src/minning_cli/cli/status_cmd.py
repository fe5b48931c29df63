"""``minning status``: target against actual."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from ..text.errors import UsageError
from ..views.render_json import print_json
from .app import State, _format, app, handles_errors, parse_date


@app.command()
@handles_errors
def status(
    ctx: typer.Context,
    unit: Annotated[
        str | None, typer.Argument(metavar="单位", help="只看这个单位（名称、别名、拼音均可）。")
    ] = None,
    task: Annotated[
        str | None, typer.Option("--task", "-t", metavar="任务", help="只看这一行。")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="日期", help="截至哪一天，缺省为今天。")
    ] = None,
    format: Annotated[
        str,
        typer.Option("--format", "-f", metavar="格式", help="table、json、csv 或 markdown。"),
    ] = "table",
) -> None:
    """各单位目标与完成情况：完成/目标、完成率、按进度应完成数、状态（已完成/正常/滞后/逾期/无目标）。

    不带参数时显示全区总表；给出单位时显示该单位的详情；--task 显示一行任务的各单位（最落后的在前）。

    示例：minning status --as-of 2023-09-30　　minning status 洪山镇　　minning status --task 4
    """
    from ..figures.status import compute_status, filter_report
    from ..ledger.names import Registry
    from ..ledger.resolve import resolve_task, resolve_unit

    _format(format, ("table", "json", "csv", "markdown"))
    state: State = ctx.obj
    book = state.book()
    day = parse_date(as_of, "--as-of") or dt.date.today()
    report = compute_status(book, day)
    registry = Registry(book.ledger)
    unit_name = resolve_unit(registry, unit) if unit is not None else None
    task_no = resolve_task(book.ledger, registry, task, unit_name or "").no if task else None
    if format == "json":
        print_json(filter_report(report, unit_name, task_no))
        return
    if format in ("csv", "markdown"):
        if unit_name or task_no:
            raise UsageError("csv 和 markdown 只用于全区总表；单位或任务的详情请用 table 或 json")
        from ..views.render_status_text import overview_csv, overview_markdown

        text = overview_csv if format == "csv" else overview_markdown
        sys.stdout.write(text(report, book.ledger))
        return
    from ..views.render import make_console
    from ..views.render_status import overview, task_view, unit_view

    console = make_console()
    if unit_name is not None:
        console.print(unit_view(report, book, unit_name))
    elif task_no is not None:
        console.print(task_view(report, book, task_no))
    else:
        console.print(overview(report, book, width=console.width))
