"""``minning city status`` and ``city fetch`` on the terminal, and as JSON and CSV.

Reads a ``CityStatus`` (``figures.city_status``) only. One table per row of the city's
table (each district: the city's assignment, the figure, 完成率, the expected figure, the
status, and why a district is marked), the city's total last; then each district's copy
(which commit, when read, the last entry) and the located errors of invalid ledgers.
A format is one entry in ``CITY_RENDERERS``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..figures.city_status import (
    INVALID,
    NOT_FETCHED,
    OK,
    OTHER,
    STALE,
    UNCONFIGURED,
    CityRowStatus,
    CityStatus,
    DistrictFigure,
    DistrictState,
)
from ..ledger.city_cache import FetchOutcome
from ..text.amounts import fmt, fmt_measure
from .city_format import CityFormat
from .csv_out import CsvEncoding, csv_text, write_csv
from .labels import PACING_LABELS, STATUS_LABELS
from .render import make_console, print_problems, terminal_safe
from .render_json import print_json

STATE_LABELS: dict[str, str] = {
    OK: "正常",
    STALE: "过期",  # the last fetch failed: the copy before it is used
    INVALID: "台账有错",
    NOT_FETCHED: "未取回",
    UNCONFIGURED: "未配置",  # the city file does not say where the ledger is
    OTHER: "台账不符",  # another district's or another year's ledger
}
STATUS_STYLES = {"done": "green", "on_track": "cyan", "behind": "yellow", "overdue": "red"}


def _date(value: object) -> str:
    """An ISO date or date-time as its date: 2023-09-30T10:00:00+08:00 → 2023-09-30."""
    return str(value)[:10] if value else "—"


def _when(value: str | None) -> str:
    """A time stamp to the minute: 2026-11-30T15:30:12+00:00 → 2026-11-30 15:30."""
    return value[:16].replace("T", " ") if value else "—"


def _status(code: object) -> Text:
    if code is None:
        return Text("—", style="dim")
    return Text(STATUS_LABELS[str(code)], style=STATUS_STYLES.get(str(code), ""))


def _remark(figure: DistrictFigure, state: DistrictState, measure: str) -> str:
    marks = []
    if not state.summed:
        marks.append(f"未计入（{STATE_LABELS[state.state]}）")
    elif state.state == STALE:
        marks.append("过期的副本")
    if figure.target_differs and state.summed:
        own = fmt_measure(figure.own_target, measure, unknown="无此指标")
        marks.append(f"台账目标 {own}")
    return "；".join(marks)


def row_table(row: CityRowStatus, states: dict[str, DistrictState]) -> Table:
    """One row of the city's table: every district, then the city's total."""
    rule = PACING_LABELS.get(row.pacing, row.pacing)
    title = (
        f"任务{row.no} {row.title}（{row.indicator}，{row.measure}；时限 {row.deadline}，{rule}）"
    )
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False
    )
    for name, justify in (("县区", "left"), ("任务数", "right"), ("完成", "right"),
                          ("完成率", "right"), ("应完成", "right"), ("状态", "left"),
                          ("说明", "left")):  # fmt: skip
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for figure in row.districts:
        state = states[figure.district]
        table.add_row(
            figure.district,
            fmt(figure.target, unknown="—"),
            fmt(figure.actual, unknown="—"),
            f"{figure.percent}%" if figure.percent is not None else "—",
            fmt(figure.expected, unknown="—"),
            _status(figure.status),
            terminal_safe(_remark(figure, state, row.measure)),
        )
    table.add_section()
    table.add_row(
        Text("全市合计", style="bold"),
        fmt(row.target),
        fmt(row.actual),
        f"{row.percent}%" if row.percent is not None else "—",
        fmt(row.expected, unknown="—"),
        _status(row.status),
        "原表未写合计" if row.stated_total is None else "",
    )
    return table


def total_note(row: CityRowStatus) -> str:
    """What the city total stands on: the stated total or the sum, and who is not in it."""
    notes = []
    if row.stated_total is None:
        notes.append(f"原表未写合计，按各县区任务数之和{fmt_measure(row.assigned, row.measure)}")
    elif row.stated_total != row.assigned:
        notes.append(f"各县区任务数之和{fmt_measure(row.assigned, row.measure)}，与原表合计不同")
    if row.not_summed:
        share = f"{row.summed_percent}%" if row.summed_percent is not None else "—"
        notes.append(
            f"已计入{row.summed_count}个县区（任务数{fmt_measure(row.summed_target, row.measure)}，"
            f"完成率{share}）；未计入：{'、'.join(row.not_summed)}"
        )
    return "；".join(notes)


def districts_table(status: CityStatus) -> Table:
    """Each district's copy: its state, the commit read, when, and its last entry."""
    table = Table(
        title="各县区台账",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
    )
    for name in ("县区", "状态", "版本", "提交于", "取回于", "最近记录"):
        table.add_column(name, no_wrap=True)
    for d in status.districts:
        style = "" if d.state == OK else ("yellow" if d.state == STALE else "red")
        table.add_row(
            d.name,
            Text(STATE_LABELS[d.state], style=style),
            (d.commit or ("目录" if d.fetched_at else "—"))[:7],
            _date(d.committed),
            _when(d.fetched_at),
            _date(d.last_entry),
        )
    return table


def print_city_status(status: CityStatus, console: Console | None = None) -> None:
    """The whole roll-up on the terminal."""
    console = console or make_console()
    name = f"{status.city} " if status.city else ""
    console.print(f"{name}{status.title}　截至 {status.as_of}", style="bold", soft_wrap=True)
    states = {d.name: d for d in status.districts}
    if not any(d.fetched_at for d in status.districts):
        console.print("还没有取回任何县区的台账：请先运行 minning city fetch", style="yellow")
    for row in status.rows:
        console.print(row_table(row, states))
        note = total_note(row)
        if note:
            console.print(note, soft_wrap=True)
        console.print()
    console.print(districts_table(status))
    for d in status.districts:
        if d.reason:
            label = (
                "最近一次取回失败，沿用上次的副本" if d.state == STALE else STATE_LABELS[d.state]
            )
            console.print(f"{d.name}：{label}：{terminal_safe(d.reason)}", soft_wrap=True)
    differs = [
        f"{d.name} 任务{t.no} {t.indicator}：全市下达 {fmt(t.city)}，台账目标 "
        f"{fmt(t.own, unknown='（台账无此指标）')}"
        for d in status.districts
        for t in d.target_differs
    ]
    if differs:
        console.print("台账目标与全市任务数不同：", style="bold yellow")
        for line in differs:
            console.print(f"  {terminal_safe(line)}", soft_wrap=True)
    for d in status.districts:
        if d.errors:
            console.print(f"{d.name} 的台账有错误（其余县区照常汇总）：", style="bold red")
            print_problems(d.errors, console)


def _json(status: CityStatus) -> None:
    print_json(status.as_json())


CSV_HEADER = ("任务序号", "任务", "指标", "计量单位", "县区", "任务数", "台账目标", "完成",
              "完成率", "应完成", "状态", "计入合计", "说明")  # fmt: skip


def city_csv(status: CityStatus) -> str:
    """One line per district and row, and the city's total of each row."""
    states = {d.name: d for d in status.districts}
    lines: list[Sequence[str]] = []
    for row in status.rows:
        head = (str(row.no), row.title, row.indicator, row.measure)
        for f in row.districts:
            lines.append((*head, f.district, fmt(f.target, ""), fmt(f.own_target, ""),
                          fmt(f.actual, ""), fmt(f.percent, ""), fmt(f.expected, ""),
                          STATUS_LABELS[f.status] if f.status else "", "是" if f.summed else "否",
                          _remark(f, states[f.district], row.measure)))  # fmt: skip
        lines.append((*head, "全市合计", fmt(row.target), "", fmt(row.actual),
                      fmt(row.percent, ""), fmt(row.expected, ""), STATUS_LABELS[row.status],
                      "", "未计入：" + "、".join(row.not_summed) if row.not_summed else ""))  # fmt: skip
    return csv_text(CSV_HEADER, lines)


def _csv(status: CityStatus) -> None:
    write_csv(city_csv(status), CsvEncoding.UTF8, sys.stdout.buffer)


CITY_RENDERERS: dict[CityFormat, Callable[[CityStatus], None]] = {
    CityFormat.TABLE: print_city_status,
    CityFormat.JSON: _json,
    CityFormat.CSV: _csv,
}


def print_fetch(outcomes: Sequence[FetchOutcome], console: Console | None = None) -> None:
    """One line per district: what was read, or why not and which copy stays."""
    console = console or make_console()
    for outcome in outcomes:
        record = outcome.record
        if record is None:
            console.print(f"{outcome.district}：未写明台账位置，跳过", style="dim")
            continue
        version = (record.commit or "目录")[:7]
        if record.error is None:
            what = "已取回" if outcome.changed else "无变化"
            committed = f"（提交于 {_date(record.committed)}）" if record.committed else ""
            console.print(f"{outcome.district}：{what} {version}{committed}", soft_wrap=True)
        elif record.fetched_at is not None:
            console.print(
                f"{outcome.district}：取回失败，沿用 {_when(record.fetched_at)} 取回的 {version}"
                f"（标为过期）：{terminal_safe(record.error)}",
                style="yellow",
                soft_wrap=True,
            )
        else:
            console.print(
                f"{outcome.district}：取回失败，没有可用的副本：{terminal_safe(record.error)}",
                style="red",
                soft_wrap=True,
            )
