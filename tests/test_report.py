"""`minning report`: the month's report as data, as text for WeChat and as Markdown."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.figures.report import month_report
from minning_cli.ledger.load import load_book
from minning_cli.text.errors import MinningError
from minning_cli.views import render_report
from minning_cli.writing import record as record_module
from minning_cli.writing.record import Request, record_entry, void_entry

from .conftest import FIXTURES, numbered_ids

D = dt.date
NOW = dt.datetime(2023, 7, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
GOLDEN = FIXTURES / "report"


def build_half_year(data_dir: Path) -> None:
    """Entries on the shipped table from January to June 2023, with fixed ids and clock."""

    def rec(unit: str, task: str, amount: str | None, day: dt.date, **kw: Any) -> str:
        request = Request(unit=unit, task=task, amount=amount, date=day, by="测试员", **kw)
        return record_entry(data_dir, request, today=D(2023, 7, 1), now=NOW).entry.id

    rec("区委办", "1", None, D(2023, 3, 1), done=True, milestone="meeting")
    rec("区教育局", "2", "2人", D(2023, 3, 15))
    rec("区教育局", "2", "4", D(2023, 6, 10), total=True, note="第二批2名教师到岗")
    rec("区卫健局", "2", "1", D(2023, 6, 20))
    rec("软件园", "3", "10", D(2023, 4, 2))
    rec("软件园", "3", "25", D(2023, 6, 28), total=True)
    rec("鼓东街道", "3", "5.5万", D(2023, 6, 5))
    rec("区商务局", "4", "300", D(2023, 5, 31), total=True)
    rec("区商务局", "4", "420", D(2023, 6, 30), total=True, source="微信")
    wrong = rec("软件园", "4", "20万", D(2023, 6, 12), note="园区企业采购枸杞")
    rec("软件园", "4", "50", D(2023, 6, 30), total=True)
    rec("洪山镇", "4", "123500元", D(2023, 6, 18))
    rec("区总工会", "4", "650", D(2023, 6, 15), total=True, note="工会会员节日慰问品")
    rec("区商务局", "5", "0.05亿", D(2023, 6, 22), note="宁夏枸杞加工项目首期到资")
    rec("安泰街道", "6", None, D(2023, 4, 10), done=True)
    rec("南街街道", "6", None, D(2023, 6, 2), done=True, note="结对协议已签")
    for day in (D(2023, 1, 25), D(2023, 2, 24), D(2023, 4, 27), D(2023, 5, 25), D(2023, 6, 25)):
        rec("区民政局", "11", None, day, done=True)
    rec("区委宣传部", "14", "1篇", D(2023, 6, 28), done=True)
    rec("区人社局", "8", "30人", D(2023, 6, 3), note="劳务协作招聘会")
    rec("区商务局", "9", None, D(2023, 6, 16), note="组织企业参加宁夏特色农产品展销会")
    rec("区文体旅局", "13", None, D(2023, 6, 21), note="原州区文旅研学团 *首站* | 鼓楼")
    void_entry(data_dir, wrong, "与6月30日累计数重复", by="测试员", now=NOW)


@pytest.fixture
def half_year(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped table with half a year of entries."""
    numbered_ids(monkeypatch, "r")
    build_half_year(data_dir)
    return data_dir


def report(runner: CliRunner, data: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--data", str(data), "report", *args])
    return result.exit_code, result.stdout, result.stderr


def status_json(runner: CliRunner, data: Path, day: str) -> dict[str, Any]:
    result = runner.invoke(app, ["--data", str(data), "status", "--as-of", day, "-f", "json"])
    assert result.exit_code == 0, result.output
    data_: dict[str, Any] = json.loads(result.stdout)
    return data_


# ---------------------------------------------------------------- golden files


@pytest.mark.parametrize(("form", "suffix"), [("text", "txt"), ("markdown", "md")])
def test_golden_report(runner: CliRunner, half_year: Path, form: str, suffix: str) -> None:
    code, out, err = report(runner, half_year, "--month", "2023-06", "--format", form)
    assert code == 0, err
    assert out == (GOLDEN / f"2023-06.{suffix}").read_text(encoding="utf-8")


def test_text_form_has_no_table_syntax(runner: CliRunner, half_year: Path) -> None:
    out = report(runner, half_year, "--month", "2023-06")[1]
    assert not any(line.startswith(("|", "#", "- ")) for line in out.splitlines())
    assert "原州区文旅研学团 *首站* | 鼓楼" in out  # a note as written


def test_markdown_escapes_notes(runner: CliRunner, half_year: Path) -> None:
    out = report(runner, half_year, "--month", "2023-06", "-f", "markdown")[1]
    assert "原州区文旅研学团 \\*首站\\* \\| 鼓楼" in out
    table = [line for line in out.splitlines() if line.startswith("| 4 |")]
    assert table == [
        "| 4 | 消费帮扶 | 1132.35万元 | 8000万元 | 14.2% | 3956.04万元 | +832.35万元 | 滞后 |"
    ]


# ---------------------------------------------------------------- figures


def test_headlines_equal_status_json(runner: CliRunner, half_year: Path) -> None:
    status = status_json(runner, half_year, "2023-06-30")
    code, out, _ = report(runner, half_year, "--month", "2023-06", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2023-06-30" and data["title"] == "鼓楼区闽宁协作工作月报（2023年6月）"
    tasks = {t["no"]: t for t in status["tasks"]}
    for headline in data["headlines"]:
        task = tasks[headline["task"]]
        assert (headline["target"], headline["actual"], headline["percent"]) == (
            task["target"], task["actual"], task["percent"])  # fmt: skip
    assert [h["task"] for h in data["headlines"]] == [2, 3, 4, 5]
    assert [h["gain"] for h in data["headlines"]] == [3, 20.5, 832.35, 500]


def test_what_the_month_added(half_year: Path) -> None:
    june = month_report(load_book(half_year), 2023, 6, today=D(2023, 12, 31))
    gains = {(g.task, g.unit): g.gain for g in june.gains}
    # 软件园's voided 20 does not count; its total of 50 is the month's whole gain. 区商务局's
    # total went from 300 (May) to 420: the month added 120, not 420.
    assert gains[(4, "软件园")] == 50 and gains[(4, "区商务局")] == 120
    assert gains[(2, "区教育局")] == 2 and gains[(3, "鼓东街道")] == Decimal("5.5")
    assert (4, "区发改局") not in gains
    assert june.entries == 15 and len(june.units) == 12  # the voided entry is left out
    assert [(m.unit, m.name) for m in june.milestones] == [("南街街道", "结对开城镇")]
    assert [a.unit for a in june.activities] == ["区人社局", "区商务局", "区文体旅局"]


def test_behind_lists_the_biggest_gap_first(half_year: Path) -> None:
    june = month_report(load_book(half_year), 2023, 6, today=D(2023, 12, 31))
    row4 = next(r for r in june.behind if r.task == 4)
    # All at 0%: the largest target unmet comes first; 区商务局 (52.5%) and 软件园 (25%) are
    # on track or nearly so and come later or not at all.
    assert [s.unit for s in row4.shares] == ["区工商联", "鼓东街道", "鼓西街道"]
    assert row4.more == 11


# ---------------------------------------------------------------- other months


def test_a_missed_and_a_late_monthly_report(runner: CliRunner, half_year: Path) -> None:
    march = report(runner, half_year, "--month", "2023-03")[1]
    assert "1. 资金使用进度月报（任务11）：3月未完成（截止3月25日）。" in march
    assert (
        "2. 家在鼓楼公众号原州区乡村振兴宣传文章（任务14）：3月尚未完成（截止3月31日）。" in march
    )
    assert "1. 资金使用进度月报：3月未完成。" in march
    april = report(runner, half_year, "--month", "2023-4")[1]
    assert "4月已完成，但晚于截止日（4月27日完成，截止4月25日）。" in april


def test_after_a_deadline(runner: CliRunner, half_year: Path) -> None:
    out = report(runner, half_year, "--month", "2023年12月")[1]
    assert "1. 人才选派：完成5人，目标11人，完成率45.5%；时限10月31日已过，尚差6人（逾期）。" in out
    # As of the year's last day the year is closed: its deadlines have passed.
    assert "时限12月31日已过，尚差269.5万元（逾期）。" in out
    assert (
        "1. 人才选派（时限10月31日）：区卫健局 1/4人（25%）、区文体旅局 0/1人（0%）、"
        "区城管局 0/1人（0%）、未写明单位 0/1人（0%）。" in out
    )
    assert "洪山镇梅峰经合社结对黄铎堡镇丰泽村（时限11月30日）：尚未完成。" in out
    assert "资金使用进度月报：3月、7—12月未完成。" in out
    behind = out.split("三、")[1].split("四、")[0]
    assert "人才选派" not in behind  # past its deadline: overdue, not "behind"


def test_a_running_month_stops_at_today(half_year: Path) -> None:
    june = month_report(load_book(half_year), 2023, 6, today=D(2023, 6, 20))
    assert june.as_of == D(2023, 6, 20)
    (duty,) = [m for m in june.monthly if m.task == 11]
    assert duty.status == "pending"
    assert (
        render_report.monthly_sentence(duty)
        == "资金使用进度月报（任务11）：6月尚未完成（截止6月25日）。"
    )
    with pytest.raises(MinningError, match="2023年7月还没有开始"):
        month_report(load_book(half_year), 2023, 7, today=D(2023, 6, 20))


def test_a_total_that_went_down(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        record_module, "new_id", lambda day, taken: f"{day:%Y-%m-%d}-d{len(taken):05d}"
    )
    for amount, day in (("300", D(2023, 5, 31)), ("280", D(2023, 6, 30))):
        request = Request(
            unit="区商务局", task="4", amount=amount, date=day, total=True, by="测试员"
        )
        record_entry(data_dir, request, today=D(2023, 7, 1), now=NOW)
    text = render_report.report_text(month_report(load_book(data_dir), 2023, 6, D(2023, 7, 1)))
    assert "本月减少20万元（有单位下调了累计数）。" in text
    assert "消费帮扶减少20万元：区商务局−20万元（下调）。" in text


def test_an_empty_ledger(runner: CliRunner, data_dir: Path) -> None:
    code, out, _ = report(runner, data_dir, "--month", "2023-01")
    assert code == 0
    assert "本月没有新的进展记录。" in out and "（一）" not in out
    assert "四、逾期事项\n1. 资金使用进度月报：1月未完成。\n" in out


def test_nothing_overdue(runner: CliRunner, half_year: Path) -> None:
    out = report(runner, half_year, "--month", "2023-01")[1]
    assert "四、逾期事项\n暂无逾期事项。\n" in out
    assert "本月共记录进展1条，涉及1个单位。" in out


# ---------------------------------------------------------------- mistakes


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--month", "2023-13"], 2, "错误：--month 的月份“2023-13”无效：请写成 2023-06"),
        (["--month", "六月"], 2, "错误：--month 的月份“六月”无效：请写成 2023-06"),
        (["--month", "2024-01"], 1, "错误：月份 2024-01 不在台账年度 2023 年内：请用 --month 指定，如 --month 2023-06"),
    ],
)  # fmt: skip
def test_mistakes(
    runner: CliRunner, data_dir: Path, args: list[str], code: int, message: str
) -> None:
    result = report(runner, data_dir, *args)
    assert result[0] == code
    lines = result[2].strip().splitlines()
    assert lines[0] == message
    # A command-line mistake comes with the usage line; a request the ledger refuses does not.
    usage = ["用法：minning report [选项]", "用 minning report --help 查看用法和示例。"]
    assert lines[1:] == (usage if code == 2 else [])


def test_through_a_real_process(half_year: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "minning_cli", "--data", str(half_year), "report", "--month", "2023-06"],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == (GOLDEN / "2023-06.txt").read_text(encoding="utf-8")


def test_readme_shows_the_golden_report() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    sample = (GOLDEN / "2023-06.txt").read_text(encoding="utf-8")
    assert f"```text\n{sample}```\n" in readme
