"""The README's tour, run as written (issue 14): every command, in order, verbatim, in a fresh
copy of the repository, with the `minning` an activated `.venv` puts on PATH."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .conftest import ROOT, readme_tour, run_tour, snapshot

SKIP = (".venv", ".git", "*.egg-info", "__pycache__", ".mypy_cache", ".pytest_cache",
        ".ruff_cache", ".hypothesis", "build", "dist")  # fmt: skip


def tour() -> list[tuple[str, list[str]]]:
    """The tour's commands, each with the output lines the README shows under it."""
    return readme_tour("## 五分钟上手")


def test_the_tour_runs_verbatim_in_a_fresh_copy(tmp_path: Path) -> None:
    copy = tmp_path / "minning"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*SKIP))
    demo_before = snapshot(copy / "examples" / "demo")
    steps = tour()
    assert len(steps) >= 10 and any("review" in command for command, _ in steps)
    done, env = run_tour(
        steps, copy, tmp_path, unset=("MINNING_DATA",), timeout=300, with_stderr=True,
        extra={"GIT_AUTHOR_NAME": "联络员", "GIT_AUTHOR_EMAIL": "a@example.invalid",
               "GIT_COMMITTER_NAME": "联络员", "GIT_COMMITTER_EMAIL": "a@example.invalid"},
    )  # fmt: skip
    printed = done.stdout + done.stderr
    # What the README says each step does.
    assert "软件园 · 消费帮扶 +20万元 → 累计 75/200万元（37.5%）" in done.stdout
    assert "新增记录 1 条：" in done.stdout and "第一次记录" in done.stdout
    assert "警告：标有“待核对”（沿用2023年）" in printed
    # The original is untouched; the copy is a repository that never commits the lock.
    assert snapshot(copy / "examples" / "demo") == demo_before
    (demo,) = (tmp_path / "tmp").glob("*/demo")
    assert (demo / "progress" / ".lock").exists()
    status = subprocess.run(
        ["git", "status", "--porcelain", "--ignored=no"], cwd=demo, capture_output=True,
        text=True, env=env, check=True,
    ).stdout  # fmt: skip
    assert ".lock" not in status and "progress/2023-09.yaml" in status
