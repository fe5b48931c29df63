"""The fast reader of progress files gives exactly what the real parser gives, or declines."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minning_cli.ledger.load import load_ledger
from minning_cli.ledger.model import Entry, Void
from minning_cli.text.fastparse import progress_items
from minning_cli.text.yamlsource import parse
from minning_cli.writing.write import entry_block, file_header

from .conftest import ROOT, SHIPPED

NOW = dt.datetime(2023, 6, 12, 9, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=8)))
notes = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


def real(text: str) -> tuple[Any, list[int]] | None:
    """The data and item lines from yamlsource, or None if it found a problem."""
    parsed = parse(text, "t.yaml")
    if parsed.problems or not isinstance(parsed.data, list):
        return None
    lines = []
    for index in range(len(parsed.data)):
        mark = parsed.source.at((index,))
        assert mark is not None
        lines.append(mark[0])
    return parsed.data, lines


def agrees(text: str) -> bool:
    """Assert the fast reader declines or matches the real parser; True if it read the text."""
    fast = progress_items(text)
    if fast is None:
        return False
    expected = real(text)
    assert expected is not None, "the fast reader accepted text the real parser rejects"
    data, lines = expected
    assert [item for item, _ in fast] == data
    assert [line for _, line in fast] == lines
    # Same values of the same types: 25.5 is a Decimal, a date a date, "350" text.
    for (item, _), expected_item in zip(fast, data, strict=True):
        assert {k: type(v) for k, v in item.items()} == {
            k: type(v) for k, v in expected_item.items()
        }
    return True


def month_file(*records: Entry | Void) -> str:
    return file_header("2023-06") + "".join("\n" + entry_block(record) for record in records)


def entry(note: str | None = "园区企业又采购了20万的枸杞", **changes: Any) -> Entry:
    values: dict[str, Any] = {
        "id": "2023-06-12-abcd12", "date": dt.date(2023, 6, 12), "unit": "软件园", "task": 4,
        "kind": "increment", "amount": Decimal("25.5"), "note": note, "source": "电话",
        "by": "王丽", "recorded_at": NOW,
    }  # fmt: skip
    return Entry(**{**values, **changes})


def test_reads_what_the_writer_writes() -> None:
    void = Void(id="2023-06-12-abcd13", kind="void", voids="2023-06-12-abcd12",
                reason="金额记错", by="王丽", recorded_at=NOW)  # fmt: skip
    text = month_file(entry(), entry("采购: 20万", id="2023-06-12-abcd14"), void)
    assert agrees(text)
    items = progress_items(text)
    assert items is not None
    assert [line for _, line in items] == [4, 6, 8]
    assert items[0][0]["amount"] == Decimal("25.5")
    assert items[0][0]["date"] == dt.date(2023, 6, 12)
    assert items[1][0]["note"] == "采购: 20万"  # single-quoted by the writer


def test_declines_what_it_does_not_fully_understand() -> None:
    base = month_file(entry())
    declined = [
        month_file(entry("第一行\n第二行")),  # double quotes, escapes
        month_file(entry("有\x85换行")),  # double quotes, escapes
        base.replace("\n", "\r\n"),
        "\ufeff" + base,
        base.replace(", unit: 软件园,", ", unit: 软件园, unit: 区商务局,"),  # repeated key
        base.replace("- {id:", "-\t{id:"),
        base.replace("- {id:", "  - {id:"),
        base.replace("'}\n", "'}  # 注释\n"),
        base.replace(", task: 4,", ", task: [4],"),
        base.replace(", task: 4,", ", task: &a 4,"),
        base.replace(", task: 4,", ", task: ,"),
        base.replace(", task: 4,", ", task: 4 ,"),
        base.replace(", source: 电话,", ", source: <<,"),
        base.replace(", source: 电话,", ", source: 电话,,"),
        base.replace("- {id:", "---\n- {id:"),
        base.replace("- {id:", "- {id :"),
        base + "  # an indented comment\n",
        "unit: 软件园\n",
    ]
    for text in declined:
        assert progress_items(text) is None, text
        agrees(text)


def test_comments_and_blank_lines_are_skipped() -> None:
    assert progress_items(file_header("2023-06")) == []
    assert agrees(month_file(entry()) + "\n# 注释\n\n")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    note=notes,
    source=notes,
    amount=st.decimals(min_value=0, max_value=10**8, places=3, allow_nan=False),
    kind=st.sampled_from(["increment", "total", "activity", "done"]),
)
def test_any_entry_is_read_as_the_real_parser_reads_it(
    note: str, source: str, amount: Decimal, kind: str
) -> None:
    agrees(month_file(entry(note, source=source, amount=amount, kind=kind)))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    position=st.integers(min_value=0, max_value=10_000),
    inserted=st.sampled_from([*"-?:,[]{}#&*!|>'\"%@`~= \t\n\\", ": ", " #", "\r", "x"]),
)
def test_a_damaged_file_is_declined_or_read_exactly(position: int, inserted: str) -> None:
    text = month_file(entry(), entry("采购: 20万", id="2023-06-12-abcd14"))
    at = position % (len(text) + 1)
    agrees(text[:at] + inserted + text[at:])


def test_the_benchmark_ledger_goes_the_fast_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "generate", generate)
    spec.loader.exec_module(generate)
    plan = generate.write_ledger(tmp_path / "data", 400)
    assert plan.entries + plan.voids == 400
    assert load_ledger(SHIPPED).ledger is not None
    for path in sorted((tmp_path / "data" / "progress").glob("*.yaml")):
        assert agrees(path.read_text("utf-8")), path.name


# ---------------------------------------------------------------- hand-written lines (issue 17)

# Plain (unquoted) values as a person types them: YAML's indicators anywhere, CJK, digits.
plain = st.lists(st.sampled_from([*"问答ab01.-+:?#&*!|>%@`~=,[]{}' \t", ": ", ":?", " #"]),
                 min_size=1, max_size=12).map("".join)  # fmt: skip


def test_a_plain_colon_question_mark_is_refused_by_both_readers() -> None:
    text = month_file(entry()).replace("note: 园区企业又采购了20万的枸杞", "note: 问:?答")
    assert "note: 问:?答" in text
    assert progress_items(text) is None
    assert real(text) is None


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(note=plain, unit=plain)
def test_any_hand_written_plain_value_is_read_as_libyaml_reads_it(note: str, unit: str) -> None:
    text = month_file(entry()).replace("note: 园区企业又采购了20万的枸杞", f"note: {note}")
    agrees(text.replace("unit: 软件园", f"unit: {unit}"))


# Single-quoted values as a person might type them, closed or not: doubled quotes, ", " inside
# (where the fast reader cuts a line and joins the pieces again), text after the quote.
quoted = st.lists(st.sampled_from(["''", "''", ", ", ", ", ",", "问", "a", " ", ": ", "}", "'"]),
                  max_size=10).map("".join)  # fmt: skip


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(note=quoted, source=quoted)
def test_any_hand_written_quoted_value_is_read_as_libyaml_reads_it(note: str, source: str) -> None:
    text = month_file(entry()).replace("note: 园区企业又采购了20万的枸杞", f"note: '{note}'")
    agrees(text.replace("source: 电话", f"source: '{source}'"))


@pytest.mark.parametrize("quoted", [False, True])
def test_a_20_megabyte_note_is_read_in_linear_memory(quoted: bool) -> None:
    """Peak memory of the fast reader: at most 5 times the file's text (measured: 3× for a
    plain note, 3.3× for a quoted Chinese one); it was 135 bytes a character."""
    import tracemalloc

    size = 20_000_000
    note = "'" + ("枸" * 998 + "'' ") * (size // 3000) + "'" if quoted else "a" * size
    text = month_file(entry()).replace("note: 园区企业又采购了20万的枸杞", f"note: {note}")
    tracemalloc.start()
    try:
        items = progress_items(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert items is not None and len(items[0][0]["note"].encode("utf-8")) >= size * 0.99
    assert peak < 5 * len(text.encode("utf-8"))
