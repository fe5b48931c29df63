"""Starting a ledger: an annotated blank template, or next year's skeleton from this year's.

Next year's skeleton is made from the text of the old ``tasks.yaml``, not from its model, so the
coordinator's comments and layout survive: dates move to the new year, the year and title
change, and every line carrying a figure or a date is marked ``# 待核对`` for review. The
verbatim texts of the old table are left as they were, and marked too.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

from ..ledger.datadir import PROGRESS_DIR, TASKS_FILE
from ..ledger.marks import REVIEW
from ..ledger.tasks_file import read_tasks
from ..text.atomic import create_new
from ..text.decode import read_text
from ..text.errors import MinningError

GITATTRIBUTES = (
    "# 进展文件只追加：两边各自记录后合并时，保留双方新增的记录（union 合并）。\n"
    f"{PROGRESS_DIR}/*.yaml merge=union\n"
)
GITIGNORE = f"{PROGRESS_DIR}/.lock\n{PROGRESS_DIR}/.*.tmp\n"

_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_REVIEWED_KEYS = re.compile(
    r"^\s*(?:-\s*)?(?:target|city_total|deadline|due|start|city|city_text|measure_text|"
    r"deadline_text|city_total_text)\s*:|[{,]\s*target\s*:"
)

TEMPLATE = """\
# {year}年闽宁协作任务分工表——台账（由 minning init 生成的空白模板）
#
# 这个文件由人手工维护，minning 只读不写。每改一处，运行 `minning check`。
# 写法：金额以万元、人数以人为单位，只写数字；原表没给数字的目标写 ~ 并在 target_text 照录原话；
# 日期写 YYYY-MM-DD，“持续推进”写 ongoing；缩进只用空格。

# 台账概况。start 是计算进度的起始日（缺省为当年1月1日）。
ledger:
  title: {year}年闽宁协作任务分工表
  year: {year}
  district: 鼓楼区
  partner: 固原市原州区
  start: {year}-01-01

# 单位名册：每个在分工表里出现的单位一条。
# kind：department（区直部门）、subdistrict（街镇）、cooperative（经合社）、company（企业）。
# aliases 是别名（如 区乡村振兴局 是 区民政局 的别名）；parent 是经合社所在的街镇。
units: []
#  - name: 区民政局
#    kind: department
#    aliases: [区乡村振兴局]
#    contact: {{person: ~, phone: ~}}

# 单位组：原表写“十街镇各……”时，组内每个成员各自承担该数。
groups: []
#  - name: 十街镇
#    members: [鼓东街道, 鼓西街道]

# 结对方（原州区的乡镇和村）。
partners: []
#  - town: 开城镇
#    villages: [冯庄村, 双泉村]

# 分工表的每一行。indicators 是有数字的指标，allocations 是分解到单位的数：
# share: each 表示单位组每个成员各自承担，joint 表示全组共同承担。
tasks: []
#  - no: 1
#    title: 资金支持
#    city_text: 省、市下达任务原文
#    measure_text: 落实工作措施原文
#    leads: [区民政局]
#    deadline: {year}-12-31
#    deadline_text: 12月底前
#    indicators:
#      - name: 社会帮扶资金
#        measure: 万元
#        target: 300
#        floor: true
#        allocations:
#          - {{unit: 区民政局, target: 300}}
"""


def _move_date(match: re.Match[str], old_year: int, new_year: int) -> str:
    year, month, day = (int(part) for part in match.groups())
    if year != old_year:
        return match.group(0)
    day = min(day, calendar.monthrange(new_year, month)[1])  # 2月29日 → 2月28日
    return dt.date(new_year, month, day).isoformat()


def next_year_text(text: str, old_year: int, new_year: int) -> str:
    """The old table's text moved to a new year, every figure and date marked for review."""
    lines = []
    block_indent: int | None = None  # inside a block scalar (| or >), text is content
    for line in text.splitlines():
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if block_indent is not None and (not stripped or indent > block_indent):
            lines.append(line)
            continue
        block_indent = None
        if re.search(r":\s*[|>][-+0-9]*\s*$", line):
            block_indent = indent
        if stripped.startswith("#") or not stripped:
            lines.append(line)
            continue
        if re.match(r"^\s*year\s*:", line):
            lines.append(re.sub(r"\d{4}", str(new_year), line, count=1))
            continue
        if re.match(r"^\s*title\s*:", line) and line.startswith("  title"):
            lines.append(line.replace(f"{old_year}年", f"{new_year}年"))
            continue
        moved = _DATE.sub(lambda m: _move_date(m, old_year, new_year), line)
        if _REVIEWED_KEYS.search(moved) and " #" not in moved:
            moved = f"{moved}  # {REVIEW}（沿用{old_year}年）"
        lines.append(moved)
    header = (
        f"# 由 minning init 从 {old_year} 年台账生成。数字、时限和原文沿用上一年，\n"
        f"# 标有“{REVIEW}”的行请按 {new_year} 年的分工表逐一修改，改完删去标记并运行 minning check。\n"
    )
    return header + "\n".join(lines) + "\n"


def init_ledger(folder: Path, year: int, source: Path | None = None) -> list[Path]:
    """Create ``tasks.yaml``, ``progress/``, ``.gitattributes`` and ``.gitignore`` in ``folder``."""
    tasks = folder / TASKS_FILE
    if tasks.exists():
        raise MinningError(f"{tasks} 已存在：init 不会覆盖已有的台账")
    if source is not None:
        source_dir = source.parent if source.name == TASKS_FILE else source
        ledger, _map, problems = read_tasks(source_dir)  # the source must be a valid ledger
        if ledger is None:
            raise MinningError([p for p in problems if p.is_error])
        if year <= ledger.ledger.year:
            raise MinningError(f"新年度 {year} 应晚于原台账的 {ledger.ledger.year} 年")
        text, _ = read_text(source_dir / TASKS_FILE, str(source_dir / TASKS_FILE))
        assert text is not None  # read_tasks has just read it
        content = next_year_text(text, ledger.ledger.year, year)
    else:
        content = TEMPLATE.format(year=year)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / PROGRESS_DIR).mkdir(exist_ok=True)
        created = [tasks, folder / PROGRESS_DIR / ".gitkeep"]
        try:
            # Exclusive: of two inits at once, or one racing a file that appeared since the
            # check above, exactly one creates the ledger and nothing is overwritten.
            create_new(tasks, content.encode("utf-8"))
        except FileExistsError:
            raise MinningError(f"{tasks} 已存在：init 不会覆盖已有的台账") from None
        (folder / PROGRESS_DIR / ".gitkeep").touch()
        for name, body in ((".gitattributes", GITATTRIBUTES), (".gitignore", GITIGNORE)):
            try:
                create_new(folder / name, body.encode("utf-8"))
            except FileExistsError:
                continue  # the user's own is kept
            created.append(folder / name)
    except OSError as exc:
        raise MinningError(f"无法在 {folder} 创建台账：{exc.strerror or exc}") from None
    return created
