"""Build the city demo: four invented district ledgers, each in its own git repository.

    python examples/make_city_demo.py OUT

writes ``OUT/repos/{gulou,mawei,taijiang,fuqing}`` (git repositories, the ledger in
``data/``) and ``OUT/city/city.yaml`` (the city file, its rows from the city figures of
``data/tasks.yaml``, four districts pointing at those repositories, the other five without
a ledger yet). Everything in the district ledgers is INVENTED to show ``minning city``: the
units, the breakdowns and every entry. The city's figures per district are the seed
table's. 台江区's ledger is broken on purpose (a unit not in its roll); 福清市's own
target for 消费帮扶 differs from the city's assignment on purpose. Commits carry fixed
dates and authors, so the same commits come out on every run.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from minning_cli.ledger.model import Entry  # noqa: E402
from minning_cli.ledger.tasks_file import read_tasks  # noqa: E402
from minning_cli.writing.city_init import city_text  # noqa: E402
from minning_cli.writing.init import GITATTRIBUTES, GITIGNORE  # noqa: E402
from minning_cli.writing.write import entry_block, file_header  # noqa: E402

NOTICE = (
    "# 演示数据：本台账的单位、分解和全部记录都是虚构的，只用来演示 minning city，\n"
    "# 不代表任何县区的真实任务分解和进展。全市各县区任务数取自原表。由 examples/make_city_demo.py 生成。\n"
)
TZ = dt.timezone(dt.timedelta(hours=8))
COMMITTED = "2023-09-30T18:00:00+08:00"
# folder, district, whether its ledger is broken, its own 消费帮扶 target if not the city's
DISTRICTS = (
    ("gulou", "鼓楼区", False, None),
    ("mawei", "马尾区", False, None),
    ("taijiang", "台江区", True, None),
    ("fuqing", "福清市", False, Decimal(8000)),
)
ROWS = (  # row, title, indicator, measure, deadline, pacing, lead unit, second unit and share
    (2, "人才选派", "人才选派", "人", "2023-10-31", "deadline", "区教育局", "区卫健局"),
    (3, "资金支持", "社会帮扶资金", "万元", "2023-12-31", "linear", "区民政局", "区工商联"),
    (4, "消费帮扶", "消费帮扶", "万元", "2023-12-31", "linear", "区商务局", "区总工会"),
    (5, "产业协作", "招商引资实际到资", "万元", "2023-12-31", "linear", "区商务局", None),
)
UNITS = ("区民政局", "区教育局", "区卫健局", "区商务局", "区工商联", "区总工会")


def _flow(figures: dict[str, Decimal]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in figures.items()) + "}"


def district_ledger_text(
    district: str,
    city: dict[str, dict[str, Decimal]],
    totals: dict[str, Decimal | None],
    own: dict[str, Decimal] | None = None,
    broken: bool = False,
) -> str:
    """An invented ledger for a district: its units, rows 2–5 split between two units."""
    own = own or {}
    lines = [NOTICE.rstrip("\n"), "", "ledger:", f"  title: 2023年{district}闽宁协作任务分工表（虚构）",
             "  year: 2023", f"  district: {district}", "  partner: 固原市（虚构）",
             "  start: 2023-01-01", "", "units:"]  # fmt: skip
    lines += [f"  - {{name: {unit}, kind: department}}" for unit in UNITS]
    lines += ["", "tasks:"]
    for no, title, indicator, measure, deadline, pacing, first, second in ROWS:
        target = own.get(indicator, city[indicator][district])
        share = (target * 6 / 10).quantize(Decimal(1)) if second else target
        leads = [first, second] if second else [first]
        lines += [
            f"  - no: {no}",
            f"    title: {title}",
            f"    measure_text: 由{'、'.join(leads)}分别落实（虚构）",
            f"    leads: [{', '.join(leads)}]",
            f"    deadline: {deadline}",
            "    indicators:",
            f"      - name: {indicator}",
            f"        measure: {measure}",
            f"        target: {target}",
            f"        pacing: {pacing}",
            f"        city: {_flow(city[indicator])}",
            f"        city_total: {totals[indicator] if totals[indicator] is not None else '~'}",
            "        allocations:",
            f"          - {{unit: {first}, target: {share}}}",
        ]
        if second:
            unit = "区商务厅" if broken and no == 4 else second  # the broken one: not in the roll
            lines.append(f"          - {{unit: {unit}, target: {target - share}}}")
    return "\n".join(lines) + "\n"


def district_entries(district: str, own_targets: dict[str, Decimal]) -> list[Entry]:
    """Invented increments through 2023-09-30: a few a month per unit, seeded by the name."""
    rng = random.Random(district)
    entries: list[Entry] = []
    for month in range(1, 10):
        for no, _title, indicator, measure, _deadline, _pacing, first, second in ROWS:
            for unit in (first, second) if second else (first,):
                if measure == "人":
                    if month not in (3, 6, 9) or rng.random() < 0.3:
                        continue
                    amount = Decimal(1)
                else:
                    scale = own_targets[indicator] / 12
                    amount = (scale * Decimal(rng.randint(20, 90)) / 100).quantize(Decimal(1))
                day = dt.date(2023, month, rng.randint(1, 28))
                entries.append(
                    Entry(
                        id=f"{day:%Y-%m-%d}-demo{len(entries) + 1:03d}",
                        date=day,
                        unit=unit,
                        task=no,
                        kind="increment",
                        amount=amount,
                        note="演示记录（虚构）",
                        by="演示",
                        recorded_at=dt.datetime(2023, month, 28, 17, 0, tzinfo=TZ),
                    )
                )
    return sorted(entries, key=lambda e: (e.date, e.id))


def write_progress(data: Path, entries: list[Entry]) -> None:
    """Month files as minning writes them, with the invented-data notice."""
    (data / "progress").mkdir(parents=True, exist_ok=True)
    months: dict[str, list[str]] = {}
    for entry in entries:
        months.setdefault(f"{entry.date:%Y-%m}", []).append(entry_block(entry))
    for month, blocks in months.items():
        text = NOTICE + file_header(month) + "\n" + "".join(blocks)
        (data / "progress" / f"{month}.yaml").write_text(text, encoding="utf-8")


def commit_all(repo: Path, message: str) -> None:
    """Commit everything with a fixed author and date: the same commit on every run."""
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMITTED, "GIT_COMMITTER_DATE": COMMITTED,
           "GIT_CONFIG_NOSYSTEM": "1"}  # fmt: skip
    who = ["-c", "user.name=演示", "-c", "user.email=demo@example.invalid"]
    for args in (["add", "-A"], [*who, "commit", "-q", "--no-gpg-sign", "-m", message]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env)


def build(out: Path) -> Path:
    """Write the four repositories and the city file; the city file's path."""
    ledger, _source, problems = read_tasks(ROOT / "data")
    assert ledger is not None, problems
    indicators = [i for t in ledger.tasks for i in t.indicators if i.city]
    city = {i.name: dict(i.city) for i in indicators}
    totals = {i.name: i.city_total for i in indicators}
    text = city_text(ledger, "data/tasks.yaml").replace("name: ~  # 待填写：市名，如 福州市",
                                                         "name: 福州市")  # fmt: skip
    for folder, district, broken, own_consumption in DISTRICTS:
        repo = out / "repos" / folder
        data = repo / "data"
        data.mkdir(parents=True)
        subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
        own = {"消费帮扶": own_consumption} if own_consumption is not None else {}
        body = district_ledger_text(district, city, totals, own, broken)
        (data / "tasks.yaml").write_text(body, encoding="utf-8")
        (data / ".gitattributes").write_text(GITATTRIBUTES, encoding="utf-8")
        (data / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        targets = {name: own.get(name, figures[district]) for name, figures in city.items()}
        write_progress(data, district_entries(district, targets))
        commit_all(repo, f"{district}台账（演示，虚构）")
        pointer = f"  - name: {district}\n    # 待填写：git: 台账仓库地址或路径（或 path: 目录）\n"
        text = text.replace(pointer, f"  - name: {district}\n    git: ../repos/{folder}\n")
    (out / "city").mkdir(parents=True)
    path = out / "city" / "city.yaml"
    path.write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("用法：python examples/make_city_demo.py 输出目录")
    target = Path(sys.argv[1])
    if target.exists() and any(target.iterdir()):
        sys.exit(f"{target} 已存在且不是空目录")
    print(f"已生成演示（虚构）：{build(target)}")
