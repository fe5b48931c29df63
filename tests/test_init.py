"""`minning init`: a blank template and next year's skeleton, both passing check."""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.ledger.load import load_ledger
from minning_cli.text.atomic import Content, create_new
from minning_cli.text.errors import MinningError
from minning_cli.writing.init import init_ledger, next_year_text

from .conftest import SHIPPED


def check(runner: CliRunner, folder: Path) -> dict[str, list[dict[str, object]]]:
    result = runner.invoke(app, ["--data", str(folder), "check", "--format", "json"])
    assert result.exit_code == 0, result.output
    report: dict[str, list[dict[str, object]]] = json.loads(result.stdout)
    return report


def test_blank_template_passes_check(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "new"), "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert check(runner, tmp_path / "new") == {"errors": [], "warnings": []}
    text = (tmp_path / "new" / "tasks.yaml").read_text("utf-8")
    assert "kind：department（区直部门）" in text and "share: each" in text
    assert (
        (tmp_path / "new" / ".gitattributes")
        .read_text("utf-8")
        .endswith("progress/*.yaml merge=union\n")
    )
    assert (tmp_path / "new" / "progress").is_dir()


def test_next_year_from_this_year(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "2024" / "data"
    result = runner.invoke(app, ["init", str(target), "--from", str(SHIPPED / "tasks.yaml")])
    assert result.exit_code == 0, result.output
    assert "已创建 2024 年台账" in result.stdout
    report = check(runner, target)
    assert report["errors"] == []
    old, new = load_ledger(SHIPPED).ledger, load_ledger(target).ledger
    assert (new.ledger.year, new.ledger.title) == (2024, "2024年鼓楼区闽宁协作任务分工表")
    assert new.units == old.units and new.groups == old.groups and new.partners == old.partners
    assert [t.indicators for t in new.tasks] == [
        tuple(replace(i, deadline=dt.date(2024, 10, 31)) if i.deadline else i
              for i in t.indicators) for t in old.tasks
    ]  # fmt: skip
    assert new.task(6).deadline == dt.date(2024, 11, 30)
    assert [t.measure_text for t in new.tasks] == [t.measure_text for t in old.tasks]
    text = (target / "tasks.yaml").read_text("utf-8")
    assert "          - {unit: 区科协, target: 2}  # 待核对（沿用2023年）" in text
    assert "2023-" not in text.replace("2023年", "")
    assert list((target / "progress").iterdir()) == [target / "progress" / ".gitkeep"]


def test_never_overwrites(runner: CliRunner, data_dir: Path) -> None:
    before = (data_dir / "tasks.yaml").read_bytes()
    result = runner.invoke(app, ["init", str(data_dir), "--year", "2024"])
    assert result.exit_code == 1
    assert f"{data_dir / 'tasks.yaml'} 已存在：init 不会覆盖已有的台账" in result.stderr
    assert (data_dir / "tasks.yaml").read_bytes() == before


def test_refuses_a_ledger_that_appears_while_it_writes(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "new"

    def another_init_was_quicker(path: Path, content: Content) -> None:
        if path.name == "tasks.yaml":  # between init's check and its write
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text("# 另一个 init 写的\n", encoding="utf-8")
        create_new(path, content)

    monkeypatch.setattr("minning_cli.writing.init.create_new", another_init_was_quicker)
    result = runner.invoke(app, ["init", str(folder), "--year", "2024"])
    assert result.exit_code == 1
    assert f"{folder / 'tasks.yaml'} 已存在：init 不会覆盖已有的台账" in result.stderr
    assert (folder / "tasks.yaml").read_text("utf-8") == "# 另一个 init 写的\n"
    assert sorted(p.name for p in folder.iterdir()) == ["progress", "tasks.yaml"]


def test_two_inits_at_once_create_one_ledger(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    start = threading.Barrier(8)
    outcomes: list[str] = []

    def init(year: int) -> None:
        start.wait()
        try:
            init_ledger(folder, year)
            outcomes.append(f"created {year}")
        except MinningError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=init, args=(2024 + i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    (winner,) = [o for o in outcomes if o.startswith("created")]
    assert outcomes.count(f"{folder / 'tasks.yaml'} 已存在：init 不会覆盖已有的台账") == 7
    assert f"year: {winner.split()[1]}" in (folder / "tasks.yaml").read_text("utf-8")
    assert sorted(p.name for p in folder.iterdir()) == [
        ".gitattributes", ".gitignore", "progress", "tasks.yaml"
    ]  # fmt: skip


def test_leap_day_and_block_scalars() -> None:
    text = "ledger:\n  year: 2024\n  start: 2024-02-29\nnote: |\n  target: 5\n  2024-01-01\nx: 1\n"
    moved = next_year_text(text, 2024, 2025)
    assert "  start: 2025-02-28  # 待核对（沿用2024年）" in moved
    assert "note: |\n  target: 5\n  2024-01-01\nx: 1\n" in moved  # block content untouched
