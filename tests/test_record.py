"""`minning record`, `log`, `void`: resolving, amounts, the combination rule, milestones."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.ledger.actuals import actual_as_of
from minning_cli.ledger.load import load_book
from minning_cli.ledger.model import Entry
from minning_cli.text.errors import MinningError
from minning_cli.writing import record as record_module
from minning_cli.writing.record import Request, record_entry

from .conftest import FIXTURES, numbered_ids, snapshot

NOW = dt.datetime(2023, 12, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
TODAY = dt.date(2023, 12, 1)


@pytest.fixture
def fixed_ids(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    numbered_ids(monkeypatch, "t")
    yield


def rec(data_dir: Path, unit: str, task: str, amount: str | None = None, **options: object) -> str:
    """Record through the library with a fixed clock; returns the effect line."""
    options.setdefault("date", dt.date(2023, 6, 12))
    options.setdefault("by", "测试员")
    request = Request(unit=unit, task=task, amount=amount, **options)  # type: ignore[arg-type]
    return record_entry(data_dir, request, today=TODAY, now=NOW).message


def cli(runner: CliRunner, data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--data", str(data_dir), *args])
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------- resolving units


@pytest.mark.parametrize(
    ("typed", "unit"),
    [
        ("软件园", "软件园"),  # canonical
        ("福州软件园", "软件园"),  # alias
        ("区乡村振兴局", "区民政局"),  # alias
        ("区科技局", "区发改局"),  # alias
        ("ruanjianyuan", "软件园"),  # full pinyin
        ("RJY", "软件园"),  # initials, any case
        ("定有福", "福州定有福电子商务有限公司"),  # part of a name
        ("洪山", "洪山镇"),  # a part inside every candidate's name picks the innermost
        ("保福", "洪山镇保福经合社"),
    ],
)
def test_unit_resolution(data_dir: Path, fixed_ids: None, typed: str, unit: str) -> None:
    task = "11" if unit == "区民政局" else "4"
    if unit in ("洪山镇保福经合社",):
        line = rec(data_dir, typed, "6", done=True)
    elif task == "11":
        line = rec(data_dir, typed, task, done=True)
    else:
        line = rec(data_dir, typed, task, "1")
    assert line.split("：", 1)[1].startswith(f"{unit} · ")


def test_a_group_typed_in_full_is_told_to_name_a_member(runner: CliRunner, data_dir: Path) -> None:
    """``record 十街镇 3 20``: a group records nothing itself (its members each do), as the
    interview says; it used to read as a unit without a share and list row 3's units."""
    before = snapshot(data_dir)
    for args in (["十街镇", "3", "20"], ["十街镇", "5", "20"]):
        code, _out, err = cli(runner, data_dir, "record", *args, "--date", "2023-06-01", "--yes")
        assert code == 1
        assert err.strip().splitlines()[0] == (
            "错误：十街镇是单位组，进展记在其中每个单位名下；请写其中一个单位：鼓东街道、鼓西街道、"
            "温泉街道、东街街道、南街街道、安泰街道、华大街道、水部街道、五凤街道、洪山镇"
        )
    assert snapshot(data_dir) == before


def test_a_group_records_a_share_it_holds_jointly(runner: CliRunner, data_dir: Path) -> None:
    """A group with ``share: joint`` on a row records that share under its own name (its
    members have none there); on the rows where it has none it is told to name a member."""
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    each = "{unit: 十街镇, share: each, target: 320, note: 统计各自辖区单位}"
    tasks.write_text(text.replace(each, "{unit: 十街镇, share: joint, target: 3200}"), "utf-8")
    code, out, err = cli(runner, data_dir, "record", "十街镇", "4", "20", "--date", "2023-06-01",
                         "--by", "测试", "--yes")  # fmt: skip
    assert code == 0, err
    assert "十街镇 · 消费帮扶 +20万元 → 累计 20/3200万元" in out
    code, _out, err = cli(runner, data_dir, "record", "十街镇", "3", "1", "--date", "2023-06-01")
    assert code == 1 and "十街镇是单位组" in err


def test_ambiguous_unit_lists_candidates(data_dir: Path) -> None:
    with pytest.raises(MinningError) as caught:
        rec(data_dir, "经合社", "6", done=True)
    assert str(caught.value) == (
        "“经合社”可以指好几个单位：鼓东街道公正经合社、五凤街道湖前经合社、温泉街道温泉经合社、"
        "洪山镇保福经合社、洪山镇梅峰经合社；请写得更完整些"
    )


def test_unknown_unit_suggests_nearest(data_dir: Path) -> None:
    with pytest.raises(MinningError) as caught:
        rec(data_dir, "区科学协会", "3", "1")
    assert str(caught.value) == "没有叫“区科学协会”的单位（是否指 区科协？）"


def test_task_by_title_indicator_and_shared_title(data_dir: Path, fixed_ids: None) -> None:
    assert "· 社会帮扶资金 +2万元" in rec(data_dir, "区科协", "资金支持", "2")
    assert "· 招商引资实际到资 +100万元" in rec(data_dir, "软件园", "招商引资实际到资", "100")
    # 自选动作 is rows 13, 14 and 15: 区委宣传部 only takes part in row 14.
    assert "区委宣传部 · 自选动作 6月家在鼓楼" in rec(data_dir, "区委宣传部", "自选动作", done=True)
    with pytest.raises(MinningError) as caught:
        rec(data_dir, "区民政局", "自选动作", note="x")
    assert str(caught.value).startswith(
        "“自选动作”是好几行的名称，请用序号指明：13（加大双方开展文旅研学"
    )
    with pytest.raises(MinningError) as caught:
        rec(data_dir, "软件园", "消费帮助", "1")
    assert str(caught.value) == (
        "没有叫“消费帮助”的任务（是否指 消费帮扶？）；可以写序号（如 4）或任务名（如 消费帮扶）"
    )


# ---------------------------------------------------------------- figures


def test_increment_then_totals_follow_the_rule(data_dir: Path, fixed_ids: None) -> None:
    day = dt.date
    assert rec(data_dir, "软件园", "4", "20万", date=day(2023, 6, 12)) == (
        "已记录 2023-06-12-t00001：软件园 · 消费帮扶 +20万元 → 累计 20/200万元（10%）"
    )
    assert rec(data_dir, "软件园", "4", "50", total=True, date=day(2023, 6, 30)) == (
        "已记录 2023-06-30-t00002：软件园 · 消费帮扶 截至 2023-06-30 累计 50万元 → 累计 50/200万元（25%）"
    )
    # An increment dated the same day as a cumulative figure is taken to be inside it.
    rec(data_dir, "软件园", "4", "5", date=day(2023, 6, 30))
    rec(data_dir, "软件园", "4", "100000元", date=day(2023, 7, 3))
    assert rec(data_dir, "软件园", "4", "1", date=day(2023, 7, 4)).endswith(
        "累计 61/200万元（30.5%）"
    )
    entries = [e for e in load_book(data_dir).active() if e.unit == "软件园"]
    assert actual_as_of(entries, day(2023, 6, 11)) == 0
    assert actual_as_of(entries, day(2023, 6, 29)) == 20
    assert actual_as_of(entries, day(2023, 6, 30)) == 50
    assert actual_as_of(entries, day(2023, 7, 3)) == 60
    assert actual_as_of(entries, day(2023, 12, 31)) == 61


def test_later_recorded_total_wins_a_tie() -> None:
    def entry(id_: str, kind: str, amount: int, at: int) -> Entry:
        return Entry(id=f"2023-06-30-{id_}", date=dt.date(2023, 6, 30), unit="软件园", task=4,
                     kind=kind, amount=Decimal(amount), recorded_at=NOW + dt.timedelta(minutes=at))  # type: ignore[arg-type]  # fmt: skip

    later_in_file = [entry("aaaa", "total", 80, 2), entry("bbbb", "total", 70, 1)]
    assert actual_as_of(later_in_file, dt.date(2023, 6, 30)) == 80
    same_time = [entry("aaaa", "total", 80, 1), entry("bbbb", "total", 70, 1)]
    assert actual_as_of(same_time, dt.date(2023, 6, 30)) == 70


def test_falling_total_is_recorded_with_a_warning(data_dir: Path, fixed_ids: None) -> None:
    rec(data_dir, "软件园", "4", "50", total=True, date=dt.date(2023, 6, 30))
    request = Request(
        unit="软件园", task="4", amount="40", total=True, date=dt.date(2023, 7, 10), by="x"
    )
    outcome = record_entry(data_dir, request, today=TODAY, now=NOW)
    assert outcome.warnings == (
        "注意：软件园此前截至 2023-06-30 累计 50，本次累计 40 更少；已照记，如有误请用 minning void 作废",
    )
    assert len(load_book(data_dir).entries) == 2


def test_each_member_of_a_group_records_its_own_share(data_dir: Path, fixed_ids: None) -> None:
    assert rec(data_dir, "洪山镇", "3", "25.5").endswith("累计 25.5/25.5万元（100%）")
    with pytest.raises(MinningError) as caught:
        rec(data_dir, "十街镇", "3", "1")
    assert str(caught.value).startswith(
        "十街镇是单位组，进展记在其中每个单位名下；请写其中一个单位：鼓东街道"
    )


def test_unknown_target_is_recorded_without_a_percentage(data_dir: Path, fixed_ids: None) -> None:
    assert rec(data_dir, "定有福", "4", "30").endswith("+30万元 → 累计 30万元（目标未定）")


@pytest.mark.parametrize(
    ("unit", "task", "amount", "options", "message"),
    [
        ("区教育局", "2", "4万", {}, "“4万”是金额，但这项指标按“人”计"),
        (
            "软件园",
            "4",
            None,
            {},
            "请给出数额（万元）。软件园在任务4“消费帮扶”可以这样记——消费帮扶的增量（万元）：minning record 软件园 4 20；",
        ),
        ("软件园", "4", "-3", {}, "金额“-3”是负数：更正已记的数请用 minning void 作废原记录后重记"),
        (
            "软件园",
            "4",
            "1",
            {"done": True},
            "任务4“消费帮扶”按数字统计，不能标记完成；请给出数额",
        ),
        ("区妇联", "4", "1", {}, "区妇联在任务4“消费帮扶”没有分解任务"),
        (
            "软件园",
            "4",
            "1",
            {"date": dt.date(2022, 12, 31)},
            "日期 2022-12-31 不在台账年度 2023 年内",
        ),
        (
            "软件园",
            "4",
            "1",
            {"date": dt.date(2023, 12, 2)},
            "日期 2023-12-02 在今天（2023-12-01）之后",
        ),
        (
            "区人社局",
            "8",
            None,
            {},
            "任务8“劳务协作”没有数字指标。区人社局在任务8“劳务协作”可以这样记——一次活动（写明做了什么）：minning record 区人社局 8 --note",
        ),
        (
            "区人社局",
            "7",
            None,
            {"note": "x"},
            "区人社局不是任务7“脱贫攻坚成果巩固”的牵头或责任单位",
        ),
        ("区民政局", "7", None, {"done": True}, "任务7“脱贫攻坚成果巩固”结项须写明结项说明"),
        ("区委办", "1", None, {"done": True}, "任务1有 2 个事项，请用 --milestone 指明：meeting"),
        (
            "区委办",
            "1",
            None,
            {"done": True, "milestone": "dinner"},
            "区委办在任务1没有事项“dinner”",
        ),
        ("安泰街道", "6", None, {"done": True, "date": dt.date(2023, 5, 1)}, None),
        ("鼓西街道", "6", None, {"done": True}, "鼓西街道在任务6“结对帮扶”里没有结对"),
        ("区委统战部", "14", None, {"done": True}, "区委统战部不是任务14“自选动作”的牵头单位"),
    ],
)
def test_refusals_write_nothing(
    data_dir: Path, unit: str, task: str, amount: str | None, options: dict[str, object],
    message: str | None,
) -> None:  # fmt: skip
    before = snapshot(data_dir)
    if message is None:  # a control case: this one is accepted
        rec(data_dir, unit, task, amount, **options)
        assert snapshot(data_dir) != before
        return
    with pytest.raises(MinningError) as caught:
        rec(data_dir, unit, task, amount, **options)
    assert str(caught.value).startswith(message)
    assert snapshot(data_dir) == before


# ---------------------------------------------------------------- milestones


def test_milestones_of_every_kind(data_dir: Path, fixed_ids: None) -> None:
    assert rec(data_dir, "南街街道", "6", done=True).endswith(
        "南街街道 · 结对帮扶 与开城镇结对 已完成"
    )
    assert rec(data_dir, "区政府办", "1", done=True, milestone="visit").endswith(
        "区政府办 · 调研对接 赴宁夏固原市原州区开展工作对接 已完成"
    )
    assert rec(data_dir, "区财政局", "2", done=True).endswith(
        "区财政局 · 人才选派 发放选派专业技术人员生活补助（参照闽委办〔2018〕36号文件） 已完成"
    )
    # Row 11 is one district report: any of its lead units may send it.
    assert rec(data_dir, "区人社局", "11", done=True, date=dt.date(2023, 6, 25)).endswith(
        "区人社局 · 资金监管 6月资金使用进度月报 已完成"
    )
    assert rec(data_dir, "区委宣传部", "14", "2", done=True).endswith(
        "区委宣传部 · 自选动作 6月家在鼓楼公众号原州区乡村振兴宣传文章 2篇 已完成"
    )
    assert rec(data_dir, "区人社局", "8", "30人", note="招聘会").endswith(
        "区人社局 · 劳务协作 活动：招聘会（30人）"
    )
    kinds = [(e.unit, e.task, e.kind, e.milestone) for e in load_book(data_dir).entries]
    assert kinds == [
        ("南街街道", 6, "done", None), ("区政府办", 1, "done", "visit"),
        ("区财政局", 2, "done", "subsidy"), ("区人社局", 11, "done", None),
        ("区委宣传部", 14, "done", None), ("区人社局", 8, "activity", None),
    ]  # fmt: skip


# ---------------------------------------------------------------- the file


def test_golden_file(data_dir: Path, fixed_ids: None) -> None:
    rec(data_dir, "软件园", "4", "20万", note="园区企业又采购了20万的枸杞")
    rec(data_dir, "rjy", "4", "50", total=True, date=dt.date(2023, 6, 30), source="微信")
    rec(data_dir, "南街街道", "6", done=True, date=dt.date(2023, 6, 2), note="结对协议签了")
    rec(
        data_dir,
        "区人社局",
        "8",
        "3人",
        note='含 "引号"、冒号: 井号 # 和\n换行',
        date=dt.date(2023, 6, 3),
    )
    record_module.void_entry(data_dir, "2023-06-12-t00001", "金额记错", by="测试员", now=NOW)
    written = (data_dir / "progress" / "2023-06.yaml").read_text(encoding="utf-8")
    golden = FIXTURES / "golden" / "2023-06.yaml"
    assert written == golden.read_text(encoding="utf-8")
    assert "\\u" not in written


def test_bytes_already_written_never_change(data_dir: Path, fixed_ids: None) -> None:
    rec(data_dir, "软件园", "4", "20")
    path = data_dir / "progress" / "2023-06.yaml"
    first = path.read_bytes()
    rec(data_dir, "软件园", "4", "5")
    assert path.read_bytes().startswith(first)


# ---------------------------------------------------------------- through the CLI


def test_cli_record_log_void(runner: CliRunner, data_dir: Path, fixed_ids: None) -> None:
    code, out, _ = cli(runner, data_dir, "record", "软件园", "4", "20万", "--date", "2023-06-12",
                       "--note", "枸杞", "--by", "王")  # fmt: skip
    assert code == 0
    assert out == "已记录 2023-06-12-t00001：软件园 · 消费帮扶 +20万元 → 累计 20/200万元（10%）\n"
    code, out, _ = cli(
        runner, data_dir, "record", "软件园", "4", "5", "--date", "2023/6/13", "--dry-run"
    )
    assert out.startswith("试运行，未写入：软件园 · 消费帮扶 +5万元 → 累计 25/200万元")
    assert "已记录" not in out
    code, out, _ = cli(runner, data_dir, "void", "2023-06-12-t00001", "--reason", "重复")
    assert code == 0 and out.startswith(
        "已作废 2023-06-12-t00001（软件园 · 消费帮扶 +20万元）：重复"
    )
    code, _, err = cli(runner, data_dir, "void", "2023-06-12-t00001", "--reason", "again")
    assert code == 1 and "已于" in err and "（原因：重复）" in err
    code, _, err = cli(runner, data_dir, "void", "2023-06-12-zzzz", "--reason", "x")
    assert code == 1 and "没有编号为“2023-06-12-zzzz”的记录" in err
    code, out, _ = cli(runner, data_dir, "log", "--format", "json")
    (row,) = json.loads(out)
    assert {k: row[k] for k in ("id", "unit", "task", "kind", "amount", "voided", "void_reason")} == {
        "id": "2023-06-12-t00001", "unit": "软件园", "task": 4, "kind": "increment",
        "amount": 20, "voided": True, "void_reason": "重复",
    }  # fmt: skip
    code, out, _ = cli(runner, data_dir, "log")
    assert "【已作废" in out
    code, out, _ = cli(runner, data_dir, "log", "--format", "csv")
    assert out.splitlines()[0].startswith("\ufeff编号,日期,单位,任务,类型,数额,备注")


def test_cli_log_filters(runner: CliRunner, data_dir: Path, fixed_ids: None) -> None:
    rec(data_dir, "软件园", "4", "1", date=dt.date(2023, 5, 1))
    rec(data_dir, "软件园", "5", "2", date=dt.date(2023, 6, 1))
    rec(data_dir, "洪山镇", "4", "3", date=dt.date(2023, 7, 1))

    def ids(*args: str) -> list[str]:
        return [
            r["id"][-6:] for r in json.loads(cli(runner, data_dir, "log", "-f", "json", *args)[1])
        ]

    assert ids() == ["t00001", "t00002", "t00003"]
    assert ids("--unit", "rjy") == ["t00001", "t00002"]
    assert ids("--task", "消费帮扶") == ["t00001", "t00003"]
    assert ids("--since", "2023-05-15", "--until", "2023-06-30") == ["t00002"]


def test_cli_record_usage_errors(runner: CliRunner, data_dir: Path) -> None:
    code, _, err = cli(runner, data_dir, "record")
    assert code == 2 and "缺少参数：单位和任务" in err
    code, _, err = cli(runner, data_dir, "record", "软件园", "4", "1", "--date", "2023-02-30")
    assert code == 2 and "--date 的日期“2023-02-30”无效：2023 年 2 月只有 28 天" in err
    code, _, err = cli(runner, data_dir, "record", "xyz", "4", "1", "--date", "2023-02-03")
    assert code == 1 and "错误：没有叫“xyz”的单位" in err


@pytest.mark.parametrize("where", ["login", "git"])
def test_a_recorder_name_in_another_encoding_is_written_readably(
    data_dir: Path, fixed_ids: None, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The default 记录人 (``git config user.name``, else the login name) may hold bytes that
    are not UTF-8: the entry is still written, with U+FFFD for them, and check accepts it
    (it was written as ``\\uDCFF`` escapes that check refused, or a traceback for git)."""
    import subprocess

    from minning_cli.ledger.load import check_all

    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(data_dir / "no-global-config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    if where == "login":
        monkeypatch.setenv("LOGNAME", "王\udcff\udcfe")  # bytes 0xFF 0xFE, as os.environ keeps them
    else:
        subprocess.run(["git", "init", "-q", str(data_dir)], check=True)
        config = data_dir / ".git" / "config"
        config.write_bytes(config.read_bytes() + "[user]\n\tname = 王".encode() + b"\xff\xfe\n")
    record_entry(data_dir, Request(unit="软件园", task="4", amount="20", date=dt.date(2023, 6, 1)),
                 today=dt.date(2023, 12, 1), now=NOW)  # fmt: skip
    assert not [p for p in check_all(data_dir).problems if "progress" in p.file]
    (entry,) = load_book(data_dir).active()
    assert entry.by == "王\ufffd\ufffd"


@pytest.mark.parametrize("zone", ["LMT-0:44:30", "LMT+0:44:30"])
def test_a_time_zone_with_seconds_stamps_a_time_that_reads_back(
    runner: CliRunner, data_dir: Path, zone: str
) -> None:
    """A system whose offset has seconds (POSIX allows them) stamps the entry to the minute:
    ``recorded_at: …+00:44:30`` was written and then refused by every reader of the file."""
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "minning_cli", "--data", str(data_dir), "record", "软件园", "4",
         "20", "--date", "2023-06-01", "--by", "测试", "--yes"],
        env={**os.environ, "TZ": zone}, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    code, _out, err = cli(runner, data_dir, "check")
    assert code == 0, err
    written = (data_dir / "progress" / "2023-06.yaml").read_text(encoding="utf-8")
    assert ("+00:44'" if zone.startswith("LMT-") else "-00:44'") in written
