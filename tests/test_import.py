"""`minning import`: a spreadsheet of figures, all rows or none."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.writing import importer as importer_module
from minning_cli.writing.importer import import_file
from minning_cli.writing.record import Request, record_entry

from .conftest import numbered_ids, snapshot


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def entries(runner: CliRunner, data_dir: Path) -> list[dict[str, object]]:
    result = runner.invoke(app, ["--data", str(data_dir), "log", "--format", "json"])
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_good_csv_with_chinese_headers(runner: CliRunner, data_dir: Path, tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "软件园6月.csv",
        "日期,单位,任务,金额,累计,备注\n"
        "2023-06-05,软件园,4,5万,,采购\n"
        "2023/6/30,洪山镇,消费帮扶,120,是,\n",
    )
    result = runner.invoke(app, ["--data", str(data_dir), "import", str(sheet), "--by", "王"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "已导入 2 条记录。"
    rows = entries(runner, data_dir)
    assert [(r["unit"], r["kind"], r["amount"], r["source"]) for r in rows] == [
        ("软件园", "increment", 5, "导入 软件园6月.csv"),
        ("洪山镇", "total", 120, "导入 软件园6月.csv"),
    ]


def test_english_headers_gbk_and_done(runner: CliRunner, data_dir: Path, tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "report.csv",
        "date,unit,task,amount,total,done,note,source\n"
        "2023-05-20,南街街道,6,,,是,结对协议,微信\n"
        "2023-06-01,区科协,3,2万,,,,\n",
        encoding="gbk",
    )
    result = runner.invoke(app, ["--data", str(data_dir), "import", str(sheet)])
    assert result.exit_code == 0, result.output
    assert [(r["unit"], r["kind"], r["source"]) for r in entries(runner, data_dir)] == [
        ("南街街道", "done", "微信"), ("区科协", "increment", "导入 report.csv"),
    ]  # fmt: skip


def test_xlsx(runner: CliRunner, data_dir: Path, tmp_path: Path) -> None:
    import datetime as dt

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["日期", "单位", "任务", "金额", "累计"])
    sheet.append([dt.datetime(2023, 6, 30), "rjy", 4, 25.5, "是"])
    sheet.append([dt.datetime(2023, 7, 3), "软件园", 5, 300, None])
    path = tmp_path / "统计.xlsx"
    workbook.save(path)
    result = runner.invoke(app, ["--data", str(data_dir), "import", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "将导入 2 条记录。"
    assert entries(runner, data_dir) == []
    result = runner.invoke(app, ["--data", str(data_dir), "import", str(path)])
    assert [(r["unit"], r["task"], r["amount"]) for r in entries(runner, data_dir)] == [
        ("软件园", 4, 25.5), ("软件园", 5, 300),
    ]  # fmt: skip


def test_one_bad_row_writes_nothing(runner: CliRunner, data_dir: Path, tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "bad.csv",
        "日期,单位,任务,金额\n"
        "2023-06-05,软件园,4,5\n"
        "2023-06-06,区科学协会,3,1\n"
        "2023-06-07,区教育局,2,4万\n"
        "2023-06-08,软件园,4,5\n",
    )
    before = snapshot(data_dir)
    result = runner.invoke(app, ["--data", str(data_dir), "import", str(sheet)])
    assert result.exit_code == 1
    assert snapshot(data_dir) == before
    assert f"{sheet}:3: 错误：第 3 行：没有叫“区科学协会”的单位（是否指 区科协？）" in result.stderr
    assert f"{sheet}:4: 错误：第 4 行：“4万”是金额，但这项指标按“人”计" in result.stderr


def test_missing_headers_and_wrong_type(runner: CliRunner, data_dir: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "x.csv", "单位,金额\n软件园,5\n")
    result = runner.invoke(app, ["--data", str(data_dir), "import", str(sheet)])
    assert result.exit_code == 1 and "缺少表头：日期、任务" in result.stderr
    other = tmp_path / "x.txt"
    other.write_text("x")
    result = runner.invoke(app, ["--data", str(data_dir), "import", str(other)])
    assert result.exit_code == 1 and "只能导入 .csv 或 .xlsx 文件" in result.stderr
    result = runner.invoke(app, ["--data", str(data_dir), "import", str(tmp_path / "无.csv")])
    assert result.exit_code == 1 and f"找不到文件 {tmp_path / '无.csv'}" in result.stderr
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    result = runner.invoke(app, ["--data", str(data_dir), "import", str(broken)])
    assert result.exit_code == 1 and "不是有效的 xlsx 文件" in result.stderr


def _deterministic_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    numbered_ids(monkeypatch, "i")


def test_rows_are_checked_once_when_nothing_changed_under_the_lock(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = write_csv(tmp_path / "s.csv", "日期,单位,任务,金额\n2023-06-05,软件园,4,5\n")
    calls: list[str] = []
    build = importer_module.build_entry
    monkeypatch.setattr(
        importer_module, "build_entry", lambda *a, **k: calls.append("row") or build(*a, **k)
    )
    import_file(data_dir, sheet, by="王")
    assert calls == ["row"]


def test_rows_are_checked_again_when_another_writer_wrote_in_between(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _deterministic_ids(monkeypatch)
    sheet = write_csv(
        tmp_path / "s.csv", "日期,单位,任务,金额\n2023-06-05,软件园,4,5\n2023-06-06,软件园,4,7\n"
    )
    check_then_write = importer_module.check_then_write

    def another_writer_between(folder: Path, prepare: Any, commit: Any, *more: Any) -> Any:
        def checked_then_other_writer() -> Any:
            result = prepare()
            if not getattr(checked_then_other_writer, "done", False):
                checked_then_other_writer.done = True  # type: ignore[attr-defined]
                request = Request(
                    unit="洪山镇", task="4", amount="1", date=dt.date(2023, 6, 5), by="李"
                )
                record_entry(folder, request, today=dt.date(2023, 12, 31))
            return result

        return check_then_write(folder, checked_then_other_writer, commit, *more)

    monkeypatch.setattr(importer_module, "check_then_write", another_writer_between)
    result = import_file(data_dir, sheet, by="王")
    # Checked again under the lock, the rows took the ids after the other writer's.
    assert [o.entry.id for o in result.outcomes] == ["2023-06-05-i00002", "2023-06-06-i00003"]
    assert sorted(str(r["id"]) for r in entries(CliRunner(), data_dir)) == [
        "2023-06-05-i00001", "2023-06-05-i00002", "2023-06-06-i00003"
    ]  # fmt: skip
