"""How ``minning report`` reads: plain text for a WeChat message, Markdown for a document.

Both forms say the same things in the same order, from one ``MonthReport``. The text form
uses numbered sections and lines only (WeChat shows no tables); the Markdown form uses
headings and tables. Text from files (notes) is put on one line, and escaped in Markdown so
that a ``|`` or ``*`` in a note cannot break a table or turn bold.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal

from ..figures.report import ActivityLine, Gain, Headline, MonthReport, RowBehind
from ..figures.status import AllocationStatus, MilestoneStatus, MonthlyStatus
from ..ledger.status import Status
from ..text.amounts import fmt, fmt_measure
from .labels import STATUS_LABELS
from .render_status_text import month_ranges

_SECTIONS = ("一、主要指标完成情况", "二、本月工作", "三、进度滞后的单位", "四、逾期事项",
             "五、每月例行事项")  # fmt: skip
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
UNASSIGNED = "未写明单位"


def title(report: MonthReport) -> str:
    """鼓楼区闽宁协作工作月报（2023年6月）."""
    return f"{report.district}闽宁协作工作月报（{report.year}年{report.month_number}月）"


def cn_date(day: dt.date) -> str:
    """2023年6月30日."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_day(day: dt.date) -> str:
    """6月30日 (the report's year goes without saying)."""
    return f"{day.month}月{day.day}日"


def pct(value: Decimal | None) -> str:
    """36.4%, or — without a target."""
    return "—" if value is None else f"{fmt(value)}%"


def one_line(text: str | None) -> str:
    """A note from a file on one line."""
    return " ".join((text or "").split())


def row_name(title_: str, indicator: str) -> str:
    """资金支持（社会帮扶资金）; a row named like its indicator once."""
    return title_ if title_ == indicator else f"{title_}（{indicator}）"


def signed(value: Decimal, measure: str) -> str:
    """+20万元 or −5万元 (a table column of changes)."""
    sign = "+" if value >= 0 else "−"
    return f"{sign}{fmt_measure(abs(value), measure)}"


def change(value: Decimal, measure: str) -> str:
    """20万元, or −5万元（下调） when a unit's cumulative figure went down."""
    return fmt_measure(value, measure) if value >= 0 else f"{signed(value, measure)}（下调）"


def _unit(name: str | None) -> str:
    return name or UNASSIGNED


def _milestone_what(milestone: MilestoneStatus) -> str:
    optional = "（自选）" if milestone.optional else ""
    return f"{milestone.unit or ''}{milestone.name}{optional}"


def _month_list(months: Iterable[MonthlyStatus]) -> str:
    return month_ranges([int(m.month[5:]) for m in months])


def _by_task(items: Iterable[MonthlyStatus]) -> dict[int, list[MonthlyStatus]]:
    grouped: dict[int, list[MonthlyStatus]] = {}
    for item in items:
        grouped.setdefault(item.task, []).append(item)
    return grouped


# ---------------------------------------------------------------- sentences


def headline_sentence(headline: Headline) -> str:
    """One row's figure in a sentence: done, target, percentage, pace, status, the month."""
    measure = headline.measure
    name = row_name(headline.title, headline.indicator)
    figures = (
        f"{name}：完成{fmt_measure(headline.actual, measure)}，"
        f"目标{fmt_measure(headline.target, measure, unknown='未定')}，"
        f"完成率{pct(headline.percent)}"
    )
    if headline.status == Status.DONE:
        state = "，已完成目标"
    elif headline.status == Status.OVERDUE and headline.target is not None:
        short = fmt_measure(headline.target - headline.actual, measure)
        state = f"；时限{cn_day(headline.deadline)}已过，尚差{short}（逾期）"
    elif headline.target is not None and headline.expected == headline.target:
        short = fmt_measure(headline.target - headline.actual, measure)
        state = f"；已到时限（{cn_day(headline.deadline)}），尚差{short}"
    elif headline.expected is not None:
        state = (
            f"；按时序进度应完成{fmt_measure(headline.expected, measure)}，"
            f"进度{STATUS_LABELS[headline.status]}"
        )
    else:
        state = ""
    return f"{figures}{state}。{gain_sentence(headline.gain, measure)}"


def gain_sentence(gain: Decimal, measure: str) -> str:
    """本月新增20万元。 / 本月无新增。 / 本月减少5万元（累计数下调）。"""
    if gain > 0:
        return f"本月新增{fmt_measure(gain, measure)}。"
    if gain < 0:
        return f"本月减少{fmt_measure(-gain, measure)}（有单位下调了累计数）。"
    return "本月无新增。"


def gains_sentence(headline: Headline, gains: Iterable[Gain]) -> str | None:
    """消费帮扶新增170万元：区商务局120万元、软件园50万元。"""
    mine = sorted((g for g in gains if g.task == headline.task), key=lambda g: -g.gain)
    if not mine:
        return None
    parts = "、".join(f"{_unit(g.unit)}{change(g.gain, g.measure)}" for g in mine)
    name = row_name(headline.title, headline.indicator)
    verb = "新增" if headline.gain >= 0 else "减少"
    return f"{name}{verb}{fmt_measure(abs(headline.gain), headline.measure)}：{parts}。"


def milestone_sentence(milestone: MilestoneStatus) -> str:
    """6月2日，南街街道结对开城镇。"""
    assert milestone.done_on is not None  # only reached milestones are listed
    return f"{cn_day(milestone.done_on)}，{_milestone_what(milestone)}。"


def activity_sentence(line: ActivityLine) -> str:
    """6月3日，区人社局（劳务协作）：招聘会（30人）。"""
    amount = (
        f"（{fmt_measure(line.amount, line.measure or '个')}）" if line.amount is not None else ""
    )
    return f"{cn_day(line.date)}，{line.unit}（{line.title}）：{one_line(line.note)}{amount}。"


def share_figure(share: AllocationStatus) -> str:
    """区商务局 0/800万元（0%）."""
    target = fmt_measure(share.target, share.measure, unknown="未定")
    return f"{_unit(share.unit)} {fmt(share.actual)}/{target}（{pct(share.percent)}）"


def behind_sentence(row: RowBehind) -> str:
    """消费帮扶：区商务局 0/800万元（0%）、……；另有12个单位滞后。"""
    listed = "、".join(share_figure(s) for s in row.shares)
    more = f"；另有{row.more}个单位滞后" if row.more else ""
    return f"{row.title}：{listed}{more}。"


def overdue_sentences(report: MonthReport) -> list[str]:
    """Every overdue share (by row), milestone and missed monthly duty."""
    lines = []
    rows: dict[int, list[AllocationStatus]] = {}
    for share in report.overdue_shares:
        rows.setdefault(share.task, []).append(share)
    for shares in rows.values():
        deadline = cn_day(shares[0].deadline)
        listed = "、".join(share_figure(s) for s in shares)
        lines.append(f"{shares[0].title}（时限{deadline}）：{listed}。")
    milestones: dict[tuple[int, dt.date | None], list[MilestoneStatus]] = {}
    for milestone in report.overdue_milestones:
        milestones.setdefault((milestone.task, milestone.due), []).append(milestone)
    for (_task, day), items in milestones.items():
        due = f"（时限{cn_day(day)}）" if day else ""
        lines.append(f"{'、'.join(_milestone_what(m) for m in items)}{due}：尚未完成。")
    for months in _by_task(report.missing_monthly).values():
        lines.append(f"{months[0].name}：{_month_list(months)}未完成。")
    return lines


def monthly_sentence(duty: MonthlyStatus) -> str:
    """资金使用进度月报（任务11）：6月已按时完成（6月25日，截止6月25日）。"""
    head = f"{duty.name}（任务{duty.task}）：{int(duty.month[5:])}月"
    due = cn_day(duty.due)
    count = f"，{duty.count}{duty.measure}" if duty.count > 1 else ""
    funds = _funds_clause(duty)
    if duty.status == Status.ON_TIME and duty.done_on is not None:
        return f"{head}已按时完成（{cn_day(duty.done_on)}{count}，截止{due}）{funds}。"
    if duty.status == Status.LATE and duty.done_on is not None:
        return (
            f"{head}已完成，但晚于截止日（{cn_day(duty.done_on)}完成{count}，截止{due}）{funds}。"
        )
    if duty.status == Status.MISSING:
        return f"{head}未完成（截止{due}）。"
    return f"{head}尚未完成（截止{due}）。"


def _funds_clause(duty: MonthlyStatus) -> str:
    """；资金到位120万元、拨付100万元、使用80万元，使用率66.7% (row 11's figures, when given)."""
    named = [(w, v) for w, v in (("到位", duty.received), ("拨付", duty.disbursed),
                                 ("使用", duty.used)) if v is not None]  # fmt: skip
    if not named:
        return ""
    rate = f"，使用率{pct(duty.use_rate)}" if duty.use_rate is not None else ""
    return "；资金" + "、".join(f"{w}{fmt(v)}万元" for w, v in named) + rate


def work_summary(report: MonthReport) -> str:
    """本月共记录进展12条，涉及8个单位。"""
    if not report.entries:
        return "本月没有新的进展记录。"
    return f"本月共记录进展{report.entries}条，涉及{len(report.units)}个单位。"


# ---------------------------------------------------------------- text (WeChat)


def report_text(report: MonthReport) -> str:
    """The report as plain lines: numbered sections, no table syntax."""
    lines = [title(report), f"（数据截至{cn_date(report.as_of)}）", "", _SECTIONS[0]]
    lines += [f"{i}. {headline_sentence(h)}" for i, h in enumerate(report.headlines, 1)]
    lines += ["", _SECTIONS[1], work_summary(report)]
    gains = [s for h in report.headlines if (s := gains_sentence(h, report.gains))]
    blocks = (
        ("新增数额", gains),
        ("完成事项", [milestone_sentence(m) for m in report.milestones]),
        ("开展活动", [activity_sentence(a) for a in report.activities]),
    )
    numerals = iter("一二三")
    for label, sentences in blocks:
        if sentences:
            lines.append(f"（{next(numerals)}）{label}")
            lines += [f"{i}. {s}" for i, s in enumerate(sentences, 1)]
    lines += ["", _SECTIONS[2]]
    behind = [behind_sentence(row) for row in report.behind]
    lines += [f"{i}. {s}" for i, s in enumerate(behind, 1)] or ["各单位均达到时序进度。"]
    lines += ["", _SECTIONS[3]]
    overdue = overdue_sentences(report)
    lines += [f"{i}. {s}" for i, s in enumerate(overdue, 1)] or ["暂无逾期事项。"]
    lines += ["", _SECTIONS[4]]
    monthly = [monthly_sentence(m) for m in report.monthly]
    lines += [f"{i}. {s}" for i, s in enumerate(monthly, 1)] or ["本月没有例行事项。"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- Markdown


def md(text: str | None) -> str:
    """Text from a file, safe in a Markdown paragraph or table cell."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    align = ["---:" if i in right else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _headline_table(report: MonthReport) -> list[str]:
    rows = []
    for h in report.headlines:
        state = STATUS_LABELS[h.status]
        rows.append(
            [
                str(h.task),
                md(row_name(h.title, h.indicator)),
                fmt_measure(h.actual, h.measure),
                fmt_measure(h.target, h.measure, unknown="未定"),
                pct(h.percent),
                fmt_measure(h.expected, h.measure, unknown="—"),
                signed(h.gain, h.measure) if h.gain else "—",
                state,
            ]
        )
    headers = ["序号", "任务", "完成", "目标", "完成率", "按进度应完成", "本月新增", "状态"]
    return _table(headers, rows, {0, 2, 3, 4, 5, 6})


def _gain_table(report: MonthReport) -> list[str]:
    rows = []
    for h in report.headlines:
        for g in sorted((g for g in report.gains if g.task == h.task), key=lambda g: -g.gain):
            rows.append(
                [
                    md(row_name(h.title, h.indicator)),
                    md(_unit(g.unit)),
                    signed(g.gain, g.measure),
                    fmt_measure(g.actual, g.measure),
                    fmt_measure(g.target, g.measure, unknown="未定"),
                    pct(g.percent),
                ]
            )
    headers = ["任务", "单位", "本月新增", "累计完成", "目标", "完成率"]
    return _table(headers, rows, {2, 3, 4, 5})


def _behind_table(report: MonthReport) -> list[str]:
    rows = []
    for row in report.behind:
        for s in row.shares:
            rows.append(
                [
                    md(row.title),
                    md(_unit(s.unit)),
                    fmt_measure(s.actual, s.measure),
                    fmt_measure(s.target, s.measure, unknown="未定"),
                    pct(s.percent),
                    fmt_measure(s.expected, s.measure, unknown="—"),
                    STATUS_LABELS[s.status],
                ]
            )
    headers = ["任务", "单位", "完成", "目标", "完成率", "按进度应完成", "状态"]
    return _table(headers, rows, {2, 3, 4, 5})


def report_markdown(report: MonthReport) -> str:
    """The report as Markdown: a title, five sections, tables for the figures."""
    lines = [f"# {title(report)}", "", f"数据截至{cn_date(report.as_of)}。", ""]
    lines += [f"## {_SECTIONS[0]}", "", *_headline_table(report), ""]
    lines += [f"## {_SECTIONS[1]}", "", work_summary(report), ""]
    if report.gains:
        lines += ["### 新增数额", "", *_gain_table(report), ""]
    if report.milestones:
        lines += ["### 完成事项", ""]
        lines += [f"- {md(milestone_sentence(m))}" for m in report.milestones] + [""]
    if report.activities:
        lines += ["### 开展活动", ""]
        lines += [f"- {md(activity_sentence(a))}" for a in report.activities] + [""]
    lines += [f"## {_SECTIONS[2]}", ""]
    if report.behind:
        lines += [*_behind_table(report), ""]
        lines += [f"- {md(r.title)}：另有{r.more}个单位滞后。" for r in report.behind if r.more]
        lines += [""] if any(r.more for r in report.behind) else []
    else:
        lines += ["各单位均达到时序进度。", ""]
    lines += [f"## {_SECTIONS[3]}", ""]
    overdue = overdue_sentences(report)
    lines += [f"- {md(s)}" for s in overdue] or ["暂无逾期事项。"]
    lines += ["", f"## {_SECTIONS[4]}", ""]
    lines += [f"- {md(monthly_sentence(m))}" for m in report.monthly] or ["本月没有例行事项。"]
    return "\n".join(lines) + "\n"
