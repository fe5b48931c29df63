"""Per-file summaries: what a progress file adds to every figure, without its entries.

A month file of a hundred thousand entries is a few hundred (unit, row, date) sums. For each
progress file the cache keeps, as plain data (``cache``):

- every record's id and first line (where an id stands; ``record``'s id index), and each
  void's target;
- per unit and row, the ``Tally`` of its plain figures (increments and totals that carry
  nothing else: no term, no funds, no milestone), voided entries left out;
- per unit and row, the ``Tally`` of its activities (``activities``: counted, their counts
  summed and the latest, per date), voided ones left out: all a row's activity standing needs;
- per unit, row and milestone, the ``Tally`` of its plain ``done`` entries (``dones``) on a
  row whose every item taking them is a milestone or pairing (``done_rows``): all their
  standings need (how many, the first day);
- per unit and row, the ``MonthTally`` of its reports of a monthly duty (``monthly``: how
  many per date, what they count, the latest, the winning fund figures) on a row whose only
  item taking a done is the duty (``monthly_rows``): all a month's standing needs;
- every other entry whole (``rest``): closings, dispatch terms and their returns — few, and
  read by kinds that need the entries.

Plain figures, activities, dones and reports are also kept whole apart (``plain``), for a
writer's checks. The stored shape is versioned (``FORMAT``): another version is a miss.

A summary is made only of a file that read without any problem and whose every record passes
the per-record checks on its own (``check_file``); it is keyed by the ledger's hash and the
code, and stands for the file's bytes (``FileKey``) and for the set of its entries voided (by
any file) when it was made. A file whose bytes or voided set changed is summarised again,
alone. Whatever fails any of this goes the whole way (``progress``), which locates every
problem: a summary only ever stands for a file the whole way accepts.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import month_tally
from .model import Entry, Void
from .month_tally import MonthTally
from .plain_data import amount_data as _amount_data
from .plain_data import aware as _aware
from .plain_data import boolean as _bool
from .plain_data import decimal as _decimal
from .plain_data import integer as _int
from .plain_data import seen_data as _seen_data
from .plain_data import seen_from as _seen_from
from .plain_data import text as _str
from .rebuild import record_json
from .tally import Tally

# Entry fields that make an entry more than a plain figure.
EXTRAS = ("milestone", "start", "months", "ref", "received", "disbursed", "used")
# The version of the stored shape (``to_data``): a summary of another is not read.
FORMAT = 2
# A file changed within this many nanoseconds of its summary being stored may have changed
# without its time stamps showing it (their granularity): its bytes are hashed.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class FileKey:
    """What a file's bytes are known by: its SHA-256, and its size, times and inode."""

    sha: str
    stat: tuple[int, ...]

    @staticmethod
    def stat_of(found: Any) -> tuple[int, ...]:
        """Size, modification and change times, inode and device: any write changes one."""
        return (
            found.st_size,
            found.st_mtime_ns,
            found.st_ctime_ns,
            found.st_ino,
            found.st_dev,
        )


@dataclass
class FileSummary:
    """One progress file, summarised (see the module)."""

    name: str
    key: FileKey
    # Every record's id and first line, in file order: kept apart (``ids_to_data``), read
    # only when the set of files changed or a command asks where ids stand.
    records: list[tuple[str, int]] | None
    voids: list[tuple[str, str]]  # each void's id and the id it withdraws
    voided: frozenset[str]  # this file's entries left out, voided by some file
    tallies: dict[tuple[str, int], Tally]
    rest: list[tuple[int, dict[str, Any]]]  # (index in the file, the entry as JSON)
    stored_at: int = field(default_factory=time.time_ns)
    # The plain entries themselves, by "unit<TAB>row", each group as JSON text decoded only
    # when a writer asks for that unit and row; kept with ``records``.
    plain: dict[str, str] | None = None
    count: int = 0  # records in the file, entries and voids
    # Whether the file was read line by line (``text.fastparse``): only such a file's
    # summary may be extended by reading what was appended to it alone.
    fast: bool = False
    # Active entries (voided ones left out) per day: what a district's count and last entry
    # date are made of (``city status``), without reading the entries.
    dated: dict[dt.date, int] = field(default_factory=dict)
    # Per unit and row, its activities tallied (``Tally.add_counted``).
    activities: dict[tuple[str, int], Tally] = field(default_factory=dict)
    # Per unit, row and milestone (None: a pairing), its plain dones tallied.
    dones: dict[tuple[str, int, str | None], Tally] = field(default_factory=dict)
    # Per unit and row, its reports of a monthly duty tallied.
    monthly: dict[tuple[str, int], MonthTally] = field(default_factory=dict)


def activity(entry: Entry, term_rows: frozenset[int]) -> bool:
    """Whether an entry is only an activity: what ``kinds.activity`` counts, nothing else."""
    return (
        entry.kind == "activity"
        and entry.task not in term_rows
        and all(getattr(entry, name) is None for name in EXTRAS)
    )


def done(entry: Entry, done_rows: frozenset[int]) -> bool:
    """Whether an entry is only a milestone or pairing done, on a row of such (see module)."""
    return (
        entry.kind == "done"
        and entry.task in done_rows
        and entry.amount is None
        and all(getattr(entry, name) is None for name in EXTRAS if name != "milestone")
    )


def report(entry: Entry, monthly_rows: frozenset[int]) -> bool:
    """Whether an entry is only a monthly duty's report (its count and funds), on a row of
    such (see the module): what ``kinds.monthly`` counts, nothing else."""
    return (
        entry.kind == "done"
        and entry.task in monthly_rows
        and entry.milestone is None
        and entry.start is None
        and entry.months is None
        and entry.ref is None
    )


def plain(entry: Entry, term_rows: frozenset[int]) -> bool:
    """Whether an entry is only a figure: an increment or total and nothing else."""
    return (
        entry.kind in ("increment", "total")
        and entry.task not in term_rows
        and all(getattr(entry, name) is None for name in EXTRAS)
    )


def summarise(
    name: str,
    key: FileKey,
    placed: Iterable[tuple[Entry | Void, int, int]],
    voided: frozenset[str],
    term_rows: frozenset[int],
    canonical: dict[str, str],
    *,
    fast: bool = False,
    base: FileSummary | None = None,
    done_rows: frozenset[int] = frozenset(),
    monthly_rows: frozenset[int] = frozenset(),
) -> FileSummary:
    """The summary of a file's records (``placed``: record, index, line).

    With ``base`` (the summary of the file's first bytes, its ids and plain entries loaded,
    ``placed`` being what was appended after them) the result is the whole file's summary,
    extended from the base without reading its records again: the same summary, field for
    field, as one made of every record (``tests/test_summary_extend.py``).
    """
    records: list[tuple[str, int]] = []
    voids: list[tuple[str, str]] = []
    tallies: dict[tuple[str, int], Tally] = {}
    rest: list[tuple[int, dict[str, Any]]] = []
    plain_groups: dict[str, list[Any]] = {}
    texts: dict[str, str] = {}
    dated: dict[dt.date, int] = {}
    activities: dict[tuple[str, int], Tally] = {}
    dones: dict[tuple[str, int, str | None], Tally] = {}
    monthly: dict[tuple[str, int], MonthTally] = {}
    if base is not None:
        assert base.records is not None and base.plain is not None
        records, voids = list(base.records), list(base.voids)
        rest, texts, dated = list(base.rest), dict(base.plain), dict(base.dated)
        tallies = {key: tally.copy() for key, tally in base.tallies.items()}  # base unchanged
        activities = {key: tally.copy() for key, tally in base.activities.items()}
        dones = {key: tally.copy() for key, tally in base.dones.items()}
        monthly = {key: tally.copy() for key, tally in base.monthly.items()}
    for record, index, line in placed:
        records.append((record.id, line))
        if isinstance(record, Void):
            voids.append((record.id, record.voids))
            continue
        if record.id in voided:
            continue
        dated[record.date] = dated.get(record.date, 0) + 1
        figure, act = plain(record, term_rows), activity(record, term_rows)
        did, sent = done(record, done_rows), report(record, monthly_rows)
        if figure or act or did or sent:
            unit = canonical.get(record.unit, record.unit)
            if figure:
                tallies.setdefault((unit, record.task), Tally()).add(record, (0, index))
            elif act:
                activities.setdefault((unit, record.task), Tally()).add_counted(record, (0, index))
            elif sent:
                monthly.setdefault((unit, record.task), MonthTally()).add(record, (0, index))
            else:
                did_key = (unit, record.task, record.milestone)
                dones.setdefault(did_key, Tally()).add_counted(record, (0, index))
            group = group_key(unit, record.task)
            if group not in plain_groups:
                known = texts.get(group)
                plain_groups[group] = [] if known is None else json.loads(known)
            plain_groups[group].append([index, record_json(record)])
        else:
            rest.append((index, record_json(record)))
    for group, members in plain_groups.items():
        texts[group] = json.dumps(members, ensure_ascii=False, separators=(",", ":"))
    return FileSummary(
        name, key, records, voids, voided, tallies, rest, plain=texts, count=len(records),
        fast=fast, dated=dated, activities=activities, dones=dones, monthly=monthly,
    )  # fmt: skip


def group_key(unit: str, task: int) -> str:
    """How a unit and row name their group of plain entries."""
    return f"{unit}\t{task}"


# ---------------------------------------------------------------- as plain data


def to_data(summary: FileSummary) -> dict[str, Any]:
    """The summary as JSON values (amounts as strings: each keeps its digits)."""
    tallies = []
    for (unit, task), tally in summary.tallies.items():
        dates = sorted({*tally.increments, *tally.totals, *tally.latest})
        rows = []
        for date in dates:
            increment = tally.increments.get(date)
            total = tally.totals.get(date)
            rows.append(
                [
                    date.isoformat(),
                    None if increment is None else str(increment),
                    None if total is None else [total[0].isoformat(), total[1][1], str(total[2])],
                    _seen_data(tally.latest[date]),
                ]
            )
        tallies.append([unit, task, rows])
    activities = [
        [
            unit,
            task,
            [
                [day.isoformat(), number, _amount_data(tally.increments.get(day)),
                 _seen_data(tally.latest[day])]
                for day, number in tally.counted.items()
            ],
        ]
        for (unit, task), tally in summary.activities.items()
    ]  # fmt: skip
    dones = [
        [unit, task, milestone,
         [[day.isoformat(), number, _seen_data(tally.latest[day])]
          for day, number in tally.counted.items()]]
        for (unit, task, milestone), tally in summary.dones.items()
    ]  # fmt: skip
    return {
        "format": FORMAT,
        "name": summary.name,
        "sha": summary.key.sha,
        "stat": list(summary.key.stat),
        "stored_at": summary.stored_at,
        "count": summary.count,
        "fast": summary.fast,
        "voids": [list(v) for v in summary.voids],
        "voided": sorted(summary.voided),
        "tallies": tallies,
        "rest": [list(r) for r in summary.rest],
        "dated": [[day.isoformat(), n] for day, n in sorted(summary.dated.items())],
        "activities": activities,
        "dones": dones,
        "monthly": [
            [unit, task, month_tally.to_data(tally)]
            for (unit, task), tally in summary.monthly.items()
        ],
    }


def from_data(data: Any) -> FileSummary | None:
    """A summary read back, or None when the data is not one (a miss)."""
    try:
        return _from_data(data)
    except (TypeError, ValueError, KeyError, IndexError, ArithmeticError):
        return None


def _from_data(data: Any) -> FileSummary:
    if data["format"] != FORMAT:
        raise ValueError(data["format"])
    tallies: dict[tuple[str, int], Tally] = {}
    for unit, task, rows in data["tallies"]:
        tally = Tally()
        for day, increment, total, seen in rows:
            date = dt.date.fromisoformat(day)
            if increment is not None:
                tally.increments[date] = _decimal(increment)
            if total is not None:
                at, index, amount = total
                tally.totals[date] = (_aware(at), (0, _int(index)), _decimal(amount))
            tally.latest[date] = _seen_from(seen)
        tallies[(_str(unit), _int(task))] = tally
    activities: dict[tuple[str, int], Tally] = {}
    for unit, task, rows in data["activities"]:
        tally = Tally()
        for day, number, amount, seen in rows:
            date = dt.date.fromisoformat(day)
            tally.counted[date] = _int(number)
            if amount is not None:
                tally.increments[date] = _decimal(amount)
            tally.latest[date] = _seen_from(seen)
        activities[(_str(unit), _int(task))] = tally
    dones: dict[tuple[str, int, str | None], Tally] = {}
    for unit, task, milestone, rows in data["dones"]:
        tally = Tally()
        for day, number, seen in rows:
            date = dt.date.fromisoformat(day)
            tally.counted[date] = _int(number)
            tally.latest[date] = _seen_from(seen)
        dones[(_str(unit), _int(task), None if milestone is None else _str(milestone))] = tally
    rest = [(_int(index), dict(entry)) for index, entry in data["rest"]]
    monthly = {
        (_str(unit), _int(task)): month_tally.from_data(tally)
        for unit, task, tally in data["monthly"]
    }
    return FileSummary(
        name=_str(data["name"]),
        key=FileKey(_str(data["sha"]), tuple(_int(n) for n in data["stat"])),
        records=None,
        voids=[(_str(i), _str(target)) for i, target in data["voids"]],
        voided=frozenset(_str(i) for i in data["voided"]),
        tallies=tallies,
        rest=rest,
        stored_at=_int(data["stored_at"]),
        count=_int(data["count"]),
        fast=_bool(data["fast"]),
        dated={dt.date.fromisoformat(_str(day)): _int(n) for day, n in data["dated"]},
        activities=activities,
        dones=dones,
        monthly=monthly,
    )


def ids_to_data(summary: FileSummary) -> list[Any]:
    """A summary's ids and lines as JSON values."""
    assert summary.records is not None
    return [list(record) for record in summary.records]


def ids_from_data(data: Any) -> list[tuple[str, int]] | None:
    """Ids and lines read back, or None when the data is not that (a miss)."""
    try:
        return [(_str(i), _int(line)) for i, line in data]
    except (TypeError, ValueError):
        return None


def plain_from_data(data: Any) -> dict[str, str] | None:
    """The plain entries' groups read back (each still JSON text), or None (a miss)."""
    try:
        return {_str(key): _str(group) for key, group in data.items()}
    except (TypeError, ValueError, AttributeError):
        return None
