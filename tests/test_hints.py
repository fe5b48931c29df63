"""Hints that lead to the right entry (issue 14): every command a hint shows records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.ledger.kinds import Rows
from minning_cli.ledger.load import load_book
from minning_cli.writing.hints import choices
from minning_cli.writing.record import Request, build_entry

from .conftest import SHIPPED

NOW = dt.datetime(2023, 12, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.mark.parametrize(
    ("unit", "no", "what"),
    [
        ("南街街道", "6", "结对开城镇 完成：minning record 南街街道 6 --done"),
        ("区民政局", "11", "资金使用进度月报 完成：minning record 区民政局 11 --done"),
        ("区委宣传部", "14", "宣传文章 完成：minning record 区委宣传部 14 --done"),
        ("区财政局", "2", "完成：minning record 区财政局 2 --done"),
        ("区委办", "1", "minning record 区委办 1 --done --milestone meeting"),
    ],
)
def test_rows_with_things_to_tick_off_lead_to_done(
    data_dir: Path, unit: str, no: str, what: str
) -> None:
    result = CliRunner().invoke(
        app, ["--data", str(data_dir), "record", unit, no, "--date", "2023-09-28"]
    )
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())  # the console may wrap a long line
    assert what in message
    # The first command offered is the one that ticks it off, not an activity (--note).
    first = message.split("——", 1)[1].split("；")[0]
    assert "--done" in first and "--note" not in first


def test_figure_rows_show_increment_and_total(data_dir: Path) -> None:
    result = CliRunner().invoke(
        app, ["--data", str(data_dir), "record", "软件园", "4", "--date", "2023-09-28"]
    )
    message = " ".join(result.stderr.split())
    assert "minning record 软件园 4 20；" in message
    assert "minning record 软件园 4 200 --total" in message


def test_every_hint_of_every_row_records() -> None:
    """For each row and each unit in it, each command a hint offers makes an entry."""
    book = load_book(SHIPPED)
    rows = Rows(book.ledger)
    tried = 0
    for row in rows:
        for unit in row.involved:
            if unit in rows.registry.groups:
                continue
            for choice in choices(row, unit):
                options = list(choice.options)
                if "--return" in options:  # needs a dispatch's id: tests/test_terms.py
                    continue
                request = Request(
                    unit=unit,
                    task=str(row.task.no),
                    amount=options[0] if options[0][0].isdigit() else None,
                    total="--total" in options,
                    done="--done" in options,
                    milestone=options[options.index("--milestone") + 1]
                    if "--milestone" in options
                    else None,
                    note="做了一件事" if "--note" in options else None,
                    start=dt.date(2023, 9, 1) if "--start" in options else None,
                    months=int(options[options.index("--months") + 1])
                    if "--months" in options
                    else None,
                    date=dt.date(2023, 9, 28),
                )
                outcome = build_entry(book, request, today=NOW.date(), now=NOW, by=lambda: "测")
                assert outcome.entry.unit == unit
                tried += 1
    assert tried > 60
