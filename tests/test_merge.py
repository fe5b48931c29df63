"""Merges with real git: two clones record entries for the same month, one pulls the other.

The shipped ``data/.gitattributes`` asks for git's union merge on ``progress/*.yaml``: the
lines both sides added are all kept, without a conflict. Union merge works on lines, and it
shares the lines the two sides have in common; that is why the writer puts each entry on
one line carrying its id (the last test shows what the old block format came to).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.ledger.load import check_all
from minning_cli.writing import record as record_module

from .conftest import SHIPPED

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

MONTH = Path("data/progress/2023-06.yaml")


def git(cwd: Path, *args: str) -> str:
    """Run git with a fixed identity and no user or system configuration."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "测试",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "测试",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture
def clones(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A data repository (the shipped data folder, .gitattributes included), cloned twice."""
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    shutil.copytree(SHIPPED, origin / "data")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "台账")
    git(origin, "config", "receive.denyCurrentBranch", "ignore")
    office, laptop = tmp_path / "office", tmp_path / "laptop"
    for clone in (office, laptop):
        git(tmp_path, "clone", "-q", str(origin), clone.name)
    yield office, laptop


@pytest.fixture
def ids(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Deterministic ids, a different series on each machine (as random ones would be)."""
    machine = {"name": "o"}

    def new_id(day: dt.date, taken: set[str]) -> str:
        # Numbered by how many ids exist, so the unlocked check and the locked write agree.
        return f"{day:%Y-%m-%d}-{machine['name']}{len(taken) + 1:05d}"

    monkeypatch.setattr(record_module, "new_id", new_id)
    yield machine


def minning(runner: CliRunner, clone: Path, *args: str) -> str:
    result = runner.invoke(app, ["--data", str(clone / "data"), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def record_same_things(runner: CliRunner, clone: Path, amounts: list[str], by: str) -> None:
    """Entries as alike as two machines can make them: same unit, row, date and recorder."""
    for amount in amounts:
        minning(runner, clone, "record", "软件园", "4", amount, "--date", "2023-06-12",
                "--by", by, "--note", "园区企业采购枸杞")  # fmt: skip


def logged(runner: CliRunner, clone: Path) -> list[tuple[str, object, bool]]:
    rows = json.loads(minning(runner, clone, "log", "--format", "json"))
    return sorted((row["id"], row["amount"], row["voided"]) for row in rows)


@pytest.mark.parametrize("how", ["merge", "rebase"])
def test_both_sides_keep_every_entry(
    runner: CliRunner, clones: tuple[Path, Path], ids: dict[str, str], how: str
) -> None:
    office, laptop = clones
    ids["name"] = "o"
    record_same_things(runner, office, ["1", "2", "3"], "王")
    minning(runner, office, "record", "区人社局", "8", "--note", "招聘会", "--date", "2023-06-03")
    git(office, "add", "-A")  # the month file is new on both sides
    git(office, "commit", "-q", "-m", "office")
    git(office, "push", "-q", "origin", "main")
    ids["name"] = "l"
    record_same_things(runner, laptop, ["1", "2"], "王")
    git(laptop, "add", "-A")
    git(laptop, "commit", "-q", "-m", "laptop")
    git(laptop, "pull", "-q", "--no-edit", f"--{how}" if how == "rebase" else "--no-rebase")
    assert "<<<<<<<" not in (laptop / MONTH).read_text(encoding="utf-8")
    report = check_all(laptop / "data")
    assert [p for p in report.problems if p.is_error] == []
    assert logged(runner, laptop) == [
        ("2023-06-03-o00004", None, False),
        ("2023-06-12-l00001", 1, False),
        ("2023-06-12-l00002", 2, False),
        ("2023-06-12-o00001", 1, False),
        ("2023-06-12-o00002", 2, False),
        ("2023-06-12-o00003", 3, False),
    ]
    status = json.loads(minning(runner, laptop, "status", "软件园", "--as-of", "2023-06-30",
                                "--format", "json"))  # fmt: skip
    assert [(a["task"], a["actual"]) for a in status["allocations"]] == [(3, 0), (4, 9), (5, 0)]


def test_appends_to_a_file_both_sides_already_had(
    runner: CliRunner, clones: tuple[Path, Path], ids: dict[str, str]
) -> None:
    office, laptop = clones
    ids["name"] = "o"
    record_same_things(runner, office, ["5"], "王")
    git(office, "add", "-A")
    git(office, "commit", "-q", "-m", "first")
    git(office, "push", "-q", "origin", "main")
    git(laptop, "pull", "-q", "--no-rebase")
    record_same_things(runner, office, ["6"], "王")
    minning(runner, office, "void", "2023-06-12-o00001", "--reason", "记错", "--by", "王")
    git(office, "commit", "-q", "-am", "office")
    git(office, "push", "-q", "origin", "main")
    ids["name"] = "l"
    record_same_things(runner, laptop, ["7", "8"], "王")
    git(laptop, "commit", "-q", "-am", "laptop")
    git(laptop, "pull", "-q", "--no-rebase", "--no-edit")
    assert [p for p in check_all(laptop / "data").problems if p.is_error] == []
    assert logged(runner, laptop) == [
        ("2023-06-12-l00002", 7, False),
        ("2023-06-12-l00003", 8, False),
        ("2023-06-12-o00001", 5, True),
        ("2023-06-12-o00002", 6, False),
    ]
    # Each side's lines stay whole and in its own order: the office's after the laptop's.
    lines = (laptop / MONTH).read_text(encoding="utf-8").splitlines()
    assert [line[7:24] for line in lines if line.startswith("- {id:")] == [
        "2023-06-12-o00001",
        "2023-06-12-l00002",
        "2023-06-12-l00003",
        "2023-06-12-o00002",
        "2023-06-12-o00003",  # the void
    ]


def test_an_entry_both_sides_edited_is_reported_twice_with_both_places(
    runner: CliRunner, clones: tuple[Path, Path], ids: dict[str, str]
) -> None:
    office, laptop = clones
    record_same_things(runner, office, ["5"], "王")
    git(office, "add", "-A")
    git(office, "commit", "-q", "-m", "first")
    git(office, "push", "-q", "origin", "main")
    git(laptop, "pull", "-q", "--no-rebase")
    # Hand edits of the same entry on both machines: union keeps both versions of the line.
    for clone, old, new in ((office, "amount: 5,", "amount: 50,"), (laptop, "枸杞", "枸杞干")):
        month = clone / MONTH
        month.write_text(month.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        git(clone, "commit", "-q", "-am", "hand edit")
    git(office, "push", "-q", "origin", "main")
    git(laptop, "pull", "-q", "--no-rebase", "--no-edit")
    result = runner.invoke(app, ["--data", str(laptop / "data"), "check"])
    assert result.exit_code == 1
    month = str(laptop / MONTH)
    assert (
        f"{month}:5:8: 错误：记录编号“2023-06-12-o00001”重复：{month}:4 已有同一编号"
        "（可能是合并时重复了，请删去其中一条）"
    ) in result.stderr.splitlines()


def test_without_the_attribute_the_same_merge_is_a_conflict(
    runner: CliRunner, clones: tuple[Path, Path], ids: dict[str, str]
) -> None:
    office, laptop = clones
    for clone in clones:
        (clone / "data" / ".gitattributes").unlink()
        git(clone, "commit", "-q", "-am", "no attributes")
    git(office, "push", "-q", "-f", "origin", "main")
    git(laptop, "fetch", "-q")
    git(laptop, "reset", "-q", "--hard", "origin/main")
    record_same_things(runner, office, ["1"], "王")
    ids["name"] = "l"
    record_same_things(runner, laptop, ["2"], "王")
    for clone in clones:
        git(clone, "add", "-A")
        git(clone, "commit", "-q", "-m", "entry")
    git(office, "push", "-q", "origin", "main")
    pulled = subprocess.run(
        ["git", "pull", "-q", "--no-rebase", "--no-edit"],
        cwd=laptop, capture_output=True, text=True, check=False,
        env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
             "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.com"},
    )  # fmt: skip
    assert pulled.returncode != 0 and "CONFLICT" in pulled.stdout + pulled.stderr


def test_entries_written_as_blocks_would_be_interleaved_by_union(tmp_path: Path) -> None:
    """Why each entry is one line: the same union merge breaks multi-line entries."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / ".gitattributes").write_text("*.yaml merge=union\n", encoding="utf-8")
    (repo / "m.yaml").write_text("# 2023年6月\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")

    def block(suffix: str, amount: int) -> str:
        return (f"\n- id: 2023-06-12-{suffix}\n  date: 2023-06-12\n  unit: 软件园\n  task: 4\n"
                f"  kind: increment\n  amount: {amount}\n  by: 王\n"
                "  recorded_at: 2023-06-12 10:00:00+08:00\n")  # fmt: skip

    git(repo, "checkout", "-q", "-b", "laptop")
    with (repo / "m.yaml").open("a", encoding="utf-8") as handle:
        handle.write(block("bbbbbb", 2))
    git(repo, "commit", "-q", "-am", "laptop")
    git(repo, "checkout", "-q", "main")
    with (repo / "m.yaml").open("a", encoding="utf-8") as handle:
        handle.write(block("aaaaaa", 1))
    git(repo, "commit", "-q", "-am", "office")
    git(repo, "merge", "-q", "--no-edit", "laptop")
    merged = (repo / "m.yaml").read_text(encoding="utf-8")
    # The lines both blocks share were written once: the first entry lost all but its id.
    assert merged.startswith("# 2023年6月\n\n- id: 2023-06-12-aaaaaa\n- id: 2023-06-12-bbbbbb\n")
    assert merged.count("  unit: 软件园\n") == 1
