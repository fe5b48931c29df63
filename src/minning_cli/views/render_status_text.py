"""``minning status`` as plain text: the overview's rows, CSV and Markdown (no rich).

Apart from ``render_status`` so that ``--format csv`` and ``--format markdown`` (and the
monthly report, which borrows ``month_ranges``) never import rich.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

from ..figures.status import AllocationStatus, MilestoneStatus, StatusReport
from ..ledger.model import Ledger, Unit
from ..text.amounts import fmt
from .labels import STATUS_LABELS, UNIT_KIND_LABELS

GROUP_ORDER = ("department", "subdistrict", "cooperative", "company")


def pct(value: Decimal | None) -> str:
    """12.5%, or — without a target."""
    return "—" if value is None else f"{fmt(value)}%"


def short_name(unit: Unit) -> str:
    """A long company name by its first alias, so the overview fits 100 columns."""
    if len(unit.name) > 9 and unit.aliases:
        return unit.aliases[0]
    return unit.name


def figure_rows(ledger: Ledger) -> tuple[int, ...]:
    """The rows with figures, one column each in the overview (2–5 in the shipped table)."""
    return tuple(task.no for task in ledger.tasks if task.indicators)


def overview_rows(report: StatusReport, ledger: Ledger) -> list[tuple[str, str, list[object]]]:
    """(group label, unit label, [allocation or None per figure row, pairing or None]) per unit."""
    by_unit: dict[str | None, dict[int, AllocationStatus]] = {}
    for allocation in report.allocations:
        by_unit.setdefault(allocation.unit, {})[allocation.task] = allocation
    pairings = {m.unit: m for m in report.milestones if m.partner is not None}
    rows: list[tuple[str, str, list[object]]] = []
    for kind in GROUP_ORDER:
        label = "十街镇" if kind == "subdistrict" else UNIT_KIND_LABELS[kind]
        for unit in ledger.units:
            if unit.kind != kind or (unit.name not in by_unit and unit.name not in pairings):
                continue
            figures: list[object] = [
                by_unit.get(unit.name, {}).get(no) for no in figure_rows(ledger)
            ]
            rows.append((label, short_name(unit), [*figures, pairings.get(unit.name)]))
    for group in ledger.groups:  # shares given to a group jointly
        if group.name in by_unit:
            figures = [by_unit[group.name].get(no) for no in figure_rows(ledger)]
            rows.append(("单位组（共同承担）", group.name, [*figures, None]))
    if None in by_unit:
        figures = [by_unit[None].get(no) for no in figure_rows(ledger)]
        rows.append(("未分配", "（原表未写明单位）", [*figures, None]))
    return rows


def figure_headers(ledger: Ledger) -> list[str]:
    """Each figure row's column header: its title, then its measure on a second line."""
    headers = []
    for no in figure_rows(ledger):
        task = ledger.task(no)
        headers.append(f"{task.title}\n（{task.indicators[0].measure}）")
    return headers


def month_ranges(months: Sequence[int]) -> str:
    """1, 2, 3, 5 → 1—3月、5月."""
    spans: list[list[int]] = []
    for month in months:
        if spans and month == spans[-1][-1] + 1:
            spans[-1].append(month)
        else:
            spans.append([month])
    return "、".join(
        f"{s[0]}—{s[-1]}月" if len(s) > 2 else "、".join(f"{m}月" for m in s) for s in spans
    )


def month_list(months: Sequence[str]) -> str:
    """Months as ``YYYY-MM``: 1—3月、5月 within one year; with the year when they span years
    (2023年11—12月、2024年1月)."""
    years = sorted({month[:4] for month in months})
    if len(years) <= 1:
        return month_ranges([int(month[5:]) for month in months])
    return "、".join(
        f"{year}年"
        + month_ranges([int(m[5:]) for m in months if m[:4] == year]).replace("、", f"、{year}年")
        for year in years
    )


# ---------------------------------------------------------------- CSV and Markdown


def overview_table_rows(report: StatusReport, ledger: Ledger) -> tuple[list[str], list[list[str]]]:
    """The overview as plain strings: headers, then a row per unit, then the totals; each
    figure with its status in words, as on the terminal."""
    headers = ["分组", "单位"]
    for header in figure_headers(ledger):
        header = header.replace("\n", "")
        headers += [f"{header}完成", f"{header}目标", f"{header}完成率", f"{header}状态"]
    headers += ["结对"]
    rows = []
    for group, name, cells in overview_rows(report, ledger):
        row = [group, name]
        for item in cells[:-1]:
            if isinstance(item, AllocationStatus):
                row += [fmt(item.actual), fmt(item.target, unknown=""), pct(item.percent)]
                row.append(STATUS_LABELS[item.status])
            else:
                row += ["", "", "", ""]
        pairing = cells[-1]
        if isinstance(pairing, MilestoneStatus):
            row.append(
                f"已结对 {pairing.done_on}" if pairing.done else STATUS_LABELS[pairing.status]
            )
        else:
            row.append("")
        rows.append(row)
    totals = ["", "全区合计"]
    for no in figure_rows(ledger):
        total = next(t for t in report.tasks if t.no == no)
        totals += [fmt(total.actual), fmt(total.target), pct(total.percent)]
        totals.append(STATUS_LABELS[total.status] if total.status is not None else "")
    pairings = [m for m in report.milestones if m.partner is not None]
    totals.append(f"{sum(1 for m in pairings if m.done)}/{len(pairings)}")
    rows.append(totals)
    return headers, rows


def overview_csv(report: StatusReport, ledger: Ledger) -> str:
    """The overview as CSV for a spreadsheet."""
    headers, rows = overview_table_rows(report, ledger)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue()


def overview_markdown(report: StatusReport, ledger: Ledger) -> str:
    """The overview as a Markdown table, for pasting into a document."""
    headers, rows = overview_table_rows(report, ledger)
    keep = (
        [0, 1]
        + [i for i, h in enumerate(headers) if h.endswith(("完成", "完成率", "状态"))]
        + [len(headers) - 1]
    )
    lines = [f"## {ledger.ledger.title} 完成情况（截至 {report.as_of}）", ""]
    lines.append("| " + " | ".join(headers[i] for i in keep) + " |")
    lines.append("|" + "|".join("---" for _ in keep) + "|")
    for row in rows:
        lines.append("| " + " | ".join(row[i].replace("|", "\\|") for i in keep) + " |")
    return "\n".join(lines) + "\n"
