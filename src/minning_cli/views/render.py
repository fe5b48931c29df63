"""Output for people: rich tables, problems with carets, the log as CSV (JSON: ``render_json``).

Text that comes from files (names, notes) is always wrapped in ``rich.text.Text`` so that
markup such as ``[red]`` in a note is printed literally, never interpreted; and the console
``make_console`` returns shows control characters (an ESC that would start a colour or
retitle the window) as visible symbols, whatever renderable carries them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TextIO

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ..ledger.model import ONGOING, Indicator, Ledger, Task
from ..ledger.names import Registry
from ..text.amounts import fmt, fmt_measure
from ..text.errors import Problem, errors_only
from .labels import ENTRY_KIND_NAMES, RETURN_KIND

# JSON needs no rich; it lives in render_json, and is re-exported here for existing callers.
from .render_json import dumps as dumps
from .render_json import ledger_json as ledger_json
from .render_json import print_json as print_json
from .render_json import problems_json as problems_json

if TYPE_CHECKING:
    from ..ledger.load import CheckReport

DEFAULT_WIDTH = 100
NOTE_CELLS = 400  # a note longer than this is cut in tables; the file and JSON keep it whole
LINE_WINDOW = 60  # characters of a long offending line shown around the caret
MESSAGE_LIMIT = 300  # characters of a message shown before the middle is cut

# C0 controls but newline and tab, DEL, C1 controls, and the bidirectional overrides and
# isolates that reorder a line: text from a file must not move the cursor, change colours,
# retitle the window or disguise what it says.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␀ … ␛ … ␟
    return "\u2421" if code == 0x7F else "\ufffd"  # ␡, or �


def terminal_safe(text: str) -> str:
    """Text with every control character replaced by a visible symbol of one cell (ESC → ␛)."""
    return _CONTROL.sub(_visible, text)


class SafeConsole(Console):
    """A rich console that passes every string and ``Text`` it renders through
    ``terminal_safe``: the net under everything printed.

    Each control character becomes one visible character, so styles (spans) stay where
    they were. Rich measures a ``Text`` before rendering it, so table cells of file text
    are made safe beforehand (``cell_text``) to be measured right.
    """

    def render_str(self, text: str, **options: Any) -> Text:
        """A string as ``Text``, made safe first."""
        return super().render_str(terminal_safe(text), **options)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        """Render as rich does, with any ``Text`` made safe first."""
        if isinstance(renderable, Text) and _CONTROL.search(renderable.plain):
            safe = renderable.copy()
            safe.plain = terminal_safe(renderable.plain)
            renderable = safe
        return super().render(renderable, options)


def make_console(stderr: bool = False, file: TextIO | None = None) -> Console:
    """A safe console: colour on a terminal or with ``FORCE_COLOR``, never with ``NO_COLOR``;
    100 columns off a terminal."""
    stream = file if file is not None else (sys.stderr if stderr else sys.stdout)
    is_tty = hasattr(stream, "isatty") and stream.isatty()
    forced = bool(os.environ.get("FORCE_COLOR"))
    width = None if is_tty or os.environ.get("COLUMNS") else DEFAULT_WIDTH
    return SafeConsole(
        file=stream,
        width=width,
        force_terminal=True if forced else None,
        no_color=bool(os.environ.get("NO_COLOR")) or not (is_tty or forced),
        highlight=False,
        soft_wrap=False,
        emoji=False,
        markup=False,
    )


# ---------------------------------------------------------------- problems


def problem_lines(problem: Problem) -> Text:
    """``file:line:col: 错误：message``, then the line and a caret under the spot."""
    label = "错误" if problem.is_error else "警告"
    style = "bold red" if problem.is_error else "yellow"
    text = Text()
    if where := problem.location():  # a problem of no file (a whole import) has no place
        text.append(f"{where}: ", style="bold")
    text.append(f"{label}：", style=style)
    text.append(terminal_safe(shorten_middle(problem.message, MESSAGE_LIMIT)))
    if problem.source_line is not None and problem.line is not None:
        shown, caret = _line_window(problem.source_line, problem.column)
        gutter = f"{problem.line:>5} | "
        text.append("\n" + gutter, style="dim")
        text.append(shown)
        if caret is not None:
            text.append("\n" + " " * (len(gutter) - 2) + "| ", style="dim")
            text.append(" " * cell_len(shown[:caret]) + "^", style=style)
    return text


def _line_window(line: str, column: int | None) -> tuple[str, int | None]:
    """The offending line as shown (safe; a long one cut around the column), and where the
    caret goes in it."""
    shown = terminal_safe(line.replace("\t", " "))
    spot = None if column is None else min(max(column - 1, 0), len(shown))
    if len(shown) <= LINE_WINDOW:
        return shown, spot
    start = max(0, (spot or 0) - LINE_WINDOW // 2)
    end = start + LINE_WINDOW
    head = "…" if start else ""
    tail = "…" if end < len(shown) else ""
    return head + shown[start:end] + tail, None if spot is None else spot - start + len(head)


def shorten_middle(text: str, limit: int) -> str:
    """Text of at most ``limit`` characters, cut in the middle: the start and the end stay."""
    if len(text) <= limit:
        return text
    keep = limit - 1
    return text[: keep - keep // 3] + "…" + text[len(text) - keep // 3 :]


def print_problems(problems: Iterable[Problem], console: Console) -> None:
    """Every problem with its line and caret."""
    for problem in problems:
        # A long message is left to the terminal to wrap, so the caret stays under its spot.
        console.print(problem_lines(problem), soft_wrap=True)


def print_check(report: CheckReport) -> None:
    """What ``minning check`` found, then a count; on stderr when there are errors."""
    problems = report.problems
    errors = errors_only(problems)
    console = make_console(stderr=bool(errors))
    print_problems(problems, console)
    warnings = len(problems) - len(errors)
    if errors or report.ledger is None:
        console.print(f"发现 {len(errors)} 个错误、{warnings} 个警告。", style="bold red")
    else:
        console.print(
            f"检查通过：{len(report.ledger.tasks)} 项任务、{len(report.ledger.units)} 个单位、"
            f"{report.entries} 条进展记录；{warnings} 个警告。",
            style="green",
        )


# ---------------------------------------------------------------- the table


def deadline_label(task: Task) -> str:
    """The deadline as the table writes it, one line per part, with the date."""
    if task.deadline == ONGOING:
        return "持续推进"
    shown = (task.deadline_text or "").replace("；", "\n")
    return f"{shown}\n({task.deadline})" if shown else str(task.deadline)


def allocation_lines(indicator: Indicator, registry: Registry) -> list[str]:
    """One line per allocation: 区教育局 4人, 十街镇 各25.5万元, 未分配 1人."""
    lines = []
    for allocation in indicator.allocations:
        figure = fmt_measure(allocation.target, indicator.measure, unknown="目标未定")
        if allocation.unit is None:
            lines.append(f"未分配 {figure}")
            lines.append(f"  {allocation.note or '原表未写明单位'}")
            continue
        name = allocation.unit
        if allocation.share == "each":
            count = len(registry.members(registry.canonical_name(name) or name))
            lines.append(f"{name} 各{figure}（{count}个）")
        elif allocation.share == "joint":
            lines.append(f"{name} 共{figure}")
        else:
            lines.append(f"{name} {figure}")
        if allocation.target is None and allocation.target_text:
            lines.append(f"  {allocation.target_text}")
    return lines


def task_breakdown(task: Task, registry: Registry) -> str:
    """What the row measures and how it is split, in a few lines."""
    parts: list[str] = []
    for indicator in task.indicators:
        floor = "以上" if indicator.floor else ""
        target = fmt_measure(indicator.target, indicator.measure, unknown="目标未定")
        parts.append(f"{indicator.name} {target}{floor}")
        parts += ["  " + line for line in allocation_lines(indicator, registry)]
    for pairing in task.pairings:
        parts.append(f"{pairing.unit} ↔ {pairing.partner}")
    for milestone in task.milestones:
        optional = "（自选）" if milestone.optional else ""
        due = f"，{milestone.due}前" if isinstance(milestone.due, dt.date) else ""
        who = f"{'、'.join(milestone.units)}：" if milestone.units else ""
        parts.append(f"事项：{who}{milestone.name}{optional}{due}")
    if task.monthly is not None:
        day = "月底" if task.monthly.due_day == "last" else f"{task.monthly.due_day}日"
        parts.append(
            f"每月{day}前：{task.monthly.name}（{task.monthly.count}{task.monthly.measure}）"
        )
    if not parts:
        parts.append(shorten(task.measure_text, 100))
    return "\n".join(parts)


def cell_text(value: str | None, cells: int = NOTE_CELLS) -> str:
    """File text for a table cell: safe for the terminal before rich measures it, and cut
    to ``cells``."""
    return terminal_safe(shorten(value or "", cells))


def shorten(text: str, cells: int) -> str:
    """Text that fits ``cells`` terminal cells, ending with … when it was cut."""
    # Measuring only what can fit keeps a megabyte of text as quick as a line.
    if len(text) <= cells and cell_len(text) <= cells:
        return text
    out, used = "", cell_len("…")
    for char in text:
        used += cell_len(char)
        if used > cells:
            break
        out += char
    return out + "…"


def period_caption(ledger: Ledger) -> str:
    """The ledger's period: 台账年度 2023 年，起算日 2023-01-01（tasks.yaml 的 ledger.start）."""
    meta = ledger.ledger
    given = "tasks.yaml 的 ledger.start" if meta.start is not None else "未写 start，缺省为1月1日"
    return f"台账年度 {meta.year} 年，起算日 {meta.start_date}（{given}）"


def tasks_table(ledger: Ledger) -> RenderableType:
    """The 分工表 as encoded: a row per task, its deadline and leads whole at any width."""
    from .width import Fitted

    return Fitted(lambda width: tasks_view(ledger, width))


def tasks_view(ledger: Ledger, width: int) -> Table:
    """``tasks_table`` in ``width`` cells: the number, leads and deadline never wrap (a long
    name goes onto a second line where a word ends); the title and breakdown share the rest."""
    from .width import Column, fitted_table, name_text

    registry = Registry(ledger)
    columns = [
        Column("序号", justify="right"),
        Column("任务", grow=1, least=8),
        Column("指标与分解（落实工作措施）", grow=6, least=28),
        Column("牵头单位"),
        Column("完成时限"),
    ]
    rows: list[list[RenderableType] | None] = []
    for task in ledger.tasks:
        leads = Text("\n").join(name_text(lead) for lead in task.leads)
        rows.append(
            [
                Text(str(task.no)),
                Text(task.title),
                Text(task_breakdown(task, registry)),
                leads,
                Text(_deadline_lines(task)),
            ]
        )
    title = f"{ledger.ledger.title}（{len(ledger.tasks)} 项）"
    return fitted_table(
        columns, rows, width, title=title, caption=period_caption(ledger), show_lines=True
    )


def _deadline_lines(task: Task, cells: int = 12) -> str:
    """The deadline in lines of at most ``cells``: 10月底前（选派） as 10月底前 over （选派）."""
    lines = []
    for line in deadline_label(task).split("\n"):
        if cell_len(line) > cells and "（" in line:
            head, _, rest = line.partition("（")
            lines += [head, f"（{rest}"]
        else:
            lines.append(line)
    return "\n".join(lines)


def task_detail(task: Task, ledger: Ledger) -> Group:
    """One row in full: the city's text, Gulou's measure verbatim, and the breakdown."""
    registry = Registry(ledger)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(Text("序号"), Text(str(task.no)))
    grid.add_row(Text("任务"), Text(task.title))
    grid.add_row(Text("省、市下达任务"), Text(task.city_text or "/"))
    grid.add_row(Text("落实工作措施"), Text(task.measure_text))
    grid.add_row(Text("牵头单位"), Text("、".join(task.leads)))
    grid.add_row(Text("完成时限"), Text(deadline_label(task).replace("\n", "  ")))
    for indicator in task.indicators:
        grid.add_row(Text("指标"), Text(_indicator_summary(indicator)))
        grid.add_row(Text(""), Text("\n".join(allocation_lines(indicator, registry))))
        if indicator.city:
            city = "、".join(f"{k} {fmt(v)}" for k, v in indicator.city.items())
            stated = fmt_measure(indicator.city_total, indicator.measure, unknown="原表未写")
            grid.add_row(Text("全市任务"), Text(f"{city}（合计：{stated}）"))
    extra = task_breakdown(replace(task, indicators=()), registry)
    if task.pairings or task.milestones or task.monthly:
        grid.add_row(Text("结对与事项"), Text(extra))
    if task.note:
        grid.add_row(Text("备注"), Text(task.note))
    return Group(grid)


def _indicator_summary(indicator: Indicator) -> str:
    floor = "（以上，达到即完成）" if indicator.floor else ""
    target = fmt_measure(indicator.target, indicator.measure, unknown="目标未定")
    due = f"，{indicator.deadline}前" if isinstance(indicator.deadline, dt.date) else ""
    return f"{indicator.name}：{target}{floor}{due}"


# ---------------------------------------------------------------- the log

_LOG_COLUMNS = (
    ("id", "编号"),
    ("date", "日期"),
    ("unit", "单位"),
    ("task", "任务"),
    ("kind", "类型"),
    ("amount", "数额"),
    ("note", "备注"),
    ("source", "来源"),
    ("by", "记录人"),
    ("recorded_at", "记录时间"),
    ("voided", "已作废"),
    ("void_reason", "作废原因"),
    # Added after the columns scripts already read by position.
    ("start", "派出日期"),
    ("months", "计划月数"),
    ("ref", "返回的选派"),
    ("received", "到位（万元）"),
    ("disbursed", "拨付（万元）"),
    ("used", "使用（万元）"),
)


def log_csv(rows: list[dict[str, Any]]) -> str:
    """Entries as CSV text: Chinese headers and kinds, every field inert (``csv_out``)."""
    from .csv_out import csv_text

    lines = []
    for row in rows:
        values = []
        for key, _ in _LOG_COLUMNS:
            value = row[key]
            if key in ("amount", "received", "disbursed", "used"):
                value = fmt(value, unknown="")
            elif key == "voided":
                value = "是" if value else ""
            elif key == "kind":
                value = RETURN_KIND if value == "done" and row["ref"] else ENTRY_KIND_NAMES[value]
            values.append("" if value is None else str(value))
        lines.append(values)
    return csv_text([header for _, header in _LOG_COLUMNS], lines)
