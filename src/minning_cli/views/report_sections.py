"""The 月报's later sections in words: 存在问题, 下一步工作打算, 更正说明, and the whole document."""

from __future__ import annotations

from decimal import Decimal

from ..figures.report import MonthReport
from ..figures.report_corrections import Correction, Revision
from ..figures.status import AllocationStatus
from ..ledger.status import Status
from ..text.amounts import fmt_measure
from .render_status_text import month_ranges
from .report_standings import attention_text, terms_sentence, unpaid_text
from .report_words import (
    ENTRY_WORDS,
    Document,
    Section,
    cn_date,
    cn_day,
    gap_words,
    pct,
    progress_section,
    quoted,
)

NONE = "无。"


def title(report: MonthReport) -> str:
    """鼓楼区闽宁协作工作月报（2023年6月）."""
    return f"{report.district}闽宁协作工作月报（{report.year}年{report.month_number}月）"


def share_text(share: AllocationStatus) -> str:
    """区商务局完成560万元，目标800万元，完成率70%，按时序进度应完成…；单位反映：“…”（8月28日）."""
    m = share.measure
    text = (
        f"{share.unit}完成{fmt_measure(share.actual, m)}，"
        f"目标{fmt_measure(share.target, m, unknown='未定')}，完成率{pct(share.percent)}"
    )
    if share.status == Status.OVERDUE:
        text += f"，时限{cn_day(share.deadline)}已过"
    elif share.expected is not None:
        text += f"，按时序进度应完成{fmt_measure(share.expected, m)}"
    last = share.last_entry
    if last is not None and last.note:
        text += f"；单位反映：{quoted(last.note)}（{cn_day(last.date)}）"
    elif last is None:
        text += "；全年尚未报数"
    return text


def problems_section(report: MonthReport) -> Section:
    """二、存在问题: rows and units behind or overdue, reports missing, rows with no record."""
    items = []
    for h in report.headlines:
        if h.status == Status.BEHIND and h.gap is not None:
            items.append(
                f"{h.title}进度滞后：完成率{pct(h.percent)}，时序进度{pct(h.pace)}，"
                f"{gap_words(h.gap)}。"
            )
    for row in report.behind:
        listed = "；".join(share_text(s) for s in row.shares)
        more = f"；另有{row.more}个单位低于时序进度" if row.more else ""
        items.append(f"{row.title}低于时序进度的单位：{listed}{more}。")
    by_row: dict[int, list[AllocationStatus]] = {}
    for share in report.overdue_shares:
        by_row.setdefault(share.task, []).append(share)
    for shares in by_row.values():
        named = [s for s in shares if s.unit is not None]
        unnamed = [s for s in shares if s.unit is None]
        text = f"{shares[0].title}逾期未完成（时限{cn_day(shares[0].deadline)}）："
        text += "；".join(share_text(s) for s in named)
        if unnamed:
            short = sum(((s.target or s.actual) - s.actual for s in unnamed), Decimal(0))
            text += f"{'；' if named else ''}原表未写明单位的部分尚差{fmt_measure(short, unnamed[0].measure)}"
        items.append(text + "。")
    for m in report.overdue_milestones:
        who = "、".join(m.units) or (m.unit or "")
        what = f"{m.unit}与{m.partner}结对" if m.partner else m.name
        due = f"时限{cn_day(m.due)}" if m.due else "已到时限"
        items.append(f"{what}尚未完成（{due}，责任单位：{who}）。")
    missing: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for duty in report.missing_monthly:
        missing.setdefault(duty.task, []).append(int(duty.month[5:]))
        names[duty.task] = duty.name
    for task, months in missing.items():
        items.append(f"{names[task]}（任务{task}）{month_ranges(months)}未报送。")
    for progress in report.rows:
        if progress.terms:
            items.append(f"{progress.title}（任务{progress.task}）{terms_sentence(progress.terms)}")
        unpaid = unpaid_text(progress.instalments)
        if unpaid is not None:
            items.append(unpaid)
    items += [attention_text(item) for item in report.attention]
    return Section("二、存在问题", None if items else NONE, tuple(items))


def next_section(report: MonthReport) -> Section:
    """三、下一步工作打算: the deadlines ahead, then whom to press and for what."""
    items = []
    grouped: dict[tuple[int, str], list[str]] = {}  # one-off items of a row due the same day
    for due in report.due_ahead:
        if due.unrecorded:
            leads = f"督促{'、'.join(due.units)}" if due.units else "督促牵头单位"
            items.append(
                f"{due.title}（任务{due.task}）尚无工作记录，{leads}于{cn_day(due.due)}前开展并办结。"
            )
            continue
        if due.remaining is not None and due.measure is not None:
            units = f"，督促{'、'.join(due.units)}" if due.units else ""
            short = fmt_measure(due.remaining, due.measure)
            items.append(f"{due.title}尚差{short}，确保{cn_day(due.due)}前完成{units}。")
            continue
        key = (due.task, cn_day(due.due))
        if key not in grouped:
            grouped[key] = []
            items.append(f"\0{len(grouped) - 1}")
        grouped[key].append(due.name)
    titles = {d.task: d.title for d in report.due_ahead}
    for index, ((task, day), names) in enumerate(grouped.items()):
        what = f"{titles[task]}：{'、'.join(names)}，确保{day}前完成。"
        items[items.index(f"\0{index}")] = what
    for call in report.calls:
        items.append(f"联系{call.unit}：{call.ask}。")
    return Section("三、下一步工作打算", None if items else NONE, tuple(items))


def correction_text(c: Correction, year: int) -> str:
    """8月31日区发改局消费帮扶新增30万元一条记录于10月9日作废，原因：…。 A day outside the
    report's year carries its year (recorded 2026年11月30日), lest it read as the report's."""
    amount = fmt_measure(c.amount, c.measure) if c.amount is not None and c.measure else ""
    what = f"{cn_day(c.date, year)}{c.unit}{c.title}{ENTRY_WORDS[c.entry_kind]}{amount}"
    if c.kind == "void":
        reason = f"，原因：{quoted(c.reason)}" if c.reason else ""
        return f"{what}一条记录于{cn_day(c.recorded_on, year)}作废{reason}。"
    note = f"，说明：{quoted(c.reason)}" if c.reason else ""
    return f"{what}一条记录于{cn_day(c.recorded_on, year)}补记（{c.month[5:].lstrip('0')}月月报报送后）{note}。"


def revision_text(r: Revision) -> str:
    """8月末消费帮扶由2570万元更正为2540万元。"""
    month = int(r.month[5:])
    reported = fmt_measure(r.reported, r.measure)
    now = fmt_measure(r.now, r.measure)
    return f"据此，{month}月末{r.title}由{reported}更正为{now}。"


def corrections_section(report: MonthReport) -> Section | None:
    """更正说明: each change to an already reported month and the figures it revises."""
    if not report.corrections:
        return None
    items = [correction_text(c, report.year) for c in report.corrections]
    items += [revision_text(r) for r in report.revisions]
    lead = "以下记录在有关月份月报报送后才录入或作废，特此更正："
    return Section("四、更正说明", lead, tuple(items))


def sender_lines(report: MonthReport) -> tuple[str, ...]:
    """报送单位, 联系人 and 电话, 报送日期; a blank to fill in by hand where tasks.yaml has none."""
    blank = "　" * 6
    return (
        f"报送单位：{report.sender or report.district}",
        f"联系人：{report.contact_person or blank}　联系电话：{report.contact_phone or blank}",
        f"报送日期：{cn_date(report.made_on)}",
    )


def report_document(report: MonthReport) -> Document:
    """The whole report, in the order every form prints it."""
    sections = [progress_section(report), problems_section(report), next_section(report)]
    corrections = corrections_section(report)
    if corrections is not None:
        sections.append(corrections)
    return Document(
        title=title(report),
        as_of=f"（数据截至{cn_date(report.as_of)}）",
        sections=tuple(sections),
        sender=sender_lines(report),
    )
