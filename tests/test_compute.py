"""The cumulative/increment rule, kept incrementally for imports, agrees with the plain one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from minning_cli.ledger.actuals import RunningActual, actual_as_of
from minning_cli.ledger.model import Entry

START = dt.date(2023, 6, 1)
TZ = dt.timezone(dt.timedelta(hours=8))


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    """Entries crowded into a few days and a few recording times, so that ties happen."""
    day = START + dt.timedelta(days=draw(st.integers(0, 6)))
    kind = draw(st.sampled_from(["increment", "increment", "total", "done"]))
    amount = None if kind == "done" else draw(st.decimals(0, 1000, places=1, allow_nan=False))
    hour = draw(st.integers(8, 10))
    return Entry(
        id=f"{day:%Y-%m-%d}-abcd{draw(st.integers(10, 99))}", date=day, unit="软件园", task=4,
        kind=kind, amount=amount, recorded_at=dt.datetime(2023, 6, 1, hour, tzinfo=TZ),
    )  # type: ignore[arg-type]  # fmt: skip


@settings(max_examples=400)
@given(
    earlier=st.lists(entries(), max_size=25),
    then=st.one_of(st.none(), entries()),
    offset=st.integers(-1, 8),
)
def test_running_actual_is_actual_as_of(
    earlier: list[Entry], then: Entry | None, offset: int
) -> None:
    day = START + dt.timedelta(days=offset)
    running = RunningActual(earlier)
    expected = actual_as_of([*earlier, *([then] if then else [])], day)
    assert running.as_of(day, then) == expected
    if then is not None:
        running.add(then)
        assert running.as_of(day) == expected


def test_a_later_increment_adds_to_the_latest_total() -> None:
    def entry(day: int, kind: str, amount: str, hour: int = 9) -> Entry:
        return Entry(id=f"2023-06-{day:02d}-abcd{hour}", date=dt.date(2023, 6, day), unit="甲",
                     task=1, kind=kind, amount=Decimal(amount),
                     recorded_at=dt.datetime(2023, 6, day, hour, tzinfo=TZ))  # type: ignore[arg-type]  # fmt: skip

    running = RunningActual([entry(1, "increment", "10"), entry(2, "total", "30"),
                             entry(2, "increment", "5"), entry(3, "increment", "7")])  # fmt: skip
    assert running.as_of(dt.date(2023, 6, 1)) == 10
    assert running.as_of(dt.date(2023, 6, 2)) == 30  # the same day's increment is inside it
    assert running.as_of(dt.date(2023, 6, 3)) == 37
    assert running.as_of(dt.date(2023, 6, 3), entry(2, "total", "40", hour=8)) == 37
    assert running.as_of(dt.date(2023, 6, 3), entry(2, "total", "40", hour=10)) == 47
