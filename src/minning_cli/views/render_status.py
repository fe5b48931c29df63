"""How ``minning status`` looks on a terminal: the overview, one unit, one row.

Everything shown comes from a ``StatusReport``; text from files is wrapped in ``Text`` so
it is printed literally.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..figures.status import (
    AllocationStatus,
    MilestoneStatus,
    StatusReport,
)
from ..ledger.book import Book
from ..ledger.model import Entry
from ..ledger.plain import as_plain
from ..ledger.status import Status
from ..text.amounts import fmt, fmt_measure
from .labels import PACING_LABELS, STATUS_LABELS, STATUS_ORDER, UNIT_KIND_LABELS
from .render_duties import (
    STYLES,
    activity_text,
    funds_lines,
    lead_line,
    milestone_word,
    monthly_line,
    row_line,
    term_lines,
)
from .render_log import kind_name, noted
from .render_status_text import figure_headers, figure_rows, overview_rows, pct
from .width import SECTION, Column, Fitted, fits, fitted_table, name_text

__all__ = ["STYLES", "overview", "task_view", "unit_view"]


def cell(allocation: AllocationStatus | None, lines: int = 1) -> Text:
    """actual/target, the percentage and the status in words, coloured by status: on one
    line, or the fraction above the rest (``lines=2``)."""
    if allocation is None:
        return Text("")
    target = fmt(allocation.target, unknown="?")
    return figure_text(
        f"{fmt(allocation.actual)}/{target}", allocation.percent, allocation.status, lines
    )


def figure_text(fraction: str, percent: Decimal | None, status: Status | None, lines: int) -> Text:
    """``7/11 63.6% 正常``; with ``lines=2`` the fraction on a line of its own."""
    gap = "\n" if lines == 2 else " "
    word = f" {STATUS_LABELS[status]}" if status is not None else ""
    return Text(f"{fraction}{gap}{pct(percent)}{word}", style=STYLES.get(status or "", ""))


def milestone_cell(milestone: MilestoneStatus | None) -> Text:
    """✓ and the date, or the status in Chinese."""
    if milestone is None:
        return Text("")
    if milestone.done and milestone.done_on is not None:
        return Text(f"✓ {milestone.done_on:%m-%d}", style="green")
    return Text(STATUS_LABELS[milestone.status], style=STYLES.get(milestone.status, ""))


def overview(report: StatusReport, book: Book, width: int | None = None) -> RenderableType:
    """The whole district on one screen: a row per unit, then the rest in a few lines.

    Each figure says its status in words beside the colour. When a figure does not fit on
    one line, its fraction goes above its percentage and status; a unit's name is never
    split inside a word. ``width`` is for callers that know it; else the console's.
    """
    if width is not None:
        return _overview(report, book, width)
    return Fitted(lambda shown: _overview(report, book, shown))


def _overview(report: StatusReport, book: Book, width: int) -> Group:
    ledger = book.ledger
    totals = {t.no: t for t in report.tasks}
    pairings = [m for m in report.milestones if m.partner is not None]
    done_pairings = sum(1 for m in pairings if m.done)

    def layout(lines: int) -> tuple[list[Column], list[list[RenderableType] | None]]:
        columns = [Column("单位", footer="全区合计")]
        for no, header in zip(figure_rows(ledger), figure_headers(ledger), strict=True):
            total = totals[no]
            footer = figure_text(
                f"{fmt(total.actual)}/{fmt(total.target)}", total.percent, total.status, lines
            )
            columns.append(Column(header, justify="right", footer=footer, grow=lines - 1, least=10))
        columns.append(Column("结对", justify="right", footer=f"{done_pairings}/{len(pairings)}"))
        rows: list[list[RenderableType] | None] = []
        current = None
        for group, name, cells in overview_rows(report, ledger):
            if group != current:
                if current is not None:
                    rows.append(SECTION)
                rows.append([Text(group, style="bold"), *[Text("")] * len(cells)])
                current = group
            figures = [
                cell(c if isinstance(c, AllocationStatus) else None, lines) for c in cells[:-1]
            ]
            pairing = cells[-1] if isinstance(cells[-1], MilestoneStatus) else None
            rows.append([name_text(name), *figures, milestone_cell(pairing)])
        return columns, rows

    columns, rows = layout(1)
    if not fits(columns, rows, width):
        columns, rows = layout(2)
    title = f"{ledger.ledger.title} 完成情况（截至 {report.as_of}）"
    table = fitted_table(columns, rows, width, title=title)
    legend = Text("图例：")
    for code in (Status.DONE, Status.ON_TRACK, Status.BEHIND, Status.OVERDUE, Status.NO_TARGET):
        legend.append(f"{STATUS_LABELS[code]} ", style=STYLES[code])
    legend.append("（完成/目标 完成率 状态；?=目标未定）", style="dim")
    parts: list[RenderableType] = [table, legend, Text(""), *rest_panel(report, book)]
    return Group(*parts)


def rest_panel(report: StatusReport, book: Book) -> list[Text]:
    """Rows without figures (with lead units and status), terms, pairings, monthly duties."""
    ledger = book.ledger
    lines: list[Text] = []
    for task in ledger.tasks:
        standing = report.row(task.no)
        if standing.activity is not None and standing.activity.status is not None:
            lines.append(row_line(standing, task.leads))
        flagged = [t for t in standing.terms if t.flags and "no_plan" not in t.flags]
        if flagged:
            line = Text()
            line.append(f"{task.no} {task.title}任期：", style="bold")
            line.append(f"{len(flagged)} 次选派不满任期要求")
            lines += [line, *term_lines(flagged, _term_months(book, task.no))]
    for task in ledger.tasks:
        pairings = [m for m in report.row(task.no).milestones if m.partner is not None]
        if not pairings:
            continue
        done = sum(1 for m in pairings if m.done)
        late = [m.unit or "" for m in pairings if m.status == Status.OVERDUE]
        line = Text()
        line.append(f"{task.no} {task.title}：", style="bold")
        line.append(f"已结对 {done}/{len(pairings)}")
        if late:
            line.append(f"；逾期未结对：{'、'.join(late)}", style=STYLES[Status.OVERDUE])
        lines.append(line)
    for no in sorted({m.task for m in report.instalments}):
        lines.append(monthly_line(no, [m for m in report.instalments if m.task == no], "已发"))
    for no in sorted({m.task for m in report.monthly}):
        lines.append(monthly_line(no, [m for m in report.monthly if m.task == no]))
        funds = report.row(no).funds
        if funds:
            lines += funds_lines(funds[-1:])
    for activity in report.activities:
        if activity.status is not None or not activity.count:
            continue  # a tracked row stands above; rows 6, 11, 14 only when they have some
        line = Text()
        line.append(f"{activity.task} {activity.title}：", style="bold")
        lines.append(line.append_text(activity_text(activity)))
    return lines


def _term_months(book: Book, no: int) -> int | None:
    return next((i.term_months for i in book.ledger.task(no).indicators if i.term_months), None)


# ---------------------------------------------------------------- one unit, one row


def allocation_table(
    allocations: Iterable[AllocationStatus], title: str, *, unit_column: bool, width: int
) -> Table:
    """Shares with target, actual, percent, expected, remaining, weekly rate and status; when
    short of room the weekly rate goes first, then what was expected by now."""
    columns = [
        Column("单位" if unit_column else "任务"),
        *(Column(header, justify="right") for header in ("目标", "完成", "完成率")),
        Column("应完成", justify="right", drop=2),
        Column("还差", justify="right"),
        Column("每周需", justify="right", drop=3),
        Column("时限"),
        Column("状态"),
    ]
    rows: list[list[RenderableType] | None] = []
    for a in allocations:
        label = (
            name_text(a.unit or "（未分配）") if unit_column else Text(f"{a.task} {a.indicator}")
        )
        rows.append(
            [
                label,
                Text(fmt_measure(a.target, a.measure, unknown="未定")),
                Text(fmt(a.actual)),
                Text(pct(a.percent)),
                Text(fmt(a.expected, unknown="—")),
                Text(fmt(a.remaining, unknown="—")),
                Text(fmt(a.weekly_needed, unknown="—")),
                Text(str(a.deadline)),
                Text(STATUS_LABELS[a.status], style=STYLES.get(a.status, "")),
            ]
        )
    return fitted_table(columns, rows, width, title=title)


def unit_view(report: StatusReport, book: Book, unit: str) -> Fitted:
    """One unit before calling it: its shares, milestones, last five entries, contact."""
    return Fitted(lambda width: _unit_view(report, book, unit, width))


def _unit_view(report: StatusReport, book: Book, unit: str, width: int) -> Group:
    ledger = book.ledger
    registry_unit = next((u for u in ledger.units if u.name == unit), None)
    parts: list[RenderableType] = []
    head = Text(f"{unit}（截至 {report.as_of}）", style="bold")
    if registry_unit is not None:
        contact = registry_unit.contact
        who = (
            " ".join(x for x in (contact.person, contact.phone) if x)
            or "联系人未填写（在 tasks.yaml 的 contact 里填）"
        )
        head.append(f"　{UNIT_KIND_LABELS[registry_unit.kind]}　联系人：{who}", style="")
    parts.append(head)
    mine = [a for a in report.allocations if a.unit == unit]
    if mine:
        parts.append(allocation_table(mine, "分解任务", unit_column=False, width=width))
        rules = sorted({PACING_LABELS[a.pacing] for a in mine})
        parts.append(Text(f"进度规则：{'、'.join(rules)}（见 README“完成情况”）", style="dim"))
    terms = [t for a in mine for t in a.terms]
    if terms:
        parts.append(Text("选派任期：", style="bold"))
        parts += term_lines(terms, _term_months(book, next(a.task for a in mine if a.terms)))
    parts += duty_lines(report, book, unit, {a.task for a in mine})
    if len(parts) == 1:
        parts.append(Text("这个单位在分工表里没有牵头或分解的任务。", style="dim"))
    entries = sorted(
        (e for e in book.active() if e.unit == unit and e.date <= report.as_of),
        key=lambda e: (e.date, e.recorded_at),
    )[-5:]
    columns = [
        Column("日期"),
        Column("任务", justify="right"),
        Column("类型"),
        Column("数额", justify="right"),
        Column("备注", grow=1, least=16),
    ]
    rows: list[list[RenderableType] | None] = [_recent(entry) for entry in reversed(entries)]
    recent = fitted_table(columns, rows, width, title="最近 5 条记录")
    parts.append(recent if entries else Text("还没有任何记录。", style="dim"))
    return Group(*parts)


def _recent(entry: Entry) -> list[RenderableType]:
    """One of a unit's latest entries: a return says 返回 and its dispatch, a dispatch its
    term, row 11's report its funds."""
    fields = as_plain(entry)
    return [
        Text(str(entry.date)),
        Text(str(entry.task)),
        Text(kind_name(fields)),
        Text(fmt(entry.amount, unknown="")),
        Text(noted(fields)),
    ]


def duty_lines(report: StatusReport, book: Book, unit: str, shared: set[int]) -> list[Text]:
    """Every row a unit leads or answers for beyond its shares, in the table's order: a row
    without figures, a row with figures it leads (the district's figure), its milestones and
    pairings, the monthly duties it shares."""
    lines: list[Text] = []
    for total in report.tasks:
        standing = report.row(total.no)
        activity = standing.activity
        if activity is not None and activity.status is not None:
            if unit in activity.units:
                lines.append(row_line(standing, book.ledger.task(total.no).leads))
            continue
        if unit in total.leads and total.no not in shared and total.target is not None:
            task = book.ledger.task(total.no)
            lines.append(lead_line(total, task.leads, task.roles.get(unit)))
        for milestone in standing.milestones:
            if unit in milestone.units:
                line = Text(f"{milestone.task} {milestone.name}：")
                lines.append(line.append_text(milestone_word(milestone)))
        paid = [m for m in standing.instalments if unit in m.units]
        if paid:
            lines.append(monthly_line(total.no, paid, "已发"))
        months = [m for m in standing.monthly if unit in m.units]
        if months:
            lines.append(monthly_line(total.no, months))
            lines += funds_lines(standing.funds)
    return lines


def task_view(report: StatusReport, book: Book, no: int) -> Fitted:
    """One row: every share worst first, what is unallocated, the city's total for context."""
    return Fitted(lambda width: _task_view(report, book, no, width))


def _task_view(report: StatusReport, book: Book, no: int, width: int) -> Group:
    ledger = book.ledger
    task = ledger.task(no)
    parts: list[RenderableType] = []
    standing = report.row(no)
    total = standing.total
    head = Text(f"{no} {task.title}（截至 {report.as_of}）", style="bold")
    if total.target is not None and total.measure is not None:
        head.append(
            f"　全区 {fmt(total.actual)}/{fmt_measure(total.target, total.measure)}（{pct(total.percent)}）"
        )
    parts.append(head)
    rows = sorted(
        standing.allocations,
        key=lambda a: (
            STATUS_ORDER.get(a.status, 9),
            a.percent if a.percent is not None else Decimal(10**9),
        ),
    )
    if rows:
        parts.append(
            allocation_table(rows, "各单位（最落后的在前）", unit_column=True, width=width)
        )
    for gap in standing.unallocated:
        if gap.remainder:
            line = Text(f"未分解：{fmt_measure(gap.remainder, gap.measure)}")
            if gap.pending:
                line.append(f"（{'；'.join(gap.pending)}）")
            parts.append(line)
        if gap.city is not None and gap.city_total is not None:
            parts.append(
                Text(
                    f"全市：{ledger.ledger.district} {fmt(gap.city)} / 全市合计 "
                    f"{fmt_measure(gap.city_total, gap.measure)}",
                    style="dim",
                )
            )
    activity = standing.activity
    if activity is not None and activity.status is not None:
        parts.append(row_line(standing, task.leads))
    else:
        for milestone in standing.milestones:
            line = Text(f"{'、'.join(milestone.units)} {milestone.name}：")
            line.append_text(milestone_word(milestone))
            parts.append(line)
    if standing.terms:
        parts.append(Text("选派任期：", style="bold"))
        parts += term_lines(standing.terms, _term_months(book, no))
    if standing.instalments:
        parts.append(monthly_line(no, standing.instalments, "已发"))
    if standing.monthly:
        parts.append(monthly_line(no, standing.monthly))
        parts += funds_lines(standing.funds)
    if activity is not None and activity.status is None and activity.count:
        parts.append(activity_text(activity))
    return Group(*parts)
