"""The 月报 in words: one structure that the text, Markdown and Word forms all print.

``report_document`` turns a ``MonthReport`` into a ``Document``: a title, the day the data
stand at, sections (一、总体进展, 二、存在问题, 三、下一步工作打算, and 四、更正说明 when
something already reported changed), each made of numbered items, and the sender's lines.
The forms differ only in how they print this (``render_report``, ``docx_report``): they say
the same things in the same order.

Words follow the usual official form: 完成率 and 时序进度 as percentages and the gap in
百分点; a row without figures is described by what was done; a unit's problems quote its own
recorded words. Row names are the table's titles, the same in every output.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..figures.report import Headline, MonthReport
from ..figures.report_rows import ActivityLine, RowProgress
from ..figures.status import MilestoneStatus, MonthlyStatus
from ..ledger.model import ONGOING
from ..ledger.status import Status
from ..text.amounts import MONEY, fmt, fmt_measure
from .render_status_text import month_ranges
from .report_standings import standing_text, terms_sentence

NUMERALS = "一二三四五六七八九十"
ENTRY_WORDS = {"increment": "新增", "total": "累计", "done": "完成", "activity": "活动"}


@dataclass(frozen=True)
class Section:
    """A numbered heading and its items (each one paragraph, numbered 1. 2. …)."""

    heading: str
    lead: str | None
    items: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    """The report as every form prints it."""

    title: str
    as_of: str
    sections: tuple[Section, ...]
    sender: tuple[str, ...]


def cn_date(day: dt.date) -> str:
    """2023年6月30日."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_day(day: dt.date, year: int | None = None) -> str:
    """6月30日 (the report's year goes without saying); a day outside ``year``, when given,
    carries its own: 2026年11月30日."""
    if year is not None and day.year != year:
        return cn_date(day)
    return f"{day.month}月{day.day}日"


def pct(value: Decimal | None) -> str:
    """36.4%, or — without a target."""
    return "—" if value is None else f"{fmt(value)}%"


def one_line(text: str | None) -> str:
    """A note from a file on one line."""
    return " ".join((text or "").split())


def quoted(text: str | None) -> str:
    """A unit's own words, quoted: “超市、电商合计”."""
    return f"“{one_line(text)}”" if one_line(text) else ""


def _deadline(deadline: dt.date | str) -> str:
    return "持续推进" if deadline == ONGOING or isinstance(deadline, str) else cn_day(deadline)


# ---------------------------------------------------------------- 一、总体进展


def headline_text(h: Headline) -> str:
    """完成7人，目标11人，完成率63.6%；时序进度74.9%，落后11.3个百分点。本月新增1人。"""
    m = h.measure
    target = fmt_measure(h.target, m, unknown="未定")
    named = "" if h.indicator == h.title else h.indicator
    text = f"{named}完成{fmt_measure(h.actual, m)}，目标{target}，完成率{pct(h.percent)}"
    if h.status == Status.DONE:
        text += "，已完成目标"
    elif h.status == Status.OVERDUE and h.target is not None:
        short = fmt_measure(h.target - h.actual, m)
        text += f"；时限{cn_day(h.deadline)}已过，尚差{short}"
    elif h.pacing == "deadline" and h.expected == 0 and h.target is not None:
        # Due at its deadline (persons): no 时序进度 before it, only what is still to do.
        short = fmt_measure(h.target - h.actual, m)
        text += f"；须于{cn_day(h.deadline)}前完成，尚差{short}"
        text += "，按剩余时间已难以完成" if h.status == Status.BEHIND else ""
    elif h.pace is not None and h.gap is not None:
        text += f"；时序进度{pct(h.pace)}，{gap_words(h.gap)}"
    return f"{text}。{gain_text(h.gain, m)}"


def gap_words(gap: Decimal) -> str:
    """落后11.3个百分点 / 超前2个百分点 / 与时序进度持平."""
    if gap < 0:
        return f"落后{fmt(-gap)}个百分点"
    if gap > 0:
        return f"超前{fmt(gap)}个百分点"
    return "与时序进度持平"


def gain_text(gain: Decimal, measure: str) -> str:
    """本月新增20万元。 / 本月无新增。 / 本月减少5万元（有单位核减了累计数）。"""
    if gain > 0:
        return f"本月新增{fmt_measure(gain, measure)}。"
    if gain < 0:
        return f"本月减少{fmt_measure(-gain, measure)}（有单位核减了累计数）。"
    return "本月无新增。"


def gains_text(report: MonthReport, task: int) -> str:
    """Who added what this month, a downward revision with the unit's recorded reason."""
    parts = []
    for g in sorted((g for g in report.gains if g.task == task), key=lambda g: -g.gain):
        unit = g.unit or "未写明单位"
        if g.gain >= 0:
            parts.append(f"{unit}{fmt_measure(g.gain, g.measure)}")
            continue
        reason = f"（单位说明：{quoted(g.note)}）" if g.note else ""
        parts.append(f"{unit}核减{fmt_measure(-g.gain, g.measure)}{reason}")
    return f"其中：{'；'.join(parts)}。" if parts else ""


def milestone_text(m: MilestoneStatus, by: str | None) -> str:
    """区委办已于3月15日召开工作推进会 / 赴原州区开展工作对接（自选）尚未开展."""
    optional = "（自选）" if m.optional else ""
    if m.done_on is not None:
        return f"{by or m.unit or ''}已于{cn_day(m.done_on)}完成{m.name}{optional}"
    due = f"（时限{cn_day(m.due)}）" if m.due else ""
    who = "、".join(m.units) or (m.unit or "")
    return f"{m.name}{optional}尚未完成{due}，牵头单位{who}"


def pairings_text(pairings: list[MilestoneStatus], month: str) -> str:
    """9对结对已签订5对；本月：…；尚未签订：…（时限11月30日）."""
    done = [p for p in pairings if p.done_on is not None]
    text = f"{len(pairings)}对结对已签订{len(done)}对"
    fresh = [p for p in done if p.done_on is not None and f"{p.done_on:%Y-%m}" == month]
    if fresh:
        listed = "、".join(
            f"{p.unit}与{p.partner}（{cn_day(p.done_on)}）" for p in fresh if p.done_on
        )
        text += f"，本月签订{listed}"
    open_ = [p for p in pairings if p.done_on is None]
    if open_:
        due = f"（时限{cn_day(open_[0].due)}）" if open_[0].due else ""
        text += f"；尚未签订：{'、'.join(f'{p.unit}与{p.partner}' for p in open_)}{due}"
    return text + "。"


def monthly_text(months: tuple[MonthlyStatus, ...]) -> str:
    """资金使用进度月报：1—9月应报9次，已报8次，8月未报；9月已于9月24日按时报送。"""
    first = months[0]
    due = [m for m in months if m.status != Status.PENDING]
    done = [m for m in due if m.status in (Status.ON_TIME, Status.LATE)]
    text = f"{first.name}：截至报告日应完成{len(due)}个月，已完成{len(done)}个月"
    missing = [int(m.month[5:]) for m in due if m.status == Status.MISSING]
    late = [int(m.month[5:]) for m in due if m.status == Status.LATE]
    if missing:
        text += f"，{month_ranges(missing)}未完成"
    if late:
        text += f"，{month_ranges(late)}迟于截止日"
    this = months[-1]
    if this.status == Status.PENDING:
        text += f"；{int(this.month[5:])}月尚未完成（截止{cn_day(this.due)}）"
    elif this.done_on is not None:
        when = "按时" if this.status == Status.ON_TIME else "晚于截止日"
        text += f"；{int(this.month[5:])}月已于{cn_day(this.done_on)}{when}完成"
    return text + funds_text(months) + "。"


def funds_text(months: tuple[MonthlyStatus, ...]) -> str:
    """；截至9月资金到位560万元、拨付480万元、使用410万元，使用率73.2% (row 11's latest)."""
    given = [m for m in months if m.received is not None or m.used is not None]
    if not given:
        return ""
    last = given[-1]
    named = [(w, v) for w, v in (("到位", last.received), ("拨付", last.disbursed),
                                 ("使用", last.used)) if v is not None]  # fmt: skip
    figures = "、".join(f"{w}{fmt_measure(v, MONEY)}" for w, v in named)
    rate = f"，使用率{pct(last.use_rate)}" if last.use_rate is not None else ""
    return f"；截至{int(last.month[5:])}月资金{figures}{rate}"


def activity_text(line: ActivityLine) -> str:
    """9月8日，区人社局：固原务工人员来榕就业稳岗座谈（12人）."""
    amount = f"（{fmt_measure(line.amount, line.measure or '个')}）" if line.amount else ""
    return f"{cn_day(line.date)}，{line.unit}：{one_line(line.note) or '开展工作'}{amount}"


def activities_text(row: RowProgress) -> str:
    """What the month's activities were, and the year's count."""
    activity = row.activity
    count = activity.count if activity else 0
    if row.activities:
        text = "本月开展：" + "；".join(activity_text(a) for a in row.activities) + "。"
    elif count:
        text = "本月无新的工作记录。"
    elif activity is not None and activity.status is not None:
        return "尚无工作记录。"  # its standing, lead units and deadline follow
    else:
        leads = "、".join(row.leads)
        return f"全年尚无工作记录（牵头单位：{leads}；时限：{_deadline(row.deadline)}）。"
    total = ""
    if activity is not None and activity.total is not None and activity.measure:
        total = f"，累计{fmt_measure(activity.total, activity.measure)}"
    text += f"全年共记录{count}次{total}"
    last = activity.last if activity else None
    if last is not None and not row.activities:
        text += f"，最近一次为{cn_day(last.date)}{activity.unit or '' if activity else ''}"
        text += f"：{one_line(last.note)}" if last.note else ""
    return text + "。"


def row_item(report: MonthReport, row: RowProgress) -> str:
    """One of the fifteen rows: its figure, else what was done, part by part.

    Each kind of standing a row holds adds one part: the figure, row 2's flagged terms and
    subsidy months, pairings, one-off items, monthly duties (row 11's with its funds), the
    activities, and a row without figures' standing with its lead units.
    """
    parts = []
    headline = next((h for h in report.headlines if h.task == row.task), None)
    if headline is not None:
        parts.append(headline_text(headline) + gains_text(report, row.task))
    if row.terms:
        parts.append(terms_sentence(row.terms))
    if row.instalments:
        parts.append(monthly_text(row.instalments))
    pairings = [m for m in row.milestones if m.partner is not None]
    if pairings:
        parts.append(pairings_text(pairings, report.month))
    others = [(m, by) for m, by in zip(row.milestones, row.done_by, strict=True)
              if m.partner is None]  # fmt: skip
    if others:
        parts.append("；".join(milestone_text(m, by) for m, by in others) + "。")
    if row.monthly:
        parts.append(monthly_text(row.monthly))
    # A row of one-off items or monthly duties is told by those; its activities only if any.
    quiet = row.activity is None or (row.activity.count == 0 and parts)
    if headline is None and not quiet:
        parts.append(activities_text(row))
    parts.append(standing_text(row))
    return f"{row.title}（任务{row.task}）：{''.join(parts) or '本月无记录。'}"


def progress_section(report: MonthReport) -> Section:
    """一、总体进展: all the table's rows."""
    paced = [h for h in report.headlines if h.percent is not None]
    lead = None
    if paced:
        summary = "、".join(f"{h.title}{pct(h.percent)}" for h in paced)
        lead = f"截至{cn_date(report.as_of)}，有数字目标的任务完成率为：{summary}。"
    return Section("一、总体进展", lead, tuple(row_item(report, r) for r in report.rows))
