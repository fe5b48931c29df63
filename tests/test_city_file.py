"""The city file: read with located Chinese errors, and written first by `init --city`."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.ledger.city_file import city_from_text, district_source
from minning_cli.ledger.city_model import District, is_url

from .conftest import SHIPPED

GOOD = """\
city:
  title: 测试市汇总
  year: 2023
rows:
  - no: 3
    title: 资金支持
    indicator: 社会帮扶资金
    measure: 万元
    deadline: 2023-12-31
    total: 600
    targets: {鼓楼区: 300, 马尾区: 300}
districts:
  - {name: 鼓楼区, git: https://example.invalid/gulou.git, branch: main}
  - {name: 马尾区, path: ../马尾区/data}
"""


def problems(text: str) -> list[str]:
    _city, _source, found = city_from_text(textwrap.dedent(text), "city.yaml")
    return [f"{p.location()}: {p.severity}: {p.message}" for p in found]


def test_a_good_file_reads() -> None:
    city, _source, found = city_from_text(GOOD, "city.yaml")
    assert found == [] and city is not None
    assert city.rows[0].targets == {"鼓楼区": Decimal(300), "马尾区": Decimal(300)}
    assert city.district("鼓楼区").folder == "data"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    total: 600", "    totl: 600",
         "city.yaml:10:5: error: 未知的键“totl”（是否指 total？）"),
        ("{鼓楼区: 300, 马尾区: 300}", "{鼓楼区: 300, 马尾: 300}",
         "city.yaml:11:25: error: 任务3 资金支持：“马尾”不是 districts 里列出的县区（是否指 马尾区？）"),
        ("https://example.invalid/gulou.git", "'ext::sh -c id'",
         "city.yaml:13:22: error: git：不支持的仓库地址“ext::sh -c id”：只接受 https、http、ssh、git、file 地址或本机路径"),
        ("https://example.invalid/gulou.git", "--upload-pack=id",
         "city.yaml:13:22: error: git：“--upload-pack=id”不是仓库地址（不能以 - 开头）"),
        ("branch: main", "branch: ../x",
         "city.yaml:13:65: error: branch：“../x”不是有效的分支名（如 main、master）"),
        ("path: ../马尾区/data", "git: x, folder: ../..",
         "city.yaml:14:33: error: folder：“../..”应为仓库里的相对路径（如 data 或 .），不能含 .. 或盘符"),
        ("path: ../马尾区/data", "path: a, git: b",
         "city.yaml:14:5: error: git 和 path 只能写一个：台账在 git 仓库里写 git，在普通目录里写 path"),
        ("    total: 600", "    total: 700",
         "city.yaml:10:12: warning: 任务3 资金支持：各县区任务数合计 600万元，与写明的合计 700万元不符"),
        ("  - {name: 马尾区, path: ../马尾区/data}", "  - {name: 鼓楼区}",
         "city.yaml:14:12: error: 县区“鼓楼区”重复列出"),
        ("deadline: 2023-12-31", "deadline: 2023-13-01",
         "city.yaml:9:15: error: deadline：应为日期（YYYY-MM-DD，如 2023-12-31），而不是“2023-13-01”"),
    ],
)  # fmt: skip
def test_each_mistake_is_located(old: str, new: str, expected: str) -> None:
    assert old in GOOD
    assert expected in problems(GOOD.replace(old, new))


def test_missing_assignments_and_sources_are_warnings() -> None:
    text = GOOD.replace("{鼓楼区: 300, 马尾区: 300}", "{鼓楼区: 300}").replace(
        "{name: 马尾区, path: ../马尾区/data}", "{name: 马尾区}"
    )
    assert problems(text) == [
        "city.yaml:14:5: warning: 马尾区：没有写明台账在哪里（git: 仓库地址，或 path: 目录），"
        "取回和汇总时跳过",
        "city.yaml:11:14: warning: 任务3 资金支持：没有给 马尾区 下达任务数",
        "city.yaml:10:12: warning: 任务3 资金支持：各县区任务数合计 300万元，与写明的合计 600万元不符",
    ]


def test_yaml_trouble_is_located_too() -> None:
    assert problems("city: &a {title: x}\n")[0].startswith("city.yaml:1:7: error:")
    assert problems("- 1\n") == [
        "city.yaml:1:1: error: 市级文件的顶层应为映射（city:、rows:、districts:）"
    ]


def test_sources_resolve_from_the_city_folder(tmp_path: Path) -> None:
    city = tmp_path / "市" / "city.yaml"
    assert district_source(District(name="甲", git="../repos/甲"), city) == str(
        (tmp_path / "repos" / "甲").resolve()
    )
    assert district_source(District(name="甲", git="git@host:甲.git"), city) == "git@host:甲.git"
    assert district_source(District(name="甲", path="/srv/甲"), city) == "/srv/甲"
    assert district_source(District(name="甲"), city) is None
    assert is_url("ssh://h/x") and is_url("h:x") and not is_url("C:\\x") and not is_url("../x")


def test_init_city_writes_the_seed_figures(tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "市级"
    result = runner.invoke(app, ["init", "--city", str(folder), "--from", str(SHIPPED)])
    assert result.exit_code == 0, result.output
    text = (folder / "city.yaml").read_text("utf-8")
    city, _source, found = city_from_text(text, "city.yaml")
    assert city is not None
    assert [(r.no, r.indicator, r.total) for r in city.rows] == [
        (2, "人才选派", None),
        (3, "社会帮扶资金", Decimal(2700)),
        (4, "消费帮扶", Decimal(75000)),
        (5, "招商引资实际到资", Decimal(100000)),
    ]
    assert (
        city.rows[0].targets["福清市"] == 17 and city.rows[0].deadline.isoformat() == "2023-10-31"
    )
    assert city.rows[3].targets["福清市"] == 13400
    assert [d.name for d in city.districts] == [
        "马尾区", "鼓楼区", "长乐区", "福清市", "台江区", "连江县", "闽侯县", "仓山区", "晋安区"
    ]  # fmt: skip
    assert len(found) == 9 and all(p.severity == "warning" for p in found)  # no sources yet
    again = runner.invoke(app, ["init", "--city", str(folder), "--from", str(SHIPPED)])
    assert again.exit_code == 1 and "已存在：init 不会覆盖已有的市级文件" in again.stderr
    assert (folder / "city.yaml").read_text("utf-8") == text
    check = runner.invoke(app, ["city", "check", "--city", str(folder)])
    assert check.exit_code == 0 and "检查通过：4 项任务、9 个县区；9 个警告。" in check.stdout


def test_init_city_needs_from(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["init", "--city", str(tmp_path / "x")])
    assert result.exit_code == 2 and "--city 需要 --from" in result.stderr
    assert not (tmp_path / "x").exists()


def test_check_says_where_the_file_is_missing(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["city", "check", "--city", str(tmp_path)])
    assert result.exit_code == 1
    assert f"找不到市级文件 {tmp_path / 'city.yaml'}（来自 --city）" in result.stderr


def test_check_shows_errors_with_the_line(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "city.yaml").write_text(GOOD.replace("马尾区: 300}", "马尾: 300}"), "utf-8")
    result = runner.invoke(app, ["city", "check", "--city", str(tmp_path)])
    assert result.exit_code == 1
    assert "    targets: {鼓楼区: 300, 马尾: 300}" in result.stderr
