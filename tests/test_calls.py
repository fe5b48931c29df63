"""`minning calls`: who is on the list, in which order, for which reasons, and what to ask.

The fixture ledger (tests/fixtures/calls) starts on 2023-01-01; row 1 is due 12-31, row 2
(each street 200万元) on 06-30, 西街道's pairing on 06-30 and the others' on 11-30; the
monthly report is due on the 25th from any of 民政局, 统战部, 人社局.
"""

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
from minning_cli.figures.calls import compute_calls, urgency
from minning_cli.ledger.load import load_book
from minning_cli.writing.record import Request, record_entry, void_entry

from .conftest import FIXTURES, numbered_ids

D = dt.date
NOW = dt.datetime(2023, 12, 31, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The calls ledger with half a year of entries, one of them voided."""
    target = tmp_path / "calls"
    shutil.copytree(FIXTURES / "calls", target)
    numbered_ids(monkeypatch, "c")

    def rec(unit: str, task: str, amount: str | None, day: dt.date, **kw: Any) -> str:
        request = Request(unit=unit, task=task, amount=amount, date=day, by="测试", **kw)
        return record_entry(target, request, today=D(2023, 12, 31), now=NOW).entry.id

    rec("商务局", "1", "150", D(2023, 6, 20), total=True, note="超市专区统计")
    rec("东街道", "1", "100", D(2023, 3, 1))
    rec("东街道", "2", "200", D(2023, 5, 10), total=True)
    rec("东街道", "3", None, D(2023, 5, 20), done=True, note="结对协议已签")
    rec("西街道", "1", "50", D(2023, 2, 1))
    rec("西街道", "2", "50", D(2023, 2, 1), note="首批到资")
    wrong = rec("南街道", "1", "30", D(2023, 6, 1))
    rec("民政局", "4", None, D(2023, 1, 20), done=True)
    rec("民政局", "4", None, D(2023, 2, 24), done=True)
    rec("统战部", "4", None, D(2023, 4, 25), done=True)  # another lead unit's report counts
    rec("甲社", "3", None, D(2023, 3, 1), done=True)
    rec("丙社", "5", None, D(2023, 5, 1), note="走访丙村")
    void_entry(target, wrong, "记错单位", by="测试", now=NOW)
    return target


def listing(ledger: Path, day: dt.date, **kw: Any) -> list[tuple[str, tuple[str, ...], str]]:
    return [(c.unit, c.reasons, str(c.score)) for c in compute_calls(load_book(ledger), day, **kw)]


def test_urgency() -> None:
    assert urgency(0) == 1 and urgency(30) == Decimal("0.5") and urgency(-5) == 1


def test_mid_june_membership_order_and_reasons(ledger: Path) -> None:
    # 06-20: reports of March and May are missing (June's is not due yet); 西街道's pairing
    # is due in 10 days; row 2 is behind, not yet overdue; 商务局 is on track and heard from
    # today; 甲社 has done all it has; 乙社 and 丙社 score nothing and tie: never heard first.
    assert listing(ledger, D(2023, 6, 20)) == [
        ("民政局", ("report_missing",), "1040.0"),
        ("西街道", ("behind", "milestone_due", "silent"), "131.1"),
        ("南街道", ("behind", "silent"), "77.1"),
        ("东街道", ("behind", "silent"), "1.8"),
        ("乙社", ("silent",), "0.0"),
        ("丙社", ("silent",), "0.0"),
    ]


def test_july_overdue_ranks_above_behind(ledger: Path) -> None:
    # 07-10: row 2 and 西街道's pairing are overdue; June's report is missing too.
    assert listing(ledger, D(2023, 7, 10)) == [
        ("西街道", ("overdue", "behind", "milestone_due", "silent"), "2180.2"),
        ("南街道", ("overdue", "behind", "silent"), "1107.7"),
        ("民政局", ("report_missing",), "1050.0"),
        ("东街道", ("behind", "silent"), "2.8"),
        ("商务局", ("behind",), "0.3"),
        ("乙社", ("silent",), "0.0"),
        ("丙社", ("silent",), "0.0"),
    ]


def test_silent_days_option(ledger: Path) -> None:
    # 东街道 was last heard from 51 days before 07-10, 丙社 70 days.
    calls = {c.unit: c.reasons for c in compute_calls(load_book(ledger), D(2023, 7, 10), 60)}
    assert calls["东街道"] == ("behind",)
    assert calls["丙社"] == ("silent",)
    assert "乙社" in calls  # never heard from is silent at any threshold


def test_what_to_ask(ledger: Path) -> None:
    asks = {c.unit: c.ask for c in compute_calls(load_book(ledger), D(2023, 7, 10))}
    assert asks == {
        "西街道": "与乙镇结对（6月30日到期，已逾期 10 天）；产业协作 50/200万元（已逾期）；"
        "消费帮扶 50/300万元；已 159 天没有消息",
        "南街道": "产业协作已逾期（6月30日到期），还差 200万元；消费帮扶 0/300万元；还没有任何记录",
        "民政局": "3月、5月、6月资金使用进度月报未报",
        "东街道": "消费帮扶还差 200万元，按期每周需 8.05万元；已 51 天没有消息",
        "商务局": "消费帮扶还差 150万元，按期每周需 6.03万元",
        "乙社": "还没有任何记录，请报最新进展：与乙镇乙村结对（11月30日到期）",
        "丙社": "已 70 天没有消息，请报最新进展：与甲镇丙村结对（11月30日到期）",
    }
    june = {c.unit: c.ask for c in compute_calls(load_book(ledger), D(2023, 6, 20))}
    assert june["西街道"].startswith("与乙镇结对（6月30日到期）；产业协作 50/200万元；")


def test_the_report_is_the_districts_listed_once(ledger: Path) -> None:
    # Nobody reported in March, May or June; April's report came from 统战部, so only the
    # first lead unit is listed, with every missing month named.
    calls = compute_calls(load_book(ledger), D(2023, 7, 10))
    reporting = [c for c in calls if "report_missing" in c.reasons]
    assert [c.unit for c in reporting] == ["民政局"]
    (item,) = reporting[0].items
    assert item.months == ("2023-03", "2023-05", "2023-06")


def test_voided_entries_are_not_news(ledger: Path) -> None:
    calls = {c.unit: c for c in compute_calls(load_book(ledger), D(2023, 7, 10))}
    assert calls["南街道"].last_entry is None and calls["南街道"].silent_days is None


def test_json(ledger: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["--data", str(ledger), "calls", "--as-of", "2023-07-10", "--limit", "3", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [c["unit"] for c in data] == ["西街道", "南街道", "民政局"]
    assert data[2] == {
        "unit": "民政局",
        "reasons": ["report_missing"],
        "score": 1050,
        "contact": {"person": "王五", "phone": "0591-11111111"},
        "last_entry": {"id": "2023-02-24-c00009", "date": "2023-02-24", "task": 4,
                       "kind": "done", "amount": None, "note": None},
        "silent_days": 136,
        "ask": "3月、5月、6月资金使用进度月报未报",
        "items": [{"reason": "report_missing", "task": 4, "what": "资金使用进度月报",
                   "points": 1050, "ask": "3月、5月、6月资金使用进度月报未报",
                   "short": "3月、5月、6月资金使用进度月报未报", "days_left": None,
                   "months": ["2023-03", "2023-05", "2023-06"]}],
    }  # fmt: skip
    west = data[0]
    assert west["contact"] == {"person": None, "phone": None}
    assert west["last_entry"]["note"] == "首批到资"
    assert [(i["reason"], i["task"], i["points"]) for i in west["items"]] == [
        ("milestone_due", 3, 1100), ("overdue", 2, 1075), ("behind", 1, 5.225)]  # fmt: skip


def test_table_at_100_columns(ledger: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["--data", str(ledger), "calls", "--as-of", "2023-07-10"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 100
    assert "待联系单位（截至 2023-07-10，共 7 个）" in lines[0]
    ranks = [line.split()[:2] for line in lines if line[:4].strip().isdigit()]
    assert ranks == [["1", "西街道"], ["2", "南街道"], ["3", "民政局"], ["4", "东街道"],
                     ["5", "商务局"], ["6", "乙社"], ["7", "丙社"]]  # fmt: skip
    row = next(i for i, line in enumerate(lines) if line.startswith(" 3 "))
    block = "\n".join(lines[row : row + 3])
    assert "王五" in block and "0591-11111111" in block and "2023-02-24" in block
    west = "\n".join(lines[lines.index(next(x for x in lines if x.startswith(" 1 "))) :][:5])
    assert "联系人未填写" in west and "逾期" in west and "久未联系" in west and "首批到资" in west
    assert "从未记录" in result.stdout


def test_table_at_80_columns_loses_nothing(
    ledger: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, ["--data", str(ledger), "calls", "--as-of", "2023-07-10"])
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    row = next(i for i, line in enumerate(lines) if line.startswith(" 3 "))
    # The last column once lost its last character when the minimum widths did not fit.
    assert "完成" in "\n".join(lines[row : row + 4])
    assert "0591-11111111" in "\n".join(lines[row : row + 4])


def test_limit_and_bad_options(ledger: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["--data", str(ledger), "calls", "--as-of", "2023-07-10", "--limit", "2"]
    )
    assert "共 7 个，显示前 2 个" in result.stdout
    assert [line.split()[1] for line in result.stdout.splitlines() if line[:4].strip().isdigit()] == [
        "西街道", "南街道"]  # fmt: skip
    bad = runner.invoke(app, ["--data", str(ledger), "calls", "--silent-days", "0"])
    assert bad.exit_code == 2 and "--silent-days 应为正整数" in bad.stderr
    bad = runner.invoke(app, ["--data", str(ledger), "calls", "--as-of", "2023-13-01"])
    assert bad.exit_code == 2


def test_nothing_to_call(tmp_path: Path, runner: CliRunner) -> None:
    target = tmp_path / "calls"
    shutil.copytree(FIXTURES / "calls", target)
    result = runner.invoke(app, ["--data", str(target), "calls", "--as-of", "2022-12-31"])
    # Before the ledger starts nothing is behind, but everyone with something to do is silent.
    assert result.exit_code == 0
    assert "久未联系" in result.stdout and "滞后" not in result.stdout


def test_shipped_ledger_mid_year(data_dir: Path) -> None:
    calls = compute_calls(load_book(data_dir), D(2023, 6, 30))
    # Two monthly duties missing since January lead, then 区文体旅局 (behind on a share, row
    # 13 quiet since the start); 定有福's consumption target is unknown, so it is only silent.
    assert [c.unit for c in calls[:3]] == ["区民政局", "区委宣传部", "区文体旅局"]
    company = next(c for c in calls if c.unit == "福州定有福电子商务有限公司")
    assert company.reasons == ("silent",)
    assert company.ask == (
        "还没有任何记录，请报最新进展：消费帮扶 已报 0万元，目标未定；与彭堡镇蒋口村结对（11月30日到期）"
    )
