"""Every view at 80 (half a screen), 100 and 160 columns keeps its key facts, without colour.

On the demo ledger (``examples/demo``) with pinned dates, each view is rendered through the
CLI at each width (``COLUMNS``, ``NO_COLOR`` set by conftest) and checked for what a
coordinator reads it for: no line wider than the terminal, unit names never split inside a
word, void entries marked in words, deadlines present, and every status in words (滞后, 正常,
逾期, 已完成, 有进展, 无记录, 久无进展…) where the terminal would colour it.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from rich.cells import cell_len
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.views.labels import STATUS_LABELS
from minning_cli.views.render_calls import REASON_LABELS
from minning_cli.views.render_log import noted
from minning_cli.views.width import NAME_CELLS, name_text

from .conftest import ROOT

DEMO = ROOT / "examples" / "demo"
AS_OF = "2023-09-30"
WIDTHS = (80, 100, 160)
# Names the demo shows that a narrow column used to split: 鼓西/街道, 鼓东街道公正经/合社.
LONG_NAMES = ("鼓东街道公正经合社", "五凤街道湖前经合社", "洪山镇保福经合社", "区文体旅局")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target)
    return target


def show(runner: CliRunner, data: Path, width: int, *args: str, fit: bool = True) -> str:
    """A command's output at ``width`` columns; every line fits (``fit``)."""
    result = runner.invoke(app, ["--data", str(data), *args], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    too_wide = [line for line in result.stdout.splitlines() if cell_len(line) > width]
    assert not (fit and too_wide), too_wide
    assert_unsplit(result.stdout)
    return result.stdout


def as_json(runner: CliRunner, data: Path, *args: str) -> object:
    result = runner.invoke(app, ["--data", str(data), *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_whole(out: str, names: list[str] | tuple[str, ...]) -> None:
    """Each name on one line; a name too long for any column, broken only where a word ends."""
    for name in names:
        if cell_len(name) <= NAME_CELLS:
            assert name in out, name
        else:
            for part in name_text(name).plain.split("\n"):
                assert part.strip() in out, (name, part)


UNITS = [unit["name"] for unit in yaml.safe_load((DEMO / "tasks.yaml").read_text("utf-8"))["units"]]


def assert_unsplit(out: str) -> None:
    """No unit's name is cut with its head a word on one line and its tail a word on the next
    (鼓西/街道, 鼓东街道公正经/合社), but where ``name_text`` breaks a long name at a word's end."""
    cuts = {
        (name[:cut], name[cut:])
        for name in UNITS
        for cut in range(1, len(name))
        if name[cut:].strip() not in name_text(name).plain.split("\n  ")
    }
    lines = [set(line.split()) for line in out.splitlines()]
    found = [
        (head, tail)
        for above, below in itertools.pairwise(lines)
        for head, tail in cuts
        if head in above and tail in below
    ]
    assert not found, found


def table_part(out: str) -> str:
    """The overview's table: what comes before its legend."""
    return out[: out.index("图例")]


@pytest.mark.parametrize("width", WIDTHS)
def test_status_overview(runner: CliRunner, demo: Path, width: int) -> None:
    out = show(runner, demo, width, "status", "--as-of", AS_OF)
    table = table_part(out)
    report = as_json(runner, demo, "status", "--as-of", AS_OF)
    assert isinstance(report, dict)
    # Every share says its status in words, not only in colour.
    wanted = Counter(STATUS_LABELS[a["status"]] for a in report["allocations"])
    for label, count in wanted.items():
        assert table.count(label) >= count, (label, table.count(label), count)
    assert_whole(table, [*LONG_NAMES, "鼓西街道", "（原表未写明单位）"])
    # The rows without figures say theirs in words too (issue 13's words).
    for word in ("有进展", "无记录", "久无进展"):
        assert word in out[len(table) :], word
    if width >= 160:  # the room is used: a unit's figures on the line of its name
        line = next(line for line in table.splitlines() if line.startswith(" 安泰街道"))
        assert line.split()[1:] == ["8/25.5", "31.4%", "滞后", "0/320", "0%", "滞后",
                                    "120/800", "15%", "滞后", "未完成"]  # fmt: skip


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("unit", ["洪山镇", "区商务局"])
def test_unit_view(runner: CliRunner, demo: Path, width: int, unit: str) -> None:
    out = show(runner, demo, width, "status", unit, "--as-of", AS_OF)
    report = as_json(runner, demo, "status", unit, "--as-of", AS_OF)
    assert isinstance(report, dict)
    mine = [a for a in report["allocations"] if a["unit"] == unit]
    assert mine
    for allocation in mine:
        # A row's name on one line (it used to stack a character or two a line), and its
        # deadline and status in words on that line.
        label = f"{allocation['task']} {allocation['indicator']}"
        line = next((line for line in out.splitlines() if label in line), None)
        assert line is not None, label
        assert allocation["deadline"] in line
        assert STATUS_LABELS[allocation["status"]] in line


@pytest.mark.parametrize("width", WIDTHS)
def test_row_view(runner: CliRunner, demo: Path, width: int) -> None:
    out = show(runner, demo, width, "status", "--task", "4", "--as-of", AS_OF)
    report = as_json(runner, demo, "status", "--task", "4", "--as-of", AS_OF)
    assert isinstance(report, dict)
    for allocation in report["allocations"]:
        unit = allocation["unit"]
        if cell_len(unit) > NAME_CELLS:
            continue
        line = next((line for line in out.splitlines() if f" {unit} " in line), None)
        assert line is not None, unit
        assert STATUS_LABELS[allocation["status"]] in line


@pytest.mark.parametrize("width", WIDTHS)
def test_calls(runner: CliRunner, demo: Path, width: int) -> None:
    out = show(runner, demo, width, "calls", "--as-of", AS_OF)
    calls = as_json(runner, demo, "calls", "--as-of", AS_OF)
    assert isinstance(calls, list) and len(calls) > 20
    assert_whole(out, [call["unit"] for call in calls])
    for call in calls:
        for reason in call["reasons"]:
            assert REASON_LABELS[reason] in out
        if call["contact"]["phone"]:
            assert call["contact"]["phone"] in out
    # What to ask is readable: its longest line is never cut a few characters a line.
    assert "4月、8月家在鼓楼公众号" in out


@pytest.mark.parametrize("width", WIDTHS)
def test_log(runner: CliRunner, demo: Path, width: int) -> None:
    out = show(runner, demo, width, "log")
    rows = as_json(runner, demo, "log")
    assert isinstance(rows, list)
    lines = out.splitlines()
    for row in rows:
        # The whole id (void needs it), on a line with the row's number and the start of its
        # note: eight characters or more, never one or two a line.
        at = next((i for i, line in enumerate(lines) if row["id"] in line), None)
        assert at is not None, row["id"]
        # The note begins with what the entry carries: a return's dispatch, a term, funds.
        note = f"【已作废：{row['void_reason']}】" if row["voided"] else ""
        funds = {k: Decimal(str(row[k])) for k in ("received", "disbursed", "used") if row[k]}
        note += noted({**row, **funds})
        if note:
            assert note.split()[0][:8] in lines[at], (row["id"], lines[at])
        if row["voided"]:  # in words, not only struck through
            assert "已作废" in lines[at + 1] or "已作废" in lines[at]
    assert sum("已作废" in line for line in lines) >= 2 * sum(r["voided"] for r in rows)
    assert_whole(out, [row["unit"] for row in rows])
    if width >= 160:
        assert "记录时间" in lines[2] and "日期" in lines[2]


@pytest.mark.parametrize("width", WIDTHS)
def test_tasks(runner: CliRunner, demo: Path, width: int) -> None:
    out = show(runner, demo, width, "tasks")
    tasks = as_json(runner, demo, "tasks")
    assert isinstance(tasks, list)
    assert "完成时限" in out
    for task in tasks:
        deadline = "持续推进" if task["deadline"] == "ongoing" else f"({task['deadline']})"
        assert deadline in out, task["no"]
        assert_whole(out, task["leads"])
    if width >= 160:  # the breakdown uses the room
        assert "事项：召开工作推进会和专题会议研究闽宁协作具体事项，2023-12-31前" in out


@pytest.mark.parametrize("width", WIDTHS)
def test_report_text(runner: CliRunner, demo: Path, width: int) -> None:
    # Plain text for WeChat: a paragraph a line, left to the terminal (and the phone) to wrap.
    out = show(runner, demo, width, "report", "--month", "2023-09", fit=False)
    assert out == show(runner, demo, 80, "report", "--month", "2023-09", fit=False)
    assert_whole(out, ["鼓西街道", "安泰街道"])
    for word in ("超前", "落后", "按时完成", "尚未签订"):
        assert word in out


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_review(runner: CliRunner, tmp_path: Path, width: int) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(DEMO, repo / "data")
    git(repo, "init", "-q")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "first")
    data = repo / "data"
    for args in (
        ["record", "洪山镇梅峰经合社", "6", "--done", "--date", "2023-09-25", "--yes"],
        ["record", "鼓西街道", "4", "40", "--date", "2023-09-26", "--note", "社区团购", "--yes"],
        ["void", "2023-08-31-demo038", "--reason", "重复"],
    ):
        result = runner.invoke(app, ["--data", str(data), *args])
        assert result.exit_code == 0, result.output
    result = runner.invoke(
        app, ["--data", str(data), "review", "--as-of", AS_OF], env={"COLUMNS": str(width)}
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    table = out[out.index("涉及单位的完成情况") :].splitlines()
    assert all(cell_len(line) <= width for line in table), table
    table_text = "\n".join(table)
    assert_unsplit(table_text)
    assert_whole(table_text, ["洪山镇梅峰经合社", "鼓西街道"])
    assert "未完成" in table_text and "已完成" in table_text and "滞后" in table_text


def test_piped_without_colour_settings_keeps_the_words(demo: Path) -> None:
    """Through a pipe, with neither COLUMNS nor NO_COLOR set, as when pasted into WeChat."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "FORCE_COLOR")}
    result = subprocess.run(
        [sys.executable, "-m", "minning_cli", "--data", str(demo), "status", "--as-of", AS_OF],
        capture_output=True, text=True, encoding="utf-8", env=env, check=True,
    )  # fmt: skip
    table = table_part(result.stdout)
    assert "\x1b" not in result.stdout
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 100
    assert all(word in table for word in ("滞后", "正常", "已完成", "无目标"))
