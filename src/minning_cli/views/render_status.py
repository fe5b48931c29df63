"""How ``minning status`` looks on a terminal: the overview, one unit, one row.

Everything shown comes from a ``StatusReport``; text from files is wrapped in ``Text`` so
it is printed literally.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..figures.status import (
    Activity,
    AllocationStatus,
    MilestoneStatus,
    MonthlyStatus,
    StatusReport,
)
from ..ledger.book import Book
from ..ledger.status import Status
from ..text.amounts import fmt, fmt_measure
from .labels import ENTRY_KIND_NAMES, STATUS_LABELS, STATUS_ORDER, UNIT_KIND_LABELS
from .render import cell_text
from .render_status_text import figure_headers, figure_rows, month_ranges, overview_rows, pct

STYLES: dict[str, str] = {
    Status.DONE: "green",
    Status.ON_TRACK: "cyan",
    Status.BEHIND: "yellow",
    Status.OVERDUE: "bold red",
    Status.NO_TARGET: "dim",
    Status.PENDING: "",
    Status.ON_TIME: "green",
    Status.LATE: "yellow",
    Status.MISSING: "bold red",
}


def cell(allocation: AllocationStatus | None, compact: bool = False) -> Text:
    """actual/target and the percentage (on a second line when compact), coloured by status."""
    if allocation is None:
        return Text("")
    target = fmt(allocation.target, unknown="?")
    gap = "\n" if compact else " "
    text = f"{fmt(allocation.actual)}/{target}{gap}{pct(allocation.percent)}"
    return Text(text, style=STYLES.get(allocation.status, ""))


def milestone_cell(milestone: MilestoneStatus | None) -> Text:
    """✓ and the date, or the status in Chinese."""
    if milestone is None:
        return Text("")
    if milestone.done and milestone.done_on is not None:
        return Text(f"✓ {milestone.done_on:%m-%d}", style="green")
    return Text(STATUS_LABELS[milestone.status], style=STYLES.get(milestone.status, ""))


def overview(report: StatusReport, book: Book, width: int = 100) -> Group:
    """The whole district on one screen: a row per unit, then the rest in a few lines.

    Below 96 columns each figure takes two lines (fraction, then percentage) so nothing is cut.
    """
    ledger = book.ledger
    compact = width < 96
    figure_width = 9 if compact else 13
    unit_width = 14 if compact else 18
    table = Table(
        title=f"{ledger.ledger.title} 完成情况（截至 {report.as_of}）",
        box=box.SIMPLE_HEAD,
        show_footer=True,
        pad_edge=False,
        padding=(0, 1),
    )
    totals = {t.no: t for t in report.tasks}
    table.add_column(
        "单位", footer="全区合计", min_width=unit_width, max_width=unit_width, overflow="fold"
    )
    for no, header in zip(figure_rows(ledger), figure_headers(ledger), strict=True):
        total = totals[no]
        gap = "\n" if compact else " "
        footer = f"{fmt(total.actual)}/{fmt(total.target)}{gap}{pct(total.percent)}"
        table.add_column(
            header, footer=footer, justify="right", min_width=figure_width, max_width=16
        )
    pairings = [m for m in report.milestones if m.partner is not None]
    done_pairings = sum(1 for m in pairings if m.done)
    table.add_column(
        "结对", footer=f"{done_pairings}/{len(pairings)}", justify="right", max_width=8
    )
    current = None
    for group, name, cells in overview_rows(report, ledger):
        if group != current:
            if current is not None:
                table.add_section()
            table.add_row(Text(group, style="bold"), *[""] * len(cells))
            current = group
        figures = [
            cell(c if isinstance(c, AllocationStatus) else None, compact) for c in cells[:-1]
        ]
        pairing = cells[-1] if isinstance(cells[-1], MilestoneStatus) else None
        table.add_row(Text(name), *figures, milestone_cell(pairing))
    legend = Text("图例：")
    for code in (Status.DONE, Status.ON_TRACK, Status.BEHIND, Status.OVERDUE, Status.NO_TARGET):
        legend.append(f"{STATUS_LABELS[code]} ", style=STYLES[code])
    legend.append("（完成/目标 完成率；?=目标未定）", style="dim")
    parts: list[RenderableType] = [table, legend, Text(""), *rest_panel(report, book)]
    return Group(*parts)


def rest_panel(report: StatusReport, book: Book) -> list[Text]:
    """Row 1's milestones, pairings, the subsidies, the monthly duties, the rows without figures."""
    ledger = book.ledger
    lines: list[Text] = []
    for task in ledger.tasks:
        milestones = [m for m in report.milestones if m.task == task.no and m.partner is None]
        if milestones:
            line = Text()
            line.append(f"{task.no} {task.title}：", style="bold")
            for index, milestone in enumerate(milestones):
                if index:
                    line.append("；")
                optional = "（自选）" if milestone.optional else ""
                line.append(f"{milestone.name}{optional} ")
                line.append_text(_milestone_word(milestone))
            lines.append(line)
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
    for no in sorted({m.task for m in report.monthly}):
        lines.append(_monthly_line(no, [m for m in report.monthly if m.task == no]))
    shown = {m.task for m in report.milestones} | {m.task for m in report.monthly}
    for activity in report.activities:
        if activity.task in shown and not activity.count:
            continue  # the row's milestones, pairings or duties already stand above
        line = Text()
        line.append(f"{activity.task} {activity.title}：", style="bold")
        lines.append(line.append_text(activity_text(activity)))
    return lines


def activity_text(activity: Activity) -> Text:
    """The latest activity of a row without figures."""
    if activity.last is None:
        return Text("暂无记录", style="dim")
    text = Text(f"最近 {activity.last.date} {activity.unit or ''} ")
    text.append(cell_text(activity.last.note))
    total = f"，合计 {fmt(activity.total)}" if activity.total is not None else ""
    text.append(f"（共 {activity.count} 条{total}）", style="dim")
    return text


def _milestone_word(milestone: MilestoneStatus) -> Text:
    if milestone.done:
        return Text(f"已完成（{milestone.done_on}）", style="green")
    due = f"，时限 {milestone.due}" if milestone.due else ""
    return Text(STATUS_LABELS[milestone.status] + due, style=STYLES.get(milestone.status, ""))


def _monthly_line(no: int, months: Sequence[MonthlyStatus]) -> Text:
    name = months[0].name if months else ""
    line = Text()
    line.append(f"{no} {name}：", style="bold")
    counts = {
        code: sum(1 for m in months if m.status == code)
        for code in (Status.ON_TIME, Status.LATE, Status.MISSING)
    }
    line.append(f"按时 {counts[Status.ON_TIME]}、", style=STYLES[Status.ON_TIME])
    line.append(f"迟报 {counts[Status.LATE]}、", style=STYLES[Status.LATE])
    line.append(f"未报 {counts[Status.MISSING]}", style=STYLES[Status.MISSING])
    missing = [int(m.month[5:]) for m in months if m.status == Status.MISSING]
    if missing:
        line.append(f"（未报：{month_ranges(missing)}）", style=STYLES[Status.MISSING])
    pending = [m for m in months if m.status == Status.PENDING]
    if pending:
        line.append(f"；本月截止 {pending[0].due}，尚未报送")
    return line


# ---------------------------------------------------------------- one unit, one row


def allocation_table(
    allocations: Iterable[AllocationStatus], title: str, *, unit_column: bool
) -> Table:
    """Shares with target, actual, percent, expected, remaining, weekly rate and status."""
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False)
    if unit_column:
        table.add_column("单位", overflow="fold", max_width=18)
    else:
        table.add_column("任务", overflow="fold")
    for header in ("目标", "完成", "完成率", "应完成", "还差", "每周需"):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("时限", no_wrap=True)
    table.add_column("状态", no_wrap=True)
    for a in allocations:
        label = (a.unit or "（未分配）") if unit_column else f"{a.task} {a.indicator}"
        style = STYLES.get(a.status, "")
        table.add_row(
            Text(label),
            Text(fmt_measure(a.target, a.measure, unknown="未定")),
            Text(fmt(a.actual)),
            Text(pct(a.percent)),
            Text(fmt(a.expected, unknown="—")),
            Text(fmt(a.remaining, unknown="—")),
            Text(fmt(a.weekly_needed, unknown="—")),
            Text(str(a.deadline)),
            Text(STATUS_LABELS[a.status], style=style),
        )
    return table


def unit_view(report: StatusReport, book: Book, unit: str) -> Group:
    """One unit before calling it: its shares, milestones, last five entries, contact."""
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
        parts.append(allocation_table(mine, "分解任务", unit_column=False))
    milestones = [m for m in report.milestones if unit in m.units]
    monthly_rows = {m.task for m in report.monthly if unit in m.units}
    for milestone in milestones:
        line = Text(f"{milestone.task} {milestone.name}：")
        line.append_text(_milestone_word(milestone))
        parts.append(line)
    for no in sorted(monthly_rows):
        parts.append(_monthly_line(no, [m for m in report.monthly if m.task == no]))
    if not mine and not milestones and not monthly_rows:
        parts.append(Text("这个单位没有分解任务或结对；见牵头的任务：minning tasks", style="dim"))
    entries = sorted(
        (e for e in book.active() if e.unit == unit and e.date <= report.as_of),
        key=lambda e: (e.date, e.recorded_at),
    )[-5:]
    recent = Table(title="最近 5 条记录", box=box.SIMPLE_HEAD, pad_edge=False)
    for header in ("日期", "任务", "类型", "数额", "备注"):
        recent.add_column(header, overflow="fold")
    for entry in reversed(entries):
        recent.add_row(
            Text(str(entry.date)),
            Text(str(entry.task)),
            Text(ENTRY_KIND_NAMES[entry.kind]),
            Text(fmt(entry.amount, unknown="")),
            Text(cell_text(entry.note)),
        )
    parts.append(recent if entries else Text("还没有任何记录。", style="dim"))
    return Group(*parts)


def task_view(report: StatusReport, book: Book, no: int) -> Group:
    """One row: every share worst first, what is unallocated, the city's total for context."""
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
        parts.append(allocation_table(rows, "各单位（最落后的在前）", unit_column=True))
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
    milestones = standing.milestones
    for milestone in milestones:
        line = Text(f"{'、'.join(milestone.units)} {milestone.name}：")
        line.append_text(_milestone_word(milestone))
        parts.append(line)
    if standing.monthly:
        parts.append(_monthly_line(no, standing.monthly))
    activity = standing.activity
    if activity is not None and (activity.count or not (milestones or standing.monthly)):
        parts.append(activity_text(activity))
    return Group(*parts)
