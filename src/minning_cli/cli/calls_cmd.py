"""``minning calls``: whom to phone next, and what to ask for."""

from __future__ import annotations

from typing import Annotated

import typer

from ..text.errors import UsageError
from ..views.formats import CALLS_RENDERERS, CallList, CallsFormat
from .app import State, app, as_of_day, handles_errors
from .formats import CallsFormatOption


@app.command()
@handles_errors
def calls(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="日期", help="截至哪一天，缺省为今天。")
    ] = None,
    silent_days: Annotated[
        int,
        typer.Option("--silent-days", metavar="天数", help="多少天没有记录算“久未联系”，缺省 30。"),
    ] = 30,  # calls.SILENT_DAYS; a literal here so that start-up need not import calls
    row_window: Annotated[
        int,
        typer.Option(
            "--row-window",
            metavar="天数",
            help="没有数字指标的任务（如任务7）离时限多少天内仍无记录就列入，缺省 30。",
        ),
    ] = 30,  # calls.ROW_WINDOW_DAYS
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", metavar="个数", help="只列最靠前的几个单位。")
    ] = None,
    format: CallsFormatOption = CallsFormat.TABLE,
) -> None:
    """今天该给谁打电话：按轻重排好的联系单，每个单位附联系人、要问的事和最近一条记录。

    列入的单位：有分解任务滞后或逾期；结对等事项 14 天内到期或已逾期；牵头的每月事项有某月过了
    截止日未报（全区一份，列在第一个牵头单位下，逐月列出）；牵头的无数字任务 --row-window 天内到期
    仍无记录、已逾期，或持续推进的任务久无记录（列出每个牵头单位）；或有未完成的任务却 N 天以上没有记录。
    逾期的排在只是滞后的前面；打分办法见 README。

    示例：minning calls --as-of 2023-06-30 --limit 10　　minning calls --format json
    """
    from ..figures.calls import compute_calls

    if silent_days < 1:
        raise UsageError(f"--silent-days 应为正整数，而不是 {silent_days}")
    if row_window < 0:
        raise UsageError(f"--row-window 应为非负整数，而不是 {row_window}")
    if limit is not None and limit < 1:
        raise UsageError(f"--limit 应为正整数，而不是 {limit}")
    state: State = ctx.obj
    book = state.book()
    day = as_of_day(book.ledger.ledger, as_of)
    found = compute_calls(book, day, silent_days=silent_days, row_window=row_window)
    shown = found[:limit] if limit is not None else found
    CALLS_RENDERERS[format](CallList(shown, len(found), day, silent_days, book.ledger))
