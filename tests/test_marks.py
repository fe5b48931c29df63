"""`check` reports the 待核对 marks `init` leaves on next year's ledger (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.ledger.marks import review_marks

from .conftest import SHIPPED


def test_every_mark_is_a_warning_at_its_line(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "2024"
    made = runner.invoke(app, ["init", str(folder), "--from", str(SHIPPED), "--year", "2024"])
    assert made.exit_code == 0, made.stderr
    lines = (folder / "tasks.yaml").read_text("utf-8").splitlines()
    marked = [n for n, line in enumerate(lines, start=1) if "# 待核对（沿用2023年）" in line]
    assert len(marked) > 100
    result = runner.invoke(app, ["--data", str(folder), "check", "--format", "json"])
    assert result.exit_code == 0  # warnings do not fail the check
    warnings = [w for w in json.loads(result.stdout)["warnings"] if "待核对" in w["message"]]
    assert [w["line"] for w in warnings] == marked
    first = warnings[0]
    assert (
        first["message"]
        == "标有“待核对”（沿用2023年）：请按新年度的分工表核对这一行，改好后删去这个标记"
    )
    assert lines[first["line"] - 1][first["column"] - 1 :].startswith("# 待核对")
    shown = (
        runner.invoke(app, ["--data", str(folder), "check"]).stderr
        + runner.invoke(app, ["--data", str(folder), "check"]).stdout
    )
    assert f"tasks.yaml:{marked[0]}:" in shown and "警告：标有“待核对”" in shown


def test_only_marks_count_not_words_about_them() -> None:
    text = (
        "# 标有“待核对”的行请逐一修改\n"
        "    target: 25.5  # 待核对（沿用2023年）\n"
        "    note: 这里写了待核对三个字\n"
        "# 待核对\n"
    )
    assert [p.line for p in review_marks(text, "tasks.yaml")] == [2, 4]


def test_the_shipped_ledger_has_no_marks() -> None:
    text = (SHIPPED / "tasks.yaml").read_text("utf-8")
    assert review_marks(text, "tasks.yaml") == []


def test_init_keeps_the_lock_and_temporary_files_out_of_git(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", str(tmp_path / "new"), "--year", "2024"])
    assert result.exit_code == 0
    ignored = (tmp_path / "new" / ".gitignore").read_text("utf-8").splitlines()
    assert "progress/.lock" in ignored
    assert "progress/*.yaml merge=union" in (tmp_path / "new" / ".gitattributes").read_text("utf-8")
