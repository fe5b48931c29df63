"""Slip checks (issue 14): entries that look like a typing mistake are asked about or refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.ledger.kinds import Rows
from minning_cli.ledger.load import load_book
from minning_cli.ledger.model import Entry
from minning_cli.writing.record import Known
from minning_cli.writing.slips import SlipChecker

from .conftest import ROOT, SHIPPED, snapshot

NOW = dt.datetime(2023, 12, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def cli(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--data", str(data_dir), *args])
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


def test_yuan_typed_as_wan_is_refused_off_a_terminal(data_dir: Path) -> None:
    before = snapshot(data_dir)
    code, _, err = cli(data_dir, "record", "鼓东街道", "3", "120000", "--date", "2023-09-28")
    assert code == 1
    assert (
        "鼓东街道 · 社会帮扶资金：记下后累计 120000/25.5万元（470588.2%），超过目标的 3 倍；"
        "是不是把“元”当成了“万元”？" in err
    )
    assert (
        "鼓东街道 · 社会帮扶资金：+120000万元 是尚差的 25.5万元 的 1000 倍以上"
        "（120000元 = 12万元）" in err
    )
    assert "未写入任何内容；如确认无误，加 --yes 照记" in err
    assert snapshot(data_dir) == before
    code, out, _ = cli(data_dir, "record", "鼓东街道", "3", "12万元", "--date", "2023-09-28")
    assert code == 0 and "+12万元 → 累计 12/25.5万元" in out
    code, out, _ = cli(
        data_dir, "record", "鼓东街道", "3", "120000", "--date", "2023-09-29", "--yes"
    )
    assert code == 0 and "累计 120012/25.5万元" in out


def test_a_running_total_typed_as_an_increment(data_dir: Path) -> None:
    assert cli(data_dir, "record", "软件园", "4", "150", "--total", "--date", "2023-06-30")[0] == 0
    code, _, err = cli(data_dir, "record", "软件园", "4", "160", "--date", "2023-07-10")
    assert code == 1
    assert (
        "软件园 · 消费帮扶：+160万元 不小于软件园截至 2023-06-30 报的累计数 150万元，"
        "看起来又是一个累计数；按增量记会使累计变为 310万元。如果是累计数，请记为累计数（record 加 --total"
        in err
    )
    # An ordinary increment after a running total passes unasked.
    code, out, _ = cli(data_dir, "record", "软件园", "4", "20", "--date", "2023-07-10")
    assert code == 0 and "累计 170/200万元" in out


def test_the_same_entry_twice(data_dir: Path) -> None:
    args = ("record", "软件园", "4", "20", "--date", "2023-07-10")
    assert cli(data_dir, *args)[0] == 0
    code, _, err = cli(data_dir, *args)
    assert code == 1
    assert "软件园在 2023-07-10 已有一条相同的记录（2023-07-10-" in err
    assert "多半是同一件事记了两次" in err
    code, _, err = cli(data_dir, "record", "南街街道", "6", "--done", "--date", "2023-07-10")
    assert code == 0
    assert cli(data_dir, "record", "南街街道", "6", "--done", "--date", "2023-07-10")[0] == 1
    # Two entries on one day whose notes say different things are two things done.
    for note in ("企业甲采购", "企业乙采购"):
        assert (
            cli(data_dir, "record", "洪山镇", "4", "20", "--note", note, "--date", "2023-07-11")[0]
            == 0
        )
    for note in ("招聘会", "培训班"):
        assert (
            cli(data_dir, "record", "区人社局", "8", "--note", note, "--date", "2023-07-10")[0] == 0
        )


def test_import_lists_every_slip_before_writing_anything(data_dir: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "日期,单位,任务,金额\n"
        "2023-07-01,软件园,4,20\n"
        "2023-07-02,区科协,3,20000\n"
        "2023-07-01,软件园,4,20\n",
        encoding="utf-8",
    )
    before = snapshot(data_dir)
    code, _, err = cli(data_dir, "import", str(sheet))
    assert code == 1
    assert "第 3 行：区科协 · 社会帮扶资金：记下后累计 20000/2万元" in err
    assert "第 4 行：软件园在 2023-07-01 已有一条相同的记录" in err
    assert "第 2 行" not in err
    # The closing line belongs to no file: no bare ": " before it.
    assert "错误：未写入任何内容" in err and not any(
        line.startswith(":") for line in err.splitlines()
    )
    assert snapshot(data_dir) == before
    code, out, _ = cli(data_dir, "import", str(sheet), "--yes")
    assert code == 0 and "已导入 3 条记录" in out


def replay(folder: Path) -> list[str]:
    """Every active entry of a ledger checked against those before it."""
    book = load_book(folder)
    known = Known(Rows(book.ledger), set(), {})
    checker = SlipChecker(known)
    hits = []
    for entry in book.active():
        hits += checker.check(entry)
        checker.add(entry)
        known.add(entry)
    return hits


def test_the_demo_ledgers_entries_pass_unasked() -> None:
    assert len(load_book(ROOT / "examples" / "demo").active()) > 50
    assert replay(ROOT / "examples" / "demo") == []


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=80), min_size=1, max_size=12),
    st.sampled_from(["软件园", "洪山镇", "区商务局"]),
)
def test_ordinary_increments_never_ask(parts: list[int], unit: str) -> None:
    """Increments of up to 80万元 each, on different days, towards a target of 200–800."""
    book = load_book(SHIPPED)
    known = Known(Rows(book.ledger), set(), {})
    checker = SlipChecker(known)
    for day, amount in enumerate(parts, start=1):
        entry = Entry(
            id=f"2023-03-{day:02d}-aaaa{day:02d}", date=dt.date(2023, 3, day), unit=unit, task=4,
            kind="increment", amount=Decimal(amount), recorded_at=NOW,
        )  # fmt: skip
        assert checker.check(entry) == []
        checker.add(entry)
        known.add(entry)


def test_funds_used_beyond_those_received_are_a_slip(data_dir: Path) -> None:
    args = ("record", "区民政局", "11", "--done", "--received", "100", "--used", "200",
            "--date", "2023-06-25")  # fmt: skip
    before = snapshot(data_dir)
    code, _, err = cli(data_dir, *args)
    assert code == 1 and "使用 200万元 大于到位 100万元" in err
    assert snapshot(data_dir) == before
    code, _, _ = cli(data_dir, *args, "--yes")
    assert code == 0
