"""The row kinds are the one judge: ``check`` accepts an entry in a file exactly when
``record`` would make that entry, and every accepted entry counts in ``status``."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from minning_cli.figures.status import compute_status
from minning_cli.ledger.kinds import Refusal, Rows
from minning_cli.ledger.load import check_all, load_book, load_ledger
from minning_cli.ledger.model import Entry
from minning_cli.ledger.rebuild import record_json
from minning_cli.text.amounts import fmt
from minning_cli.text.errors import MinningError, errors_only
from minning_cli.writing.record import Request, build_entry

from .conftest import SHIPPED

LEDGER = load_ledger(SHIPPED).ledger
UNITS = [u.name for u in LEDGER.units] + [g.name for g in LEDGER.groups] + ["不存在的单位"]
MILESTONES = [*sorted({m.id for t in LEDGER.tasks for m in t.milestones}), "dinner"]
YEAR_END = dt.date(2023, 12, 31)
NOW = dt.datetime(2024, 1, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


ROWS = Rows(LEDGER)
KINDS = ["increment", "total", "done", "activity"]


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    """Any entry a person could write into a progress file of the shipped table: half the
    time each field is drawn from what the row takes, so that many are accepted."""
    day = draw(st.dates(dt.date(2023, 1, 1), YEAR_END))
    task = draw(st.integers(1, len(LEDGER.tasks) + 1))
    row = ROWS.rows.get(task)
    near_units = sorted({u for i in row.items for u in i.units} | set(row.involved)) if row else []
    near_kinds = sorted({k for i in row.items for k in i.takes}) if row else []
    near_milestones = [m.id for m in row.task.milestones] if row else []
    return Entry(
        id=f"{day:%Y-%m-%d}-hypo01",
        date=day,
        unit=draw(st.sampled_from(near_units or UNITS) | st.sampled_from(UNITS)),
        task=task,
        kind=draw(st.sampled_from(near_kinds or KINDS) | st.sampled_from(KINDS)),
        amount=draw(st.sampled_from([None, *(Decimal(s) for s in ("0", "1", "2", "2.5", "20"))])),
        milestone=draw(
            st.sampled_from([None, None, *near_milestones]) | st.sampled_from([None, *MILESTONES])
        ),
        note=draw(st.sampled_from([None, "", "举办招聘会", "举办招聘会", "举办招聘会"])),
        source="电话",
        by="测试",
        recorded_at=NOW,
    )


def line(entry: Entry) -> str:
    """The entry as one line of a progress file (JSON strings are YAML double-quoted text)."""
    fields = record_json(entry)
    return (
        "- {"
        + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items())
        + "}\n"
    )


def record_makes(book: object, entry: Entry) -> bool:
    """Whether ``record``, asked for this entry as a person would type it, makes exactly it."""
    request = Request(
        unit=entry.unit,
        task=str(entry.task),
        amount=None if entry.amount is None else fmt(entry.amount),
        date=entry.date,
        total=entry.kind == "total",
        done=entry.kind == "done",
        milestone=entry.milestone,
        note=entry.note,
        source=entry.source,
        by=entry.by,
    )
    try:
        made = build_entry(book, request, today=YEAR_END, now=NOW, by=lambda: "测试").entry  # type: ignore[arg-type]
    except MinningError:
        return False
    fields = ("unit", "task", "kind", "amount", "milestone", "date")
    # An empty note is no note: record keeps none.
    return (made.note or None) == (entry.note or None) and all(
        getattr(made, f) == getattr(entry, f) for f in fields
    )


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An empty copy of the shipped ledger, and one whose progress/ the test rewrites."""
    empty, work = tmp_path_factory.mktemp("empty"), tmp_path_factory.mktemp("work")
    shutil.copytree(SHIPPED, empty / "data")
    shutil.copytree(SHIPPED, work / "data")
    return empty / "data", work / "data"


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entry=entries())
def test_check_accepts_exactly_what_record_makes_and_status_counts_it(
    folders: tuple[Path, Path], entry: Entry
) -> None:
    empty, work = folders
    for old in (work / "progress").glob("*.yaml"):
        old.unlink()
    (work / "progress" / f"{entry.date:%Y-%m}.yaml").write_text(line(entry), encoding="utf-8")
    problems = [p for p in check_all(work).problems if "progress" in p.file]
    checked = not errors_only(problems)
    empty_book = load_book(empty)
    event(f"{entry.kind} {'accepted' if checked else 'refused'}")
    # What record makes, check passes without a word; what check passes only with a warning
    # (an old "0 篇" line) record no longer makes.
    assert (checked and not problems) == record_makes(empty_book, entry)
    if checked:
        before = compute_status(empty_book, YEAR_END).as_json()
        after = compute_status(load_book(work), YEAR_END).as_json()
        assert after != before, "an accepted entry counts nowhere in status"


def test_every_row_item_has_a_kind_and_every_entry_kind_a_taker() -> None:
    rows = Rows(LEDGER)
    kinds = {kind for row in rows for item in row.items for kind in item.takes}
    assert kinds == {"increment", "total", "done", "activity"}
    # A row without figures takes activities from each unit that takes part in it.
    row8 = rows.row(8)
    assert [type(i).__name__ for i in row8.items] == ["ActivityItem"]
    assert "区人社局" in row8.involved


def test_a_refusal_names_the_field_to_fix() -> None:
    rows = Rows(LEDGER)
    entry = Entry(
        id="2023-06-01-abcdef", date=dt.date(2023, 6, 1), unit="区委办", task=6, kind="done",
        recorded_at=NOW,
    )  # fmt: skip
    refusal = rows.fit(entry)
    assert isinstance(refusal, Refusal) and refusal.field == "unit"
    assert refusal.message.startswith("区委办在任务6“结对帮扶”里没有结对")


def test_the_log_says_what_each_amount_is_counted_in(data_dir: Path) -> None:
    from typer.testing import CliRunner

    from minning_cli.cli import app

    runner = CliRunner()
    for args in (
        ["软件园", "4", "20万", "--date", "2023-06-01"],
        ["区人社局", "8", "3", "--note", "招聘会", "--date", "2023-06-02"],
        ["区委宣传部", "14", "2", "--done", "--date", "2023-06-03"],
        ["南街街道", "6", "--done", "--date", "2023-06-04"],
    ):
        result = runner.invoke(app, ["--data", str(data_dir), "record", *args, "--by", "测试"])
        assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["--data", str(data_dir), "log", "--format", "json"])
    shown = [(row["task"], row["amount"], row["measure"]) for row in json.loads(result.stdout)]
    assert shown == [(4, 20, "万元"), (8, 3, "人"), (14, 2, "篇"), (6, None, None)]


def entry_line(**fields: object) -> str:
    """One progress line with the fields every entry needs filled in."""
    base: dict[str, object] = {
        "by": "测试",
        "recorded_at": "2023-06-03T10:00:00+08:00",
    }
    return (
        "- {"
        + ", ".join(
            f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in {**fields, **base}.items()
        )
        + "}\n"
    )


def test_old_entries_still_load_and_a_voided_misfit_is_no_error(data_dir: Path) -> None:
    # Earlier versions wrote "0 articles" for a month; and an entry that fits no row stops
    # mattering once it is voided (so old mistakes, already voided, do not lock anyone out).
    (data_dir / "progress" / "2023-06.yaml").write_text(
        entry_line(id="2023-06-03-zero01", date="2023-06-03", unit="区委宣传部", task=14,
                   kind="done", amount=0, source="电话")
        + entry_line(id="2023-06-03-misfit", date="2023-06-03", unit="区委办", task=6,
                     kind="done", source="电话")
        + entry_line(id="2023-06-03-void01", kind="void", voids="2023-06-03-misfit",
                     reason="结对单位记错"),
        encoding="utf-8",
    )  # fmt: skip
    problems = check_all(data_dir).problems
    assert errors_only(problems) == []
    assert [p.line for p in problems if "完成数为 0" in p.message] == [1]
    months = compute_status(load_book(data_dir), YEAR_END).row(14).monthly
    assert [(m.month, m.count, m.status) for m in months][5] == ("2023-06", 0, "missing")


def test_an_activity_amount_where_the_row_counts_money_is_refused_alike() -> None:
    ledger = replace(
        LEDGER,
        tasks=tuple(replace(t, activity_measure="万元") if t.no == 8 else t for t in LEDGER.tasks),
    )
    rows = Rows(ledger)
    entry = Entry(
        id="2023-06-01-abcdef", date=dt.date(2023, 6, 1), unit="区人社局", task=8,
        kind="activity", amount=Decimal(3), note="招聘会", recorded_at=NOW,
    )  # fmt: skip
    refusal = rows.fit(entry)
    assert isinstance(refusal, Refusal)
    assert refusal.message == "活动记录只能附人数或个数"
    assert rows.row(8).items[0].no_amount().message == refusal.message  # what record says


def test_one_unit_sees_its_own_activities_and_its_milestones_named_by_unit(
    data_dir: Path,
) -> None:
    from typer.testing import CliRunner

    from minning_cli.cli import app

    runner = CliRunner()
    result = runner.invoke(
        app, ["--data", str(data_dir), "status", "区人社局", "--as-of", "2023-06-30", "-f", "json"]
    )
    assert [a["task"] for a in json.loads(result.stdout)["activities"]] == [8, 11]  # a lead of 11
    result = runner.invoke(
        app, ["--data", str(data_dir), "status", "--task", "1", "--as-of", "2023-06-30"]
    )
    assert "1 调研对接（牵头：区委办、区政府办、区民政局；时限 2023-12-31）：无记录" in (
        result.stdout.replace("\n", "")
    )
    assert "召开工作推进会和专题会议研究闽宁协作具体事项 未完成" in result.stdout.replace("\n", "")


def test_a_row_needs_lead_units(data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    tasks.write_text(
        text.replace("leads: [区委办, 区政府办, 区民政局]", "leads: []", 1), encoding="utf-8"
    )
    line = 1 + text.splitlines().index("    leads: [区委办, 区政府办, 区民政局]")
    errors = errors_only(check_all(data_dir).problems)
    assert [(e.line, e.message) for e in errors] == [(line, "任务1“调研对接”没有写牵头单位")]
