"""The writer: entries round-trip exactly, whatever their text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minning_cli.model import Entry, Void
from minning_cli.write import entry_block
from minning_cli.yamlsource import parse

NOW = dt.datetime(2023, 12, 1, 9, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=8)))

# Any Unicode a note may carry, YAML-special characters and line breaks included; surrogates
# cannot be written as UTF-8 at all, so they are left out.
notes = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)


def load_back(block: str) -> Entry | Void:
    parsed = parse(block, "t.yaml")
    assert parsed.problems == []
    (item,) = parsed.data
    return Void.model_validate(item) if item["kind"] == "void" else Entry.model_validate(item)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    note=notes,
    source=notes,
    by=notes,
    amount=st.decimals(min_value=0, max_value=10**8, places=3, allow_nan=False),
    kind=st.sampled_from(["increment", "total", "activity", "done"]),
)
def test_any_entry_loads_back_equal(
    note: str, source: str, by: str, amount: Decimal, kind: str
) -> None:
    entry = Entry(
        id="2023-06-12-abcd12", date=dt.date(2023, 6, 12), unit="软件园", task=4,
        kind=kind, amount=amount, note=note, source=source, by=by, recorded_at=NOW,
    )  # type: ignore[arg-type]  # fmt: skip
    block = entry_block(entry)
    if note.isprintable() and not set(note) & set("'\"\\") and note.strip() == note:
        assert note in block  # written as the characters themselves, never \u escapes
    assert load_back(block) == entry


@given(reason=notes.filter(lambda s: s != ""))
def test_any_void_loads_back_equal(reason: str) -> None:
    void = Void(id="2023-06-12-abcd13", kind="void", voids="2023-06-12-abcd12", reason=reason,
                by="王", recorded_at=NOW)  # fmt: skip
    assert load_back(entry_block(void)) == void


def test_chinese_is_written_as_characters() -> None:
    entry = Entry(id="2023-06-12-abcd12", date=dt.date(2023, 6, 12), unit="洪山镇", task=4,
                  kind="increment", amount=Decimal("25.5"), note="枸杞：第二批\n共两车",
                  recorded_at=NOW)  # fmt: skip
    assert entry_block(entry) == (
        "- id: 2023-06-12-abcd12\n  date: 2023-06-12\n  unit: 洪山镇\n  task: 4\n"
        "  kind: increment\n  amount: 25.5\n  note: |-\n    枸杞：第二批\n    共两车\n"
        "  recorded_at: 2023-12-01 09:30:05+08:00\n"
    )


def test_golden_file_is_utf8_without_escapes() -> None:
    text = (Path(__file__).parent / "fixtures" / "golden" / "2023-06.yaml").read_text("utf-8")
    assert "\\u" not in text and "软件园" in text
