"""The ledger's period: its start, and every command run after (or outside) its year."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.ledger import period
from minning_cli.ledger.load import load_ledger
from minning_cli.views.render_status_text import month_list

D = dt.date
NOTICE = "注意：今天（{today}）已在台账年度 2023 年之后：按年末 2023-12-31 计算（全年已结束）"


class _Today(dt.date):
    """A day in 2026, as the coordinator runs the tool years after the ledger's year."""

    @classmethod
    def today(cls) -> _Today:
        return cls(2026, 11, 30)


@pytest.fixture
def in_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    app_module = importlib.import_module("minning_cli.cli.app")
    monkeypatch.setattr(app_module.dt, "date", _Today)


def invoke(runner: CliRunner, data: Path, *args: str) -> Any:
    result = runner.invoke(app, ["--data", str(data), *args])
    assert result.exit_code == 0, result.output
    return result


def test_the_rule() -> None:
    meta = load_ledger(Path(__file__).resolve().parent.parent / "data").ledger.ledger
    assert period.as_of(meta, None, D(2023, 6, 30)) == period.AsOf(D(2023, 6, 30))
    after = period.as_of(meta, None, D(2026, 11, 30))
    assert after.day == D(2023, 12, 31) and after.notice is not None
    assert "今天（2026-11-30）" in after.notice
    asked = period.as_of(meta, D(2024, 1, 15), D(2026, 11, 30))
    assert asked.day == D(2023, 12, 31)
    assert (
        asked.notice
        == "--as-of 2024-01-15 已在台账年度 2023 年之后：按年末 2023-12-31 计算（全年已结束）"
    )
    before = period.as_of(meta, D(2022, 12, 1), D(2026, 11, 30))
    assert (before.day, before.notice) == (
        D(2023, 1, 1), "--as-of 2022-12-01 在台账年度 2023 年之前：按年初 2023-01-01 计算",
    )  # fmt: skip


def test_status_after_the_year_shows_the_years_end_and_says_so(
    runner: CliRunner, data_dir: Path, in_2026: None
) -> None:
    result = invoke(runner, data_dir, "status", "--format", "json")
    data = json.loads(result.stdout)
    assert data["as_of"] == "2023-12-31"
    assert result.stderr.strip() == NOTICE.format(today="2026-11-30")
    # Every month of 2023 and none of 2024; the year is closed, so December is missing too.
    months = [m["month"] for m in data["monthly"] if m["task"] == 14]
    assert months == [f"2023-{n:02d}" for n in range(1, 13)]
    assert {m["status"] for m in data["monthly"]} == {"missing"}
    table = invoke(runner, data_dir, "status")
    assert "截至 2023-12-31" in table.stdout and "1096" not in table.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--as-of", "2024-01-15", "--format", "json"),
        ("calls", "--as-of", "2024-01-15", "--format", "json"),
        ("review", "--as-of", "2024-01-15"),
    ],
)
def test_an_explicit_day_after_the_year_is_treated_the_same(
    runner: CliRunner, data_dir: Path, args: tuple[str, ...]
) -> None:
    if args[0] == "review":
        import subprocess

        subprocess.run(["git", "init", "-q", str(data_dir.parent)], check=True)
    result = runner.invoke(app, ["--data", str(data_dir), *args])
    assert "--as-of 2024-01-15 已在台账年度 2023 年之后：按年末 2023-12-31 计算" in result.stderr
    if args[0] == "status":
        data = json.loads(result.stdout)
        assert data["as_of"] == "2023-12-31"
        assert not [m for m in data["monthly"] if m["month"].startswith("2024")]


def test_export_after_the_year(runner: CliRunner, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "完成情况.xlsx"
    result = invoke(runner, data_dir, "export", str(out), "--as-of", "2024-01-15")
    assert "截至 2023年12月31日" in result.stdout
    assert "按年末 2023-12-31 计算" in result.stderr


def test_report_without_a_month_after_the_year_reports_december(
    runner: CliRunner, data_dir: Path, in_2026: None
) -> None:
    result = invoke(runner, data_dir, "report")
    assert result.stdout.startswith("鼓楼区闽宁协作工作月报（2023年12月）")


def test_monthly_duties_count_from_the_ledgers_start(runner: CliRunner, data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace("start: 2023-01-01", "start: 2023-03-28"),
        encoding="utf-8",
    )
    data = json.loads(
        invoke(runner, data_dir, "status", "--as-of", "2023-05-31", "-f", "json").stdout
    )
    # Row 11 is due on the 25th: March's fell before the table was issued; row 14's (month
    # end) did not.
    assert [m["month"] for m in data["monthly"] if m["task"] == 11] == ["2023-04", "2023-05"]
    assert [m["month"] for m in data["monthly"] if m["task"] == 14] == [
        "2023-03", "2023-04", "2023-05",
    ]  # fmt: skip


def test_tasks_shows_the_start(runner: CliRunner, data_dir: Path) -> None:
    out = invoke(runner, data_dir, "tasks").stdout
    assert "台账年度 2023 年，起算日 2023-01-01（tasks.yaml 的 ledger.start）" in out


def test_month_lists_carry_the_year_when_they_span_years() -> None:
    assert month_list(["2023-01", "2023-02", "2023-03", "2023-05"]) == "1—3月、5月"
    assert month_list(["2022-11", "2022-12", "2023-01"]) == "2022年11月、2022年12月、2023年1月"


def test_reports_notice_after_the_year_says_what_the_report_does(tmp_path: Path) -> None:
    """A 月报 made after the year stands on its month's end and counts what was recorded by
    the day it is made; the notice says exactly that (it used to say "按年末 12-31 计算")."""
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "demo", data)
    result = CliRunner().invoke(
        app, ["--data", str(data), "report", "--month", "2023-12", "--as-of", "2024-01-25"]
    )
    assert result.exit_code == 0, result.output
    assert "月报的数字截至 2023 年 12 月末" in result.stderr
    assert "计入 2024-01-25 以前录入的记录" in result.stderr
    assert "按年末" not in result.stderr
