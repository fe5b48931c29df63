"""The monthly report (月报) for superiors, as data: where every row stands, what went wrong,
what comes next, and what changed in months already reported.

Pure functions over a ``Book``; nothing here reads files or prints (``render_report`` and
``docx_report`` turn a ``MonthReport`` into text for WeChat, Markdown, or a Word document).

The report is made on a day (``made_on``: ``--as-of``, else today) from what was recorded by
then (``report_corrections.known_by``), so a report made again with the same ledger and day
says the same. It stands at the month's last day (or at ``made_on`` while the month runs).
It holds: every row of the table (``report_rows.RowProgress``), the district figure of every
row with a numeric target with 完成率 and 时序进度 as percentages, exactly as
``status.compute_status`` computes them; what the month added (the change of each share's
actual since the previous month's end, so that cumulative figures and increments count
alike), the milestones reached and the activities held in the month; the units furthest
behind in each row; everything overdue; the month's monthly duties (row 11's fund-usage
report on the 25th, row 14's article); what falls due next; and the corrections
(``report_corrections``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from ..ledger.book import Book
from ..ledger.model import Ledger
from ..ledger.status import Status
from ..text.amounts import percent
from ..text.errors import MinningError
from .report_corrections import Correction, Revision, corrections, known_by, revisions
from .report_rows import (
    ActivityLine,
    Attention,
    CallAhead,
    DueAhead,
    RowProgress,
    attention,
    calls_ahead,
    due_ahead,
    row_progress,
)
from .status import (
    AllocationStatus,
    MilestoneStatus,
    MonthlyStatus,
    StatusReport,
    compute_status,
)

BEHIND_SHOWN = 3  # shares named per row in "furthest behind"; the rest are counted
_MONTH = re.compile(r"([0-9]{4})\s*[-/.年]?\s*([0-9]{1,2})\s*月?")


@dataclass(frozen=True)
class Headline:
    """A row's district figure at the report's day, and what the month added to it."""

    task: int
    title: str
    indicator: str
    measure: str
    target: Decimal | None
    actual: Decimal
    percent: Decimal | None
    expected: Decimal | None
    deadline: dt.date
    status: str
    gain: Decimal
    pace: Decimal | None  # 时序进度: the expected figure as a percentage of the target
    gap: Decimal | None  # 完成率 − 时序进度, in percentage points (negative: behind)
    pacing: str | None = None  # the indicator's rule (linear, deadline, stepped)


@dataclass(frozen=True)
class Gain:
    """What one share's actual changed by in the month (negative if a total went down)."""

    task: int
    title: str
    unit: str | None
    measure: str
    gain: Decimal
    actual: Decimal
    target: Decimal | None
    percent: Decimal | None
    note: str | None = None  # the share's latest entry's note: why a total went down


@dataclass(frozen=True)
class RowBehind:
    """A row's shares furthest behind (worst first) and how many more are behind."""

    task: int
    title: str
    measure: str
    shares: tuple[AllocationStatus, ...]
    more: int


@dataclass(frozen=True)
class MonthReport:
    """Everything ``minning report`` says about one month."""

    district: str
    month: str
    as_of: dt.date
    made_on: dt.date
    sender: str | None
    contact_person: str | None
    contact_phone: str | None
    rows: tuple[RowProgress, ...]
    headlines: tuple[Headline, ...]
    entries: int
    units: tuple[str, ...]
    gains: tuple[Gain, ...]
    milestones: tuple[MilestoneStatus, ...]
    activities: tuple[ActivityLine, ...]
    behind: tuple[RowBehind, ...]
    overdue_shares: tuple[AllocationStatus, ...]
    overdue_milestones: tuple[MilestoneStatus, ...]
    missing_monthly: tuple[MonthlyStatus, ...]
    monthly: tuple[MonthlyStatus, ...]
    attention: tuple[Attention, ...]
    due_ahead: tuple[DueAhead, ...]
    calls: tuple[CallAhead, ...]
    corrections: tuple[Correction, ...]
    revisions: tuple[Revision, ...]

    @property
    def year(self) -> int:
        """The report's year."""
        return int(self.month[:4])

    @property
    def month_number(self) -> int:
        """The report's month, 1–12."""
        return int(self.month[5:])

    def as_json(self) -> dict[str, Any]:
        """The report as plain data for ``--format json``."""
        data = asdict(self)
        data["title"] = f"{self.district}闽宁协作工作月报（{self.year}年{self.month_number}月）"
        return data


def parse_month(
    text: str, ledger: Ledger, *, error: type[MinningError] = MinningError
) -> tuple[int, int]:
    """A typed month (2023-06, 2023-6, 202306, 2023年6月) within the ledger's year."""
    found = _MONTH.fullmatch(text.strip())
    month = int(found.group(2)) if found else 0
    if found is None or not 1 <= month <= 12:
        raise error(f"--month 的月份“{text}”无效：请写成 2023-06")
    year = int(found.group(1))
    if year != ledger.ledger.year:
        raise MinningError(
            f"月份 {year}-{month:02d} 不在台账年度 {ledger.ledger.year} 年内："
            f"请用 --month 指定，如 --month {ledger.ledger.year}-06"
        )
    return year, month


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_report(book: Book, year: int, month: int, today: dt.date) -> MonthReport:
    """The report of a month made on ``today`` from what was recorded by then, standing at
    the month's last day (or at ``today`` while the month is running)."""
    first = dt.date(year, month, 1)
    if first > today:
        raise MinningError(f"{year}年{month}月还没有开始（今天是 {today}）")
    everything = book
    book = known_by(book, today)
    as_of = min(month_end(year, month), today)
    now = compute_status(book, as_of)
    before = compute_status(book, first - dt.timedelta(days=1))
    earlier = {(a.task, a.indicator, a.unit): a.actual for a in before.allocations}
    gains = [
        Gain(
            a.task,
            a.title,
            a.unit,
            a.measure,
            gain,
            a.actual,
            a.target,
            a.percent,
            a.last_entry.note if a.last_entry else None,
        )
        for a in now.allocations
        if (gain := a.actual - earlier[(a.task, a.indicator, a.unit)])
    ]
    entries = [e for e in book.active() if first <= e.date <= as_of]
    titles = {t.no: t.title for t in book.ledger.tasks}
    # What each row counts an activity in, as its kinds say (人, 个…; None: no counts).
    measures = {a.task: a.measure for a in now.activities}
    activities = sorted(
        (
            ActivityLine(e.date, e.task, titles[e.task], e.unit, e.note, e.amount, measures[e.task])
            for e in entries
            if e.kind == "activity"
        ),
        key=lambda line: (line.date, line.task),
    )
    this_month = f"{year}-{month:02d}"
    rows = row_progress(book, now, this_month, activities)
    found = corrections(everything, year, month, today)
    sender = book.ledger.report
    return MonthReport(
        district=book.ledger.ledger.district,
        month=this_month,
        as_of=as_of,
        made_on=today,
        sender=sender.unit,
        contact_person=sender.contact.person,
        contact_phone=sender.contact.phone,
        rows=tuple(rows),
        headlines=tuple(headlines(now, before)),
        entries=len(entries),
        units=tuple(dict.fromkeys(e.unit for e in sorted(entries, key=lambda e: e.date))),
        gains=tuple(gains),
        milestones=tuple(
            m for m in now.milestones if m.done_on is not None and first <= m.done_on <= as_of
        ),
        activities=tuple(activities),
        behind=tuple(furthest_behind(now)),
        overdue_shares=tuple(a for a in now.allocations if a.status == Status.OVERDUE),
        overdue_milestones=tuple(m for m in now.milestones if m.status == Status.OVERDUE),
        missing_monthly=tuple(m for m in now.monthly if m.status == Status.MISSING),
        monthly=tuple(m for m in now.monthly if m.month == this_month),
        attention=tuple(attention(rows)),
        due_ahead=tuple(due_ahead(now)),
        calls=tuple(calls_ahead(book, as_of)),
        corrections=tuple(found),
        revisions=tuple(revisions(everything, year, month, found, book)),
    )


def row_status(report: StatusReport, task: int) -> tuple[Decimal | None, Status] | None:
    """A figure row's district pacing and status as the standing has it; None without."""
    total = report.row(task).total
    return None if total.status is None else (total.expected, total.status)


def headlines(now: StatusReport, before: StatusReport) -> list[Headline]:
    """The district figure of every row with figures, and what the month added."""
    result = []
    earlier = {t.no: t.actual for t in before.tasks}
    for total in now.tasks:
        deadline = total.pace_deadline
        if total.status is None or total.actual is None or total.measure is None:
            continue
        assert deadline is not None and total.indicator is not None  # paced rows have both
        result.append(
            Headline(
                task=total.no,
                title=total.title,
                indicator=total.indicator,
                measure=total.measure,
                target=total.target,
                actual=total.actual,
                percent=total.percent,
                expected=total.expected,
                deadline=deadline,
                status=total.status,
                gain=total.actual - (earlier.get(total.no) or Decimal(0)),
                pace=percent(total.expected, total.target) if total.expected is not None else None,
                gap=(
                    total.percent - pace
                    if total.percent is not None
                    and (pace := percent(total.expected or Decimal(0), total.target)) is not None
                    else None
                ),
                pacing=total.pacing,
            )
        )
    return result


def _behind_key(share: AllocationStatus) -> tuple[Decimal, Decimal]:
    shortfall = (share.expected or Decimal(0)) - share.actual
    return (share.percent or Decimal(0), -shortfall)


def furthest_behind(report: StatusReport, shown: int = BEHIND_SHOWN) -> list[RowBehind]:
    """Per row, the shares behind the pace: the lowest percentage first, then the largest
    shortfall against the pace (so a big target unmet comes first). Shares past their
    deadline are not here but among the overdue."""
    result = []
    rows = dict.fromkeys(a.task for a in report.allocations)
    for task in rows:
        # A share the table names no unit for has no one to be behind: 存在问题 names units.
        late = [
            a
            for a in report.allocations
            if a.task == task and a.status == Status.BEHIND and a.unit is not None
        ]
        if not late:
            continue
        late.sort(key=_behind_key)  # stable: ties keep the table's order
        result.append(
            RowBehind(task, late[0].title, late[0].measure, tuple(late[:shown]), len(late[shown:]))
        )
    return result
