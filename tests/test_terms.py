"""Row 2's dispatch terms and living subsidy, row 11's fund figures, same-day totals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app

from .conftest import numbered_ids


@pytest.fixture
def fixed_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    numbered_ids(monkeypatch, "t")


def invoke(runner: CliRunner, data: Path, *args: str) -> Any:
    result = runner.invoke(app, ["--data", str(data), *args])
    assert result.exit_code == 0, result.output
    return result


def status_json(runner: CliRunner, data: Path, day: str, *args: str) -> dict[str, Any]:
    out = invoke(runner, data, "status", *args, "--as-of", day, "--format", "json").stdout
    data_: dict[str, Any] = json.loads(out)
    return data_


def terms(runner: CliRunner, data: Path, day: str) -> list[dict[str, Any]]:
    allocations = status_json(runner, data, day)["allocations"]
    return [term for a in allocations for term in a["terms"]]


def test_a_three_month_plan_is_flagged(runner: CliRunner, data_dir: Path, fixed_ids: None) -> None:
    out = invoke(runner, data_dir, "record", "区教育局", "2", "2人", "--start", "2023-09-01",
                 "--months", "3", "--date", "2023-09-01").stdout  # fmt: skip
    assert "人才选派 +2人（2023-09-01 起，计划 3 个月） → 累计 2/4人（50%）" in out
    [term] = terms(runner, data_dir, "2023-09-30")
    assert term == {
        "id": "2023-09-01-t00001", "unit": "区教育局", "persons": 2, "start": "2023-09-01",
        "months": 3, "planned_end": "2023-12-01", "term_end": "2024-03-01", "returned_on": None,
        "flags": ["short_plan"],
    }  # fmt: skip
    shown = invoke(runner, data_dir, "status", "--task", "2", "--as-of", "2023-09-30").stdout
    assert "区教育局 2023-09-01 起派出 2人，计划 3 个月；计划不足6个月" in shown


def test_a_return_after_four_months_of_six_is_flagged(
    runner: CliRunner, data_dir: Path, fixed_ids: None
) -> None:
    invoke(runner, data_dir, "record", "区卫健局", "2", "1人", "--months", "6",
           "--date", "2023-03-01")  # fmt: skip
    [term] = terms(runner, data_dir, "2023-06-30")
    assert term["flags"] == []
    out = invoke(runner, data_dir, "record", "区卫健局", "2", "--return", "2023-03-01-t00001",
                 "--date", "2023-07-01").stdout  # fmt: skip
    assert "选派记录 2023-03-01-t00001 的人员于 2023-07-01 返回" in out
    [term] = terms(runner, data_dir, "2023-07-31")
    assert (term["returned_on"], term["flags"]) == ("2023-07-01", ["early_return"])
    # The return is not a person less: the share still counts the one sent.
    share = next(
        a for a in status_json(runner, data_dir, "2023-07-31")["allocations"]
        if a["unit"] == "区卫健局" and a["task"] == 2
    )  # fmt: skip
    assert share["actual"] == 1
    shown = invoke(runner, data_dir, "status", "区卫健局", "--as-of", "2023-07-31").stdout
    assert "不足6个月即返回" in shown


def test_returns_are_checked(runner: CliRunner, data_dir: Path, fixed_ids: None) -> None:
    invoke(runner, data_dir, "record", "区卫健局", "2", "1人", "--months", "6",
           "--date", "2023-03-01")  # fmt: skip
    for args, message in (
        (("区卫健局", "2", "--return", "2023-03-01-zzzzzz", "--date", "2023-07-01"),
         "区卫健局在任务2没有编号为“2023-03-01-zzzzzz”的选派记录"),
        (("区教育局", "2", "--return", "2023-03-01-t00001", "--date", "2023-07-01"),
         "区教育局在任务2没有编号为“2023-03-01-t00001”的选派记录"),
        (("区卫健局", "2", "--return", "2023-03-01-t00001", "--date", "2023-02-01"),
         "返回日期 2023-02-01 早于选派记录 2023-03-01-t00001 的派出日期"),
        (("软件园", "4", "20", "--months", "6", "--date", "2023-07-01"),
         "任务4“消费帮扶”的“消费帮扶”不记计划月数"),
        (("区卫健局", "2", "3", "--total", "--months", "6", "--date", "2023-07-01"),
         "任务2“人才选派”的累计数不能带派出日期或计划月数"),
    ):  # fmt: skip
        result = runner.invoke(app, ["--data", str(data_dir), "record", *args])
        assert result.exit_code == 1 and message in result.stderr, (args, result.stderr)


def test_the_subsidy_is_owed_monthly_while_a_term_runs(
    runner: CliRunner, data_dir: Path, fixed_ids: None
) -> None:
    invoke(runner, data_dir, "record", "区卫健局", "2", "1人", "--months", "6",
           "--date", "2023-03-01")  # fmt: skip
    for day in ("2023-03-31", "2023-05-10"):
        invoke(runner, data_dir, "record", "区财政局", "2", "--done", "--date", day)
    data = status_json(runner, data_dir, "2023-06-30")
    months = [(m["month"], m["status"], m["done_on"]) for m in data["instalments"]]
    assert months == [
        ("2023-03", "on_time", "2023-03-31"),
        ("2023-04", "late", "2023-05-10"),
        ("2023-05", "missing", None),
        ("2023-06", "pending", None),
    ]
    # One tick no longer closes it, and the calls list asks for the months unpaid.
    calls = json.loads(
        invoke(runner, data_dir, "calls", "--as-of", "2023-06-30", "--format", "json").stdout
    )
    finance = next(c for c in calls if c["unit"] == "区财政局")
    assert "instalment_missing" in finance["reasons"]
    assert "5月发放选派专业技术人员生活补助（参照闽委办〔2018〕36号文件）未发" in finance["ask"]
    shown = invoke(runner, data_dir, "status", "区财政局", "--as-of", "2023-06-30").stdout
    assert "按时1、迟发1、未发1（未发：5月）" in shown.replace("\n", "").replace(" ", "")


def test_row_11s_funds_through_record(runner: CliRunner, data_dir: Path, fixed_ids: None) -> None:
    out = invoke(runner, data_dir, "record", "区民政局", "11", "--done", "--received", "120",
                 "--paid", "100万", "--used", "800000元", "--date", "2023-06-25").stdout  # fmt: skip
    assert "6月资金使用进度月报（到位 120万元、拨付 100万元、使用 80万元） 已完成" in out
    invoke(runner, data_dir, "record", "区人社局", "11", "--done", "--received", "150",
           "--paid", "130", "--used", "120", "--date", "2023-07-24")  # fmt: skip
    data = status_json(runner, data_dir, "2023-07-31")
    funds = [
        (m["month"], m["received"], m["disbursed"], m["used"], m["use_rate"])
        for m in data["monthly"] if m["task"] == 11 and m["received"] is not None
    ]  # fmt: skip
    assert funds == [("2023-06", 120, 100, 80, 66.7), ("2023-07", 150, 130, 120, 80.0)]
    shown = invoke(runner, data_dir, "status", "--task", "11", "--as-of", "2023-07-31").stdout
    assert "2023-06 到位 120、拨付 100、使用 80（万元），使用率 66.7%" in shown
    assert "2023-07 到位 150、拨付 130、使用 120（万元），使用率 80%" in shown
    refused = runner.invoke(app, ["--data", str(data_dir), "record", "南街街道", "6", "--done",
                                  "--used", "5", "--date", "2023-05-20"])  # fmt: skip
    assert refused.exit_code == 1 and "不记使用金额" in refused.stderr


def test_row_11s_funds_through_import(runner: CliRunner, data_dir: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "月报.csv"
    sheet.write_text(
        "日期,单位,任务,完成,到位,拨付,使用,备注\n2023-08-25,区民政局,11,是,200,150,90,8月月报\n",
        encoding="utf-8",
    )
    invoke(runner, data_dir, "import", str(sheet), "--by", "测试")
    [august] = [
        m for m in status_json(runner, data_dir, "2023-08-31")["monthly"]
        if m["task"] == 11 and m["month"] == "2023-08"
    ]  # fmt: skip
    assert (august["status"], august["received"], august["disbursed"], august["used"]) == (
        "on_time", 200, 150, 90,
    )  # fmt: skip
    assert august["use_rate"] == 45.0
    # A checked ledger reads back what was written.
    assert "检查通过" in invoke(runner, data_dir, "check").stdout


def test_a_total_says_which_same_day_increments_it_overrides(
    runner: CliRunner, data_dir: Path, fixed_ids: None
) -> None:
    invoke(runner, data_dir, "record", "软件园", "4", "20", "--date", "2023-06-30")
    result = invoke(runner, data_dir, "record", "软件园", "4", "50", "--total",
                    "--date", "2023-06-30")  # fmt: skip
    assert "累计 50/200万元（25%）" in result.stdout
    assert (
        "注意：2023-06-30 当天已有 1 条增量（2023-06-30-t00001 +20）；按合并规则，同一天的累计数"
        "视为已包含当天的增量，这些增量不再另计" in result.stderr.replace("\n", "")
    )
    # A total on another day says nothing of the kind.
    quiet = invoke(
        runner, data_dir, "record", "软件园", "4", "60", "--total", "--date", "2023-07-01"
    )
    assert "当天已有" not in quiet.stderr


def test_row_11s_funds_in_the_monthly_report(runner: CliRunner, data_dir: Path) -> None:
    invoke(runner, data_dir, "record", "区民政局", "11", "--done", "--received", "120",
           "--paid", "100", "--used", "80", "--date", "2023-06-25")  # fmt: skip
    out = invoke(runner, data_dir, "report", "--month", "2023-06").stdout
    assert (
        "6月已于6月25日按时完成；截至6月资金到位120万元、拨付100万元、使用80万元，使用率66.7%。"
        in out
    )


def test_a_dispatch_start_and_months_are_checked_before_writing(data_dir: Path) -> None:
    """--months outside 1–120 is a usage error; a start after the entry's day or outside the
    year is refused; nothing is written (it used to be a pydantic traceback)."""
    before = sorted(p.name for p in (data_dir / "progress").iterdir())
    runner = CliRunner()
    base = ["--data", str(data_dir), "record", "区教育局", "2", "2人", "--date", "2023-09-05"]
    for extra, code, said in (
        (["--months", "0"], 2, "1 到 120"),
        (["--months", "500", "--dry-run"], 2, "1 到 120"),
        (["--months", "6", "--start", "2023-10-01"], 1, "晚于这条记录的日期"),
        (["--months", "6", "--start", "2022-12-01"], 1, "不在台账年度"),
    ):
        result = runner.invoke(app, [*base, *extra])
        assert result.exit_code == code, result.output
        assert said in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in (data_dir / "progress").iterdir()) == before


def test_an_increment_on_a_day_with_a_running_total_says_it_counts_for_nothing(
    data_dir: Path,
) -> None:
    runner = CliRunner()
    base = ["--data", str(data_dir), "record", "软件园", "4"]
    assert runner.invoke(app, [*base, "80", "--total", "--date", "2023-09-29"]).exit_code == 0
    result = runner.invoke(app, [*base, "5", "--date", "2023-09-29"])
    assert result.exit_code == 0
    assert "当天已有累计数 80" in result.stderr and "不另计" in result.stderr
    assert "累计 80/200万元" in result.stdout


def test_a_return_of_a_voided_dispatch_is_a_warning_cold_and_warm(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINNING_CACHE", str(tmp_path / "cache"))
    runner = CliRunner()
    base = ["--data", str(data_dir), "record", "区教育局", "2"]
    sent = runner.invoke(app, [*base, "2人", "--months", "6", "--date", "2023-09-05"])
    dispatch = sent.stdout.split("已记录 ", 1)[1].split("：", 1)[0]
    back = runner.invoke(app, [*base, "--return", dispatch, "--date", "2023-09-20"])
    assert back.exit_code == 0, back.output
    voided = runner.invoke(app, ["--data", str(data_dir), "void", dispatch, "--reason", "记错"])
    assert voided.exit_code == 0, voided.output
    for _run in ("cold", "warm"):  # the second check reads the summaries the first stored
        result = runner.invoke(app, ["--data", str(data_dir), "check"])
        assert result.exit_code == 0
        assert f"所指的选派“{dispatch}”已作废" in result.output


def test_done_on_a_dispatch_row_says_what_it_is_for(data_dir: Path) -> None:
    result = CliRunner().invoke(
        app, ["--data", str(data_dir), "record", "区教育局", "2", "--done", "--date", "2023-09-05"]
    )
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert "只用来记选派人员返回" in said and "--return" in said
    assert "minning record 区教育局 2 2人 --months 6" in said
