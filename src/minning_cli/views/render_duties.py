"""The duties beyond figures, as terminal lines: rows without figures, a lead unit's rows,
dispatch terms, instalments and row 11's fund figures.

Shared by the overview, one unit's view and one row's view (``render_status``); everything
shown comes from the ``StatusReport``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from ..figures.status import (
    Activity,
    MilestoneStatus,
    MonthlyStatus,
    RowStanding,
    TaskStatus,
    TermStatus,
)
from ..ledger.status import Status
from ..text.amounts import fmt, fmt_measure
from .labels import STATUS_LABELS, TERM_FLAG_LABELS
from .render import cell_text
from .render_status_text import month_list, pct

# A note in a line of its row is cut shorter than in a table: the log has it whole.
LINE_NOTE_CELLS = 40
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
    Status.NO_RECORD: "dim",
    Status.IN_PROGRESS: "cyan",
    Status.QUIET: "yellow",
    Status.SILENT_YEAR: "bold red",
}


def status_text(status: Status | None) -> Text:
    """The status in Chinese, coloured."""
    if status is None:
        return Text("")
    return Text(STATUS_LABELS[status], style=STYLES.get(status, ""))


def milestone_word(milestone: MilestoneStatus) -> Text:
    """已完成（日期）, with a count when reported more than once; else the status and due date."""
    if milestone.done:
        times = f"，共 {milestone.count} 次" if milestone.count > 1 else ""
        return Text(f"已完成（{milestone.done_on}{times}）", style="green")
    due = f"，时限 {milestone.due}" if milestone.due else ""
    return Text(STATUS_LABELS[milestone.status] + due, style=STYLES.get(milestone.status, ""))


def activity_text(activity: Activity) -> Text:
    """The latest activity of a row, with how many and their total in the row's measure."""
    if activity.last is None:
        return Text("暂无活动记录", style="dim")
    text = Text(f"最近 {activity.last.date} {activity.unit or ''} ")
    text.append(cell_text(activity.last.note, LINE_NOTE_CELLS))
    total = ""
    if activity.total is not None:
        total = f"，合计 {fmt_measure(activity.total, activity.measure or '')}"
    text.append(f"（共 {activity.count} 条{total}）", style="dim")
    return text


def row_head(total: TaskStatus, leads: Sequence[str]) -> Text:
    """7 脱贫攻坚成果巩固（牵头：区民政局；时限 2023-12-31）：, the leads as the table names
    them (十街镇, not its ten members)."""
    line = Text()
    line.append(f"{total.no} {total.title}", style="bold")
    named = "、".join(leads) if len(leads) <= 3 else f"{'、'.join(leads[:2])}等 {len(leads)} 个单位"
    named = named or "未写明"
    when = "持续推进" if isinstance(total.deadline, str) else f"时限 {total.deadline}"
    line.append(f"（牵头：{named}；{when}）：")
    return line


def row_line(standing: RowStanding, leads: Sequence[str]) -> Text:
    """A row without figures: its status, its milestones, its latest activity or closing."""
    activity = standing.activity
    line = row_head(standing.total, leads)
    line.append_text(status_text(standing.total.status))
    if activity is not None and activity.status == Status.QUIET:
        line.append(f"（已 {activity.silent_days} 天无记录）", style="yellow")
    for milestone in standing.milestones:
        if milestone.partner is not None:
            continue
        optional = "（自选）" if milestone.optional else ""
        line.append(f"；{milestone.name}{optional} ")
        line.append_text(milestone_word(milestone))
    if activity is not None:
        if activity.closing_note:
            line.append(f"；结项 {activity.closed_on}：")
            line.append(cell_text(activity.closing_note, LINE_NOTE_CELLS))
        if activity.count or not standing.milestones:
            line.append("；")
            line.append_text(activity_text(activity))
    return line


def lead_line(total: TaskStatus, leads: Sequence[str], note: str | None) -> Text:
    """A row with figures the unit leads without a share of its own: the district's figure."""
    line = row_head(total, leads)
    if total.target is not None and total.measure is not None:
        line.append(
            f"全区 {fmt(total.actual)}/{fmt_measure(total.target, total.measure)}"
            f"（{pct(total.percent)}） "
        )
    line.append_text(status_text(total.status))
    if note:
        line.append(f"；本单位：{note}")
    return line


def term_lines(terms: Sequence[TermStatus], term_months: int | None) -> list[Text]:
    """Each dispatch: persons, start, months planned, return, and its flags in red."""
    lines = []
    for term in terms:
        plan = f"计划 {term.months} 个月" if term.months is not None else "计划月数未填"
        back = f"，{term.returned_on} 返回" if term.returned_on is not None else ""
        line = Text(f"  {term.unit} {term.start} 起派出 {fmt(term.persons)}人，{plan}{back}")
        for flag in term.flags:
            label = TERM_FLAG_LABELS[flag].format(months=term_months or "")
            line.append(f"；{label}", style="bold red" if flag != "no_plan" else "yellow")
        lines.append(line)
    return lines


def monthly_line(no: int, months: Sequence[MonthlyStatus], done: str = "报") -> Text:
    """按时 n、迟报 n、未报 n（未报：…） and this month's due day (``done``: 报, or 发 for
    instalments: 按时 n、迟发 n、未发 n)."""
    name = months[0].name if months else ""
    line = Text()
    line.append(f"{no} {name}：", style="bold")
    counts = {
        code: sum(1 for m in months if m.status == code)
        for code in (Status.ON_TIME, Status.LATE, Status.MISSING)
    }
    verb = done[-1]
    line.append(f"按时 {counts[Status.ON_TIME]}、", style=STYLES[Status.ON_TIME])
    line.append(f"迟{verb} {counts[Status.LATE]}、", style=STYLES[Status.LATE])
    line.append(f"未{verb} {counts[Status.MISSING]}", style=STYLES[Status.MISSING])
    missing = [m.month for m in months if m.status == Status.MISSING]
    if missing:
        line.append(f"（未{verb}：{month_list(missing)}）", style=STYLES[Status.MISSING])
    pending = [m for m in months if m.status == Status.PENDING]
    if pending:
        line.append(f"；本月截止 {pending[0].due}，尚未{'报送' if verb == '报' else '发放'}")
    return line


def funds_lines(months: Sequence[MonthlyStatus]) -> list[Text]:
    """Row 11's figures month by month: 到位、拨付、使用 and the rate of use."""
    lines = []
    for m in months:
        figures = "、".join(
            f"{word} {fmt(value, unknown='—')}"
            for word, value in (("到位", m.received), ("拨付", m.disbursed), ("使用", m.used))
        )
        lines.append(Text(f"  {m.month} {figures}（万元），使用率 {pct(m.use_rate)}"))
    return lines
