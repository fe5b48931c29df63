"""``minning review``: what changed in the ledger since a git revision, in plain words."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from ..views.formats import REVIEW_RENDERERS, ReviewFormat
from .app import State, app, as_of_day, handles_errors
from .formats import ReviewFormatOption


@app.command()
@handles_errors
def review(
    ctx: typer.Context,
    rev: Annotated[
        str,
        typer.Argument(
            metavar="版本", help="与 git 里的哪个版本对比：HEAD（缺省）、HEAD~1、分支名或提交编号。"
        ),
    ] = "HEAD",
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="日期",
            help="完成情况截至哪一天，缺省为今天与台账年度最后一天中较早的一天。",
        ),
    ] = None,
    format: ReviewFormatOption = ReviewFormat.TEXT,
) -> None:
    """提交之前看一眼：工作区的台账与 git 里某个版本相比，改了什么。

    列出新增记录、作废记录（及原因）、tasks.yaml 里改动的目标/分解/单位/时限/结对（原 → 新），
    以及涉及的每个单位前后的完成情况。已有记录被直接改动或删除时给出警告（minning 只追加）。

    示例：minning review　　minning review HEAD~3 --as-of 2023-06-30 --format json
    """
    from ..figures.review import review as review_ledger

    state: State = ctx.obj
    day = as_of_day(state.ledger().ledger.ledger, as_of)
    REVIEW_RENDERERS[format](review_ledger(state.data_dir(), rev, day, dt.date.today()))
