"""``minning init --city``: a first city file, from the city figures a district ledger holds.

A district's ``tasks.yaml`` carries the city's assignment of each numeric row (``city``: the
seed's 马尾区12名、鼓楼区11名…, ``city_total``). The city file gets one row per such
indicator and one district per name found, each without a source yet: where each district
keeps its ledger is for the city's office to fill in (a warning in ``city check`` until then).
Nothing is invented: a stated total the table does not give stays ``~``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ..ledger.city_file import CITY_FILE
from ..ledger.datadir import TASKS_FILE
from ..ledger.model import Indicator, Ledger, Task
from ..ledger.tasks_file import read_tasks
from ..text.amounts import fmt
from ..text.atomic import create_new
from ..text.errors import MinningError

HEADER = """\
# 市级汇总文件：全市各县区的闽宁协作任务数，以及每个县区的台账在哪里。
# 由 minning init --city 从 {source} 生成；这个文件由人手工维护，minning 只读不写。
#
# 各节含义：
#   city       标题、年度、市名（name，原表未写，请填写）、进度起算日 start。
#   rows       有数字的任务：no 序号、title 任务、indicator 各县区台账里的指标名、measure 计量单位、
#              deadline 完成时限、pacing 进度规则（linear 按时间均匀、deadline 到时限应完成、
#              stepped 按月分步；不写时金额按 linear、其余按 deadline）、total 原表写明的合计
#              （原表未写写 ~）、targets 各县区任务数。
#   districts  各县区及其台账：git 为仓库地址（https://…、ssh://…、git@主机:路径）或本机路径
#              （相对路径从本文件所在目录算起），branch 分支（缺省为仓库的默认分支），
#              folder 为仓库里 tasks.yaml 所在的目录（缺省 data）；台账在普通目录里时写 path。
#
# 改完运行 minning city check；minning city fetch 取回各县区台账，minning city status 汇总。
"""


_PLAIN = re.compile(r"[^\s:#{}\[\],&*!|>'\"%@`?~0-9-][^:#{}\[\],&*!|>'\"%@`]*")


def _text(value: str) -> str:
    """A text as a YAML scalar that reads back exactly: plain when it can be, else quoted
    (a JSON string is valid YAML)."""
    if _PLAIN.fullmatch(value) and value.strip() == value and value.lower() not in _WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)


_WORDS = {"true", "false", "null", "yes", "no", "on", "off"}


def _deadline(task: Task, indicator: Indicator) -> dt.date | None:
    due = indicator.deadline if indicator.deadline is not None else task.deadline
    return due if isinstance(due, dt.date) else None


def city_text(ledger: Ledger, source: str) -> str:
    """The city file for the city figures of ``ledger``; a MinningError if it has none."""
    meta = ledger.ledger
    lines = [HEADER.format(source=source).rstrip("\n"), "", "city:"]
    lines.append(f"  title: {_text(f'{meta.year}年闽宁协作任务（各县区汇总）')}")
    lines += [f"  year: {meta.year}", "  name: ~  # 待填写：市名，如 福州市"]
    lines += [f"  start: {meta.start_date.isoformat()}", "", "rows:"]
    districts: list[str] = []
    for task in ledger.tasks:
        for indicator in task.indicators:
            due = _deadline(task, indicator)
            if not indicator.city or due is None:
                continue
            districts += [name for name in indicator.city if name not in districts]
            lines += [
                f"  - no: {task.no}",
                f"    title: {_text(task.title)}",
                f"    indicator: {_text(indicator.name)}",
                f"    measure: {_text(indicator.measure)}",
                f"    deadline: {due.isoformat()}",
            ]
            if indicator.pacing is not None:
                lines.append(f"    pacing: {indicator.pacing}")
            lines.append(f"    floor: {'true' if indicator.floor else 'false'}")
            total = fmt(indicator.city_total) if indicator.city_total is not None else "~"
            lines.append(f"    total: {total}" + ("  # 原表未写合计" if total == "~" else ""))
            if indicator.city_total_text:
                lines.append(f"    total_text: {_text(indicator.city_total_text)}")
            if task.city_text:
                lines.append(f"    text: {_text(task.city_text)}")
            targets = ", ".join(f"{name}: {fmt(value)}" for name, value in indicator.city.items())
            lines.append(f"    targets: {{{targets}}}")
    if not districts:
        raise MinningError(f"{source} 里没有全市各县区的任务数（指标的 city:），无法生成市级文件")
    lines += ["", "districts:"]
    for name in districts:
        lines += [f"  - name: {name}", "    # 待填写：git: 台账仓库地址或路径（或 path: 目录）"]
    return "\n".join(lines) + "\n"


def init_city(folder: Path, source: Path) -> Path:
    """Create ``folder/city.yaml`` from the district ledger at ``source``; never overwrites."""
    source_dir = source.parent if source.name == TASKS_FILE else source
    ledger, _map, problems = read_tasks(source_dir)
    if ledger is None:
        raise MinningError([p for p in problems if p.is_error])
    content = city_text(ledger, str(source_dir / TASKS_FILE))
    target = folder / CITY_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        create_new(target, content.encode("utf-8"))
    except FileExistsError:
        raise MinningError(f"{target} 已存在：init 不会覆盖已有的市级文件") from None
    except OSError as exc:
        raise MinningError(f"无法在 {folder} 创建市级文件：{exc.strerror or exc}") from None
    return target
