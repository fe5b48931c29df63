"""The demo ledger and a newcomer's first ten minutes, through real processes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, snapshot

DEMO = ROOT / "examples" / "demo"


def minning(
    *args: str, cwd: Path | None = None, data: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("MINNING_DATA", None)
    if data is not None:
        env["MINNING_DATA"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "minning_cli", *args], capture_output=True, text=True,
        encoding="utf-8", env=env, cwd=cwd, check=False, timeout=120,
    )  # fmt: skip


def test_demo_is_regenerated_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "make_demo.py"), str(out)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert snapshot(out) == snapshot(DEMO)


def test_demo_shows_every_status() -> None:
    result = minning("status", "--as-of", "2023-09-30", "--format", "json", data=DEMO)
    report = json.loads(result.stdout)
    statuses = {a["status"] for a in report["allocations"]}
    assert statuses == {"done", "on_track", "behind", "no_target"}
    year_end = json.loads(
        minning("status", "--as-of", "2023-12-31", "-f", "json", data=DEMO).stdout
    )
    assert "overdue" in {a["status"] for a in year_end["allocations"]}
    assert {m["status"] for m in year_end["milestones"]} >= {"done", "overdue"}
    months = {(m["task"], m["month"]): m["status"] for m in report["monthly"]}
    assert (months[(11, "2023-04")], months[(11, "2023-08")]) == ("late", "missing")
    for path in (DEMO / "progress").glob("*.yaml"):
        assert path.read_text("utf-8").startswith("# 演示数据：本文件中的记录全部是虚构的")


def test_first_ten_minutes(tmp_path: Path) -> None:
    """The README's path: the demo's table, a first record in a copy, a 2024 ledger."""
    tour = minning("status", "--as-of", "2023-09-30", data=DEMO)
    assert tour.returncode == 0 and "全区合计" in tour.stdout
    copy = tmp_path / "demo"
    shutil.copytree(DEMO, copy)
    recorded = minning("record", "软件园", "4", "20万", "--date", "2023-09-28", "--note", "第一次记录",
                       data=copy)  # fmt: skip
    assert recorded.returncode == 0, recorded.stderr
    assert "软件园 · 消费帮扶 +20万元 → 累计 75/200万元（37.5%）" in recorded.stdout
    unit = minning("status", "软件园", "--as-of", "2023-09-30", data=copy)
    assert "第一次记录" in unit.stdout
    new = tmp_path / "2024" / "data"
    assert minning("init", str(new), "--from", str(copy / "tasks.yaml")).returncode == 0
    checked = minning("--data", str(new), "check")
    assert checked.returncode == 0 and "检查通过" in checked.stdout


def test_screenshot_script_runs(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "screenshots.py"), str(tmp_path)],
                          capture_output=True, text=True, check=False, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    made = {p.name: p.read_text("utf-8") for p in tmp_path.glob("*.svg")}
    assert set(made) == {p.name for p in (ROOT / "docs" / "img").glob("*.svg")}
    assert "全区合计" in made["status.svg"] and "2023-09-30" in made["status.svg"]
    assert "洪山镇" in made["unit.svg"]
    # Glyphs as wide as the cells: a local CJK monospace font with half-em cells, nothing
    # fetched from the web; a PNG of each where rsvg-convert can draw one.
    for svg in made.values():
        assert "@font-face" not in svg and "woff" not in svg and "cdnjs" not in svg
        assert 'font-family: "Noto Sans Mono CJK SC", monospace;' in svg
    if shutil.which("rsvg-convert"):
        assert {p.stem for p in tmp_path.glob("*.png")} == {p.removesuffix(".svg") for p in made}
