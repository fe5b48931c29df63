"""`minning review`: what changed since a git revision, read through real git repositories.

Every repository is made in a temporary folder with ``git init``; global and system git
configuration is shut out so the tests see only what they set.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import json
import shutil
import subprocess
import sys
import types
import typing
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.figures.ledger_diff import IDENTITY, ledger_changes
from minning_cli.figures.review import compare
from minning_cli.ledger.load import book_from_bytes
from minning_cli.ledger.model import Ledger
from minning_cli.views.render_review import change_text, field_label
from minning_cli.writing.record import Request, record_entry, void_entry

from .conftest import ROOT, SHIPPED, numbered_ids

D = dt.date
NOW = dt.datetime(2023, 6, 30, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
COMMIT_DATE = "2023-06-30T20:00:00+08:00"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def rec(data: Path, unit: str, task: str, amount: str | None, day: dt.date, **kw: Any) -> str:
    request = Request(unit=unit, task=task, amount=amount, date=day, by="测试", **kw)
    return record_entry(data, request, today=D(2023, 6, 30), now=NOW).entry.id


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the shipped ledger under data/, with no commit yet."""
    config = tmp_path / "gitconfig"
    config.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_DATE", COMMIT_DATE)
    monkeypatch.setenv("GIT_COMMITTER_DATE", COMMIT_DATE)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    numbered_ids(monkeypatch, "r")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.name", "测试")
    git(root, "config", "user.email", "test@example.com")
    shutil.copytree(SHIPPED, root / "data")
    return root


@pytest.fixture
def first(repo: Path) -> Path:
    """Two entries committed as "first"."""
    data = repo / "data"
    rec(data, "软件园", "4", "50", D(2023, 5, 10), note="五月")
    rec(data, "南街街道", "6", None, D(2023, 5, 20), done=True, note="结对协议已签")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first")
    return repo


@pytest.fixture
def worked(first: Path) -> Path:
    """After "first": two entries recorded, the older 软件园 entry voided, a target changed."""
    data = first / "data"
    rec(data, "软件园", "4", "20万", D(2023, 6, 12), note="园区企业又采购了20万的枸杞")
    rec(data, "区民政局", "11", None, D(2023, 6, 25), done=True)
    void_entry(data, "2023-05-10-r00001", "记重了", by="测试", now=NOW)
    tasks = data / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    old = "{unit: 软件园, target: 200, note: 统计园区内企业}"
    assert text.count(old) == 1
    tasks.write_text(text.replace(old, old.replace("200", "250")), encoding="utf-8")
    return first


def review(runner: CliRunner, repo: Path, *args: str) -> Any:
    return runner.invoke(app, ["--data", str(repo / "data"), "review", *args])


def review_json(runner: CliRunner, repo: Path, *args: str) -> dict[str, Any]:
    result = review(runner, repo, *args, "--as-of", "2023-06-30", "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


SOFTWARE_PARK_0612 = {
    "id": "2023-06-12-r00003", "date": "2023-06-12", "unit": "软件园", "task": 4,
    "title": "消费帮扶", "kind": "increment", "what": "消费帮扶", "amount": 20,
    "measure": "万元", "milestone": None, "note": "园区企业又采购了20万的枸杞",
}  # fmt: skip
CIVIL_AFFAIRS_0625 = {
    "id": "2023-06-25-r00004", "date": "2023-06-25", "unit": "区民政局", "task": 11,
    "title": "资金监管", "kind": "done", "what": "6月资金使用进度月报", "amount": None,
    "measure": None, "milestone": None, "note": None,
}  # fmt: skip


def test_review_head_json(worked: Path, runner: CliRunner) -> None:
    data = review_json(runner, worked)
    assert data["from"] == {
        "rev": "HEAD",
        "commit": git(worked, "rev-parse", "HEAD"),
        "date": "2023-06-30",
        "subject": "first",
    }
    assert data["to"] == {"rev": None, "commit": None, "label": "工作区"}
    assert data["as_of"] == "2023-06-30"
    assert data["added"] == [SOFTWARE_PARK_0612, CIVIL_AFFAIRS_0625]
    assert data["voided"] == [
        {"id": "2023-05-10-r00005", "voids": "2023-05-10-r00001", "reason": "记重了", "by": "测试",
         "entry": {"id": "2023-05-10-r00001", "date": "2023-05-10", "unit": "软件园", "task": 4,
                   "title": "消费帮扶", "kind": "increment", "what": "消费帮扶", "amount": 50,
                   "measure": "万元", "milestone": None, "note": "五月"}}
    ]  # fmt: skip
    assert data["changed_targets"] == [
        {"path": ["tasks", 4, "indicators", "消费帮扶", "allocations", "软件园", "target"],
         "task": 4, "title": "消费帮扶", "item": "消费帮扶", "unit": "软件园", "field": "target",
         "old": 200, "new": 250, "change": "changed", "measure": "万元"}
    ]  # fmt: skip
    assert data["edited_entries"] == [] and data["warnings"] == []
    # 06-30 is day 180 of 364 to 12-31: 200 → 98.9 expected, 250 → 123.63.
    assert data["status_changes"] == [
        {"kind": "allocation", "unit": "软件园", "task": 4, "title": "消费帮扶", "item": "消费帮扶",
         "month": None, "measure": "万元",
         "before": {"status": "behind", "actual": 50, "target": 200, "percent": 25,
                    "expected": 98.9, "done_on": None, "count": None},
         "after": {"status": "behind", "actual": 20, "target": 250, "percent": 8,
                   "expected": 123.63, "done_on": None, "count": None}},
        {"kind": "monthly", "unit": "区民政局", "task": 11, "title": "资金监管",
         "item": "资金使用进度月报", "month": "2023-06", "measure": None,
         "before": {"status": "missing", "actual": None, "target": None, "percent": None,
                    "expected": None, "done_on": None, "count": None},
         "after": {"status": "on_time", "actual": None, "target": None, "percent": None,
                   "expected": None, "done_on": "2023-06-25", "count": None}},
    ]  # fmt: skip


def test_review_head_text(worked: Path, runner: CliRunner) -> None:
    result = review(runner, worked, "--as-of", "2023-06-30")
    assert result.exit_code == 0, result.output
    short = git(worked, "rev-parse", "--short=7", "HEAD")
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines == [
        f"对比 HEAD（{short} 2023-06-30 first）→ 工作区；状态截至 2023-06-30",
        "",
        "新增记录 2 条：",
        "  2023-06-12 软件园 · 4 消费帮扶 增量 +20万元　备注：园区企业又采购了20万的枸杞",
        "  2023-06-25 区民政局 · 11 资金监管 6月资金使用进度月报 完成",
        "",
        "作废记录 1 条：",
        "  2023-05-10 软件园 · 4 消费帮扶 增量 +50万元　备注：五月　作废原因：记重了",
        "",
        "tasks.yaml 改动 1 处：",
        "  任务4 消费帮扶 · 软件园 目标：200万元 → 250万元",
        "",
        "涉及单位的完成情况：",
        "单位      任务                       之前                             之后",
        "─" * 100,
        "软件园    4 消费帮扶                 50/200万元 25%（滞后，应完成     20/250万元 8%（滞后，应完成",
        "                                     98.9）                           123.63）",
        "区民政局  11 资金监管 2023-06        未报                             按时（2023-06-25）",
        "          资金使用进度月报",
    ]


def test_review_an_older_commit(worked: Path, runner: CliRunner) -> None:
    git(worked, "add", "-A")
    git(worked, "commit", "-q", "-m", "second")
    rec(worked / "data", "区商务局", "4", "100", D(2023, 6, 28), note="超市专区")
    latest = review_json(runner, worked)
    assert [e["id"] for e in latest["added"]] == ["2023-06-28-r00006"]
    assert latest["voided"] == [] and latest["changed_targets"] == []
    assert [(s["unit"], s["before"]["actual"], s["after"]["actual"], s["after"]["percent"])
            for s in latest["status_changes"]] == [("区商务局", 0, 100, 12.5)]  # fmt: skip
    older = review_json(runner, worked, "HEAD~1")
    assert older["from"]["subject"] == "first"
    assert [e["id"] for e in older["added"]] == [
        "2023-06-12-r00003", "2023-06-25-r00004", "2023-06-28-r00006"]  # fmt: skip
    assert [v["voids"] for v in older["voided"]] == ["2023-05-10-r00001"]
    assert [(t["unit"], t["old"], t["new"]) for t in older["changed_targets"]] == [
        ("软件园", 200, 250)]  # fmt: skip
    by_id = review_json(runner, worked, git(worked, "rev-parse", "HEAD~1"))
    assert by_id["added"] == older["added"] and by_id["from"]["rev"] == older["from"]["commit"]


def test_nothing_changed(first: Path, runner: CliRunner) -> None:
    result = review(runner, first, "--as-of", "2023-06-30")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == "没有变化：工作区的台账与 HEAD 相同。"
    assert review_json(runner, first)["status_changes"] == []


def test_an_entry_edited_in_place_is_a_warning(first: Path, runner: CliRunner) -> None:
    month = first / "data" / "progress" / "2023-05.yaml"
    text = month.read_text(encoding="utf-8")
    month.write_text(
        text.replace("amount: 50,", "amount: 60,").replace("note: 五月,", "note: 五月份,"),
        encoding="utf-8",
    )
    data = review_json(runner, first)
    assert data["added"] == [] and data["voided"] == []
    assert data["edited_entries"] == [
        {"id": "2023-05-10-r00001", "kind": "increment", "unit": "软件园", "task": 4,
         "removed": False, "fields": [{"field": "amount", "old": 50, "new": 60},
                                      {"field": "note", "old": "五月", "new": "五月份"}]}
    ]  # fmt: skip
    assert data["warnings"] == [
        "记录 2023-05-10-r00001 被直接改动（数额 50 → 60；备注 五月 → 五月份）：minning 只追加、"
        "不改写；记错了请用 minning void 作废后重记"
    ]
    ((before, after),) = [(s["before"], s["after"]) for s in data["status_changes"]]
    assert (before["actual"], after["actual"], after["percent"]) == (50, 60, 30)
    text_out = review(runner, first, "--as-of", "2023-06-30").stdout
    assert "警告 1 条：" in text_out and "被直接改动（数额 50 → 60" in text_out


def test_a_deleted_entry_is_a_warning(first: Path, runner: CliRunner) -> None:
    month = first / "data" / "progress" / "2023-05.yaml"
    text = month.read_text(encoding="utf-8")
    start = text.index("- {id: 2023-05-20-r00002")
    month.write_text(text[:start], encoding="utf-8")
    data = review_json(runner, first)
    assert [(e["id"], e["removed"], e["fields"]) for e in data["edited_entries"]] == [
        ("2023-05-20-r00002", True, [])]  # fmt: skip
    assert data["warnings"][0].startswith("记录 2023-05-20-r00002 被删除：minning 只追加、不删除")
    assert [(s["kind"], s["unit"], s["item"], s["before"]["status"], s["after"]["status"])
            for s in data["status_changes"]] == [
        ("pairing", "南街街道", "开城镇", "done", "pending")]  # fmt: skip


def test_tasks_changes_in_plain_words(tmp_path: Path) -> None:
    """Contacts, deadlines, unknown targets and pairings, compared without git."""
    text = (SHIPPED / "tasks.yaml").read_text(encoding="utf-8")
    changed = (
        text.replace(
            "aliases: [福州软件园]\n    contact: {person: ~, phone: ~}",
            "aliases: [福州软件园]\n    contact: {person: 陈七, phone: 0591-22222222}",
        )
        .replace("        floor: true\n        deadline: 2023-10-31", "        floor: true\n"
                 "        deadline: 2023-11-15")
        .replace("target: ~\n            target_text: 以与区民政局签订的任务数为准",
                 "target: 300\n            target_text: 以与区民政局签订的任务数为准")
        .replace("{unit: 安泰街道, partner: 彭堡镇}", "{unit: 安泰街道, partner: 黄铎堡镇}")
    )  # fmt: skip
    assert changed.count("陈七") == 1 and "2023-11-15" in changed and "target: 300\n" in changed
    old = book_from_bytes(tmp_path, ("旧:tasks.yaml", text.encode()), [])
    new = book_from_bytes(tmp_path, ("新:tasks.yaml", changed.encode()), [])
    comparison = compare(old, new, D(2023, 6, 30))
    assert [(t.task, t.item, t.unit, t.field, t.old, t.new, t.change)
            for t in comparison.ledger_changes] == [
        (None, None, "软件园", "person", None, "陈七", "changed"),
        (None, None, "软件园", "phone", None, "0591-22222222", "changed"),
        (2, "人才选派", None, "deadline", D(2023, 10, 31), D(2023, 11, 15), "changed"),
        (4, "消费帮扶", "福州定有福电子商务有限公司", "target", None, 300, "changed"),
        (6, None, "安泰街道", "partner", "彭堡镇", "黄铎堡镇", "changed"),
    ]  # fmt: skip
    assert [change_text(t).plain for t in comparison.ledger_changes] == [
        "单位 软件园 联系人：未填写 → 陈七",
        "单位 软件园 联系电话：未填写 → 0591-22222222",
        "任务2 人才选派 完成时限：2023-10-31 → 2023-11-15",
        "任务4 消费帮扶 · 福州定有福电子商务有限公司 目标：未定 → 300万元",
        "任务6 结对帮扶 · 安泰街道 结对对象：彭堡镇 → 黄铎堡镇",
    ]
    # Row 2 is paced to its deadline (persons: nothing is due before it), so a later deadline
    # changes no standing in June.
    assert [s for s in comparison.status_changes if s.task == 2] == []
    company = next(s for s in comparison.status_changes if s.task == 4)
    assert company.before and company.after
    assert (company.before.status, company.after.status) == ("no_target", "behind")
    pairing = [(s.kind, s.item, s.before and s.before.status, s.after and s.after.status)
               for s in comparison.status_changes if s.task == 6]  # fmt: skip
    assert pairing == [
        ("pairing", "彭堡镇", "pending", None),
        ("pairing", "黄铎堡镇", None, "pending"),
    ]


def test_an_old_version_with_errors_names_the_revision(first: Path, runner: CliRunner) -> None:
    tasks = first / "data" / "tasks.yaml"
    good = tasks.read_text(encoding="utf-8")
    tasks.write_text(good.replace("  year: 2023", "  year: 二〇二三"), encoding="utf-8")
    git(first, "commit", "-q", "-am", "broken")
    tasks.write_text(good, encoding="utf-8")
    result = review(runner, first)
    assert result.exit_code == 1
    assert "HEAD:data/tasks.yaml:" in result.stderr and "year" in result.stderr


def test_a_folder_outside_git(tmp_path: Path, runner: CliRunner, monkeypatch: Any) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    shutil.copytree(SHIPPED, tmp_path / "plain")
    result = runner.invoke(app, ["--data", str(tmp_path / "plain"), "review"])
    assert result.exit_code == 1
    assert "不在 git 仓库里" in result.stderr and "git init" in result.stderr
    assert "Traceback" not in result.output


def test_bad_revisions(first: Path, runner: CliRunner) -> None:
    result = review(runner, first, "nosuchrev")
    assert result.exit_code == 1
    assert "错误：git 里找不到版本“nosuchrev”" in result.stderr
    assert review(runner, first, "HEAD~5").exit_code == 1
    # A revision that looks like an option never reaches git as one.
    result = review(runner, first, "--", "--output=/tmp/x")
    assert result.exit_code == 1 and "不是 git 的版本名" in result.stderr


def test_a_repository_without_commits(repo: Path, runner: CliRunner) -> None:
    result = review(runner, repo)
    assert result.exit_code == 1 and "还没有任何提交" in result.stderr


def test_a_revision_without_the_ledger(repo: Path, runner: CliRunner) -> None:
    (repo / "README").write_text("台账\n", encoding="utf-8")
    git(repo, "add", "README")
    git(repo, "commit", "-q", "-m", "readme only")
    result = review(runner, repo)
    assert result.exit_code == 1 and "里没有 data/tasks.yaml" in result.stderr


def test_review_through_a_real_process(worked: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "minning_cli", "--data", str(worked / "data"), "review",
         "HEAD", "--as-of", "2023-06-30"],
        capture_output=True, text=True, check=False, cwd=worked,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "新增记录 2 条：" in done.stdout and "作废原因：记重了" in done.stdout
    assert "任务4 消费帮扶 · 软件园 目标：200万元 → 250万元" in done.stdout


# ---------------------------------------------------------------- the schema, field by field


def edit_tasks(data: Path, old: str, new: str) -> None:
    tasks = data / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    tasks.write_text(text.replace(old, new), encoding="utf-8")


def review_lines(runner: CliRunner, repo: Path) -> list[str]:
    """The text review after its heading line, trailing spaces cut."""
    result = review(runner, repo, "--as-of", "2023-06-30")
    assert result.exit_code == 0, result.output
    return [line.rstrip() for line in result.stdout.splitlines()[1:]]


NONE = {"status": None, "actual": None, "target": None, "percent": None, "expected": None,
        "done_on": None, "count": None}  # fmt: skip
SUBSIDY = "发放选派专业技术人员生活补助（参照闽委办〔2018〕36号文件）"
MEETING = "召开工作推进会和专题会议研究闽宁协作具体事项"


def test_a_milestone_due_date_moves_that_milestone_only(first: Path, runner: CliRunner) -> None:
    """Row 1's meeting due by May: overdue by June; the row's deadline and its visit did not move."""
    edit_tasks(first / "data", f"name: {MEETING}\n        due: 2023-12-31",
               f"name: {MEETING}\n        due: 2023-05-31")  # fmt: skip
    data = review_json(runner, first)
    assert data["changed_targets"] == [
        {"path": ["tasks", 1, "milestones", "meeting", "due"], "task": 1, "title": "调研对接",
         "item": MEETING, "unit": None, "field": "due", "old": "2023-12-31", "new": "2023-05-31",
         "change": "changed", "measure": None}
    ]  # fmt: skip
    assert data["status_changes"] == [
        {"kind": "milestone", "unit": "区委办", "task": 1, "title": "调研对接", "item": MEETING,
         "month": None, "measure": None, "before": {**NONE, "status": "pending"},
         "after": {**NONE, "status": "overdue"}}
    ]  # fmt: skip


def test_a_new_partner_is_a_new_pairing(first: Path, runner: CliRunner) -> None:
    """南街街道's pairing (done in May) now names 彭堡镇: one pairing gone, one come, done."""
    edit_tasks(
        first / "data", "{unit: 南街街道, partner: 开城镇}", "{unit: 南街街道, partner: 彭堡镇}"
    )
    data = review_json(runner, first)
    assert [(t["path"], t["old"], t["new"]) for t in data["changed_targets"]] == [
        (["tasks", 6, "pairings", "南街街道", "partner"], "开城镇", "彭堡镇")]  # fmt: skip
    done = {**NONE, "status": "done", "done_on": "2023-05-20"}
    assert [(s["kind"], s["unit"], s["item"], s["before"], s["after"])
            for s in data["status_changes"]] == [
        ("pairing", "南街街道", "开城镇", done, None),
        ("pairing", "南街街道", "彭堡镇", None, done),
    ]  # fmt: skip
    assert review_lines(runner, first) == [
        "",
        "tasks.yaml 改动 1 处：",
        "  任务6 结对帮扶 · 南街街道 结对对象：开城镇 → 彭堡镇",
        "",
        "涉及单位的完成情况：",
        "单位      任务                   之前                  之后",
        "─" * 75,
        "南街街道  6 结对帮扶 结对开城镇  已完成（2023-05-20）  （无）",
        "南街街道  6 结对帮扶 结对彭堡镇  （无）                已完成（2023-05-20）",
    ]


def test_a_monthly_due_day(first: Path, runner: CliRunner) -> None:
    """June's report came on the 25th: on time by the 25th, late by the 20th."""
    rec(first / "data", "区民政局", "11", None, D(2023, 6, 25), done=True)
    git(first, "add", "-A")
    git(first, "commit", "-qm", "june report")
    edit_tasks(first / "data", "due_day: 25", "due_day: 20")
    data = review_json(runner, first)
    assert [(t["path"], t["item"], t["old"], t["new"]) for t in data["changed_targets"]] == [
        (["tasks", 11, "monthly", "due_day"], "资金使用进度月报", 25, 20)]  # fmt: skip
    # January to May were missing either way; only June's standing moved.
    assert data["status_changes"] == [
        {"kind": "monthly", "unit": "区民政局", "task": 11, "title": "资金监管",
         "item": "资金使用进度月报", "month": "2023-06", "measure": None,
         "before": {**NONE, "status": "on_time", "done_on": "2023-06-25"},
         "after": {**NONE, "status": "late", "done_on": "2023-06-25"}}
    ]  # fmt: skip
    assert review_lines(runner, first) == [
        "",
        "tasks.yaml 改动 1 处：",
        "  任务11 资金监管 · 资金使用进度月报 每月截止日：25日 → 20日",
        "",
        "涉及单位的完成情况：",
        "单位      任务                                  之前                之后",
        "─" * 86,
        "区民政局  11 资金监管 2023-06 资金使用进度月报  按时（2023-06-25）  迟报（2023-06-25）",
    ]


def test_figures_and_flags_without_standings(first: Path, runner: CliRunner) -> None:
    """Edits that move no share, milestone or month as of June: each is listed, no standing is."""
    data = first / "data"
    edit_tasks(
        data, "        target: 11\n        floor: true", "        target: 11\n        floor: false"
    )
    edit_tasks(data, "鼓楼区: 11, 长乐区: 11", "鼓楼区: 12, 长乐区: 11")
    edit_tasks(data, "city_total: 2700\n", "city_total: 2800\n")
    edit_tasks(
        data, "        target: 300\n        floor: true", "        target: 310\n        floor: true"
    )
    edit_tasks(data, "city_total_text: 落实社会帮扶资金2700万元", "city_total_text: ~")
    edit_tasks(data, "        due: 2023-12-31\n        optional: true", "        due: 2023-12-31")
    edit_tasks(data, "        units: [区财政局]\n", "        units: [区财政局, 区委组织部]\n")
    edit_tasks(data, "activity_measure: 人", "activity_measure: 人次")
    edit_tasks(data, "      due_day: last\n      count: 1", "      due_day: last\n      count: 2")
    edit_tasks(data, "      due_day: 25\n", "      due_day: 25\n      units: [区民政局]\n")
    report = review_json(runner, first)
    assert [(t["path"], t["change"], t["old"], t["new"]) for t in report["changed_targets"]] == [
        (["tasks", 1, "milestones", "visit", "optional"], "changed", True, False),
        (["tasks", 2, "indicators", "人才选派", "floor"], "changed", True, False),
        (["tasks", 2, "indicators", "人才选派", "city", "鼓楼区"], "changed", 11, 12),
        (["tasks", 2, "milestones", "subsidy", "units"], "changed", ["区财政局"],
         ["区财政局", "区委组织部"]),
        (["tasks", 3, "indicators", "社会帮扶资金", "target"], "changed", 300, 310),
        (["tasks", 3, "indicators", "社会帮扶资金", "city_total"], "changed", 2700, 2800),
        (["tasks", 3, "indicators", "社会帮扶资金", "city_total_text"], "changed",
         "落实社会帮扶资金2700万元", None),
        (["tasks", 8, "activity_measure"], "changed", "人", "人次"),
        (["tasks", 11, "monthly", "units"], "changed", [], ["区民政局"]),
        (["tasks", 14, "monthly", "count"], "changed", 1, 2),
    ]  # fmt: skip
    assert report["status_changes"] == []
    assert review_lines(runner, first) == [
        "",
        "tasks.yaml 改动 10 处：",
        "  任务1 调研对接 · 赴宁夏固原市原州区开展工作对接 自选：是 → 否",
        "  任务2 人才选派 以上（不低于）：是 → 否",
        "  任务2 人才选派 全市任务数 鼓楼区：11人 → 12人",
        f"  任务2 人才选派 · {SUBSIDY} 单位：区财政局 → 区财政局、区委组织部",
        "  任务3 资金支持 · 社会帮扶资金 · 全区 目标：300万元 → 310万元",
        "  任务3 资金支持 · 社会帮扶资金 全市合计：2700万元 → 2800万元",
        "  任务3 资金支持 · 社会帮扶资金 全市合计（原文）：落实社会帮扶资金2700万元 → 未填写",
        "  任务8 劳务协作 活动计量单位：人 → 人次",
        "  任务11 资金监管 · 资金使用进度月报 单位：（空） → 区民政局",
        "  任务14 自选动作 · 家在鼓楼公众号原州区乡村振兴宣传文章 每月件数：1 → 2",
    ]


def test_activities_move_with_their_entries(first: Path, runner: CliRunner) -> None:
    rec(first / "data", "区人社局", "8", "30人", D(2023, 6, 3), note="劳务协作招聘会")
    data = review_json(runner, first)
    assert data["status_changes"] == [
        {"kind": "activity", "unit": "区人社局", "task": 8, "title": "劳务协作", "item": None,
         "month": None, "measure": "人", "before": {**NONE, "count": 0},
         "after": {**NONE, "actual": 30, "done_on": "2023-06-03", "count": 1}}
    ]  # fmt: skip
    assert review_lines(runner, first)[-1] == (
        "区人社局  8 劳务协作 活动  0 次  1 次，30人（最近 2023-06-03）"
    )


def test_inserting_an_item_changes_nothing_after_it(tmp_path: Path) -> None:
    """Items are matched by identity: a unit put first, a share put in the middle."""
    text = (SHIPPED / "tasks.yaml").read_text(encoding="utf-8")
    changed = text.replace(
        "units:\n  # —— 区直部门 ——\n", "units:\n  # —— 区直部门 ——\n  - {name: 区新办, kind: department}\n"
    ).replace("          - {unit: 区发改局, target: 100}\n",
              "          - {unit: 区发改局, target: 100}\n          - {unit: 区新办, target: 50}\n")  # fmt: skip
    assert changed.count("区新办") == 2
    old = book_from_bytes(tmp_path, ("旧:tasks.yaml", text.encode()), [])
    new = book_from_bytes(tmp_path, ("新:tasks.yaml", changed.encode()), [])
    comparison = compare(old, new, D(2023, 6, 30))
    assert [change_text(t).plain for t in comparison.ledger_changes] == [
        "单位 区新办：新增（类别：区直部门）",
        "任务4 消费帮扶 · 区新办：新增分解（目标：50万元）",
    ]
    ((added,),) = [[s for s in comparison.status_changes]]
    assert (added.unit, added.before, added.after and added.after.status) == (
        "区新办",
        None,
        "behind",
    )


def _types(annotation: Any) -> list[Any]:
    """The plain types of an annotation: unions opened, ``Annotated`` and ``tuple`` unwrapped."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _types(typing.get_args(annotation)[0])
    if origin is typing.Literal:
        return [type(typing.get_args(annotation)[0])]
    if origin in (typing.Union, types.UnionType, tuple, dict):
        return [t for arg in typing.get_args(annotation) for t in _types(arg) if arg is not ...]
    return [annotation]


def _annotations(model: type) -> dict[str, Any]:
    """Each field of a model with its annotation, in the schema's order."""
    hints = typing.get_type_hints(model)
    return {field.name: hints[field.name] for field in dataclasses.fields(model)}


def _is_model(value: Any) -> bool:
    return dataclasses.is_dataclass(value)


def _schema(model: type) -> set[type]:
    """Every model reachable from ``model`` through its fields' annotations."""
    found = {model}
    for annotation in _annotations(model).values():
        for kind in _types(annotation):
            if isinstance(kind, type) and _is_model(kind) and kind not in found:
                found |= _schema(kind)
    return found


def _instances(model: Any) -> Iterator[Any]:
    yield model
    for name in _annotations(type(model)):
        value = getattr(model, name)
        for item in value if isinstance(value, tuple) else (value,):
            if _is_model(item):
                yield from _instances(item)


Expected = list[tuple[list[Any], str]]


def _other(value: Any, annotation: Any, samples: dict[type, Any]) -> Any:
    """A different value of the same type; for None, one of the annotation's first type."""
    if value is None or value == ():
        kind = next(t for t in _types(annotation) if t is not type(None))
        if isinstance(kind, type) and _is_model(kind):
            return samples[kind] if value is None else (samples[kind],)
        one = {str: "改", Decimal: Decimal(1), dt.date: D(2023, 7, 1), int: 1}[kind]
        return one if value is None else (one,)
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | Decimal):
        return value + 1000  # far from any row number, so a new number is a new row
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, tuple):
        return (*value, "改")
    assert isinstance(value, str), value
    return value + "改"


def _mutations(
    model: Any,
    put: Callable[[Any], Any],
    path: list[Any],
    samples: dict[type, Any],
    covered: set[tuple[type, str]],
) -> Iterator[tuple[Any, Expected]]:
    """The whole ledger with one leaf of ``model`` changed, and the changes expected."""
    for name, annotation in _annotations(type(model)).items():
        covered.add((type(model), name))
        value, here = getattr(model, name), [*path, name]

        def put_field(new: Any, name: str = name, model: Any = model) -> Any:
            return put(dataclasses.replace(model, **{name: new}))

        if _is_model(value):
            yield from _mutations(value, put_field, here, samples, covered)
        elif isinstance(value, tuple) and value and _is_model(value[0]):
            for i, item in enumerate(value):

                def put_item(new: Any, i: int = i, value: tuple[Any, ...] = value,
                             put_field: Any = put_field) -> Any:  # fmt: skip
                    return put_field((*value[:i], new, *value[i + 1 :]))

                key = getattr(item, IDENTITY[type(item)])
                yield from _mutations(item, put_item, [*here, key], samples, covered)
        elif isinstance(value, dict):
            for key, figure in value.items():
                new = figure + "改" if isinstance(figure, str) else figure + 1  # roles: text
                yield put_field({**value, key: new}), [([*here, key], "changed")]
            yield put_field({**value, "改": Decimal(1)}), [([*here, "改"], "added")]
        else:
            new = _other(value, annotation, samples)
            if name == IDENTITY.get(type(model)):
                expected = [(path, "removed"), ([*path[:-1], new], "added")]
            elif _is_model(new):
                expected = [(here, "added")]
            elif isinstance(new, tuple) and _is_model(new[0]):
                expected = [([*here, getattr(new[0], IDENTITY[type(new[0])])], "added")]
            else:
                expected = [(here, "changed")]
            yield put_field(new), expected


def test_every_field_of_the_schema_is_compared(tmp_path: Path) -> None:
    """Change each leaf of the shipped ledger in turn: review reports exactly that change,
    at that path, in Chinese; and no field of any model of the schema goes untried."""
    ledger = book_from_bytes(tmp_path, ("tasks.yaml", (SHIPPED / "tasks.yaml").read_bytes()),
                             []).ledger  # fmt: skip
    samples: dict[type, Any] = {}
    for instance in _instances(ledger):
        samples.setdefault(type(instance), instance)
    covered: set[tuple[type, str]] = set()
    tried = 0
    for changed, expected in _mutations(ledger, lambda m: m, [], samples, covered):
        changes = ledger_changes(ledger, changed)
        assert [([k for s in c.path for k in s.flat()], c.change) for c in changes] == expected
        for change in changes:
            within = change.path[-2].field if len(change.path) > 1 else None
            assert field_label(within, change.field) != change.field, change.path
            assert change_text(change).plain
        tried += 1
    assert tried > 500
    assert covered == {(model, name) for model in _schema(Ledger) for name in _annotations(model)}


def test_figures_leave_the_words_to_the_views() -> None:
    """No module of figures/ imports the Chinese names of kinds from the model."""
    for path in (ROOT / "src" / "minning_cli" / "figures").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = {alias.name for alias in node.names}
                assert not names & {"KIND_NAMES", "KIND_LABELS"}, path.name


def test_a_line_break_in_a_note_cannot_forge_a_review_line(
    first: Path, runner: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "forged.csv"
    sheet.write_text(
        '日期,单位,任务,金额,备注\n2023-06-12,软件园,4,1,"正常\n'
        '  2023-06-30 区商务局 · 4 消费帮扶 增量 +9999万元"\n',
        encoding="utf-8",
    )
    imported = runner.invoke(app, ["--data", str(first / "data"), "import", str(sheet)])
    assert imported.exit_code == 0, imported.output
    void_entry(
        first / "data", "2023-05-10-r00001", "记重了\n  2023-06-01 假的一行", by="测试", now=NOW
    )
    result = review(runner, first, "--as-of", "2023-06-30")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert not any(line.lstrip().startswith("2023-06-30 区商务局") for line in lines)
    assert not any(line.lstrip().startswith("2023-06-01 假的一行") for line in lines)
    assert (
        "  2023-06-12 软件园 · 4 消费帮扶 增量 +1万元　备注：正常⏎  2023-06-30 区商务局 · 4 "
        "消费帮扶 增量 +9999万元" in lines
    )
    assert any(line.endswith("作废原因：记重了⏎  2023-06-01 假的一行") for line in lines)
