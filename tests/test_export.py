"""`minning export`: the workbook read back with openpyxl, every figure against the status JSON."""

from __future__ import annotations

import datetime as dt
import errno
import gc
import json
import os
import re
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.text import atomic
from minning_cli.text.errors import MinningError
from minning_cli.views.export import CREATOR
from minning_cli.views.labels import STATUS_LABELS
from minning_cli.views.xlsx import charts as charts_module
from minning_cli.views.xlsx import sheet as export_module
from minning_cli.views.xlsx.sheet import UNASSIGNED, display_width
from minning_cli.writing import export_file
from minning_cli.writing.export_file import is_minning_export, save_workbook

from .conftest import snapshot
from .test_report import half_year  # noqa: F401  (the fixture)

AS_OF = "2023-06-30"


def run(runner: CliRunner, data: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--data", str(data), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def exported(runner: CliRunner, half_year: Path, tmp_path: Path) -> tuple[Any, dict[str, Any]]:  # noqa: F811
    """The workbook of the half-year ledger as of 2023-06-30, and the status JSON of that day."""
    target = tmp_path / "完成情况.xlsx"
    code, out, err = run(runner, half_year, "export", str(target), "--as-of", AS_OF)
    assert code == 0, err
    assert out.startswith(f"已导出 {target}（截至 2023年6月30日）")
    code, out, _ = run(runner, half_year, "status", "--as-of", AS_OF, "--format", "json")
    assert code == 0
    return openpyxl.load_workbook(target), json.loads(out)


def exact(value: Any) -> Decimal | None:
    """A cell or JSON number as an exact decimal (both are written from the same digits)."""
    return None if value is None else Decimal(str(value))


def rows(ws: Worksheet, first: int) -> list[tuple[Any, ...]]:
    """The rows from ``first`` on, a formula replaced by its value (see ``evaluate``)."""
    return [tuple(evaluate(ws, cell.value) for cell in row) for row in ws.iter_rows(min_row=first)]


_RATE = re.compile(r'=IF\((?:N\()?([A-Z]+[0-9]+)\)?>0,([A-Z]+[0-9]+)/([A-Z]+[0-9]+),""\)')
_SUM = re.compile(r"=SUM\(([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)\)")


def evaluate(ws: Worksheet, value: Any) -> Any:
    """The value of the two formulas the workbook writes: a ratio (完成率) and a column sum,
    as Excel would compute them (exact decimals here); any other value as it is."""
    if not isinstance(value, str) or not value.startswith("="):
        return value
    if found := _RATE.fullmatch(value):
        below, above, _ = (evaluate(ws, ws[ref].value) for ref in found.groups())
        if not isinstance(below, int | float | Decimal) or not below:
            return ""
        return exact(above) / exact(below)  # type: ignore[operator]
    found_sum = _SUM.fullmatch(value)
    assert found_sum is not None, f"a formula the test cannot read: {value}"
    column, first, _, last = found_sum.groups()
    cells = (evaluate(ws, ws[f"{column}{r}"].value) for r in range(int(first), int(last) + 1))
    return sum((exact(c) for c in cells if isinstance(c, int | float | Decimal)), Decimal(0))


def percent_rounded(value: Any) -> Decimal | None:
    """A ratio cell as the report's percentage, to one decimal (half up), as displayed."""
    if value is None or value == "":
        return None
    return (exact(value) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)  # type: ignore[operator]


# ---------------------------------------------------------------- 分工表


def test_task_sheet_equals_status(exported: tuple[Any, dict[str, Any]]) -> None:
    workbook, status = exported
    ws = workbook["分工表"]
    assert ws["A1"].value == "2023年鼓楼区闽宁协作任务分工表 完成情况（截至2023年6月30日）"
    assert [c.value for c in ws[2]] == ["序号", "省、市下达任务", None, "落实工作措施", "牵头单位",
                                        "完成时限", "目标", "完成", "完成率", "状态"]  # fmt: skip
    tasks = {t["no"]: t for t in status["tasks"]}
    expected = {
        (a["task"], a["unit"] or UNASSIGNED): (a["target"], a["actual"], a["percent"], a["status"])
        for a in status["allocations"]
    }
    seen: dict[tuple[int, str], tuple[Any, ...]] = {}
    current = 0
    for row in rows(ws, 3):
        no, title, _city, _measure, unit, _deadline, target, actual, ratio, label = row
        if title is not None:
            current = no
            task = tasks[no]
            assert title == task["title"]
            if task["target"] is not None:
                assert (exact(target), exact(actual), percent_rounded(ratio)) == (
                    exact(task["target"]), exact(task["actual"]), exact(task["percent"]))  # fmt: skip
            continue
        assert no == current  # every line of a row carries its 序号 (a page may break there)
        if (current, unit) in expected:
            seen[(current, unit)] = (
                None if target == "未定" else exact(target), exact(actual), percent_rounded(ratio),
                label)  # fmt: skip
    assert seen == {
        key: (exact(t), exact(a), exact(p), STATUS_LABELS[s])
        for key, (t, a, p, s) in expected.items()
    }
    assert len(seen) == len(status["allocations"])  # every share has its line, once
    numbered = [row[0] for row in rows(ws, 3) if row[1] is not None]
    assert numbered == list(range(1, 16))
    # 完成时限 as real dates, one format in the column; 持续推进 in words.
    deadlines = {row[0]: row[5] for row in rows(ws, 3) if row[1] is not None}
    assert deadlines[2].date() == dt.date(2023, 10, 31) and deadlines[6].date() == dt.date(
        2023, 11, 30
    )
    assert deadlines[13] == "持续推进"
    formats = {c.number_format for c in ws["F"][2:] if isinstance(c.value, dt.datetime)}
    assert formats == {"yyyy-mm-dd"}


def test_task_sheet_rows_without_figures(exported: tuple[Any, dict[str, Any]]) -> None:
    workbook, status = exported
    lines = {row[0]: row for row in rows(workbook["分工表"], 3) if row[1] is not None}
    pairings = [m for m in status["milestones"] if m["partner"] is not None]
    assert lines[6][6:] == (len(pairings), sum(m["done"] for m in pairings), None, "未完成")
    months = [m for m in status["monthly"] if m["task"] == 11]
    assert lines[11][6:8] == (6, 5) and len(months) == 6
    assert lines[11][9] == "未报"  # March was missed
    (labour,) = [a for a in status["activities"] if a["task"] == 8]
    # A row without figures stands in the status words of every view (issue 13).
    assert (
        lines[8][7:]
        == (labour["count"], None, STATUS_LABELS[labour["status"]])
        == (1, None, "有进展")
    )
    assert lines[7][7:] == (0, None, "无记录")
    # Row 4's 2500 not given to any unit has its own line; row 2's unnamed person is a share.
    breakdown = [row for row in rows(workbook["分工表"], 3) if row[4] == "—"]
    assert [(r[3], r[6]) for r in breakdown] == [("尚未分解到单位（已分解5500万元）", 2500)]


def test_number_formats(exported: tuple[Any, dict[str, Any]]) -> None:
    ws = exported[0]["分工表"]
    formats = {}
    current = 0
    for row in ws.iter_rows(min_row=3):
        current = row[0].value or current
        formats[(current, row[4].value if not row[1].value else None)] = tuple(
            (
                exact(cell.value) if isinstance(cell.value, int | float) else cell.value,
                cell.number_format,
            )
            for cell in row[6:9]
        )
    main = next(r for r in ws.iter_rows(min_row=3) if r[0].value == 4 and r[1].value)[0].row
    assert formats[(4, None)] == (
        (8000, '0"万元"'), (Decimal("1132.35"), '0.00"万元"'),
        (f'=IF(N(G{main})>0,H{main}/G{main},"")', "0.0%"))  # fmt: skip
    assert formats[(3, "鼓东街道")][:2] == (
        (Decimal("25.5"), '0.0"万元"'),
        (Decimal("5.5"), '0.0"万元"'),
    )
    assert formats[(4, "洪山镇")][:2] == ((320, '0"万元"'), (Decimal("12.35"), '0.00"万元"'))
    assert formats[(2, "区教育局")][:2] == ((4, '0"人"'), (4, '0"人"'))


# ---------------------------------------------------------------- 总览


def test_summary_sheet_on_one_page(exported: tuple[Any, dict[str, Any]]) -> None:
    workbook, status = exported
    ws = workbook["总览"]
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "portrait", 9, 1, 1)  # fmt: skip
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws["A1"].value == "闽宁协作完成情况总览（截至2023年6月30日）"
    assert ws["B2"].value.date() == dt.date(2023, 6, 30) and ws["B2"].number_format == "yyyy-mm-dd"
    table = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(table) if r[0] == "一、主要指标完成情况") + 2
    tasks = {t["no"]: t for t in status["tasks"]}
    for row in table[start : start + 4]:
        no, title, target, actual, ratio, pace, _gap, label = row[:8]
        task = tasks[no]
        assert title == task["title"] and exact(target) == exact(task["target"])
        assert exact(actual) == exact(task["actual"])
        assert percent_rounded(evaluate(ws, ratio)) == exact(task["percent"])
        assert exact(pace) * 100 == (  # type: ignore[operator]
            exact(task["expected"]) * 100 / exact(task["target"])  # type: ignore[operator]
        ).quantize(Decimal("0.1"), ROUND_HALF_UP)
        assert label == STATUS_LABELS[task["status"]]
    first = start + 1
    assert ws.cell(first, 5).value == f'=IF(C{first}>0,D{first}/C{first},"")'
    assert ws.cell(first, 7).value == f'=IF(F{first}="","",ROUND((E{first}-F{first})*100,1))'
    counts = {r[0]: r[1] for r in table if r[0] in STATUS_LABELS.values()}
    assert counts["滞后"] == sum(a["status"] == "behind" for a in status["allocations"])
    behind = next(i for i, r in enumerate(table) if str(r[0]).startswith("三、进度最落后"))
    named = [r[1] for r in table[behind + 2 : behind + 7]]
    assert len(named) == 5 and None not in named and UNASSIGNED not in named
    overdue = next(i for i, r in enumerate(table) if r[0] == "四、逾期事项")
    assert table[overdue + 2][1] == "3月资金使用进度月报未报"
    assert str(table[-1][0]).startswith("状态说明：已完成＝完成数达到目标（绿）")


# ---------------------------------------------------------------- 单位完成情况


def test_overview_sheet_equals_status(exported: tuple[Any, dict[str, Any]]) -> None:
    workbook, status = exported
    ws = workbook["单位完成情况"]
    assert ws["A1"].value == "各单位完成情况（截至2023年6月30日）"
    # One name for each row, as in the table and the report: its title.
    assert [ws.cell(2, c).value for c in (3, 7, 11, 15)] == [
        "2 人才选派（人）", "3 资金支持（万元）", "4 消费帮扶（万元）", "5 产业协作（万元）"]  # fmt: skip
    assert [c.value for c in ws[3]][2:6] == ["目标", "完成", "完成率", "状态"]
    shares = {(a["unit"] or UNASSIGNED, a["task"]): a for a in status["allocations"]}
    pairings = {m["unit"]: m for m in status["milestones"] if m["partner"] is not None}
    units = set()
    for row in rows(ws, 4):
        if row[1] == "全区合计":
            totals = row
            break
        units.add(row[1])
        for index, task in enumerate((2, 3, 4, 5)):
            target, actual, ratio, label = row[2 + 4 * index : 6 + 4 * index]
            share = shares.get((row[1], task))
            if share is None:
                assert (target, actual, ratio, label) == (None, None, None, None)
                continue
            assert target == ("未定" if share["target"] is None else share["target"])
            assert exact(actual) == exact(share["actual"])
            assert percent_rounded(ratio) == exact(share["percent"])
            assert label == STATUS_LABELS[share["status"]]  # words, not colour only
        pairing = pairings.get(row[1])
        assert (row[18] or "") == ("" if pairing is None else (f"已结对 {pairing['done_on']}" if pairing["done"] else STATUS_LABELS[pairing["status"]]))  # fmt: skip
    assert units == {u for u, _ in shares} | set(pairings)
    tasks = {t["no"]: t for t in status["tasks"]}
    for index, task in enumerate((2, 3, 4, 5)):
        target, actual, ratio = totals[2 + 4 * index : 5 + 4 * index]
        assert (exact(target), exact(actual), percent_rounded(ratio)) == (
            exact(tasks[task]["target"]), exact(tasks[task]["actual"]), exact(tasks[task]["percent"]))  # fmt: skip
    # The totals are formulas over the unit cells: an edit recomputes them.
    last = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value == "全区合计")
    assert ws.cell(last, 4).value == f"=SUM(D4:D{last - 1})"
    assert ws.cell(last, 5).value == f'=IF(N(C{last})>0,D{last}/C{last},"")'
    assert ws.auto_filter.ref == f"A3:S{last - 1}"
    assert totals[18] == f"{sum(m['done'] for m in pairings.values())}/{len(pairings)}" == "2/9"
    assert any(
        str(row[0] or "").startswith("状态说明：已完成＝完成数达到目标") for row in rows(ws, 4)
    )
    notes = [row[0] for row in rows(ws, 4) if str(row[0] or "").startswith("注：")]
    assert notes == ["注：4 消费帮扶目标8000万元，已分解到单位5500万元，尚有2500万元未分解"
                     "（福州定有福电子商务有限公司：以与区民政局签订的任务数为准）。"]  # fmt: skip


def test_column_widths_fit_chinese(exported: tuple[Any, dict[str, Any]]) -> None:
    workbook = exported[0]
    ws = workbook["单位完成情况"]
    width = ws.column_dimensions["B"].width
    assert width >= display_width("福州定有福电子商务有限公司") == 26
    assert width >= display_width(UNASSIGNED)
    log = workbook["进展记录"]
    assert log.column_dimensions["A"].width >= len("2023-06-30-r00011")
    # Long text wraps in a fixed column, and its row is tall enough for it.
    task_sheet = workbook["分工表"]
    assert task_sheet["C3"].alignment.wrap_text and task_sheet.column_dimensions["C"].width == 40
    assert task_sheet.row_dimensions[3].height >= 4 * export_module.LINE_POINTS


# ---------------------------------------------------------------- charts


def test_charts_per_row_with_pace_and_trend(exported: tuple[Any, dict[str, Any]]) -> None:
    workbook, status = exported
    ws = workbook["完成情况图"]
    charts = ws._charts
    # Per row with shares (2–5): 完成率 columns with the 时序进度 line, then the trend.
    assert [c.tagname for c in charts] == ["barChart", "lineChart"] * 4
    sheet = "'完成情况图'"
    tasks = {t["no"]: t for t in status["tasks"]}
    for task, bars, trend in zip((2, 3, 4, 5), charts[::2], charts[1::2], strict=True):
        shares = [a for a in status["allocations"] if a["task"] == task]
        header = bars.anchor._from.row + 2  # the chart sits beside the table's heading row
        assert [ws.cell(header, c).value for c in range(1, 7)] == [
            "单位", "目标", "完成", "完成率", "时序进度", "状态"]  # fmt: skip
        first, last = header + 1, header + len(shares)
        (rate,) = bars.series
        assert rate.val.numRef.f == f"{sheet}!$D${first}:$D${last}"
        assert bars.type == "col" and bars.y_axis.number_format.formatCode == "0%"
        # Each column coloured by its unit's status.
        colours = [str(p.graphicalProperties.solidFill.srgbClr) for p in rate.dPt]
        assert len(colours) == len(shares) and set(colours) <= set(charts_module.COLOURS.values())
        (pace_chart,) = bars._charts[1:]
        (pace,) = pace_chart.series
        assert pace.val.numRef.f == f"{sheet}!$E${first}:$E${last}"
        paces = {ws.cell(r, 5).value for r in range(first, last + 1)}
        expected = exact(tasks[task]["expected"]) / exact(tasks[task]["target"])  # type: ignore[operator]
        assert {percent_rounded(p) for p in paces} == {percent_rounded(expected)}
        rates = [percent_rounded(evaluate(ws, ws.cell(r, 4).value)) for r in range(first, last + 1)]
        assert rates == [exact(a["percent"]) for a in shares]
        # The trend: one point a month end up to the day, the last the district's figure.
        top = trend.anchor._from.row + 2
        assert [ws.cell(top, c).value for c in (1, 2, 3)] == ["月末", "累计完成", "应完成"]
        months = [ws.cell(r, 1).value for r in range(top + 1, top + 7)]
        assert months == ["1月", "2月", "3月", "4月", "5月", "6月"]
        assert exact(ws.cell(top + 6, 2).value) == exact(tasks[task]["actual"])
        assert exact(ws.cell(top + 6, 3).value) == exact(tasks[task]["expected"])
        assert [s.tx.strRef.f for s in trend.series] == [f"{sheet}!B{top}", f"{sheet}!C{top}"]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert len(breaks) == 4  # each row's charts on a page of their own


# ---------------------------------------------------------------- 进展记录


def test_log_sheet_marks_voids(exported: tuple[Any, dict[str, Any]]) -> None:
    ws = exported[0]["进展记录"]
    entries = [row for row in ws.iter_rows(min_row=3) if row[0].value]
    assert len(entries) == 25  # every entry up to the day, the voided one included
    voided = [row for row in entries if row[11].value]
    assert [(r[0].value, r[11].value) for r in voided] == [
        ("2023-06-12-r00010", "已作废：与6月30日累计数重复")]  # fmt: skip
    assert voided[0][0].font.strike and not entries[0][0].font.strike
    amounts = {row[0].value: (exact(row[5].value), row[6].value) for row in entries}
    assert amounts["2023-06-18-r00012"] == (Decimal("12.35"), "万元")
    assert amounts["2023-06-03-r00023"] == (30, "人")
    dates = [row[1].value.date().isoformat() for row in entries]
    assert dates == sorted(dates) and dates[-1] == AS_OF


# ---------------------------------------------------------------- print setup


@pytest.mark.parametrize(
    ("sheet", "titles", "freeze", "pages"),
    [("分工表", "$1:$2", "A3", 0), ("单位完成情况", "$1:$3", "C4", 1),
     ("完成情况图", "$1:$1", "A2", 0), ("进展记录", "$1:$2", "A3", 0)],
)  # fmt: skip
def test_print_setup(
    exported: tuple[Any, dict[str, Any]], sheet: str, titles: str, freeze: str, pages: int
) -> None:
    ws = exported[0][sheet]
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "landscape", 9, 1, pages)  # fmt: skip
    # The footer (a 9-point line, about 0.2″) fits between its distance and the margin.
    margins = ws.page_margins
    assert margins.bottom - margins.footer >= 0.4 and margins.top - margins.header >= 0.25
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == titles
    assert ws.freeze_panes == freeze
    assert "截至2023年6月30日" in ws["A1"].value
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_sheets_and_creator(exported: tuple[Any, dict[str, Any]]) -> None:
    workbook = exported[0]
    assert workbook.sheetnames == ["总览", "分工表", "单位完成情况", "完成情况图", "进展记录"]
    assert workbook.properties.creator == "minning"


# ---------------------------------------------------------------- where it may write


def test_empty_ledger(runner: CliRunner, data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "空.xlsx"
    assert run(runner, data_dir, "export", str(target), "--as-of", AS_OF)[0] == 0
    workbook = openpyxl.load_workbook(target)
    assert workbook["进展记录"]["A3"].value == "（还没有任何进展记录）"
    totals = next(r for r in rows(workbook["单位完成情况"], 4) if r[1] == "全区合计")
    assert totals[2:5] == (11, 0, 0)
    assert workbook["进展记录"].auto_filter.ref is None  # nothing to filter


@pytest.mark.parametrize("where", ["progress/导出.xlsx", "progress/sub/../导出.xlsx"])
def test_refuses_the_progress_folder(
    runner: CliRunner, data_dir: Path, where: str, tmp_path: Path
) -> None:
    (data_dir / "progress" / "sub").mkdir()
    before = snapshot(data_dir)
    code, _, err = run(runner, data_dir, "export", str(data_dir / where), "--as-of", AS_OF)
    assert code == 1
    assert "不能写到台账自己的文件或 progress/ 目录里" in err
    assert snapshot(data_dir) == before


def test_refuses_a_link_to_a_ledger_file(runner: CliRunner, data_dir: Path, tmp_path: Path) -> None:
    link = tmp_path / "链接.xlsx"
    link.symlink_to(data_dir / "tasks.yaml")
    before = snapshot(data_dir)
    code, _, err = run(runner, data_dir, "export", str(link), "--as-of", AS_OF, "--force")
    assert code == 1 and "不能写到台账自己的文件" in err
    assert snapshot(data_dir) == before


def test_only_xlsx(runner: CliRunner, data_dir: Path, tmp_path: Path) -> None:
    code, _, err = run(runner, data_dir, "export", str(tmp_path / "tasks.yaml"))
    assert code == 2
    assert err.strip().splitlines() == [
        "错误：导出文件名应以 .xlsx 结尾，而不是“tasks.yaml”",
        "用法：minning export [选项] {文件}",
        "用 minning export --help 查看用法和示例。",
    ]
    code, _, err = run(runner, data_dir, "export", str(tmp_path / "无此目录" / "a.xlsx"))
    assert code == 1 and "不存在" in err


def test_overwrites_only_its_own_exports(runner: CliRunner, data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "领导的表.xlsx"
    target.write_bytes(b"not ours")
    code, _, err = run(runner, data_dir, "export", str(target), "--as-of", AS_OF)
    assert code == 1 and "已存在，且不是 minning 导出的文件；确认要覆盖请加 --force" in err
    assert target.read_bytes() == b"not ours"
    code, out, _ = run(runner, data_dir, "export", str(target), "--as-of", AS_OF, "--force")
    assert code == 0 and out.startswith("已覆盖")
    code, out, _ = run(runner, data_dir, "export", str(target), "--as-of", "2023-07-31")
    assert code == 0 and out.startswith("已覆盖")  # a minning export is replaced freely
    assert openpyxl.load_workbook(target)["分工表"]["A1"].value.endswith("（截至2023年7月31日）")


class _FullDisk:
    """A file on a disk that fills up after a kilobyte."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.written = 0

    def write(self, data: bytes) -> int:
        self.written += len(data)
        if self.written > 1024:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.handle.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


def test_a_full_disk_is_said_in_chinese_and_leaves_the_old_file(
    runner: CliRunner, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "完成情况.xlsx"
    assert run(runner, data_dir, "export", str(target), "--as-of", AS_OF)[0] == 0
    old = target.read_bytes()
    real_open = atomic._open_new
    monkeypatch.setattr(atomic, "_open_new", lambda path, mode: _FullDisk(real_open(path, mode)))
    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    code, _, err = run(runner, data_dir, "export", str(target), "--as-of", "2023-07-31")
    gc.collect()  # a zip writer left half way would complain now ("Exception ignored")
    assert code == 1
    assert err == f"错误：无法写入 {target}：磁盘已满；原文件未改动\n"
    assert unraisable == []
    assert target.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "完成情况.xlsx"]


def test_a_file_excel_holds_is_named_as_such(
    runner: CliRunner, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "完成情况.xlsx"

    def held(path: Path, content: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(export_file, "write_atomic", held)
    code, _, err = run(runner, data_dir, "export", str(target), "--as-of", AS_OF)
    assert code == 1
    assert err == (
        f"错误：无法写入 {target}：没有权限（文件是否正在 Excel 里打开？请关闭后重试）；没有留下文件\n"
    )


def test_another_creators_workbook_is_kept_without_force(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "领导的表.xlsx"
    theirs = openpyxl.Workbook()
    theirs.properties.creator = "王主任"
    theirs.save(target)
    before = target.read_bytes()
    assert not is_minning_export(target, CREATOR)
    ours = openpyxl.Workbook()
    ours.properties.creator = CREATOR
    with pytest.raises(MinningError, match="已存在，且不是 minning 导出的文件"):
        save_workbook(ours.save, target, data_dir, creator=CREATOR)
    assert target.read_bytes() == before
    assert save_workbook(ours.save, target, data_dir, creator=CREATOR, force=True) is True
    assert is_minning_export(target, CREATOR)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "领导的表.xlsx"]


def test_through_a_real_process(half_year: Path, tmp_path: Path) -> None:  # noqa: F811
    target = tmp_path / "导出.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "minning_cli", "--data", str(half_year), "export", str(target),
         "--as-of", AS_OF],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ws = openpyxl.load_workbook(target)["单位完成情况"]
    totals = next(r for r in rows(ws, 4) if r[1] == "全区合计")
    assert exact(totals[11]) == Decimal("1132.35")
