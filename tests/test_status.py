"""`minning status`: exact figures, pacing and status codes around a deadline."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.figures.status import compute_status
from minning_cli.ledger.load import load_book
from minning_cli.ledger.pacing import expected_by
from minning_cli.writing.record import Request, record_entry, void_entry

from .conftest import FIXTURES, numbered_ids

D = dt.date
NOW = dt.datetime(2023, 12, 31, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small ledger with a year's entries: increments, totals, a void, milestones."""
    target = tmp_path / "small"
    shutil.copytree(FIXTURES / "small", target)
    numbered_ids(monkeypatch, "s")

    def rec(unit: str, task: str, amount: str | None, day: dt.date, **kw: Any) -> str:
        request = Request(unit=unit, task=task, amount=amount, date=day, by="测试", **kw)
        return record_entry(target, request, today=D(2023, 12, 31), now=NOW).entry.id

    rec("甲局", "1", "10", D(2023, 1, 21))
    rec("甲局", "1", "30", D(2023, 2, 10), total=True)
    rec("甲局", "1", "5", D(2023, 2, 10))  # same day as the total: inside it
    wrong = rec("甲局", "1", "20", D(2023, 2, 15))
    rec("甲局", "1", "15", D(2023, 3, 1))
    rec("甲局", "1", "100", D(2023, 4, 11), total=True)
    rec("乙街道", "1", "30", D(2023, 2, 1))
    rec("丙街道", "1", "60", D(2023, 3, 1), total=True)
    rec("乙街道", "2", None, D(2023, 4, 5), done=True)
    rec("甲局", "3", None, D(2023, 1, 20), done=True)
    rec("甲局", "3", None, D(2023, 2, 27), done=True)
    rec("丙街道", "4", None, D(2023, 3, 3), note="进社区宣传")
    void_entry(target, wrong, "记重了", by="测试", now=NOW)
    return target


def status(small: Path, day: dt.date) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        json.dumps(compute_status(load_book(small), day).as_json(), default=str)
    )
    return data


def share(report: dict[str, Any], unit: str | None, task: int = 1) -> dict[str, Any]:
    return next(a for a in report["allocations"] if a["unit"] == unit and a["task"] == task)


def figures(a: dict[str, Any]) -> tuple[str, ...]:
    keys = ("actual", "percent", "expected", "remaining", "weekly_needed", "status")
    return tuple(str(a[k]) for k in keys)


def test_pacing_formula() -> None:
    start, deadline = D(2023, 1, 1), D(2023, 4, 11)
    assert expected_by(Decimal(100), start, deadline, D(2023, 2, 20)) == 50
    assert expected_by(Decimal(100), start, deadline, D(2022, 12, 1)) == 0
    assert expected_by(Decimal(100), start, deadline, D(2023, 5, 1)) == 100


def test_before_the_deadline(small: Path) -> None:
    report = status(small, D(2023, 2, 20))  # day 50 of 100
    # 甲局: the total of 02-10 (30) replaces earlier increments; the 02-10 increment is inside
    # it; the 02-15 increment was voided.
    assert figures(share(report, "甲局")) == ("30", "30.0", "50", "70", "9.8", "behind")
    assert figures(share(report, "乙街道")) == ("30", "60.0", "25", "20", "2.8", "on_track")
    assert figures(share(report, "丙街道")) == ("0", "0.0", "25", "50", "7", "behind")
    task = report["tasks"][0]
    assert (task["target"], task["actual"], task["percent"]) == ("200", "60", "30.0")
    assert share(report, "甲局")["last_entry"]["date"] == "2023-02-10"


def test_on_the_deadline(small: Path) -> None:
    report = status(small, D(2023, 4, 11))
    assert figures(share(report, "甲局")) == ("100", "100.0", "100", "0", "None", "done")
    assert figures(share(report, "乙街道")) == ("30", "60.0", "50", "20", "None", "behind")
    assert figures(share(report, "丙街道")) == ("60", "120.0", "50", "0", "None", "done")
    assert report["tasks"][0]["percent"] == "95.0"


def test_after_the_deadline(small: Path) -> None:
    report = status(small, D(2023, 4, 12))
    assert share(report, "乙街道")["status"] == "overdue"
    assert share(report, "丙街道")["percent"] == "120.0"  # a floor exceeded is not capped


def test_pairing_before_on_and_after_its_due_date(small: Path) -> None:
    def pairing(day: dt.date) -> tuple[str, str | None]:
        (m,) = [m for m in status(small, day)["milestones"] if m["partner"] == "某镇"]
        return m["status"], m["done_on"]

    assert pairing(D(2023, 3, 30)) == ("pending", None)
    assert pairing(D(2023, 3, 31)) == ("pending", None)
    assert pairing(D(2023, 4, 1)) == ("overdue", None)
    assert pairing(D(2023, 4, 5)) == ("done", "2023-04-05")


def test_monthly_reports(small: Path) -> None:
    months = [(m["month"], m["status"]) for m in status(small, D(2023, 4, 10))["monthly"]]
    assert months == [("2023-01", "on_time"), ("2023-02", "late"), ("2023-03", "missing"),
                      ("2023-04", "pending")]  # fmt: skip


def test_activities_and_unallocated(small: Path) -> None:
    report = status(small, D(2023, 6, 30))
    # Every row without figures takes activities, those with milestones or duties too.
    counted = {a["task"]: a["count"] for a in report["activities"]}
    assert counted == {2: 0, 3: 0, 4: 1}
    activity = next(a for a in report["activities"] if a["task"] == 4)
    assert (activity["count"], activity["last"]["note"]) == (1, "进社区宣传")
    (gap,) = report["unallocated"]
    assert (gap["target"], gap["allocated"], gap["remainder"]) == ("200", "200", "0")


def test_json_contract(small: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["--data", str(small), "status", "--as-of", "2023-02-20", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2023-02-20"
    assert data["tasks"][0] == {"no": 1, "title": "资金", "deadline": "2023-04-11", "target": 200,
                                "actual": 60, "percent": 30.0, "measure": "万元",
                                "indicator": "资金", "pace_deadline": "2023-04-11",
                                "expected": 100, "status": "behind",
                                "leads": ["甲局", "两街道", "乙街道", "丙街道"],
                                "pacing": "linear"}  # fmt: skip
    first = data["allocations"][0]
    assert {k: first[k] for k in ("task", "indicator", "unit", "measure", "target", "actual",
                                  "percent", "expected", "deadline", "status")} == {
        "task": 1, "indicator": "资金", "unit": "甲局", "measure": "万元", "target": 100,
        "actual": 30, "percent": 30.0, "expected": 50, "deadline": "2023-04-11", "status": "behind",
    }  # fmt: skip
    assert set(data["milestones"][0]) >= {"task", "unit", "name", "partner", "due", "done",
                                          "done_on", "status"}  # fmt: skip
    one = runner.invoke(
        app, ["--data", str(small), "status", "甲", "--as-of", "2023-02-20", "-f", "json"]
    )
    assert [a["unit"] for a in json.loads(one.stdout)["allocations"]] == ["甲局"]


def test_unit_and_task_views(small: Path, runner: CliRunner) -> None:
    out = runner.invoke(
        app, ["--data", str(small), "status", "甲局", "--as-of", "2023-02-20"]
    ).stdout
    assert "甲局（截至 2023-02-20）" in out and "联系人：张三 0591-87654321" in out
    assert "1 资金" in out and "滞后" in out and "最近 5 条记录" in out
    out = runner.invoke(
        app, ["--data", str(small), "status", "--task", "1", "--as-of", "2023-02-20"]
    ).stdout
    lines = out.splitlines()
    order = [
        n
        for n in ("丙街道", "甲局", "乙街道")
        if any(line.lstrip().startswith(n) for line in lines)
    ]
    positions = [
        next(i for i, line in enumerate(lines) if line.lstrip().startswith(n)) for n in order
    ]
    assert positions == sorted(positions) and order == ["丙街道", "甲局", "乙街道"]  # worst first
    assert "全市：测试区 200 / 全市合计 300万元" in out


# ---------------------------------------------------------------- the shipped table


def test_shipped_table_without_entries(data_dir: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["--data", str(data_dir), "status", "--as-of", "2023-06-30", "-f", "json"]
    )
    data = json.loads(result.stdout)
    assert [(t["no"], t["target"]) for t in data["tasks"]][:6] == [
        (1, None), (2, 11), (3, 300), (4, 8000), (5, 10000), (6, None)]  # fmt: skip
    assert len(data["tasks"]) == 15
    rows = {(a["task"], a["unit"]): a["target"] for a in data["allocations"]}
    assert rows[(2, "区教育局")] == 4 and rows[(2, None)] == 1
    assert rows[(3, "洪山镇")] == 25.5 and rows[(3, "软件园")] == 25
    assert rows[(4, "福州定有福电子商务有限公司")] is None
    assert rows[(4, "区商务局")] == 800 and rows[(5, "鼓西街道")] == 800
    assert len([k for k in rows if k[0] == 4]) == 17  # 6 named + 10 sub-districts + the company
    assert all(a["actual"] == 0 for a in data["allocations"])
    row4 = next(u for u in data["unallocated"] if u["task"] == 4)
    assert (row4["allocated"], row4["remainder"], row4["city_total"]) == (5500, 2500, 75000)


def test_shipped_overview_fits_100_columns(data_dir: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["--data", str(data_dir), "status", "--as-of", "2023-06-30"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    table = lines[: next(i for i, line in enumerate(lines) if line.startswith("图例"))]
    assert max(cell_len(line) for line in table) <= 100
    assert any(line.startswith(" 福州定有福") and "0/? —" in line for line in lines)
    assert any("全区合计" in line and "0/8000 0%" in line for line in lines)
    assert "4 消费帮扶" not in result.stdout  # the overview, not a row view


def test_csv_and_markdown(data_dir: Path, runner: CliRunner) -> None:
    csv_out = runner.invoke(
        app, ["--data", str(data_dir), "status", "-f", "csv", "--as-of", "2023-06-30"]
    ).stdout
    header = csv_out.splitlines()[0].split(",")
    assert header[:5] == [
        "分组",
        "单位",
        "人才选派（人）完成",
        "人才选派（人）目标",
        "人才选派（人）完成率",
    ]
    assert csv_out.splitlines()[-1].startswith(",全区合计,0,11,0%")
    md = runner.invoke(
        app, ["--data", str(data_dir), "status", "-f", "markdown", "--as-of", "2023-06-30"]
    ).stdout
    assert md.startswith("## 2023年鼓楼区闽宁协作任务分工表 完成情况（截至 2023-06-30）")
    assert "| 区直部门 | 区教育局 | 0 | 0% | 正常 |" in md


def test_overview_fits_80_columns_with_two_line_cells(data_dir: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["--data", str(data_dir), "status", "--as-of", "2023-06-30"], env={"COLUMNS": "80"}
    )
    lines = result.stdout.splitlines()
    table = lines[: next(i for i, line in enumerate(lines) if line.startswith("图例"))]
    assert max(cell_len(line) for line in table) <= 80
    total = next(i for i, line in enumerate(lines) if "全区合计" in line)
    assert "0/8000" in lines[total] and "0%" in lines[total + 1]


def test_overview_of_a_table_with_other_figure_rows(small: Path, runner: CliRunner) -> None:
    # The overview has a column per row with figures: here only row 1, not the shipped 2–5.
    result = runner.invoke(app, ["--data", str(small), "status", "--as-of", "2023-02-20"])
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert any(line.split() == ["甲局", "30/100", "30%", "滞后"] for line in lines), lines
    assert any(line.split() == ["乙街道", "30/50", "60%", "正常", "未完成"] for line in lines), (
        lines
    )
    csv_out = runner.invoke(
        app, ["--data", str(small), "status", "-f", "csv", "--as-of", "2023-02-20"]
    ).stdout
    assert (
        csv_out.splitlines()[0]
        == "分组,单位,资金（万元）完成,资金（万元）目标,资金（万元）完成率,资金（万元）状态,结对"
    )
    assert csv_out.splitlines()[-1] == ",全区合计,60,200,30%,滞后,0/1"


def test_a_unit_sees_what_the_kinds_say_it_answers_for(data_dir: Path, runner: CliRunner) -> None:
    # Row 1's meeting and visit fall to its leads (区政府办 among them) and row 11's report to
    # 区委统战部 too, though neither standing names a single unit; the view and the JSON for
    # one unit read that from the standing, not from the table's leads again.
    result = runner.invoke(
        app, ["--data", str(data_dir), "status", "区政府办", "--as-of", "2023-03-31", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(m["task"], m["name"][:4]) for m in data["milestones"]] == [
        (1, "召开工作"),
        (1, "赴宁夏固"),
    ]
    result = runner.invoke(
        app, ["--data", str(data_dir), "status", "区委统战部", "--as-of", "2023-03-31"]
    )
    assert result.exit_code == 0, result.output
    assert "11 资金使用进度月报：按时 0、迟报 0、未报 3" in result.stdout
    assert "没有分解任务或结对" not in result.stdout
