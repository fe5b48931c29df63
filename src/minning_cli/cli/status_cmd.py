"""``minning status``: target against actual."""

from __future__ import annotations

from typing import Annotated

import typer

from ..views.formats import STATUS_RENDERERS, StatusFormat, StatusView
from .app import State, app, as_of_day, handles_errors
from .formats import StatusFormatOption


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
    format: StatusFormatOption = StatusFormat.TABLE,
) -> None:
    """各单位目标与完成情况：完成/目标、完成率、按进度应完成数、状态（已完成/正常/滞后/逾期/无目标）。

    不带参数时显示全区总表；给出单位时显示该单位的详情；--task 显示一行任务的各单位（最落后的在前）。

    示例：minning status --as-of 2023-09-30　　minning status 洪山镇　　minning status --task 4
    """
    from ..figures.status import compute_status
    from ..ledger.names import Registry
    from ..ledger.resolve import resolve_task, resolve_unit

    state: State = ctx.obj
    book = state.book()
    day = as_of_day(book.ledger.ledger, as_of)
    report = compute_status(book, day)
    registry = Registry(book.ledger)
    unit_name = resolve_unit(registry, unit) if unit is not None else None
    task_no = resolve_task(book.ledger, registry, task, unit_name or "").no if task else None
    STATUS_RENDERERS[format](StatusView(report, book, unit_name, task_no))
