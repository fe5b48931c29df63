"""The words people type (issue 14): dates, short names in pinyin, a part of a row's name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.ledger.load import load_ledger
from minning_cli.ledger.names import Registry
from minning_cli.ledger.resolve import resolve_task
from minning_cli.text.dates import parse_day
from minning_cli.text.errors import MinningError

from .conftest import SHIPPED


def ledger_year() -> int:
    return 2023


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2023-09-05", dt.date(2023, 9, 5)),
        ("2023/9/5", dt.date(2023, 9, 5)),
        ("2023.9.5", dt.date(2023, 9, 5)),
        ("20230905", dt.date(2023, 9, 5)),
        ("2023年9月5日", dt.date(2023, 9, 5)),
        ("2023年9月5号", dt.date(2023, 9, 5)),
        ("９月５日", dt.date(2023, 9, 5)),  # full-width digits from an input method
        ("9月5日", dt.date(2023, 9, 5)),
        ("9.5", dt.date(2023, 9, 5)),
        ("9-5", dt.date(2023, 9, 5)),
        ("9/30", dt.date(2023, 9, 30)),
    ],
)
def test_dates_as_people_write_them(typed: str, day: dt.date) -> None:
    assert parse_day(typed, "--date", year=ledger_year) == day


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2023-09-31", "--date 的日期“2023-09-31”无效：2023 年 9 月只有 30 天"),
        ("2023-02-29", "--date 的日期“2023-02-29”无效：2023 年 2 月只有 28 天"),
        ("2023-13-01", "--date 的日期“2023-13-01”无效：没有 13 月"),
        ("9月31日", "--date 的日期“9月31日”无效：2023 年 9 月只有 30 天"),
        ("昨天", "--date 的日期“昨天”无法识别：请写成 2023-06-30、2023年6月30日、6月30日 或 6.30"),
    ],
)
def test_impossible_dates_are_told_precisely(typed: str, message: str) -> None:
    with pytest.raises(MinningError) as caught:
        parse_day(typed, "--date", year=ledger_year)
    assert str(caught.value) == message


def test_a_date_without_its_year_needs_the_ledger() -> None:
    with pytest.raises(MinningError, match="没有年份"):
        parse_day("9月5日", "--since")


@pytest.mark.parametrize(
    ("typed", "unit"),
    [
        ("jyj", "区教育局"),  # 教育局, the name as said, without 区
        ("swj", "区商务局"),
        ("hs", "洪山镇"),  # 洪山, without 镇
        ("xcb", "区委宣传部"),  # 宣传部, without 区委
        ("tzb", "区委统战部"),
        ("wq", "温泉街道"),
        ("dyf", "福州定有福电子商务有限公司"),
        ("jiaoyuju", "区教育局"),
        ("qjyj", "区教育局"),  # the full name's initials still work
    ],
)
def test_short_names_in_pinyin(typed: str, unit: str) -> None:
    registry = Registry(load_ledger(SHIPPED).ledger)
    assert registry.resolve(typed).name == unit


def test_ambiguous_pinyin_lists_the_likeliest_first() -> None:
    registry = Registry(load_ledger(SHIPPED).ledger)
    found = registry.resolve("hong")
    assert found.name is None
    assert found.candidates == ("洪山镇", "洪山镇保福经合社", "洪山镇梅峰经合社")


@pytest.mark.parametrize(
    ("unit", "typed", "no"),
    [
        ("软件园", "招商引资", 5),
        ("软件园", "消费", 4),
        ("区教育局", "人才", 2),
        ("南街街道", "结对", 6),
    ],
)
def test_a_unique_part_of_a_rows_name(unit: str, typed: str, no: int) -> None:
    ledger = load_ledger(SHIPPED).ledger
    assert resolve_task(ledger, Registry(ledger), typed, unit).no == no


def test_the_words_through_record(data_dir: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["--data", str(data_dir), "record", "jyj", "人才", "两名", "--date", "9月5日", "--dry-run"],
    )
    assert result.exit_code == 0, result.stderr
    assert "区教育局 · 人才选派 +2人" in result.stdout
    result = runner.invoke(
        app,
        ["--data", str(data_dir), "record", "swj", "招商引资", "1.2w", "--date", "2023年9月5日", "--dry-run"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "区商务局 · 招商引资实际到资 +1.2万元" in result.stdout
    result = runner.invoke(
        app, ["--data", str(data_dir), "record", "hs", "消费", "十二万元整", "--date", "9.5", "--dry-run"]
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "洪山镇 · 消费帮扶 +12万元" in result.stdout
    result = runner.invoke(
        app, ["--data", str(data_dir), "record", "hs", "4", "1", "--date", "2023-09-31"]
    )
    assert result.exit_code == 2
    assert "--date 的日期“2023-09-31”无效：2023 年 9 月只有 30 天" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--data", "{d}", "--as-of", "2023-09-30", "-f", "json"],
        ["status", "--as-of", "2023-09-30", "--data={d}", "-f", "json"],
        ["log", "--unit", "--data", "--data", "{d}", "-f", "json"],  # a value "--data" stays
    ],
)
def test_global_options_after_the_command(data_dir: Path, args: list[str]) -> None:
    result = CliRunner().invoke(app, [a.replace("{d}", str(data_dir)) for a in args])
    assert result.exit_code in (0, 1), result.stderr
    assert "全局选项" not in result.stderr and "没有选项" not in result.stderr
    if args[0] == "status":
        assert result.exit_code == 0 and result.stdout.startswith("{")
    else:
        assert "没有叫“--data”的单位" in result.stderr
