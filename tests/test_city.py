"""`minning city fetch` and `city status`: four districts' git repositories, rolled up.

The four repositories (built here with real git):

- 鼓楼区 (data/ on main): 社会帮扶资金 +100 (03-01), a cumulative 150 (05-31), +20 (06-10)
  → 170 by 06-30; 人才选派 2 (04-01);
- 马尾区 (the ledger at the top of branch ``ledger``): 社会帮扶资金 +60 (02-01), +40 (07-15,
  after the day asked) → 60; 人才选派 5 (05-05). Removed after the first fetch: the second
  fetch fails and its copy is stale;
- 台江区: a unit not in its roll — invalid, not summed, its error located in its own file;
- 福清市: its own target for 社会帮扶资金 is 250 (the city says 300); +90 (06-30), then a new
  commit adds +10 (06-20) before the second fetch → 100; no one dispatched → 0.

By hand, as of 2023-06-30 (pacing from 2023-01-01, 180 of 364 days to 12-31):
社会帮扶资金 170 + 60 + 100 = 330 of the stated 1200 (27.5%), expected 1200 × 180/364 =
593.41, behind; each district expected 300 × 180/364 = 148.35: 鼓楼区 on track, 马尾区 and
福清市 behind. 人才选派 2 + 5 + 0 = 7 of 47 (12 + 11 + 7 + 17, no stated total), due at
10-31: nothing expected yet, on track (40 remain, 124 days left).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.ledger import cache as cache_module
from minning_cli.ledger.book import Book
from minning_cli.ledger.city_model import District
from minning_cli.ledger.model import Entry
from minning_cli.writing.city_fetch import fetch_district

from .conftest import tree

LEDGER = """\
ledger:
  title: 测试台账
  year: 2023
  district: {district}
  partner: 测试
  start: 2023-01-01
units:
  - {{name: 区民政局, kind: department}}
  - {{name: 区教育局, kind: department}}
tasks:
  - no: 2
    title: 人才选派
    measure_text: 选派
    leads: [区教育局]
    deadline: 2023-10-31
    indicators:
      - name: 人才选派
        measure: 人
        target: {persons}
        allocations:
          - {{unit: 区教育局, target: {persons}}}
  - no: 3
    title: 资金支持
    measure_text: 筹集
    leads: [区民政局]
    deadline: 2023-12-31
    indicators:
      - name: 社会帮扶资金
        measure: 万元
        target: {funds}
        allocations:
          - {{unit: {unit}, target: {funds}}}
"""

CITY = """\
city:
  title: 测试市汇总
  name: 福州市
  year: 2023
rows:
  - no: 2
    title: 人才选派
    indicator: 人才选派
    measure: 人
    deadline: 2023-10-31
    total: ~
    targets: {鼓楼区: 11, 马尾区: 12, 台江区: 7, 福清市: 17}
  - no: 3
    title: 资金支持
    indicator: 社会帮扶资金
    measure: 万元
    deadline: 2023-12-31
    total: 1200
    targets: {鼓楼区: 300, 马尾区: 300, 台江区: 300, 福清市: 300}
districts:
  - {name: 鼓楼区, git: ../repos/gulou}
  - {name: 马尾区, git: ../repos/mawei, branch: ledger, folder: .}
  - {name: 台江区, git: ../repos/taijiang}
  - {name: 福清市, git: ../repos/fuqing}
"""


def entry(n: int, day: str, unit: str, task: int, amount: int, kind: str = "increment") -> str:
    return (
        f"- {{id: {day}-t{n:04d}, date: {day}, unit: {unit}, task: {task}, kind: {kind}, "
        f"amount: {amount}, recorded_at: '{day} 10:00:00+08:00'}}\n"
    )


def git(repo: Path, *args: str) -> str:
    who = [
        "-c",
        "user.name=测试",
        "-c",
        "user.email=t@example.invalid",
        "-c",
        "commit.gpgsign=false",
    ]
    done = subprocess.run(["git", "-C", str(repo), *who, *args], check=True, capture_output=True)
    return done.stdout.decode().strip()


def make_repo(repo: Path, folder: str, branch: str, ledger: str, entries: list[str]) -> None:
    data = repo / folder
    (data / "progress").mkdir(parents=True)
    (data / "tasks.yaml").write_text(ledger, encoding="utf-8")
    months: dict[str, str] = {}
    for line in entries:  # each entry in its month's file, as record writes it: no warning
        month = line.split("date: ", 1)[1][:7]
        months[month] = months.get(month, "") + line
    for month, text in months.items():
        (data / "progress" / f"{month}.yaml").write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q", "-b", branch, str(repo)], check=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "台账")


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """The city file and the four repositories beside it."""
    repos = tmp_path / "repos"

    def ledger(district: str, persons: int, funds: int = 300, unit: str = "区民政局") -> str:
        return LEDGER.format(district=district, persons=persons, funds=funds, unit=unit)

    make_repo(repos / "gulou", "data", "main", ledger("鼓楼区", 11), [
        entry(1, "2023-03-01", "区民政局", 3, 100),
        entry(2, "2023-05-31", "区民政局", 3, 150, "total"),
        entry(3, "2023-06-10", "区民政局", 3, 20),
        entry(4, "2023-04-01", "区教育局", 2, 2),
    ])  # fmt: skip
    make_repo(repos / "mawei", ".", "ledger", ledger("马尾区", 12), [
        entry(1, "2023-02-01", "区民政局", 3, 60),
        entry(2, "2023-07-15", "区民政局", 3, 40),
        entry(3, "2023-05-05", "区教育局", 2, 5),
    ])  # fmt: skip
    make_repo(repos / "taijiang", "data", "main", ledger("台江区", 7, unit="区民政厅"), [])
    make_repo(repos / "fuqing", "data", "main", ledger("福清市", 17, funds=250), [
        entry(1, "2023-06-30", "区民政局", 3, 90),
    ])  # fmt: skip
    (tmp_path / "city").mkdir()
    path = tmp_path / "city" / "city.yaml"
    path.write_text(CITY, encoding="utf-8")
    return path


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_fetch_then_status_by_hand(city: Path, runner: CliRunner) -> None:
    repos = city.parent.parent / "repos"
    before = {name.name: tree(name) for name in repos.iterdir()}
    code, out, err = run(runner, "city", "fetch", "--city", str(city))
    assert code == 0, err
    commits = {name: git(repos / folder, "rev-parse", "HEAD")
               for name, folder in (("鼓楼区", "gulou"), ("马尾区", "mawei"),
                                    ("台江区", "taijiang"))}  # fmt: skip
    assert f"鼓楼区：已取回 {commits['鼓楼区'][:7]}" in out
    # Nothing in any district's repository changed (objects, refs, config, hooks, files).
    assert {name.name: tree(name) for name in repos.iterdir()} == before

    # 马尾区 goes offline; 福清市 commits one more entry.
    shutil.rmtree(repos / "mawei")
    with (repos / "fuqing" / "data" / "progress" / "2023-06.yaml").open("a") as month:
        month.write(entry(2, "2023-06-20", "区民政局", 3, 10))
    git(repos / "fuqing", "commit", "-qam", "又一笔")
    fuqing_now = tree(repos / "fuqing")
    code, out, err = run(runner, "city", "fetch", "--city", str(city))
    assert code == 1
    assert "马尾区：取回失败，沿用" in out and "（标为过期）" in out
    assert f"福清市：已取回 {git(repos / 'fuqing', 'rev-parse', 'HEAD')[:7]}" in out
    assert "鼓楼区：无变化" in out
    assert tree(repos / "fuqing") == fuqing_now

    code, out, err = run(
        runner, "city", "status", "--city", str(city), "--as-of", "2023-06-30", "-f", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    persons, funds = data["rows"]
    assert funds["indicator"] == "社会帮扶资金"
    figures = {d["district"]: (d["actual"], d["expected"], d["status"], d["summed"])
               for d in funds["districts"]}  # fmt: skip
    assert figures == {
        "鼓楼区": (170, 148.35, "on_track", True),
        "马尾区": (60, 148.35, "behind", True),
        "台江区": (None, None, None, False),
        "福清市": (100, 148.35, "behind", True),
    }
    assert (funds["actual"], funds["target"], funds["stated_total"]) == (330, 1200, 1200)
    assert (funds["percent"], funds["expected"], funds["status"]) == (27.5, 593.41, "behind")
    assert (funds["summed_target"], funds["summed_percent"]) == (900, 36.7)
    assert funds["not_summed"] == ["台江区"]
    assert [d["actual"] for d in persons["districts"]] == [2, 5, None, 0]
    assert (persons["actual"], persons["target"], persons["stated_total"]) == (7, 47, None)
    assert (persons["expected"], persons["status"]) == (0, "on_track")

    states = {d["name"]: d for d in data["districts"]}
    assert {n: (d["state"], d["stale"], d["summed"]) for n, d in states.items()} == {
        "鼓楼区": ("ok", False, True),
        "马尾区": ("stale", True, True),
        "台江区": ("invalid", False, False),
        "福清市": ("ok", False, True),
    }
    mawei = states["马尾区"]
    assert mawei["commit"] == commits["马尾区"] and mawei["last_entry"] == "2023-05-05"
    assert "不存在或无法访问" in mawei["reason"]
    assert states["鼓楼区"]["last_entry"] == "2023-06-10" and states["鼓楼区"]["entries"] == 4
    (error,) = states["台江区"]["errors"]
    assert error["file"] == f"台江区@{commits['台江区'][:7]}:data/tasks.yaml"
    assert (error["line"], error["column"]) == (32, 20)
    assert "区民政厅" in error["message"]
    assert states["福清市"]["target_differs"] == [
        {"no": 3, "indicator": "社会帮扶资金", "city": 300, "own": 250}
    ]


def test_status_table_marks(city: Path, runner: CliRunner) -> None:
    run(runner, "city", "fetch", "--city", str(city))
    shutil.rmtree(city.parent.parent / "repos" / "mawei")
    run(runner, "city", "fetch", "--city", str(city))
    code, out, err = run(runner, "city", "status", "--city", str(city), "--as-of", "2023-06-30")
    assert code == 0, err
    # (福清市's second commit is not made here: 90, and 320 in all.)
    assert "马尾区        300     60    20.0%   148.35   滞后   过期的副本" in out
    assert "台江区        300      —        —        —   —      未计入（台账有错）" in out
    assert "福清市        300     90    30.0%   148.35   滞后   台账目标 250万元" in out
    assert "全市合计     1200    320    26.7%   593.41   滞后" in out
    assert "已计入3个县区（任务数900万元，完成率35.6%）；未计入：台江区" in out
    assert "马尾区：最近一次取回失败，沿用上次的副本：仓库" in out
    assert "福清市 任务3 社会帮扶资金：全市下达 300，台账目标 250" in out
    assert "台江区@" in out and ":data/tasks.yaml:32:20: 错误：" in out


def test_csv_and_one_district(city: Path, runner: CliRunner) -> None:
    run(runner, "city", "fetch", "--city", str(city))
    args = ["city", "status", "--city", str(city), "--as-of", "2023-06-30"]
    code, out, _ = run(runner, *args, "-d", "鼓楼区", "-f", "json")
    only = json.loads(out)
    assert [d["district"] for d in only["rows"][1]["districts"]] == ["鼓楼区"]
    assert [d["name"] for d in only["districts"]] == ["鼓楼区"]
    assert only["rows"][1]["actual"] == 320  # the city's total stays the whole city's
    code, out, err = run(runner, *args, "-d", "鼓楼", "-f", "json")
    assert code == 2 and "“鼓楼”不是市级文件里的县区（是否指 鼓楼区？）" in err
    result = runner.invoke(app, [*args, "-f", "csv"])
    lines = result.stdout_bytes.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("任务序号,任务,指标,计量单位,县区,任务数,台账目标,完成")
    assert "3,资金支持,社会帮扶资金,万元,鼓楼区,300,300,170,56.7,148.35,正常,是," in lines


def test_warm_status_reads_no_entry(
    city: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm city status stands every district on its summaries: the count of entries and
    the last entry's date too, without reading one entry (issue 18, item 6)."""
    run(runner, "city", "fetch", "--city", str(city))
    args = ["city", "status", "--city", str(city), "--as-of", "2023-06-30", "-f", "json"]
    code, cold, err = run(runner, *args)  # the districts' summaries made and stored
    assert code == 0, err

    def no_entries(self: Book) -> list[Entry]:
        raise AssertionError("a warm city status read a district's entries")

    monkeypatch.setattr(Book, "active", no_entries)
    code, warm, err = run(runner, *args)
    assert code == 0, err
    assert warm == cold
    states = {d["name"]: (d["entries"], d["last_entry"]) for d in json.loads(warm)["districts"]}
    assert states["鼓楼区"] == (4, "2023-06-10") and states["马尾区"] == (2, "2023-05-05")


def test_narrowing_keeps_the_count_of_districts_summed(city: Path, runner: CliRunner) -> None:
    """-d only narrows the listing: the city's total still counts 3 districts, as without it
    (never 1 − 1 = 0, or a negative count when the districts shown are all summed)."""
    run(runner, "city", "fetch", "--city", str(city))
    args = ["city", "status", "--city", str(city), "--as-of", "2023-06-30"]
    said = "已计入3个县区（任务数900万元，完成率35.6%）；未计入：台江区"
    for narrowed in ([], ["-d", "鼓楼区"], ["-d", "鼓楼区", "-d", "马尾区"], ["-d", "台江区"]):
        code, out, err = run(runner, *args, *narrowed)
        assert code == 0, err
        assert said in out, narrowed
        assert "已计入-" not in out and "已计入0个" not in out
    code, out, _ = run(runner, *args, "-d", "鼓楼区", "-f", "json")
    assert json.loads(out)["rows"][1]["summed_count"] == 3


def test_after_the_year_status_and_export_say_so_first(
    city: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Run after the city file's year (today 2026-11-30, or --as-of 2024-02-01), city status
    and city export stand on 2023-12-31 and say so in one line on stderr, before anything
    else, as the district commands do; a day inside the year says nothing."""
    from .test_period import _Today

    run(runner, "city", "fetch", "--city", str(city))
    monkeypatch.setattr(dt, "date", _Today)
    today = "注意：今天（2026-11-30）已在台账年度 2023 年之后：按年末 2023-12-31 计算（全年已结束）"
    later = (
        "注意：--as-of 2024-02-01 已在台账年度 2023 年之后：按年末 2023-12-31 计算（全年已结束）"
    )
    target = tmp_path / "全市.xlsx"
    for args, notice in (
        ([], today),
        (["--as-of", "2024-02-01"], later),
        (["--as-of", "2024-02-01", "-f", "json"], later),
        (["--as-of", "2024-02-01", "-d", "鼓楼区"], later),
    ):
        result = runner.invoke(app, ["city", "status", "--city", str(city), *args])
        assert result.exit_code == 0, result.output
        assert result.stderr.splitlines().count(notice) == 1, args
        assert result.output.startswith(notice), args  # before the table, not after it
        if "json" in args:
            assert json.loads(result.stdout)["as_of"] == "2023-12-31"
    result = runner.invoke(app, ["city", "export", str(target), "--city", str(city)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(today)
    assert "（截至 2023-12-31）" in result.stdout
    quiet = runner.invoke(app, ["city", "status", "--city", str(city), "--as-of", "2023-09-30"])
    assert quiet.exit_code == 0 and "注意：" not in quiet.stderr


def test_offline_status_needs_no_repository(city: Path, runner: CliRunner) -> None:
    run(runner, "city", "fetch", "--city", str(city))
    shutil.rmtree(city.parent.parent / "repos")
    code, out, _ = run(
        runner, "city", "status", "--city", str(city), "--as-of", "2023-06-30", "-f", "json"
    )
    assert code == 0
    assert json.loads(out)["rows"][1]["actual"] == 320  # 170 + 60 + 90, as first fetched


def test_status_before_any_fetch(city: Path, runner: CliRunner) -> None:
    code, out, _ = run(runner, "city", "status", "--city", str(city), "--as-of", "2023-06-30")
    assert code == 0
    assert "还没有取回任何县区的台账：请先运行 minning city fetch" in out
    assert "未计入（未取回）" in out


def test_cache_inside_the_city_folder_is_refused(city: Path, runner: CliRunner) -> None:
    code, _, err = run(
        runner, "city", "fetch", "--city", str(city), "--cache", str(city.parent / "副本")
    )
    assert code == 2 and "在市级文件所在的目录里" in err
    assert sorted(p.name for p in city.parent.iterdir()) == ["city.yaml"]


def test_given_cache_folder_holds_the_copies(city: Path, runner: CliRunner, tmp_path: Path) -> None:
    cache = tmp_path / "elsewhere"
    run(runner, "city", "fetch", "--city", str(city), "--cache", str(cache))
    copies = sorted(p.relative_to(cache).as_posix() for p in cache.glob("*/data/tasks.yaml"))
    assert len(copies) == 4
    records = [json.loads(p.read_text("utf-8")) for p in cache.glob("*/fetch.json")]
    assert sorted(r["district"] for r in records) == ["台江区", "福清市", "马尾区", "鼓楼区"]
    assert all(r["error"] is None and len(r["commit"]) == 40 for r in records)


def test_copies_others_may_write_are_not_read(
    city: Path, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever can write the copies' folder could change the city's figures: a folder made
    by fetch is the user's alone; one others may write, or another user owns, is refused."""
    cache = tmp_path / "elsewhere"
    code, _, err = run(runner, "city", "fetch", "--city", str(city), "--cache", str(cache))
    assert code == 0, err
    assert cache.stat().st_mode & 0o777 == 0o700
    status = ["city", "status", "--city", str(city), "--as-of", "2023-06-30", "--cache", str(cache)]
    cache.chmod(0o777)
    for args in (status, ["city", "fetch", "--city", str(city), "--cache", str(cache)]):
        code, out, err = run(runner, *args)
        assert code == 1 and out == ""
        assert f"副本目录 {cache} 不是你自己的目录，或别人也能写入" in err
        assert "Traceback" not in err
    cache.chmod(0o700)
    assert run(runner, *status)[0] == 0
    monkeypatch.setattr(cache_module, "current_uid", lambda: os.getuid() + 1)
    code, _, err = run(runner, *status)
    assert code == 1 and "不是你自己的目录" in err


def test_hostile_repository_runs_nothing(tmp_path: Path, runner: CliRunner) -> None:
    """A tasks.yaml that is a link is not read; an ext:: remote is refused before git."""
    repo = tmp_path / "repos" / "evil"
    (repo / "data").mkdir(parents=True)
    (repo / "data" / "tasks.yaml").symlink_to("/etc/passwd")
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    hook = repo / ".git" / "hooks" / "post-checkout"
    hook.write_text(f"#!/bin/sh\ntouch {tmp_path / 'ran'}\n")
    hook.chmod(0o755)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "x")
    (tmp_path / "city").mkdir()
    city = tmp_path / "city" / "city.yaml"
    city.write_text(
        textwrap.dedent("""\
        city: {title: 测试, year: 2023}
        rows: []
        districts:
          - {name: 鼓楼区, git: ../repos/evil}
        """),
        encoding="utf-8",
    )
    code, out, _ = run(runner, "city", "fetch", "--city", str(city))
    assert code == 1 and "不是普通文件（链接或子模块），不读取" in out
    assert not (tmp_path / "ran").exists()
    city.write_text(
        city.read_text("utf-8").replace("../repos/evil", f"'ext::sh -c touch% {tmp_path}/ran'"),
        encoding="utf-8",
    )
    code, _, err = run(runner, "city", "fetch", "--city", str(city))
    assert code == 1 and "不支持的仓库地址“ext::sh" in err
    assert not (tmp_path / "ran").exists()
    # Past the city file's check, git's own protocol settings still refuse it.
    remote = f"ext::sh -c touch% {tmp_path}/ran"
    district = District.model_construct(name="鼓楼区", git=remote, branch=None, folder="data")
    now = dt.datetime(2023, 6, 30, tzinfo=dt.UTC)
    outcome = fetch_district(tmp_path / "cache", district, remote, now)
    assert outcome.record is not None and outcome.record.error is not None
    assert outcome.record.error.startswith("git fetch 失败：")
    assert not (tmp_path / "ran").exists()


def test_a_plain_folder_district(city: Path, runner: CliRunner, tmp_path: Path) -> None:
    """A district in a plain folder (a shared drive) is copied the same way, and goes stale."""
    folder = tmp_path / "共享盘" / "台江区"
    (folder / "progress").mkdir(parents=True)
    text = LEDGER.format(district="台江区", persons=7, funds=300, unit="区民政局")
    (folder / "tasks.yaml").write_text(text, encoding="utf-8")
    (folder / "progress" / "2023-06.yaml").write_text(
        entry(1, "2023-06-01", "区民政局", 3, 33), encoding="utf-8"
    )
    city.write_text(
        CITY.replace(
            "{name: 台江区, git: ../repos/taijiang}", f"{{name: 台江区, path: '{folder}'}}"
        ),
        encoding="utf-8",
    )
    before = tree(folder)
    code, out, _ = run(runner, "city", "fetch", "--city", str(city))
    assert code == 0 and "台江区：已取回 目录" in out
    assert tree(folder) == before
    # Fetched again unchanged, it says so; a changed file is taken again.
    code, out, _ = run(runner, "city", "fetch", "--city", str(city))
    assert code == 0 and "台江区：无变化" in out
    with (folder / "progress" / "2023-06.yaml").open("a", encoding="utf-8") as month:
        month.write(entry(2, "2023-06-02", "区民政局", 3, 1))
    code, out, _ = run(runner, "city", "fetch", "--city", str(city))
    assert code == 0 and "台江区：已取回 目录" in out
    (folder / "progress" / "2023-06.yaml").write_text(
        entry(1, "2023-06-01", "区民政局", 3, 33), encoding="utf-8"
    )
    code, out, _ = run(runner, "city", "fetch", "--city", str(city))
    assert code == 0 and "台江区：已取回 目录" in out  # back as it was: taken again
    shutil.rmtree(folder)
    code, out, _ = run(runner, "city", "fetch", "--city", str(city))
    assert code == 1 and "台江区：取回失败，沿用" in out
    code, out, _ = run(
        runner, "city", "status", "--city", str(city), "--as-of", "2023-06-30", "-f", "json"
    )
    taijiang = json.loads(out)["districts"][2]
    assert (taijiang["state"], taijiang["commit"], taijiang["last_entry"]) == (
        "stale",
        None,
        "2023-06-01",
    )
    assert json.loads(out)["rows"][1]["actual"] == 170 + 60 + 90 + 33


def test_a_fetch_waits_for_another(city: Path, runner: CliRunner, tmp_path: Path) -> None:
    from filelock import FileLock

    from minning_cli.writing import city_fetch

    cache = tmp_path / "副本"
    cache.mkdir()
    with FileLock(cache / city_fetch.LOCK):
        original = city_fetch.LOCK_TIMEOUT_SECONDS
        city_fetch.LOCK_TIMEOUT_SECONDS = 0
        try:
            code, _, err = run(runner, "city", "fetch", "--city", str(city), "--cache", str(cache))
        finally:
            city_fetch.LOCK_TIMEOUT_SECONDS = original
    assert code == 1 and "另一个 minning city fetch 正在取回" in err
    assert sorted(p.name for p in cache.iterdir()) == [".lock"]
