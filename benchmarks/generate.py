"""Write a synthetic ledger of N progress entries in minning's own format, for the benchmark.

The table is the shipped ``data/tasks.yaml``; the progress files are written block by block
with ``write.entry_block``, exactly as ``minning record`` writes them. The mix follows what a
coordinator records in a year: mostly increments, some cumulative figures, milestones and
monthly duties marked done, activities with a head count, a few voids, notes in Chinese
(some of which need YAML quoting), dates across 2023, every id unique. The same ``seed``
always gives the same bytes.

    python benchmarks/generate.py 10000 /tmp/ledger-10k

also writes a CSV of rows for ``minning import`` with ``--import-rows``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from minning_cli.ledger.kinds import shares
from minning_cli.ledger.load import load_ledger
from minning_cli.ledger.model import Entry, Ledger, Void
from minning_cli.ledger.names import Registry
from minning_cli.writing.write import entry_block, file_header

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data"
YEAR = 2023
TZ = dt.timezone(dt.timedelta(hours=8))
_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"

# What a coordinator writes after a call: plain Chinese, sometimes with an ASCII colon, a
# leading number or a '#', which the writer has to quote.
NOTES = (
    "园区企业又采购了{n}万的枸杞",
    "工会节日慰问品采购宁夏滩羊肉",
    "832平台采购固原小杂粮",
    "商超专柜本月销售额，电话核实",
    "统计数据截至月底，见微信群截图",
    "企业捐赠已到区慈善总会账户",
    "签约项目资金到位，附银行回单",
    "采购: {n}万，发票已开",
    "{n}",
    "#{n} 号合同",
    "与原州区商务局视频对接，确认下一批订单",
    "电商直播带货（枸杞、黄花菜）",
)
ACTIVITY_NOTES = (
    "举办劳务协作专场招聘会",
    "组织企业赴固原考察",
    "召开产销对接会",
    "宣传示范村建设经验",
    "文旅研学团赴原州区",
    "原州区农特产品展示馆布展",
    "巩固脱贫成果走访",
)
RECORDERS = ("王丽", "陈建国", "林晓燕", "郑伟")
SOURCES = ("电话", "电话", "电话", "微信", "报表")


@dataclass(frozen=True)
class Plan:
    """What the generated folder holds."""

    entries: int
    voids: int
    files: int


def _days(rng: random.Random, count: int) -> list[dt.date]:
    start = dt.date(YEAR, 1, 1)
    return sorted(start + dt.timedelta(days=rng.randrange(365)) for _ in range(count))


def _new_id(rng: random.Random, day: dt.date, taken: set[str]) -> str:
    while True:
        suffix = "".join(rng.choice(_ID_ALPHABET) for _ in range(6))
        candidate = f"{day:%Y-%m-%d}-{suffix}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def _recorded(rng: random.Random, day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 8 + rng.randrange(10), rng.randrange(60),
                       rng.randrange(60), tzinfo=TZ)  # fmt: skip


def _choices(ledger: Ledger) -> dict[str, list[tuple[str, int, str | None]]]:
    """(unit, row, milestone) pairs each kind of entry may be written for."""
    registry = Registry(ledger)
    numeric = [(s.unit, s.task.no, None) for s in shares(ledger, registry) if s.unit is not None]
    done: list[tuple[str, int, str | None]] = []
    activity: list[tuple[str, int, str | None]] = []
    for task in ledger.tasks:
        for pairing in task.pairings:
            done.append((registry.canonical_name(pairing.unit) or pairing.unit, task.no, None))
        for milestone in task.milestones:
            for written in milestone.units or task.leads:
                name = registry.canonical_name(written) or written
                for member in registry.members(name):
                    done.append((member, task.no, milestone.id))
        if task.monthly is not None:
            for written in task.monthly.units or task.leads:
                done.append((registry.canonical_name(written) or written, task.no, None))
        if not (task.indicators or task.pairings or task.milestones or task.monthly):
            lead = registry.canonical_name(task.leads[0]) or task.leads[0]
            activity.append((lead, task.no, None))
    return {"numeric": numeric, "done": done, "activity": activity}


def make_entries(ledger: Ledger, count: int, seed: int = 2023) -> list[Entry | Void]:
    """``count`` records (entries and voids) for the ledger, in date order."""
    rng = random.Random(seed)
    choices = _choices(ledger)
    measures = {(s.unit, s.task.no): s.indicator.measure for s in shares(ledger) if s.unit}
    taken: set[str] = set()
    running: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    records: list[Entry | Void] = []
    voidable: list[Entry] = []
    for day in _days(rng, count):
        roll = rng.random()
        common = {
            "date": day,
            "source": rng.choice(SOURCES),
            "by": rng.choice(RECORDERS),
            "recorded_at": _recorded(rng, day),
        }
        if roll < 0.03 and voidable:
            target = voidable.pop(rng.randrange(len(voidable)))
            records.append(
                Void(
                    id=_new_id(rng, target.date, taken),
                    kind="void",
                    voids=target.id,
                    reason=rng.choice(("金额记错", "重复记录", "单位记错，应为软件园")),
                    by=common["by"],
                    recorded_at=common["recorded_at"],
                )
            )
            continue
        if roll < 0.80:
            unit, task, _ = rng.choice(choices["numeric"])
            persons = measures[(unit, task)] == "人"
            step = Decimal(rng.randint(1, 2)) if persons else Decimal(rng.randint(1, 500)) / 10
            running[(unit, task)] += step
            total = roll >= 0.65
            amount = running[(unit, task)] if total else step
            note = rng.choice(NOTES).format(n=step) if rng.random() < 0.6 else None
            entry = Entry(id=_new_id(rng, day, taken), unit=unit, task=task,
                          kind="total" if total else "increment", amount=amount, note=note,
                          **common)  # fmt: skip
        elif roll < 0.88:
            unit, task, milestone = rng.choice(choices["done"])
            amount = Decimal(1) if task == 14 else None
            entry = Entry(id=_new_id(rng, day, taken), unit=unit, task=task, kind="done",
                          amount=amount, milestone=milestone, note=rng.choice(NOTES[:7]),
                          **common)  # fmt: skip
        else:
            unit, task, _ = rng.choice(choices["activity"])
            amount = Decimal(rng.randint(5, 200)) if task == 8 else None
            entry = Entry(id=_new_id(rng, day, taken), unit=unit, task=task, kind="activity",
                          amount=amount, note=rng.choice(ACTIVITY_NOTES), **common)  # fmt: skip
        records.append(entry)
        voidable.append(entry)
    return records


def write_ledger(target: Path, count: int, seed: int = 2023) -> Plan:
    """A data folder at ``target``: the shipped tasks.yaml and ``count`` progress records."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copy2(SHIPPED / "tasks.yaml", target / "tasks.yaml")
    progress = target / "progress"
    progress.mkdir()
    ledger = load_ledger(target).ledger
    records = make_entries(ledger, count, seed)
    by_month: dict[str, list[str]] = defaultdict(list)
    for record in records:
        # A void goes into the voided entry's month file, as ``minning void`` puts it.
        by_month[record.id[:7]].append(entry_block(record))
    for month, blocks in sorted(by_month.items()):
        text = file_header(month) + "".join("\n" + block for block in blocks)
        (progress / f"{month}.yaml").write_text(text, encoding="utf-8")
    voids = sum(isinstance(r, Void) for r in records)
    return Plan(entries=len(records) - voids, voids=voids, files=len(by_month))


def write_import_csv(path: Path, ledger: Ledger, rows: int, seed: int = 7) -> None:
    """A spreadsheet of ``rows`` increments, as a unit's monthly report would come in."""
    rng = random.Random(seed)
    numeric = _choices(ledger)["numeric"]
    titles = {task.no: task.title for task in ledger.tasks}
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["日期", "单位", "任务", "金额", "累计", "备注", "来源"])
        for day in _days(rng, rows):
            unit, task, _ = rng.choice(numeric)
            amount = rng.randint(1, 2) if task == 2 else f"{rng.randint(1, 300) / 10}万"
            writer.writerow([day.isoformat(), unit, titles[task], amount, "", "报表导入", "报表"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("entries", type=int, help="how many progress records to write")
    parser.add_argument("target", type=Path, help="the data folder to create (replaced)")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--import-rows", type=int, default=0, help="also write import.csv")
    args = parser.parse_args()
    plan = write_ledger(args.target, args.entries, args.seed)
    print(f"{args.target}: {plan.entries} entries, {plan.voids} voids in {plan.files} files")
    if args.import_rows:
        ledger = load_ledger(args.target).ledger
        write_import_csv(args.target.parent / "import.csv", ledger, args.import_rows)


if __name__ == "__main__":
    main()
