"""What an entry carries beyond its amount, wherever entries are listed: a dispatch's term,
a return and the dispatch it ends, row 11's funds (issue 13's fields in ``log``, the
workbook's 进展记录 sheet and ``status UNIT``'s latest entries)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from minning_cli.cli import app


def run(runner: CliRunner, data: Path, *args: str) -> str:
    result = runner.invoke(app, ["--data", str(data), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def recorded(runner: CliRunner, data: Path) -> tuple[str, str]:
    """A dispatch, its return, and a row-11 report with its funds; the dispatch's id."""
    out = run(runner, data, "record", "区卫健局", "2", "2", "--start", "2023-04-01",
              "--months", "6", "--date", "2023-04-10", "--note", "两名医生", "--yes")  # fmt: skip
    dispatch = out.split("已记录 ", 1)[1].split("：", 1)[0]
    out = run(runner, data, "record", "区卫健局", "2", "--return", dispatch,
              "--date", "2023-08-10", "--note", "提前返回", "--yes")  # fmt: skip
    back = out.split("已记录 ", 1)[1].split("：", 1)[0]
    run(runner, data, "record", "区民政局", "11", "--done", "--received", "120",
        "--paid", "100", "--used", "80", "--date", "2023-06-25", "--yes")  # fmt: skip
    return dispatch, back


def test_log_table_csv_and_json_show_terms_returns_and_funds(
    runner: CliRunner, data_dir: Path
) -> None:
    dispatch, back = recorded(runner, data_dir)
    table = run(runner, data_dir, "log")
    line = next(line for line in table.splitlines() if back in line)
    assert "返回" in line and f"选派 {dispatch}" in line and "完成" not in line
    assert "派出 2023-04-01 计划6个月" in table and "两名医生" in table
    assert "到位120 拨付100 使用80万元" in table
    rows = json.loads(run(runner, data_dir, "log", "--format", "json"))
    by_id = {row["id"]: row for row in rows}
    assert by_id[back]["ref"] == dispatch
    assert (by_id[dispatch]["start"], by_id[dispatch]["months"]) == ("2023-04-01", 6)
    funds = next(row for row in rows if row["task"] == 11)
    assert [funds[k] for k in ("received", "disbursed", "used")] == [120, 100, 80]
    text = run(runner, data_dir, "log", "--format", "csv").lstrip("\ufeff")
    read = {row["编号"]: row for row in csv.DictReader(io.StringIO(text))}
    assert read[back]["类型"] == "返回" and read[back]["返回的选派"] == dispatch
    assert (read[dispatch]["派出日期"], read[dispatch]["计划月数"]) == ("2023-04-01", "6")
    report = next(row for row in read.values() if row["任务"] == "11")
    assert [report[f"{w}（万元）"] for w in ("到位", "拨付", "使用")] == ["120", "100", "80"]


def test_log_at_80_columns_keeps_the_return_and_the_funds(
    runner: CliRunner, data_dir: Path
) -> None:
    dispatch, back = recorded(runner, data_dir)
    result = runner.invoke(app, ["--data", str(data_dir), "log"], env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if back in line)
    assert "返回" in lines[at] and dispatch in "".join(lines[at : at + 2]).replace(" ", "")
    assert "到位120" in result.stdout and "使用80万元" in result.stdout.replace(" ", "")


def test_the_workbook_log_sheet_has_the_fields(
    runner: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    dispatch, back = recorded(runner, data_dir)
    target = tmp_path / "x.xlsx"
    run(runner, data_dir, "export", str(target), "--as-of", "2023-12-31")
    ws = openpyxl.load_workbook(target)["进展记录"]
    headers = [cell.value for cell in ws[2]]
    rows = {
        row[0]: dict(zip(headers, row, strict=True)) for row in ws.iter_rows(3, values_only=True)
    }
    assert rows[back]["类型"] == "返回" and rows[back]["返回的选派"] == dispatch
    assert rows[dispatch]["派出日期"].date().isoformat() == "2023-04-01"
    assert rows[dispatch]["计划月数"] == 6
    report = next(row for row in rows.values() if row["任务"].startswith("11 "))
    assert [report[f"{w}（万元）"] for w in ("到位", "拨付", "使用")] == [120, 100, 80]
    assert ws.auto_filter.ref == f"A2:R{ws.max_row}"


def test_a_units_latest_entries_say_return_and_the_dispatch(
    runner: CliRunner, data_dir: Path
) -> None:
    dispatch, _ = recorded(runner, data_dir)
    out = run(runner, data_dir, "status", "区卫健局", "--as-of", "2023-12-31")
    recent = out.split("最近 5 条记录", 1)[1]
    line = next(line for line in recent.splitlines() if "2023-08-10" in line)
    assert "返回" in line and "完成" not in line and f"选派 {dispatch}" in recent
    assert "派出 2023-04-01 计划6个月" in recent


def test_import_help_lists_the_new_columns_with_an_example_that_imports(
    runner: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    out = run(runner, data_dir, "import", "--help")
    for column in ("派出日期", "计划月数", "返回", "到位", "拨付", "使用"):
        assert column in out, column
    lines = [line.strip() for line in out.splitlines()]
    start = lines.index("例如这样一张 csv：") + 1
    sheet = tmp_path / "表.csv"
    sheet.write_text("\n".join(lines[start : start + 3]) + "\n", "utf-8")
    assert "派出日期" in lines[start] and "到位" in lines[start]
    run(runner, data_dir, "import", str(sheet), "--yes")
    rows = json.loads(run(runner, data_dir, "log", "--format", "json"))
    assert [(r["start"], r["months"], r["received"], r["used"]) for r in rows] == [
        (None, None, 120, 80), ("2023-09-01", 6, None, None)]  # fmt: skip
