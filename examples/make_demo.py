"""Write the demonstration ledger in examples/demo/: the real 2023 table, invented entries.

    python examples/make_demo.py [OUT]      (OUT defaults to examples/demo)

The table is copied from data/tasks.yaml with invented contacts for a few units; the entries
are made up to show every status on 2023-09-30 (the README's tour date) and at the year's
end: increments, cumulative figures (one lower than before), a void, pairings done and
overdue, row 1's milestones, the monthly report on time, late and missed, articles,
activities. Running it again gives the same files, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from minning_cli.ledger.load import load_book  # noqa: E402
from minning_cli.ledger.model import Entry, Void  # noqa: E402
from minning_cli.writing.init import GITIGNORE  # noqa: E402
from minning_cli.writing.write import entry_block  # noqa: E402

DEMO = ROOT / "examples" / "demo"
NOTICE = (
    "# 演示数据：本文件中的记录全部是虚构的，只用来演示 minning 的功能，\n"
    "# 不代表任何单位的真实进展。由 examples/make_demo.py 生成。\n"
)
CONTACTS = {  # invented, for the call list
    "软件园": ("林主任（虚构）", "0591-0000-0001"),
    "区商务局": ("陈科长（虚构）", "0591-0000-0002"),
    "洪山镇": ("黄委员（虚构）", "0591-0000-0003"),
    "区卫健局": ("郑科长（虚构）", "0591-0000-0004"),
    "安泰街道": ("吴主任（虚构）", "0591-0000-0005"),
}
TZ = dt.timezone(dt.timedelta(hours=8))


class Demo:
    """Collects invented entries with stable ids."""

    def __init__(self) -> None:
        self.records: list[Entry | Void] = []

    def _id(self, day: dt.date) -> str:
        return f"{day:%Y-%m-%d}-demo{len(self.records) + 1:03d}"

    def add(self, day: str, unit: str, task: int, kind: str, amount: str | None = None,
            note: str | None = None, milestone: str | None = None, months: int | None = None,
            ref: str | None = None, funds: tuple[str, str, str] | None = None,
            recorded: str | None = None) -> str:  # fmt: skip
        date = dt.date.fromisoformat(day)
        on = dt.date.fromisoformat(recorded) if recorded else date
        received, disbursed, used = (Decimal(f) for f in funds) if funds else (None, None, None)
        entry = Entry(
            id=self._id(date), date=date, unit=unit, task=task, kind=kind,  # type: ignore[arg-type]
            amount=Decimal(amount) if amount is not None else None, milestone=milestone,
            note=note, source="电话", by="演示",
            recorded_at=dt.datetime.combine(on, dt.time(17, 0), TZ),
            months=months, ref=ref, received=received, disbursed=disbursed, used=used,
        )  # fmt: skip
        self.records.append(entry)
        return entry.id

    def void(self, entry_id: str, reason: str, day: str) -> None:
        target = next(r for r in self.records if r.id == entry_id)
        assert isinstance(target, Entry)
        self.records.append(
            Void(id=self._id(target.date), kind="void", voids=entry_id, reason=reason, by="演示",
                 recorded_at=dt.datetime.combine(dt.date.fromisoformat(day), dt.time(9, 0), TZ))
        )  # fmt: skip


def entries() -> Demo:
    d = Demo()
    # Row 1: the meeting early (and a second one, counted), the optional visit in summer.
    d.add("2023-03-15", "区委办", 1, "done", note="召开闽宁协作工作推进会", milestone="meeting")
    d.add("2023-06-08", "区民政局", 1, "done", note="召开闽宁协作专题会议", milestone="meeting")
    d.add("2023-07-20", "区政府办", 1, "done", note="赴原州区开展工作对接", milestone="visit")
    # Row 2: dispatches as terms: teachers for a year; doctors for six months, back after four;
    # one person planned for three months only; 区城管局 silent until its late entry (below).
    d.add("2023-03-01", "区教育局", 2, "increment", "4", note="4名教师已到岗", months=12)
    doctors = d.add("2023-04-10", "区卫健局", 2, "increment", "2", note="2名医生赴固原", months=6)
    d.add("2023-05-06", "区文体旅局", 2, "increment", "1", months=3)
    d.add("2023-08-10", "区卫健局", 2, "done", note="医院工作需要，提前返回", ref=doctors)
    # Row 2: the living subsidy, one instalment a month from March; July's paid late, then
    # nothing from September.
    for day in ("2023-03-31", "2023-04-28", "2023-05-31", "2023-06-30", "2023-08-04",
                "2023-08-31"):  # fmt: skip
        d.add(day, "区财政局", 2, "done", note="发放选派人员生活补助", milestone="subsidy")
    # Row 3: donations.
    for day, unit, amount in [("2023-02-20", "区发改局", "4"), ("2023-03-02", "区工商联", "5"),
                              ("2023-05-18", "区侨联", "6"), ("2023-06-30", "区妇联", "1.5")]:  # fmt: skip
        d.add(day, unit, 3, "increment", amount, note="捐赠资金已到区慈善总会")
    for day, amount in [("2023-03-31", "5"), ("2023-06-30", "8"), ("2023-09-15", "10")]:
        d.add(day, "软件园", 3, "increment", amount)
    for unit, amount in [("鼓东街道", "25.5"), ("鼓西街道", "20"), ("温泉街道", "25.5"),
                         ("东街街道", "12"), ("南街街道", "25.5"), ("安泰街道", "8"),
                         ("华大街道", "18"), ("水部街道", "25.5"), ("五凤街道", "16"),
                         ("洪山镇", "22")]:  # fmt: skip
        d.add("2023-06-28", unit, 3, "total", amount, note="截至6月底累计")
    # Row 4: consumption, mostly running totals at month ends.
    for month, figure in [(3, "120"), (6, "410"), (8, "560")]:
        d.add(f"2023-{month:02d}-{28 if month != 6 else 30}", "区商务局", 4, "total", figure,
              note="超市、电商、专区合计")  # fmt: skip
    d.add("2023-06-30", "区总工会", 4, "total", "380", note="工会会员采购")
    d.add("2023-09-20", "区总工会", 4, "total", "520")
    d.add("2023-05-31", "区工商联", 4, "total", "260")
    d.add("2023-07-31", "区财政局", 4, "total", "95", note="832平台")
    d.add("2023-08-31", "区发改局", 4, "increment", "30")
    wrong = d.add("2023-06-12", "软件园", 4, "increment", "200", note="园区企业采购枸杞")
    d.add("2023-06-12", "软件园", 4, "increment", "20", note="园区企业采购枸杞（更正）")
    d.void(wrong, "多记了一个零，应为 20 万", "2023-06-13")
    d.add("2023-09-05", "软件园", 4, "increment", "35")
    for unit, may, aug in [("鼓东街道", "90", "210"), ("温泉街道", "120", "260"),
                           ("洪山镇", "150", "330"), ("五凤街道", "60", "95"),
                           ("南街街道", "100", "180")]:  # fmt: skip
        d.add("2023-05-31", unit, 4, "total", may)
        d.add("2023-08-31", unit, 4, "total", aug)
    # A cumulative figure lower than the one before (a unit corrected its own count).
    d.add("2023-09-10", "五凤街道", 4, "total", "88", note="街道核减了重复统计")
    d.add("2023-07-15", "福州定有福电子商务有限公司", 4, "increment", "150", note="线上专区销售")
    # Row 5: investment.
    d.add("2023-04-30", "区商务局", 5, "total", "300")
    d.add("2023-08-31", "区商务局", 5, "total", "650", note="两个项目资金到位")
    d.add("2023-06-30", "软件园", 5, "total", "1000", note="园区企业在固原设立分公司")
    withdrawn = d.add("2023-07-31", "洪山镇", 5, "increment", "500")
    d.add("2023-09-12", "安泰街道", 5, "increment", "120")
    # Row 6: five pairings signed by September; the others come late or not at all.
    for day, unit in [("2023-03-20", "南街街道"), ("2023-04-18", "鼓东街道公正经合社"),
                      ("2023-05-09", "洪山镇"), ("2023-06-21", "洪山镇保福经合社"),
                      ("2023-08-30", "福州定有福电子商务有限公司")]:  # fmt: skip
        d.add(day, unit, 6, "done", note="结对协议已签")
    d.add("2023-12-05", "安泰街道", 6, "done", note="结对协议补签")
    # Row 11: the monthly fund report — on time, once late (April), once missed (August);
    # from May it carries the funds received, paid out and used (万元, cumulative).
    funds = {5: ("300", "220", "150"), 6: ("420", "330", "260"), 7: ("420", "400", "330"),
             9: ("560", "480", "410"), 10: ("600", "560", "500")}  # fmt: skip
    for month in range(1, 13):
        if month == 8:
            continue
        day = 27 if month == 4 else 24
        lead = "区人社局" if month == 10 else "区民政局"
        d.add(f"2023-{month:02d}-{day}", lead, 11, "done", note="资金使用进度月报已报送",
              funds=funds.get(month))  # fmt: skip
    # Row 14: one article a month, with gaps.
    for month in (1, 2, 3, 5, 6, 7, 9, 10, 11):
        d.add(
            f"2023-{month:02d}-18",
            "区委宣传部",
            14,
            "done",
            note="家在鼓楼公众号发布原州区乡村振兴文章",
        )
    # Rows without figures: activities.
    d.add("2023-05-12", "区人社局", 8, "activity", "35", note="劳务协作专场招聘会，35人达成意向")
    d.add("2023-09-08", "区人社局", 8, "activity", "12", note="固原务工人员来榕就业稳岗座谈")
    d.add("2023-06-16", "区商务局", 9, "activity", note="参加海峡两岸现代农业博览会宁夏展区")
    d.add("2023-05-20", "区文体旅局", 13, "activity", note="组织原州区文旅研学团")
    d.add("2023-07-03", "区民政局", 12, "activity", note="调研示范村建设")
    # Row 7: activities, then closed by its lead unit with a closing note. Row 10 and row 15
    # stay without a record: overdue, and quiet (全年无记录 at the year's end).
    d.add("2023-04-12", "区民政局", 7, "activity", note="走访原州区易地搬迁安置区")
    d.add("2023-09-20", "区民政局", 7, "done", note="帮扶项目全部落地，年度工作总结已报")
    # After August's report went out (due 25 September): a July investment withdrawn, an
    # August dispatch recorded late. September's report states both under 更正说明.
    d.void(withdrawn, "洪山镇来电：该项目资金尚未实际到位，暂不计入", "2023-10-09")
    d.add("2023-08-15", "区城管局", 2, "increment", "1", note="补报：8月已选派1名城管干部",
          months=12, recorded="2023-10-12")  # fmt: skip
    return d


def main(out: Path = DEMO) -> None:
    shutil.rmtree(out, ignore_errors=True)
    (out / "progress").mkdir(parents=True)
    tasks = (ROOT / "data" / "tasks.yaml").read_text(encoding="utf-8")
    for unit, (person, phone) in CONTACTS.items():
        tasks = re.sub(
            rf"(  - name: {unit}\n(?:    .*\n)*?    contact: )\{{person: ~, phone: ~\}}",
            lambda m, p=person, t=phone: f"{m.group(1)}{{person: {p}, phone: {t}}}",
            tasks,
            count=1,
        )
    tasks = tasks.replace(
        "report:\n  unit: 鼓楼区民政局\n  contact: {person: ~, phone: ~}",
        "report:\n  unit: 鼓楼区民政局\n  contact: {person: 王联络员（虚构）, phone: 0591-0000-0000}",
    )
    header = "# 演示台账：分工表为真实的2023年表，联系人为虚构。\n"
    (out / "tasks.yaml").write_text(header + tasks, encoding="utf-8")
    (out / ".gitattributes").write_text("progress/*.yaml merge=union\n", encoding="utf-8")
    # What `minning init` ignores, so that a copy put under git never commits the lock.
    (out / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    by_month: dict[str, list[str]] = {}
    demo = entries()
    dates = {r.id: r.id[:7] for r in demo.records}
    for record in demo.records:
        by_month.setdefault(dates[record.id], []).append(entry_block(record))
    for month, blocks in sorted(by_month.items()):
        body = NOTICE + "".join("\n" + block for block in blocks)
        (out / "progress" / f"{month}.yaml").write_text(body, encoding="utf-8")
    book = load_book(out)  # the demo must load cleanly
    print(f"wrote {len(book.entries)} entries and {len(book.voids)} void to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO)
