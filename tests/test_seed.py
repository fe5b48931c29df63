"""The shipped tasks.yaml against the seed table (tests/fixtures/seed.txt, verbatim)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from minning_cli.ledger.load import load_ledger
from minning_cli.ledger.model import ONGOING, Ledger

from .conftest import FIXTURES, SHIPPED

TEN = ["鼓东街道", "鼓西街道", "温泉街道", "东街街道", "南街街道",
       "安泰街道", "华大街道", "水部街道", "五凤街道", "洪山镇"]  # fmt: skip


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return load_ledger(SHIPPED).ledger


def squash(text: str) -> str:
    """The seed's text without page-break debris: no whitespace, no <p> tags."""
    return re.sub(r"\s+", "", re.sub(r"</?p>", "", text))


def allocations(ledger: Ledger, no: int) -> list[tuple[str | None, Decimal | None, str | None]]:
    (indicator,) = ledger.task(no).indicators
    return [(a.unit, a.target, a.share) for a in indicator.allocations]


def test_all_fifteen_rows_in_order(ledger: Ledger) -> None:
    titles = [(t.no, t.title) for t in ledger.tasks]
    assert titles == [
        (1, "调研对接"), (2, "人才选派"), (3, "资金支持"), (4, "消费帮扶"), (5, "产业协作"),
        (6, "结对帮扶"), (7, "脱贫攻坚成果巩固"), (8, "劳务协作"), (9, "拓展产销"),
        (10, "推进产业"), (11, "资金监管"), (12, "典型宣传"), (13, "自选动作"),
        (14, "自选动作"), (15, "自选动作"),
    ]  # fmt: skip


def seed_pieces(text: str, seed: str) -> int:
    """How many consecutive pieces of the seed a text is made of (0 if it is not)."""
    pieces = 0
    while text:
        cut = len(text)
        while cut and text[:cut] not in seed:
            cut -= 1
        if cut == 0:
            return 0
        text, pieces = text[cut:], pieces + 1
    return pieces


def test_texts_are_verbatim_from_the_seed(ledger: Ledger) -> None:
    seed = squash((FIXTURES / "seed.txt").read_text(encoding="utf-8"))
    rejoined = {(2, "measure"): 2, (2, "city"): 2, (4, "measure"): 2, (8, "city"): 2}
    for task in ledger.tasks:
        texts = {"measure": task.measure_text, "city": task.city_text}
        for column, text in texts.items():
            if text is not None:
                expected = rejoined.get((task.no, column), 1)
                assert seed_pieces(squash(text), seed) == expected, (task.no, column)
    # Rows rejoined across a page break read as one text.
    assert "数据不低于600万元；区工商联" in squash(ledger.task(4).measure_text)
    assert "招聘会，畅通劳动力资源" in squash(ledger.task(8).city_text or "")
    assert [t.no for t in ledger.tasks if t.city_text is None] == [13, 14, 15]


def test_row_2_allocations(ledger: Ledger) -> None:
    assert allocations(ledger, 2) == [
        ("区教育局", 4, None), ("区卫健局", 4, None), ("区文体旅局", 1, None),
        ("区城管局", 1, None), (None, 1, None),
    ]  # fmt: skip
    (indicator,) = ledger.task(2).indicators
    assert (indicator.measure, indicator.target, indicator.deadline) == (
        "人",
        11,
        dt.date(2023, 10, 31),
    )
    assert "社工人才" in (indicator.allocations[-1].note or "")


def test_row_3_allocations_sum_to_300(ledger: Ledger) -> None:
    assert allocations(ledger, 3) == [
        ("区发改局", 4, None), ("区工商联", 5, None), ("区妇联", 3, None), ("区侨联", 6, None),
        ("区科协", 2, None), ("软件园", 25, None), ("十街镇", Decimal("25.5"), "each"),
    ]  # fmt: skip
    named = sum(t for u, t, s in allocations(ledger, 3) if s is None and t is not None)
    assert named + Decimal("25.5") * 10 == 300


def test_row_4_allocations_and_unknown_target(ledger: Ledger) -> None:
    assert allocations(ledger, 4) == [
        ("区发改局", 100, None), ("区商务局", 800, None), ("区财政局", 100, None),
        ("区总工会", 600, None), ("区工商联", 500, None), ("软件园", 200, None),
        ("十街镇", 320, "each"), ("福州定有福电子商务有限公司", None, None),
    ]  # fmt: skip
    (indicator,) = ledger.task(4).indicators
    assert indicator.target == 8000 and indicator.floor is True
    assert indicator.allocations[-1].target_text == "以与区民政局签订的任务数为准"


def test_row_5_allocations(ledger: Ledger) -> None:
    assert allocations(ledger, 5) == [
        ("区商务局", 1000, None), ("软件园", 1000, None), ("十街镇", 800, "each"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("no", "district_target", "stated_total"),
    [(2, 11, None), (3, 300, 2700), (4, 8000, 75000), (5, 10000, 100000)],
)
def test_city_figures(
    ledger: Ledger, no: int, district_target: int, stated_total: int | None
) -> None:
    (indicator,) = ledger.task(no).indicators
    assert len(indicator.city) == 9
    assert indicator.city["鼓楼区"] == district_target == indicator.target
    assert indicator.city_total == stated_total
    if stated_total is not None:
        assert sum(indicator.city.values()) == stated_total
    else:
        assert sum(indicator.city.values()) == 100  # row 2 states no total


def test_city_figures_per_district(ledger: Ledger) -> None:
    def column(no: int) -> dict[str, Decimal]:
        return dict(ledger.task(no).indicators[0].city)

    assert column(2) == {"马尾区": 12, "鼓楼区": 11, "长乐区": 11, "福清市": 17, "台江区": 7,
                         "连江县": 9, "闽侯县": 15, "仓山区": 9, "晋安区": 9}  # fmt: skip
    assert column(5)["福清市"] == 13400 and column(5)["马尾区"] == column(5)["闽侯县"] == 13300
    assert column(4)["马尾区"] == column(4)["闽侯县"] == column(4)["福清市"] == 9000


def test_pairings(ledger: Ledger) -> None:
    task = ledger.task(6)
    assert [(p.unit, p.partner) for p in task.pairings] == [
        ("南街街道", "开城镇"), ("鼓东街道公正经合社", "开城镇冯庄村"),
        ("五凤街道湖前经合社", "开城镇双泉村"), ("安泰街道", "彭堡镇"),
        ("温泉街道温泉经合社", "彭堡镇姚磨村"), ("福州定有福电子商务有限公司", "彭堡镇蒋口村"),
        ("洪山镇", "黄铎堡镇"), ("洪山镇保福经合社", "黄铎堡镇和润村"),
        ("洪山镇梅峰经合社", "黄铎堡镇丰泽村"),
    ]  # fmt: skip
    assert task.deadline == dt.date(2023, 11, 30)


def test_deadlines(ledger: Ledger) -> None:
    deadlines = {t.no: t.deadline for t in ledger.tasks}
    end = dt.date(2023, 12, 31)
    assert deadlines == {1: end, 2: dt.date(2023, 10, 31), 3: end, 4: end, 5: end,
                         6: dt.date(2023, 11, 30), 7: end, 8: end, 9: end, 10: end, 11: end,
                         12: end, 13: ONGOING, 14: ONGOING, 15: ONGOING}  # fmt: skip
    subsidy = ledger.task(2).milestones[0]
    assert (subsidy.units, subsidy.due) == (("区财政局",), end)


def test_leads(ledger: Ledger) -> None:
    leads = {t.no: list(t.leads) for t in ledger.tasks}
    assert leads == {
        1: ["区委办", "区政府办", "区民政局"],
        2: ["区委组织部", "区财政局", "区教育局", "区卫健局", "区文体旅局", "区城管局", "十街镇"],
        3: ["区民政局", "区慈善总会", "区发改局", "区工商联", "区妇联", "区侨联", "区科协",
            "软件园", "十街镇"],
        4: ["区民政局", "区发改局", "区商务局", "区财政局", "区总工会", "区工商联", "软件园",
            "十街镇", "福州定有福电子商务有限公司"],
        5: ["区商务局", "软件园", "十街镇"],
        6: ["南街街道", "鼓东街道公正经合社", "五凤街道湖前经合社", "安泰街道",
            "温泉街道温泉经合社", "福州定有福电子商务有限公司", "洪山镇", "洪山镇保福经合社",
            "洪山镇梅峰经合社"],
        7: ["区民政局"], 8: ["区人社局"], 9: ["区商务局"], 10: ["区商务局", "软件园"],
        11: ["区民政局", "区委统战部", "区人社局"], 12: ["区民政局", "区委宣传部", "区文体旅局"],
        13: ["区文体旅局"], 14: ["区委宣传部"], 15: ["区国资中心"],
    }  # fmt: skip


def test_milestones_and_monthly_duties(ledger: Ledger) -> None:
    assert [(m.id, m.optional) for m in ledger.task(1).milestones] == [
        ("meeting", False),
        ("visit", True),
    ]
    report = ledger.task(11).monthly
    article = ledger.task(14).monthly
    assert report is not None and (report.due_day, report.count) == (25, 1)
    assert article is not None and (article.due_day, article.count) == ("last", 1)


def test_units_registry(ledger: Ledger) -> None:
    (group,) = ledger.groups
    assert group.name == "十街镇" and list(group.members) == TEN
    units = {u.name: u for u in ledger.units}
    assert "区乡村振兴局" in units["区民政局"].aliases
    assert "区科技局" in units["区发改局"].aliases
    assert "福州软件园" in units["软件园"].aliases
    parents = {u.name: u.parent for u in ledger.units if u.kind == "cooperative"}
    assert parents == {"鼓东街道公正经合社": "鼓东街道", "五凤街道湖前经合社": "五凤街道",
                       "温泉街道温泉经合社": "温泉街道", "洪山镇保福经合社": "洪山镇",
                       "洪山镇梅峰经合社": "洪山镇"}  # fmt: skip
    assert [u.name for u in ledger.units if u.kind == "company"] == ["福州定有福电子商务有限公司"]
    assert all(u.contact.person is None and u.contact.phone is None for u in ledger.units)
    assert len([u for u in ledger.units if u.kind == "department"]) == 22


def test_progress_folder_ships_empty() -> None:
    assert [p.name for p in (SHIPPED / "progress").iterdir()] == [".gitkeep"]
