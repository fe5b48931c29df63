"""The whole table: rows without figures, every lead unit, pacing per indicator (issue 13)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.ledger.pacing import expected_by, figure_status
from minning_cli.ledger.status import Status

D = dt.date
UNTRACKED_DATED = (1, 7, 8, 9, 10, 12)
ONGOING = (13, 15)


def run(runner: CliRunner, data: Path, *args: str) -> Any:
    result = runner.invoke(app, ["--data", str(data), *args])
    assert result.exit_code == 0, result.output
    return result


def status_json(runner: CliRunner, data: Path, *args: str) -> dict[str, Any]:
    data_: dict[str, Any] = json.loads(
        run(runner, data, "status", *args, "--format", "json").stdout
    )
    return data_


def text(result: Any) -> str:
    """The output with rich's line breaks taken out."""
    return str(result.stdout).replace("\n", "")


def test_rows_without_figures_stand_with_their_lead_units_at_the_years_end(
    runner: CliRunner, data_dir: Path
) -> None:
    tasks = {t["no"]: t for t in status_json(runner, data_dir, "--as-of", "2023-12-31")["tasks"]}
    assert {no: tasks[no]["status"] for no in UNTRACKED_DATED} == dict.fromkeys(
        UNTRACKED_DATED, "overdue"
    )
    assert {no: tasks[no]["status"] for no in ONGOING} == dict.fromkeys(ONGOING, "silent_year")
    assert tasks[1]["leads"] == ["区委办", "区政府办", "区民政局"]
    assert tasks[10]["leads"] == ["区商务局", "软件园"]
    assert tasks[12]["leads"] == ["区民政局", "区委宣传部", "区文体旅局"]
    assert tasks[13]["leads"] == ["区文体旅局"] and tasks[15]["leads"] == ["区国资中心"]


def test_inside_the_year_they_stand_as_no_record_then_in_progress_then_done(
    runner: CliRunner, data_dir: Path
) -> None:
    def row7(day: str) -> dict[str, Any]:
        activities = status_json(runner, data_dir, "--as-of", day)["activities"]
        found: dict[str, Any] = next(a for a in activities if a["task"] == 7)
        return found

    assert row7("2023-06-30")["status"] == "no_record"
    run(
        runner,
        data_dir,
        "record",
        "区民政局",
        "7",
        "--note",
        "走访搬迁安置区",
        "--date",
        "2023-07-03",
    )
    assert row7("2023-07-03")["status"] == "in_progress"
    refused = runner.invoke(
        app, ["--data", str(data_dir), "record", "区民政局", "7", "--done", "--date", "2023-11-20"]
    )
    assert refused.exit_code == 1 and "结项须写明结项说明" in refused.stderr
    run(runner, data_dir, "record", "区民政局", "7", "--done", "--note", "全年工作总结已报",
        "--date", "2023-11-20")  # fmt: skip
    closed = row7("2023-12-31")
    assert (closed["status"], closed["closed_on"], closed["closing_note"]) == (
        "done", "2023-11-20", "全年工作总结已报",
    )  # fmt: skip


def test_an_ongoing_row_is_never_overdue_but_goes_quiet(runner: CliRunner, data_dir: Path) -> None:
    def row13(day: str) -> dict[str, Any]:
        activities = status_json(runner, data_dir, "--as-of", day)["activities"]
        found: dict[str, Any] = next(a for a in activities if a["task"] == 13)
        return found

    assert row13("2023-03-31")["status"] == "no_record"  # 89 days: under a quarter
    assert (row13("2023-04-01")["status"], row13("2023-04-01")["silent_days"]) == ("quiet", 90)
    run(
        runner,
        data_dir,
        "record",
        "区文体旅局",
        "13",
        "--note",
        "文旅研学团",
        "--date",
        "2023-05-10",
    )
    assert row13("2023-06-30")["status"] == "in_progress"
    assert row13("2023-08-08")["status"] == "quiet"  # 90 days after the last record
    assert row13("2023-12-31")["status"] == "quiet"  # heard once: not 全年无记录


def test_row_15s_venue_can_be_marked_done(runner: CliRunner, data_dir: Path) -> None:
    out = run(runner, data_dir, "record", "区国资中心", "15", "--done", "--note", "展示馆已开放",
              "--date", "2023-05-02").stdout  # fmt: skip
    assert "安排原州区特色农产品及优质旅游资源展示场所 已完成" in out
    data = status_json(runner, data_dir, "--as-of", "2023-12-31")
    assert next(t for t in data["tasks"] if t["no"] == 15)["status"] == "done"


def test_row_1s_meetings_are_counted(runner: CliRunner, data_dir: Path) -> None:
    for day in ("2023-03-01", "2023-06-01"):
        run(runner, data_dir, "record", "区委办", "1", "--done", "--milestone", "meeting",
            "--date", day)  # fmt: skip
    data = status_json(runner, data_dir, "--as-of", "2023-06-30")
    meeting = next(m for m in data["milestones"] if m["id"] == "meeting")
    assert (meeting["count"], meeting["done_on"]) == (2, "2023-03-01")
    # The visit is optional: the meeting alone closes row 1.
    assert next(t for t in data["tasks"] if t["no"] == 1)["status"] == "done"
    assert "已完成（2023-03-01，共 2 次）" in text(
        run(runner, data_dir, "status", "区委办", "--as-of", "2023-06-30")
    )


@pytest.mark.parametrize(
    ("unit", "rows"),
    [
        ("区商务局", ("4 消费帮扶", "5 招商引资实际到资", "9 拓展产销", "10 推进产业")),
        ("区国资中心", ("15 自选动作",)),
        (
            "区民政局",
            (
                "1 调研对接",
                "3 资金支持",
                "4 消费帮扶",
                "7 脱贫攻坚成果巩固",
                "11 资金使用进度月报",
                "12 典型宣传",
            ),
        ),
        ("区人社局", ("8 劳务协作", "11 资金使用进度月报")),
        ("区慈善总会", ("3 资金支持",)),
        ("区委组织部", ("2 人才选派",)),
        ("区委办", ("1 调研对接",)),
    ],
)
def test_a_units_view_lists_every_row_it_leads(
    runner: CliRunner, data_dir: Path, unit: str, rows: tuple[str, ...]
) -> None:
    shown = text(run(runner, data_dir, "status", unit, "--as-of", "2023-12-31"))
    for row in rows:
        assert row in shown, row
    assert "没有牵头或分解的任务" not in shown


def test_no_unit_with_duties_reads_as_idle(runner: CliRunner, data_dir: Path) -> None:
    from minning_cli.ledger.load import load_book

    ledger = load_book(data_dir).ledger
    for unit in ledger.units:
        shown = text(run(runner, data_dir, "status", unit.name, "--as-of", "2023-12-31"))
        assert "没有牵头或分解的任务" not in shown, unit.name
    # The roles the table gives lead units without shares are shown in their words.
    shown = text(run(runner, data_dir, "status", "区民政局", "--as-of", "2023-06-30"))
    assert "本单位：负责汇总数据" in shown and "本单位：负责捐赠资金的使用管理" in shown


def test_row_8s_sum_shows_its_measure(runner: CliRunner, data_dir: Path) -> None:
    run(runner, data_dir, "record", "区人社局", "8", "30人", "--note", "劳务协作招聘会",
        "--date", "2023-04-02")  # fmt: skip
    shown = text(run(runner, data_dir, "status", "--as-of", "2023-06-30"))
    assert "（共1条，合计30人）" in shown.replace(" ", "")  # rich may wrap at a space


def test_calls_lists_every_lead_unit_of_a_row_due_with_nothing_recorded(
    runner: CliRunner, data_dir: Path
) -> None:
    calls = json.loads(
        run(runner, data_dir, "calls", "--as-of", "2023-12-15", "--format", "json").stdout
    )
    reasons = {c["unit"]: c["reasons"] for c in calls}
    for unit in ("区委办", "区政府办", "区民政局", "区人社局", "区商务局", "软件园", "区委宣传部",
                 "区文体旅局"):  # fmt: skip
        assert "row_due" in reasons[unit], unit
    assert "row_quiet" in reasons["区文体旅局"] and "row_quiet" in reasons["区国资中心"]
    by_unit = {c["unit"]: c for c in calls}
    assert "7 脱贫攻坚成果巩固（12月31日到期，还剩 16 天）尚无记录" in by_unit["区民政局"]["ask"]
    assert "15 自选动作（持续推进）已 348 天无记录" in by_unit["区国资中心"]["ask"]
    # The window is an option: 10 days leaves rows due in 16 out.
    narrow = json.loads(
        run(runner, data_dir, "calls", "--as-of", "2023-12-15", "--row-window", "10",
            "--format", "json").stdout
    )  # fmt: skip
    assert "区政府办" not in {c["unit"] for c in narrow}


# ---------------------------------------------------------------- pacing


def test_a_one_person_share_due_in_october_is_not_behind_in_june(
    runner: CliRunner, data_dir: Path
) -> None:
    def share(day: str) -> dict[str, Any]:
        allocations = status_json(runner, data_dir, "区文体旅局", "--as-of", day)["allocations"]
        found: dict[str, Any] = next(a for a in allocations if a["task"] == 2)
        return found

    june = share("2023-06-30")
    assert (june["status"], june["expected"], june["pacing"]) == ("on_track", 0, "deadline")
    assert share("2023-10-31")["status"] == "on_track"  # the deadline's own day is not over
    assert share("2023-11-01")["status"] == "overdue"
    shown = text(run(runner, data_dir, "status", "区文体旅局", "--as-of", "2023-06-30"))
    assert "进度规则：到时限应完成" in shown


def test_money_stays_linear_and_the_rule_is_declared_per_indicator(data_dir: Path) -> None:
    text_ = (data_dir / "tasks.yaml").read_text(encoding="utf-8")
    assert text_.count("pacing: linear") == 3 and text_.count("pacing: deadline") == 1


def test_the_three_rules() -> None:
    start, deadline = D(2023, 1, 1), D(2023, 12, 31)
    target = Decimal(12)
    assert expected_by(target, start, deadline, D(2023, 7, 2), "linear") == Decimal(12) * 182 / 364
    assert expected_by(target, start, deadline, D(2023, 7, 2), "deadline") == 0
    assert expected_by(target, start, deadline, deadline, "deadline") == 12
    assert expected_by(target, start, deadline, D(2023, 6, 29), "stepped") == 5  # Jan–May
    assert expected_by(target, start, deadline, D(2023, 6, 30), "stepped") == 6  # June ended
    # Due at the deadline: behind only when what remains cannot fit, one a day.
    day = D(2023, 12, 29)
    assert figure_status(target, Decimal(9), Decimal(0), deadline, day, "deadline") == (
        Status.ON_TRACK
    )
    assert figure_status(target, Decimal(8), Decimal(0), deadline, day, "deadline") == (
        Status.BEHIND
    )
    # The year's last day closes it: a deadline on that day has passed.
    assert figure_status(target, Decimal(11), target, deadline, deadline, "linear") == (
        Status.BEHIND
    )
    assert figure_status(
        target, Decimal(11), target, deadline, deadline, "linear", year_end=deadline
    ) == (Status.OVERDUE)


def test_the_ledger_default_pacing_applies_to_indicators_that_name_none(
    runner: CliRunner, data_dir: Path
) -> None:
    tasks = data_dir / "tasks.yaml"
    text_ = tasks.read_text(encoding="utf-8").replace("        pacing: linear\n", "")
    text_ = text_.replace("  start: 2023-01-01\n", "  start: 2023-01-01\n  pacing: stepped\n")
    tasks.write_text(text_, encoding="utf-8")
    data = status_json(runner, data_dir, "--as-of", "2023-06-30")
    row4 = next(t for t in data["tasks"] if t["no"] == 4)
    assert (row4["pacing"], row4["expected"]) == ("stepped", 4000)  # 6 of 12 months
