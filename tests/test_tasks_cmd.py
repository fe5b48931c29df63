"""`minning tasks`: the table as encoded, laid out like the original."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from minning_cli.cli import app


def test_all_fifteen_rows(runner: CliRunner, data_dir: Path) -> None:
    result = runner.invoke(app, ["--data", str(data_dir), "tasks"])
    assert result.exit_code == 0
    out = result.stdout
    for heading in ("序号", "任务", "指标与分解", "牵头单位", "完成时限"):
        assert heading in out
    for title in ("调研对接", "人才选派", "资金支持", "消费帮扶", "产业协作", "结对帮扶",
                  "劳务协作", "拓展产销", "推进产业", "资金监管", "典型宣传", "自选动作"):  # fmt: skip
        assert title in out
    assert "十街镇 各25.5万元（10个）" in out
    assert "福州定有福电子商务有限公司 目标未定" in out
    assert "南街街道 ↔ 开城镇" in out
    assert "每月25日前：资金使用进度月报（1次）" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_one_row_in_full(runner: CliRunner, data_dir: Path) -> None:
    result = runner.invoke(app, ["--data", str(data_dir), "tasks", "4"])
    assert result.exit_code == 0
    assert "福州定有福电子商务有限公司统计数据以与区民政局签订的任务数为准。" in result.stdout
    assert "合计：75000万元" in result.stdout


def test_json(runner: CliRunner, data_dir: Path) -> None:
    result = runner.invoke(app, ["--data", str(data_dir), "tasks", "--format", "json"])
    rows = json.loads(result.stdout)
    assert [r["no"] for r in rows] == list(range(1, 16))
    assert rows[2]["indicators"][0]["allocations"][-1] == {
        "unit": "十街镇", "target": 25.5, "share": "each", "target_text": None, "note": None,
    }  # fmt: skip
    assert rows[3]["indicators"][0]["allocations"][-1]["target"] is None
    assert rows[12]["deadline"] == "ongoing"


def test_unknown_row_is_a_usage_error(runner: CliRunner, data_dir: Path) -> None:
    result = runner.invoke(app, ["--data", str(data_dir), "tasks", "16"])
    assert result.exit_code == 2
    assert "没有序号为“16”的任务；序号为 1–15" in result.stderr


def test_through_a_real_process(data_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "minning_cli", "--data", str(data_dir), "tasks", "6"],
        capture_output=True, text=True, encoding="utf-8", check=False,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "洪山镇梅峰经合社 ↔ 黄铎堡镇丰泽村" in done.stdout
