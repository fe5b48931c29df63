"""What goes in comes out: ``record``/``import`` store only what every command can read, and
CSV fields and workbook cells stay text (issue 17, item 3)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.text.errors import MinningError
from minning_cli.text.sanitize import Cleaned, clean_input, inert_cell, output_text
from minning_cli.views.csv_out import CsvEncoding, csv_bytes, csv_text

from .conftest import numbered_ids

FORMULAS = ["=1+1", '=HYPERLINK("http://example.com","click")', "+1", "-1+2", "@SUM(A1)",
            "\t=1", "\r=1"]  # fmt: skip


@pytest.fixture
def fixed_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    numbered_ids(monkeypatch, "s")


def run(runner: CliRunner, data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--data", str(data_dir), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def month_text(data_dir: Path) -> str:
    return (data_dir / "progress" / "2023-06.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- in


def test_gbk_bytes_from_the_terminal_are_read_as_gbk() -> None:
    typed = "备注".encode("gbk").decode("utf-8", "surrogateescape")  # what Python gets
    cleaned = Cleaned()
    assert clean_input(typed, "备注", cleaned) == "备注"
    assert cleaned.notices == ["备注含有非 UTF-8 的字节，已按 GBK 编码读作“备注”"]


def test_bytes_that_are_neither_utf8_nor_gbk_are_refused() -> None:
    typed = b"bad\xffbyte".decode("utf-8", "surrogateescape")
    with pytest.raises(MinningError, match="备注里有无法识别的字节"):
        clean_input(typed, "备注")


def test_controls_and_bidi_are_removed_and_said() -> None:
    cleaned = Cleaned()
    assert clean_input("a\x1b[31mb\x07\u202ec\x85d\r\ne\tf", "备注", cleaned) == "a[31mbc\nd\ne\tf"
    assert cleaned.notices == ["备注里有 3 个看不见的控制字符（或改变文字方向的字符），已删去"]


def test_record_from_a_gbk_terminal_writes_readable_text(
    runner: CliRunner, data_dir: Path, fixed_ids: None
) -> None:
    note = "枸杞".encode("gbk").decode("utf-8", "surrogateescape")
    code, _, err = run(runner, data_dir, "record", "区人社局", "8", "--note", note,
                         "--date", "2023-06-03")  # fmt: skip
    assert code == 0 and "已按 GBK 编码读作“枸杞”" in err
    assert "note: 枸杞," in month_text(data_dir)
    assert run(runner, data_dir, "status", "--as-of", "2023-06-30")[0] == 0


def test_record_refuses_bytes_it_cannot_read_and_writes_nothing(
    runner: CliRunner, data_dir: Path
) -> None:
    note = b"bad\xffbyte".decode("utf-8", "surrogateescape")
    code, _, err = run(runner, data_dir, "record", "区人社局", "8", "--note", note,
                       "--date", "2023-06-03")  # fmt: skip
    assert code == 1 and "备注里有无法识别的字节" in err
    assert not (data_dir / "progress" / "2023-06.yaml").exists()


def test_a_control_character_in_an_imported_note_does_not_break_export(
    runner: CliRunner, data_dir: Path, tmp_path: Path, fixed_ids: None
) -> None:
    sheet = tmp_path / "in.csv"
    sheet.write_text("日期,单位,任务,金额,备注\n2023-06-20,软件园,4,2,a\x01b\x1b[2J\n", "utf-8")
    code, out, _ = run(runner, data_dir, "import", str(sheet))
    assert code == 0 and "备注里有 2 个看不见的控制字符" in out
    assert "note: 'ab[2J'," in month_text(data_dir)
    code, _, err = run(runner, data_dir, "export", str(tmp_path / "x.xlsx"),
                         "--as-of", "2023-06-30")  # fmt: skip
    assert code == 0, err


def test_record_under_an_impossible_time_zone_says_so(
    runner: CliRunner, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    with monkeypatch.context() as patched:
        patched.setenv("TZ", "UTC+25")
        time.tzset()
        try:
            code, _, err = run(runner, data_dir, "record", "区人社局", "8", "--note", "x",
                               "--date", "2023-06-03")  # fmt: skip
        finally:
            patched.undo()
            time.tzset()
    assert code == 1
    assert "系统时区设置无效（TZ=UTC+25）：与 UTC 相差一天或以上" in err


# ---------------------------------------------------------------- out


@pytest.mark.parametrize("value", FORMULAS)
def test_a_formula_start_is_quoted(value: str) -> None:
    assert inert_cell(value).startswith("'")


@given(st.text())
def test_an_inert_cell_never_starts_a_formula_nor_holds_a_control(value: str) -> None:
    cell = inert_cell(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert output_text(cell) == cell


def test_csv_bytes_carry_a_bom_or_are_gbk() -> None:
    text = csv_text(["单位"], [["软件园"]])
    assert csv_bytes(text, CsvEncoding.UTF8) == ("\ufeff单位\n软件园\n".encode(), 0)
    assert csv_bytes(text, CsvEncoding.GBK) == ("单位\n软件园\n".encode("gbk"), 0)
    assert csv_bytes(csv_text(["😀"], []), CsvEncoding.GBK) == (b"?\n", 1)


def test_log_csv_is_chinese_inert_and_opens_in_excel(
    runner: CliRunner, data_dir: Path, fixed_ids: None
) -> None:
    for day, note in enumerate(FORMULAS, start=1):
        run(runner, data_dir, "record", "软件园", "4", "1", "--note", "NOTE",
            "--date", f"2023-06-{day:02d}", "--by", "@王")  # fmt: skip
        path = data_dir / "progress" / "2023-06.yaml"
        written = '"' + note.replace("\t", "\\t").replace("\r", "\\r").replace('"', '\\"') + '"'
        path.write_text(month_text(data_dir).replace("NOTE", written), "utf-8")
    result = runner.invoke(app, ["--data", str(data_dir), "log", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
    assert rows[0][:6] == ["编号", "日期", "单位", "任务", "类型", "数额"]
    assert {row[4] for row in rows[1:]} == {"增量"}
    assert [row[6] for row in rows[1:]] == ["'" + output_text(f) for f in FORMULAS]
    assert {row[8] for row in rows[1:]} == {"'@王"}
    gbk = runner.invoke(app, ["--data", str(data_dir), "log", "--format", "csv",
                              "--encoding", "gbk"]).stdout_bytes  # fmt: skip
    assert gbk.decode("gbk") == raw[3:].decode("utf-8")


def test_workbook_text_cells_stay_text(
    runner: CliRunner, data_dir: Path, tmp_path: Path, fixed_ids: None
) -> None:
    for day, note in enumerate(FORMULAS[:5], start=1):
        run(runner, data_dir, "record", "软件园", "4", "1", "--note", note,
            "--date", f"2023-06-{day:02d}", "--source", "=1+1")  # fmt: skip
    target = tmp_path / "x.xlsx"
    assert run(runner, data_dir, "export", str(target), "--as-of", "2023-06-30")[0] == 0
    sheet = openpyxl.load_workbook(target)["进展记录"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith(("=", "+", "-", "@"))]
    assert {c.value for c in risky} >= {*FORMULAS[:5], "=1+1"}
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)


@pytest.mark.parametrize("case", ["p45-control-character-escaped", "p46-formula-texts"])
def test_export_of_hostile_texts_already_in_the_files(
    runner: CliRunner, data_dir: Path, tmp_path: Path, case: str
) -> None:
    # The corpus case's month file on the full ledger (export needs every row of the table).
    month = Path(__file__).parent / "badinput" / case / "progress" / "2023-06.yaml"
    shutil.copyfile(month, data_dir / "progress" / "2023-06.yaml")
    data = data_dir
    target = tmp_path / "x.xlsx"
    code, _, err = run(runner, data, "export", str(target), "--as-of", "2023-06-30")
    assert code == 0 and "\x1b" not in err, err
    sheet = openpyxl.load_workbook(target)["进展记录"]
    texts = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(output_text(c.value) == c.value for c in texts)
    assert all(c.data_type == "s" for c in texts)
    if case == "p46-formula-texts":
        formulas = {c.value for c in texts if c.quotePrefix}
        assert formulas == {'=HYPERLINK("http://example.com","click")', "+1", "@王", "-1+2", "=1+1"}
    else:
        assert "响铃退格[2J" in {c.value for c in texts}
