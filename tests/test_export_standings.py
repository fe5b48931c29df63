"""The workbook with issue 13's standings: rows without figures (status in words and colour,
lead units, closing note, silence), row 2's dispatch terms and subsidy months, row 11's funds
month by month with 使用率 as a formula and a trend chart. On the demo ledger."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.chart import LineChart
from typer.testing import CliRunner

from minning_cli.cli import app

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(shutil.copytree(DEMO, tmp_path_factory.mktemp("demo") / "d"))


def exported(demo: Path, tmp_path: Path, as_of: str) -> Any:
    target = tmp_path / f"{as_of}.xlsx"
    result = CliRunner().invoke(app, ["--data", str(demo), "export", str(target), "--as-of", as_of])
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(target)


def lines(ws: Any, task: int) -> list[tuple[Any, ...]]:
    """A task's block on the 分工表: its row, then its lines of breakdown."""
    return [r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == task]


def fill(ws: Any, task: int, text: str) -> str:
    row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == task and r[3].value == text)
    return str(row[9].fill.fgColor.rgb)[-6:]


def test_rows_without_figures_on_the_table(demo: Path, tmp_path: Path) -> None:
    ws = exported(demo, tmp_path, "2023-09-30")["分工表"]
    assert lines(ws, 10)[0][4] == "区商务局、软件园" and lines(ws, 10)[0][9] == "无记录"
    row7 = lines(ws, 7)
    assert row7[0][9] == "已完成"
    closing = next(r for r in row7 if str(r[3]).startswith("办结："))
    assert closing[3:5] == ("办结：帮扶项目全部落地，年度工作总结已报", "区民政局")
    assert closing[7].date().isoformat() == "2023-09-20" and closing[9] == "已完成"
    row13 = lines(ws, 13)
    assert row13[0][9] == "久无进展" and fill(ws, 13, row13[0][3]) == "FFEB9C"
    assert ("持续推进，已133天无工作记录（超过90天）", "区文体旅局") in [r[3:5] for r in row13]
    assert lines(ws, 8)[0][9] == "有进展"


def test_row_2_terms_and_subsidy_on_the_table(demo: Path, tmp_path: Path) -> None:
    ws = exported(demo, tmp_path, "2023-09-30")["分工表"]
    row2 = {r[3]: r for r in lines(ws, 2)}
    early = row2["区卫健局选派2人，2023-04-10起，计划6个月，2023-08-10返回"]
    assert (early[5].date().isoformat(), early[9]) == ("2023-10-10", "不足6个月即返回")
    assert row2["区文体旅局选派1人，2023-05-06起，计划3个月"][9] == "计划不足6个月"
    assert row2["区教育局选派4人，2023-03-01起，计划12个月"][9] == "满6个月"
    subsidy = "发放选派专业技术人员生活补助（参照闽委办〔2018〕36号文件）"
    assert row2[f"7月{subsidy}"][9] == "迟报"
    assert row2[f"9月{subsidy}"][9] == "未完成"
    assert fill(ws, 2, "区文体旅局选派1人，2023-05-06起，计划3个月") == "FFEB9C"


def test_row_11_funds_month_by_month(demo: Path, tmp_path: Path) -> None:
    workbook = exported(demo, tmp_path, "2023-09-30")
    table = {r[3]: r for r in lines(workbook["分工表"], 11)}
    assert "9月资金使用进度月报（到位560、拨付480、使用410万元，使用率73.2%）" in table
    ws = workbook["完成情况图"]
    cells = [
        r
        for r in ws.iter_rows()
        if r[0].value == "11 资金监管：资金到位、拨付、使用逐月情况（万元）"
    ]
    (heading,) = cells
    header = heading[0].row + 1
    assert [c.value for c in ws[header][:6]] == ["月份", "到位", "拨付", "使用", "使用率", "报送"]
    months = {ws.cell(row=r, column=1).value: r for r in range(header + 1, header + 10)}
    september = months["9月"]
    assert [ws.cell(row=september, column=c).value for c in (2, 3, 4)] == [560, 480, 410]
    assert ws.cell(row=september, column=5).value == (
        f'=IF(N(B{september})>0,D{september}/B{september},"")'
    )
    assert ws.cell(row=months["8月"], column=2).value is None  # not reported: a gap
    assert ws.cell(row=months["8月"], column=6).value == "未报"
    trend = [c for c in ws._charts if isinstance(c, LineChart) and len(c.series) == 3]
    (chart,) = trend
    refs = [s.val.numRef.f for s in chart.series]
    assert refs == [f"'完成情况图'!${col}${header + 1}:${col}${september}" for col in "BCD"]
    assert chart.display_blanks == "gap"


def test_overview_lists_rows_without_figures(demo: Path, tmp_path: Path) -> None:
    ws = exported(demo, tmp_path, "2023-12-31")["总览"]
    rows = [tuple(c for c in r if c is not None) for r in ws.iter_rows(values_only=True)]
    start = rows.index(("五、无数字目标的任务",))
    block = {r[0]: r[1:4] for r in rows[start + 2 : start + 10]}
    assert block[10] == ("推进产业", "逾期", "区商务局、软件园")
    assert block[15] == ("自选动作", "全年无记录", "区国资中心")
    assert block[7] == ("脱贫攻坚成果巩固", "已完成", "区民政局")
    overdue = rows[rows.index(("四、逾期事项",)) : start]
    assert any(r[:2] == (10, "推进产业：尚未办结（记录0次）") for r in overdue)
    assert ws.page_setup.fitToHeight == 1  # still one page


def _furthest_behind(ws: Any) -> list[tuple[Any, ...]]:
    table = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(table) if str(r[0]).startswith("三、进度最落后"))
    end = next(i for i, r in enumerate(table) if r[0] == "四、逾期事项")
    return [r for r in table[start + 2 : end] if r[0] is not None]


def test_furthest_behind_at_the_year_close_are_the_overdue(demo: Path, tmp_path: Path) -> None:
    """Once the year is closed nothing is 滞后, only 逾期: the block lists the overdue units
    with the lowest 完成率, never an empty block under a count of many 逾期."""
    status = CliRunner().invoke(
        app, ["--data", str(demo), "status", "--as-of", "2023-12-31", "-f", "json"]
    )
    import json

    shares = json.loads(status.stdout)["allocations"]
    overdue = [a for a in shares if a["status"] == "overdue" and a["unit"] is not None]
    assert len(overdue) > 5
    listed = _furthest_behind(exported(demo, tmp_path, "2023-12-31")["总览"])
    assert len(listed) == 5 and {r[7] for r in listed} == {"逾期"}
    lowest = sorted(Decimal(a["percent"]) for a in overdue)[:5]
    assert [Decimal(str(r[5])) * 100 for r in listed] == lowest
    # Mid-year the block still has its five.
    assert len(_furthest_behind(exported(demo, tmp_path, "2023-09-30")["总览"])) == 5
