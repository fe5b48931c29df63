"""The schema of ``tasks.yaml`` and of the progress files: frozen dataclasses, plain data.

What a field must hold is written beside it as ``Annotated`` metadata (``constraints``);
``validation`` checks a changed file against it through pydantic, unknown keys refused, and
the readers that validate turn pydantic's errors into located problems (``schema_errors``).
Building a model does not check it: a value comes from ``validation`` (a file as written),
from ``rebuild`` (the cache, checked when it was stored), or from code that checked it.
Validators raise ``ValueError`` with a message in Chinese that a coordinator can act on.
Cross-record rules (does this unit exist, do the shares add up) live in ``validate``.
"""

# No ``from __future__ import annotations``: the fields' types are the objects themselves,
# which ``rebuild`` reads without evaluating text (every class names only earlier ones).
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Annotated, Any, ClassVar, Literal

from ..text.amounts import MAX_DECIMALS, MAX_DIGITS
from .constraints import FORBID_EXTRA, Before, Limits

ONGOING = "ongoing"
MAX_ROW = 999  # row numbers: the table has 15; a larger one is a slip, not a row
_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")

UnitKind = Literal["department", "subdistrict", "cooperative", "company"]
Share = Literal["each", "joint"]
# How a figure is paced through the period (``ledger.pacing``): see ``pacing``.
Pacing = Literal["linear", "deadline", "stepped"]


def _figure(value: Any) -> Decimal:
    """A target as written in ``tasks.yaml``: a plain non-negative number, exact."""
    if isinstance(value, bool):
        raise ValueError("应为数字，不能是 true/false")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str) and _PLAIN_NUMBER.fullmatch(value.strip()):
        number = Decimal(value.strip())
    elif isinstance(value, str):
        raise ValueError(f"应为不带单位的数字（如 25.5），而不是“{value}”")
    else:
        raise ValueError("应为数字")
    if not number.is_finite():
        raise ValueError("应为有限的数字")
    if number < 0:
        raise ValueError(f"不能为负数（{number}）")
    # Beyond these, sums would no longer be exact in Decimal's 28 digits.
    if number >= Decimal(10) ** MAX_DIGITS:
        raise ValueError(f"数字过大：整数部分最多 {MAX_DIGITS} 位")
    if number != number.quantize(Decimal(1).scaleb(-MAX_DECIMALS), rounding=ROUND_DOWN):
        raise ValueError(f"小数位数过多：最多 {MAX_DECIMALS} 位")
    return number


Figure = Annotated[Decimal, Before(_figure)]
Name = Annotated[str, Limits(min_length=1)]


def _deadline(value: Any) -> dt.date | str:
    if isinstance(value, dt.date):
        return value
    if value in (ONGOING, "持续推进"):
        return ONGOING
    raise ValueError(f"完成时限应为日期（如 2023-12-31）或 ongoing（持续推进），而不是“{value}”")


Deadline = Annotated[dt.date | str, Before(_deadline)]


class _Model:
    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA


def _phone_as_text(value: Any) -> Any:
    # An unquoted phone number is read as an integer; keep its digits as written.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact(_Model):
    """Whom to phone at a unit; filled in by the coordinator."""

    person: str | None = None
    phone: Annotated[str | None, Before(_phone_as_text)] = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit(_Model):
    """A unit of ours: a department, a sub-district, a cooperative or a company."""

    name: Name
    kind: UnitKind
    aliases: tuple[Name, ...] = ()
    parent: str | None = None
    contact: Contact = Contact()
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Group(_Model):
    """A named set of units, such as 十街镇 (the ten sub-districts and town)."""

    name: Name
    members: tuple[Name, ...]
    aliases: tuple[Name, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Partner(_Model):
    """A town of 原州区 and its villages: the other side of a pairing."""

    town: Name
    villages: tuple[Name, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Allocation(_Model):
    """A unit's share of an indicator.

    ``unit`` is None for a share the table names no unit for (row 2's 社工人才). ``target``
    is None when the table gives no number (福州定有福's agreement); ``target_text`` then
    keeps the table's wording. ``share`` says, for a group, whether the figure is each
    member's (十街镇各…) or the group's jointly.
    """

    unit: str | None
    target: Figure | None
    share: Share | None = None
    target_text: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Indicator(_Model):
    """A measured figure of a row (人才选派, 社会帮扶资金, …) and its breakdown by unit."""

    name: Name
    measure: Name
    target: Figure | None
    floor: bool = True
    deadline: Deadline | None = None
    city: dict[str, Figure] = field(default_factory=dict)
    city_total: Figure | None = None
    city_total_text: str | None = None
    allocations: tuple[Allocation, ...] = ()
    # None: the default, linear for money (万元), due at the deadline for counts (人).
    pacing: Pacing | None = None
    # A dispatch is a term (row 2: 帮扶时限6个月以上): the fewest months each person serves.
    term_months: Annotated[int, Limits(ge=1, le=120)] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Milestone(_Model):
    """A one-off thing to be done by a date (a meeting, a visit, paying subsidies)."""

    id: Name
    name: Name
    units: tuple[Name, ...] = ()
    due: Deadline | None = None
    optional: bool = False
    note: str | None = None
    # monthly: paid in instalments, one a month while a dispatched person serves (row 2's
    # living subsidy), instead of done once.
    instalments: Literal["monthly"] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Pairing(_Model):
    """A pairing (结对) of one of our units with a town or village of 原州区."""

    unit: Name
    partner: Name
    due: Deadline | None = None


def _due_day(value: Any) -> int | str:
    if value == "last" or (
        isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 28
    ):
        return value  # type: ignore[no-any-return]
    raise ValueError(f"每月截止日应为 1 到 28 之间的日子，或 last（月底），而不是“{value}”")


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthlyDuty(_Model):
    """Something due every month: row 11's report (the 25th), row 14's article (month end)."""

    name: Name
    due_day: Annotated[int | str, Before(_due_day)]
    count: Annotated[int, Limits(ge=1, le=MAX_ROW)] = 1
    measure: Name = "次"  # what ``count`` counts: 次 (a report sent), 篇 (articles)
    units: tuple[Name, ...] = ()
    # The report carries the funds' figures (row 11): 到位, 拨付, 使用 in 万元, cumulative.
    funds: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Task(_Model):
    """One row of the 分工表."""

    no: Annotated[int, Limits(ge=1, le=MAX_ROW)]
    title: Name
    city_text: str | None = None
    measure_text: Name
    leads: tuple[Name, ...]
    deadline: Deadline
    deadline_text: str | None = None
    indicators: tuple[Indicator, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    pairings: tuple[Pairing, ...] = ()
    monthly: MonthlyDuty | None = None
    activity_measure: str | None = None
    # What a lead unit without a share of its own does in the row, in the table's words
    # (row 4: 区民政局 负责汇总数据).
    roles: dict[str, str] = field(default_factory=dict)
    # An ongoing row (持续推进) is flagged when nothing was recorded for this many days.
    quiet_days: Annotated[int, Limits(ge=1, le=366)] | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Meta(_Model):
    """The ledger's header: which year, which district, when pacing starts."""

    title: Name
    year: Annotated[int, Limits(ge=2000, le=2100)]
    district: Name
    partner: Name
    start: dt.date | None = None
    pacing: Pacing | None = None  # the default pacing of every indicator that names none

    @property
    def start_date(self) -> dt.date:
        """The day pacing counts from: ``start`` or 1 January of ``year``."""
        return self.start or dt.date(self.year, 1, 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportMeta(_Model):
    """Who sends the monthly report (报送单位, 联系人) and the day of the next month it is due.

    A month's report stands at the month's end and is due on ``due_day`` of the next month;
    anything recorded later about that month's figures is a correction the next report states.
    """

    unit: str | None = None
    contact: Contact = Contact()
    due_day: Annotated[int, Limits(ge=1, le=28)] = 25


@dataclass(frozen=True, slots=True, kw_only=True)
class Ledger(_Model):
    """The whole of ``tasks.yaml``."""

    ledger: Meta
    report: ReportMeta = ReportMeta()
    units: tuple[Unit, ...]
    groups: tuple[Group, ...] = ()
    partners: tuple[Partner, ...] = ()
    tasks: tuple[Task, ...]

    def task(self, no: int) -> Task:
        """The row numbered ``no``; a KeyError is a bug in the caller."""
        for task in self.tasks:
            if task.no == no:
                return task
        raise KeyError(no)


# ---------------------------------------------------------------- progress entries

EntryKind = Literal["increment", "total", "done", "activity"]
ENTRY_ID = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]{4,12}$"


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry(_Model):
    """One thing a unit reported: an increment, a cumulative total, a milestone, an activity.

    ``task`` is the row number. ``milestone`` names which of a row's milestones was done
    (row 1: meeting or visit); pairings and monthly duties need no name.
    """

    id: Annotated[str, Limits(pattern=ENTRY_ID)]
    date: dt.date
    unit: Name
    task: Annotated[int, Limits(ge=1, le=MAX_ROW)]
    kind: EntryKind
    amount: Figure | None = None
    milestone: str | None = None
    note: str | None = None
    source: str | None = None
    by: str | None = None
    recorded_at: dt.datetime
    # A dispatch term (row 2): when the persons started (default: ``date``), months planned.
    start: dt.date | None = None
    months: Annotated[int, Limits(ge=1, le=120)] | None = None
    # A return (a ``done`` on a term's row): the dispatch entry whose persons came back.
    ref: Annotated[str, Limits(pattern=ENTRY_ID)] | None = None
    # Row 11's monthly report: funds received (到位), paid out (拨付), used (使用), 万元,
    # cumulative as of the report.
    received: Figure | None = None
    disbursed: Figure | None = None
    used: Figure | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Void(_Model):
    """Withdraws an earlier entry: it stops counting everywhere, but stays in the file."""

    id: Annotated[str, Limits(pattern=ENTRY_ID)]
    kind: Literal["void"]
    voids: Annotated[str, Limits(pattern=ENTRY_ID)]
    reason: Name
    by: str | None = None
    recorded_at: dt.datetime
