"""The 月报's words for issue 13's standings: rows without figures, row 2's terms and subsidy.

A row without figures (1, 7–10, 12, 13, 15) stands as 无记录 / 有进展 / 已完成 / 逾期 /
久无进展 / 全年无记录 (``views.labels``), always with its lead units; row 2's dispatches
that fall short of the term (planned under six months, back before six months) and the
months of its living subsidy not paid; these sentences serve 一、总体进展 and 二、存在问题.
"""

from __future__ import annotations

import datetime as dt

from ..figures.report_rows import Attention, RowProgress
from ..figures.status import MonthlyStatus, TermStatus
from ..ledger.model import ONGOING
from ..ledger.status import Status
from ..text.amounts import fmt
from .labels import STATUS_LABELS, TERM_FLAG_LABELS
from .render_status_text import month_ranges


def _cn_day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _deadline(deadline: dt.date | str | None) -> str:
    if deadline is None or deadline == ONGOING or isinstance(deadline, str):
        return "持续推进"
    return _cn_day(deadline)


def _quoted(text: str | None) -> str:
    return f"“{' '.join((text or '').split())}”"


def standing_text(row: RowProgress) -> str:
    """状态：有进展（牵头单位：区人社局；时限：12月31日）。 — a row without figures' standing."""
    activity = row.activity
    if activity is None or activity.status is None:
        return ""
    status = activity.status
    text = f"状态：{STATUS_LABELS[status]}"
    if status == Status.DONE and activity.closed_on is not None and activity.closing_note:
        text += f"，{_cn_day(activity.closed_on)}办结：{_quoted(activity.closing_note)}"
    elif status == Status.OVERDUE:
        text += "，时限已过尚未办结"
    elif status == Status.QUIET and activity.silent_days is not None:
        text += f"，已{activity.silent_days}天无工作记录"
    leads = "、".join(activity.leads or row.leads)
    return f"{text}（牵头单位：{leads}；时限：{_deadline(activity.deadline or row.deadline)}）。"


def attention_text(item: Attention) -> str:
    """推进产业（任务10）逾期：时限12月31日已过尚未办结，尚无工作记录，牵头单位：区商务局、软件园。"""
    label = STATUS_LABELS[item.status]
    head = f"{item.title}（任务{item.task}）{label}："
    recorded = f"已记录{item.count}次工作" if item.count else "尚无工作记录"
    leads = f"牵头单位：{'、'.join(item.leads)}"
    if item.status == Status.OVERDUE:
        return f"{head}时限{_deadline(item.deadline)}已过尚未办结，{recorded}，{leads}。"
    if item.status == Status.QUIET:
        days = f"已{item.silent_days}天" if item.silent_days is not None else "长期"
        return f"{head}持续推进的任务{days}无工作记录，{leads}。"
    if item.status == Status.SILENT_YEAR:
        return f"{head}持续推进的任务全年没有工作记录，{leads}。"
    return f"{head}{recorded}（时限{_deadline(item.deadline)}），{leads}。"


def term_months(term: TermStatus) -> int:
    """The term a dispatch should serve, in months (row 2: 6)."""
    return (term.term_end.year - term.start.year) * 12 + term.term_end.month - term.start.month


def term_text(term: TermStatus) -> str:
    """区文体旅局1人（5月6日起，计划3个月，计划不足6个月）."""
    months = term_months(term)
    parts = [f"{_cn_day(term.start)}起"]
    if term.months is not None:
        parts.append(f"计划{term.months}个月")
    if term.returned_on is not None:
        parts.append(f"{_cn_day(term.returned_on)}返回")
    parts += [TERM_FLAG_LABELS[flag].format(months=months) for flag in term.flags]
    return f"{term.unit}{fmt(term.persons)}人（{'，'.join(parts)}）"


def terms_sentence(terms: tuple[TermStatus, ...]) -> str:
    """选派帮扶时限（应满6个月）需关注：区文体旅局1人（…）；区卫健局2人（…）。"""
    if not terms:
        return ""
    months = term_months(terms[0])
    return f"选派帮扶时限（应满{months}个月）需关注：{'；'.join(term_text(t) for t in terms)}。"


def unpaid_text(instalments: tuple[MonthlyStatus, ...]) -> str | None:
    """发放选派专业技术人员生活补助（任务2，区财政局）9月未发放。 — months missed."""
    missed = [m for m in instalments if m.status == Status.MISSING]
    if not missed:
        return None
    first = missed[0]
    units = f"，{'、'.join(first.units)}" if first.units else ""
    months = month_ranges([int(m.month[5:]) for m in missed])
    return f"{first.name}（任务{first.task}{units}）{months}未发放。"
