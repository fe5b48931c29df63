"""`minning report`: the 月报 as data, as text for WeChat, as Markdown and as a Word document."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.figures.report import month_report
from minning_cli.ledger.load import load_book
from minning_cli.text.errors import MinningError
from minning_cli.views import render_report
from minning_cli.views.docx_report import report_docx as render_report_docx
from minning_cli.views.report_sections import report_document
from minning_cli.writing.record import Request, record_entry, void_entry

from .conftest import FIXTURES, numbered_ids

D = dt.date
NOW = dt.datetime(2023, 7, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
GOLDEN = FIXTURES / "report"


def build_half_year(data_dir: Path) -> None:
    """Entries on the shipped table from January to June 2023, with fixed ids and clock."""

    def rec(unit: str, task: str, amount: str | None, day: dt.date, **kw: Any) -> str:
        request = Request(unit=unit, task=task, amount=amount, date=day, by="测试员", **kw)
        return record_entry(data_dir, request, today=D(2023, 7, 1), now=NOW).entry.id

    rec("区委办", "1", None, D(2023, 3, 1), done=True, milestone="meeting")
    rec("区教育局", "2", "2人", D(2023, 3, 15))
    rec("区教育局", "2", "4", D(2023, 6, 10), total=True, note="第二批2名教师到岗")
    rec("区卫健局", "2", "1", D(2023, 6, 20))
    rec("软件园", "3", "10", D(2023, 4, 2))
    rec("软件园", "3", "25", D(2023, 6, 28), total=True)
    rec("鼓东街道", "3", "5.5万", D(2023, 6, 5))
    rec("区商务局", "4", "300", D(2023, 5, 31), total=True)
    rec("区商务局", "4", "420", D(2023, 6, 30), total=True, source="微信")
    wrong = rec("软件园", "4", "20万", D(2023, 6, 12), note="园区企业采购枸杞")
    rec("软件园", "4", "50", D(2023, 6, 30), total=True)
    rec("洪山镇", "4", "123500元", D(2023, 6, 18))
    rec("区总工会", "4", "650", D(2023, 6, 15), total=True, note="工会会员节日慰问品")
    rec("区商务局", "5", "0.05亿", D(2023, 6, 22), note="宁夏枸杞加工项目首期到资")
    rec("安泰街道", "6", None, D(2023, 4, 10), done=True)
    rec("南街街道", "6", None, D(2023, 6, 2), done=True, note="结对协议已签")
    for day in (D(2023, 1, 25), D(2023, 2, 24), D(2023, 4, 27), D(2023, 5, 25), D(2023, 6, 25)):
        rec("区民政局", "11", None, day, done=True)
    rec("区委宣传部", "14", "1篇", D(2023, 6, 28), done=True)
    rec("区人社局", "8", "30人", D(2023, 6, 3), note="劳务协作招聘会")
    rec("区商务局", "9", None, D(2023, 6, 16), note="组织企业参加宁夏特色农产品展销会")
    rec("区文体旅局", "13", None, D(2023, 6, 21), note="原州区文旅研学团 *首站* | 鼓楼")
    void_entry(data_dir, wrong, "与6月30日累计数重复", by="测试员", now=NOW)


@pytest.fixture
def half_year(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped table with half a year of entries."""
    numbered_ids(monkeypatch, "r")
    build_half_year(data_dir)
    return data_dir


def report(runner: CliRunner, data: Path, *args: str) -> tuple[int, str, str]:
    """``minning report`` made on 1 July 2023 (the fixture's clock) unless ``--as-of`` says."""
    made = [] if "--as-of" in args else ["--as-of", "2023-07-01"]
    result = runner.invoke(app, ["--data", str(data), "report", *made, *args])
    return result.exit_code, result.stdout, result.stderr


def status_json(runner: CliRunner, data: Path, day: str) -> dict[str, Any]:
    result = runner.invoke(app, ["--data", str(data), "status", "--as-of", day, "-f", "json"])
    assert result.exit_code == 0, result.output
    data_: dict[str, Any] = json.loads(result.stdout)
    return data_


# ---------------------------------------------------------------- golden files


@pytest.mark.parametrize(("form", "suffix"), [("text", "txt"), ("markdown", "md")])
def test_golden_report(runner: CliRunner, half_year: Path, form: str, suffix: str) -> None:
    code, out, err = report(runner, half_year, "--month", "2023-06", "--format", form)
    assert code == 0, err
    assert out == (GOLDEN / f"2023-06.{suffix}").read_text(encoding="utf-8")


def test_text_form_has_no_markup(runner: CliRunner, half_year: Path) -> None:
    out = report(runner, half_year, "--month", "2023-06")[1]
    assert not any(line.startswith(("|", "#", "- ")) for line in out.splitlines())
    assert "原州区文旅研学团 *首站* | 鼓楼" in out  # a note as written


def test_markdown_has_no_tables_and_escapes_notes(runner: CliRunner, half_year: Path) -> None:
    out = report(runner, half_year, "--month", "2023-06", "-f", "markdown")[1]
    assert "原州区文旅研学团 \\*首站\\* \\| 鼓楼" in out
    assert not any(line.startswith("|") for line in out.splitlines())  # pasted into Word: no pipes
    assert "\n## 一、总体进展\n" in out and "\n## 二、存在问题\n" in out


# ---------------------------------------------------------------- 一、总体进展


def test_every_row_of_the_table(runner: CliRunner, half_year: Path) -> None:
    out = report(runner, half_year, "--month", "2023-06")[1]
    progress = out.split("一、总体进展\n")[1].split("\n\n")[0].splitlines()[1:]
    assert [line.split("（任务")[1].split("）")[0] for line in progress] == [
        str(no) for no in range(1, 16)
    ]
    # 时序进度 as a percentage and the gap in 百分点, never "应完成X万元".
    assert progress[2].startswith(
        "3. 资金支持（任务3）：社会帮扶资金完成30.5万元，目标300万元，完成率10.2%；"
        "时序进度49.5%，落后39.3个百分点。"
    )
    # Persons are due at the deadline (issue 13's pacing): no 时序进度 before it.
    assert progress[1].startswith(
        "2. 人才选派（任务2）：完成5人，目标11人，完成率45.5%；须于10月31日前完成，尚差6人。"
    )
    # A row without figures, by what was done.
    assert progress[7] == (
        "8. 劳务协作（任务8）：本月开展：6月3日，区人社局：劳务协作招聘会（30人）。"
        "全年共记录1次，累计30人。状态：有进展（牵头单位：区人社局；时限：12月31日）。"
    )
    assert progress[6] == (
        "7. 脱贫攻坚成果巩固（任务7）：尚无工作记录。"
        "状态：无记录（牵头单位：区民政局；时限：12月31日）。"
    )
    # A one-off item says who did it.
    assert progress[0].startswith("1. 调研对接（任务1）：区委办已于3月1日完成")


def test_headlines_equal_status_json(runner: CliRunner, half_year: Path) -> None:
    status = status_json(runner, half_year, "2023-06-30")
    code, out, _ = report(runner, half_year, "--month", "2023-06", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2023-06-30" and data["made_on"] == "2023-07-01"
    assert data["title"] == "鼓楼区闽宁协作工作月报（2023年6月）"
    tasks = {t["no"]: t for t in status["tasks"]}
    for headline in data["headlines"]:
        task = tasks[headline["task"]]
        assert (headline["target"], headline["actual"], headline["percent"]) == (
            task["target"], task["actual"], task["percent"])  # fmt: skip
        pace = Decimal(str(task["expected"])) * 100 / Decimal(str(task["target"]))
        assert Decimal(str(headline["pace"])) == pace.quantize(Decimal("0.1"), ROUND_HALF_UP)
        assert Decimal(str(headline["gap"])) == Decimal(str(task["percent"])) - Decimal(
            str(headline["pace"])
        )
    assert [h["task"] for h in data["headlines"]] == [2, 3, 4, 5]
    assert [h["gain"] for h in data["headlines"]] == [3, 20.5, 832.35, 500]
    assert len(data["rows"]) == 15


def test_what_the_month_added(half_year: Path) -> None:
    june = month_report(load_book(half_year), 2023, 6, today=D(2023, 12, 31))
    gains = {(g.task, g.unit): g.gain for g in june.gains}
    # 软件园's voided 20 does not count; its total of 50 is the month's whole gain. 区商务局's
    # total went from 300 (May) to 420: the month added 120, not 420.
    assert gains[(4, "软件园")] == 50 and gains[(4, "区商务局")] == 120
    assert gains[(2, "区教育局")] == 2 and gains[(3, "鼓东街道")] == Decimal("5.5")
    assert (4, "区发改局") not in gains
    assert [(m.unit, m.name) for m in june.milestones] == [("南街街道", "结对开城镇")]
    assert [a.unit for a in june.activities] == ["区人社局", "区商务局", "区文体旅局"]


# ---------------------------------------------------------------- 二、存在问题


def test_behind_lists_the_biggest_gap_first_and_names_units_only(half_year: Path) -> None:
    june = month_report(load_book(half_year), 2023, 6, today=D(2023, 12, 31))
    row4 = next(r for r in june.behind if r.task == 4)
    assert [s.unit for s in row4.shares] == ["区工商联", "鼓东街道", "鼓西街道"]
    assert row4.more == 11
    # A share the table names no unit for (row 2's 社工人才) has no one to be behind.
    assert None not in [s.unit for r in june.behind for s in r.shares]


def test_problems_quote_the_units_own_words(runner: CliRunner, half_year: Path) -> None:
    out = report(runner, half_year, "--month", "2023-08", "--as-of", "2023-09-01")[1]
    problems = out.split("二、存在问题\n")[1].split("\n\n")[0]
    assert "1. 资金支持进度滞后：完成率10.2%，时序进度66.5%，落后56.3个百分点。" in problems
    assert "鼓西街道完成0万元，目标25.5万元，完成率0%，按时序进度应完成16.95万元；全年尚未报数" in (
        problems
    )
    assert "人才选派进度滞后" not in problems  # persons are due at the deadline, 10-31
    assert "资金使用进度月报（任务11）3月、7月、8月未报送。" in problems
    assert (
        "脱贫攻坚成果巩固（任务7）无记录：尚无工作记录（时限12月31日），牵头单位：区民政局。"
        in problems
    )


def test_after_a_deadline(runner: CliRunner, half_year: Path) -> None:
    out = report(runner, half_year, "--month", "2023年12月", "--as-of", "2024-01-05")[1]
    assert (
        "2. 人才选派（任务2）：完成5人，目标11人，完成率45.5%；时限10月31日已过，尚差6人。" in out
    )
    assert (
        "人才选派逾期未完成（时限10月31日）：区卫健局完成1人，目标4人，完成率25%，时限10月31日已过"
    ) in out
    assert "原表未写明单位的部分尚差1人。" in out
    assert "洪山镇梅峰经合社与黄铎堡镇丰泽村结对尚未完成（时限11月30日" in out
    # As of the year's last day the year is closed: its deadlines have passed.
    assert (
        "社会帮扶资金完成30.5万元，目标300万元，完成率10.2%；时限12月31日已过，尚差269.5万元。"
        in out
    )
    assert "资金使用进度月报（任务11）3月、7—12月未报送。" in out


# ---------------------------------------------------------------- 三、下一步工作打算


def test_next_steps_from_deadlines_and_calls(runner: CliRunner, half_year: Path) -> None:
    out = report(runner, half_year, "--month", "2023-09", "--as-of", "2023-10-01")[1]
    steps = out.split("三、下一步工作打算\n")[1].split("\n\n")[0].splitlines()
    assert steps[0] == (
        "1. 人才选派尚差6人，确保10月31日前完成，督促区卫健局、区文体旅局、区城管局。"
    )
    assert steps[1].startswith("2. 结对帮扶：鼓东街道公正经合社结对开城镇冯庄村、")
    assert steps[1].endswith("，确保11月30日前完成。")
    assert any(s.split(". ", 1)[1].startswith("联系") for s in steps)


# ---------------------------------------------------------------- 更正说明


def _made(data_dir: Path, month: int, day: dt.date) -> str:
    return render_report.report_text(month_report(load_book(data_dir), 2023, month, day))


def test_a_void_after_the_month_was_reported(half_year: Path) -> None:
    """June's report is due 25 July; an entry of June voided on 1 August is a correction
    July's report (made 25 August) states, and the figures add up."""
    before = _made(half_year, 7, D(2023, 8, 25))
    assert "更正说明" not in before
    june_sent = _made(half_year, 6, D(2023, 7, 25))
    book = load_book(half_year)
    wrong = next(e for e in book.entries if e.unit == "洪山镇" and e.task == 4)
    later = dt.datetime(2023, 8, 1, 10, 0, tzinfo=NOW.tzinfo)
    void_entry(half_year, wrong.id, "洪山镇来电：该笔系重复报数", by="测试员", now=later)
    after = _made(half_year, 7, D(2023, 8, 25))
    corrections = after.split("四、更正说明\n")[1].split("\n\n")[0].splitlines()
    assert corrections == [
        "以下记录在有关月份月报报送后才录入或作废，特此更正：",
        "1. 6月18日洪山镇消费帮扶新增12.35万元一条记录于8月1日作废，"
        "原因：“洪山镇来电：该笔系重复报数”。",
        "2. 据此，6月末消费帮扶由1132.35万元更正为1120万元。",
    ]
    # As sent: June said 1132.35; July now says 1120 with nothing new in July.
    assert "消费帮扶（任务4）：完成1132.35万元" in june_sent
    assert "消费帮扶（任务4）：完成1120万元" in after and "本月无新增" in after
    # Made again as of a day before the void, a report says what it said then.
    assert _made(half_year, 7, D(2023, 7, 31)) == _made(half_year, 7, D(2023, 7, 31))
    assert _made(half_year, 6, D(2023, 7, 25)) == june_sent
    # A void recorded before the month's report was due is no correction.
    assert "更正说明" not in _made(half_year, 8, D(2023, 9, 25))


def test_a_late_entry_is_a_correction(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    numbered_ids(monkeypatch, "k")
    in_use = Request(unit="区教育局", task="2", amount="1", date=D(2023, 5, 5), by="测试员")
    record_entry(data_dir, in_use, today=D(2023, 5, 5), now=NOW.replace(month=5, day=5))
    request = Request(unit="区城管局", task="2", amount="1", date=D(2023, 5, 20), by="测试员",
                      note="补报5月选派")  # fmt: skip
    late = dt.datetime(2023, 7, 2, 9, 0, tzinfo=NOW.tzinfo)
    record_entry(data_dir, request, today=D(2023, 7, 2), now=late)
    june = month_report(load_book(data_dir), 2023, 6, D(2023, 7, 25))
    (correction,) = june.corrections
    assert (correction.kind, correction.month, correction.due) == (
        "late",
        "2023-05",
        D(2023, 6, 25),
    )
    assert [(r.month, r.task, r.reported, r.now) for r in june.revisions] == [("2023-05", 2, 1, 2)]
    text = render_report.report_text(june)
    assert (
        "5月20日区城管局人才选派新增1人一条记录于7月2日补记（5月月报报送后），说明：“补报5月选派”。"
        in text
    )


def test_a_total_that_went_down_keeps_its_reason(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbered_ids(monkeypatch, "d")
    for amount, day, note in (
        ("300", D(2023, 5, 31), None),
        ("280", D(2023, 6, 30), "核减重复统计"),
    ):
        request = Request(unit="区商务局", task="4", amount=amount, date=day, total=True,
                          by="测试员", note=note)  # fmt: skip
        record_entry(data_dir, request, today=D(2023, 7, 1), now=NOW)
    text = render_report.report_text(month_report(load_book(data_dir), 2023, 6, D(2023, 7, 1)))
    assert (
        "本月减少20万元（有单位核减了累计数）。其中：区商务局核减20万元（单位说明：“核减重复统计”）。"
        in text
    )


# ---------------------------------------------------------------- the sender, Word


def test_sender_from_tasks_yaml(runner: CliRunner, half_year: Path) -> None:
    tasks = half_year / "tasks.yaml"
    old = "report:\n  unit: 鼓楼区民政局\n  contact: {person: ~, phone: ~}\n"
    new = "report:\n  unit: 鼓楼区民政局\n  contact: {person: 林某, phone: 0591-1234}\n"
    text = tasks.read_text(encoding="utf-8")
    assert text.count(old) == 1
    text = text.replace(old, new)
    tasks.write_text(text, encoding="utf-8")
    out = report(runner, half_year, "--month", "2023-06")[1]
    assert out.endswith(
        "\n\n报送单位：鼓楼区民政局\n联系人：林某　联系电话：0591-1234\n报送日期：2023年7月1日\n"
    )


def test_word_document(runner: CliRunner, half_year: Path, tmp_path: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    book = load_book(half_year)
    wrong = next(e for e in book.entries if e.unit == "洪山镇" and e.task == 4)
    later = dt.datetime(2023, 8, 1, 10, 0, tzinfo=NOW.tzinfo)
    void_entry(half_year, wrong.id, "重复报数", by="测试员", now=later)
    target = tmp_path / "7月月报.docx"
    args = ("--month", "2023-07", "--as-of", "2023-08-25", "-f", "docx", "-o", str(target))
    code, _, err = report(runner, half_year, *args)
    assert code == 0, err
    first = target.read_bytes()
    document = docx.Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体进展", "二、存在问题", "三、下一步工作打算", "四、更正说明"]
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles == ["鼓楼区闽宁协作工作月报（2023年7月）"]
    body = [p.text for p in document.paragraphs]
    start = body.index("一、总体进展") + 2  # the heading, then its lead paragraph
    assert [t.split("（任务")[1].split("）")[0] for t in body[start : start + 15]] == [
        str(no) for no in range(1, 16)
    ]
    assert any("原因：“重复报数”" in t for t in body)
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    heading_fonts = document.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading_fonts.get(qn("w:eastAsia")) == "黑体"
    assert document.core_properties.author == "minning"
    # The sender keeps with the last paragraph of the text: never alone on a page.
    paragraphs = document.paragraphs
    sender = next(i for i, p in enumerate(paragraphs) if p.style.name == "Sender")
    assert paragraphs[sender - 2].text.startswith("2．据此，6月末消费帮扶")  # the text's last
    assert [p.paragraph_format.keep_with_next for p in paragraphs[sender - 2 :]] == [
        True, True, True, True, False,
    ]  # fmt: skip
    # The same ledger, month and as-of: the same bytes (minning's own file is replaced).
    assert report(runner, half_year, *args)[0] == 0
    assert target.read_bytes() == first


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-f", "docx"], 2, "错误：--format docx 须用 -o 指定要写的文件，如 -o 9月月报.docx"),
        (["-f", "docx", "-o", "x.txt"], 2, "错误：Word 月报的文件名应以 .docx 结尾，而不是“x.txt”"),
    ],
)  # fmt: skip
def test_word_needs_a_docx_file(
    runner: CliRunner, half_year: Path, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    args = [a if a != "x.txt" else str(tmp_path / "x.txt") for a in args]
    result = report(runner, half_year, "--month", "2023-06", *args)
    assert result[0] == code
    assert result[2].splitlines()[0] == message.replace("x.txt", "x.txt")
    assert list(tmp_path.iterdir()) == [half_year]


def test_output_file_is_not_overwritten_without_force(
    runner: CliRunner, half_year: Path, tmp_path: Path
) -> None:
    target = tmp_path / "月报.txt"
    target.write_text("别人的文件", encoding="utf-8")
    code, _, err = report(runner, half_year, "--month", "2023-06", "-o", str(target))
    assert code == 1 and "已存在" in err
    assert target.read_text(encoding="utf-8") == "别人的文件"
    code, _, err = report(runner, half_year, "--month", "2023-06", "-o", str(target), "--force")
    assert code == 0, err
    assert target.read_text(encoding="utf-8") == (GOLDEN / "2023-06.txt").read_text(
        encoding="utf-8"
    )


# ---------------------------------------------------------------- other months


def test_a_running_month_stops_at_today(half_year: Path) -> None:
    june = month_report(load_book(half_year), 2023, 6, today=D(2023, 6, 20))
    assert june.as_of == D(2023, 6, 20)
    row11 = next(r for r in report_document(june).sections[0].items if "（任务11）" in r)
    assert row11.endswith("6月尚未完成（截止6月25日）。")
    with pytest.raises(MinningError, match="2023年7月还没有开始"):
        month_report(load_book(half_year), 2023, 7, today=D(2023, 6, 20))


def test_an_empty_ledger(runner: CliRunner, data_dir: Path) -> None:
    code, out, _ = report(runner, data_dir, "--month", "2023-01", "--as-of", "2023-02-01")
    assert code == 0
    assert "资金使用进度月报（任务11）1月未报送。" in out
    assert "更正说明" not in out


# ---------------------------------------------------------------- mistakes


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--month", "2023-13"], 2, "错误：--month 的月份“2023-13”无效：请写成 2023-06"),
        (["--month", "六月"], 2, "错误：--month 的月份“六月”无效：请写成 2023-06"),
        (["--month", "2024-01"], 1, "错误：月份 2024-01 不在台账年度 2023 年内：请用 --month 指定，如 --month 2023-06"),
    ],
)  # fmt: skip
def test_mistakes(
    runner: CliRunner, data_dir: Path, args: list[str], code: int, message: str
) -> None:
    result = report(runner, data_dir, *args)
    assert result[0] == code
    lines = result[2].strip().splitlines()
    assert lines[0] == message
    # A command-line mistake comes with the usage line; a request the ledger refuses does not.
    usage = ["用法：minning report [选项]", "用 minning report --help 查看用法和示例。"]
    assert lines[1:] == (usage if code == 2 else [])


def test_through_a_real_process(half_year: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "minning_cli", "--data", str(half_year), "report", "--month",
         "2023-06", "--as-of", "2023-07-01"],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == (GOLDEN / "2023-06.txt").read_text(encoding="utf-8")


def test_readme_shows_the_golden_report() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    sample = (GOLDEN / "2023-06.txt").read_text(encoding="utf-8")
    assert f"```text\n{sample}```\n" in readme


def test_row_11_funds_in_the_report(runner: CliRunner, tmp_path: Path) -> None:
    demo = shutil.copytree(
        Path(__file__).resolve().parent.parent / "examples" / "demo", tmp_path / "d"
    )
    out = report(runner, demo, "--month", "2023-09", "--as-of", "2023-10-25")[1]
    row = next(line for line in out.splitlines() if line.startswith("11. "))
    assert row.endswith(
        "9月已于9月24日按时完成；截至9月资金到位560万元、拨付480万元、使用410万元，使用率73.2%。"
    )
    # August's report was missed: July's figures are the latest in August's report.
    august = report(runner, demo, "--month", "2023-08", "--as-of", "2023-09-25")[1]
    assert "；截至7月资金到位420万元、拨付400万元、使用330万元，使用率78.6%。" in august


def test_a_correction_recorded_in_a_later_year_says_its_year(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry of 2 September 2023 typed in on 30 November 2026: October's report says it
    was recorded on 2026年11月30日, never a bare 11月30日 (which reads as 2023), in every form."""
    import io

    import docx

    numbered_ids(monkeypatch, "y")
    in_use = Request(unit="区教育局", task="2", amount="1", date=D(2023, 5, 5), by="测试员")
    record_entry(data_dir, in_use, today=D(2023, 5, 5), now=NOW.replace(month=5, day=5))
    late = Request(unit="区教育局", task="2", amount="2", date=D(2023, 9, 2), by="测试员")
    today = dt.datetime(2026, 11, 30, 9, 0, tzinfo=NOW.tzinfo)
    record_entry(data_dir, late, today=D(2026, 11, 30), now=today)
    october = month_report(load_book(data_dir), 2023, 10, D(2026, 11, 30))
    said = "9月2日区教育局人才选派新增2人一条记录于2026年11月30日补记（9月月报报送后）。"
    assert said in render_report.report_text(october)
    assert said in render_report.report_markdown(october)
    word = docx.Document(io.BytesIO(render_report_docx(october)))
    assert any(said in p.text for p in word.paragraphs)
    # A day in the report's own year still goes without it.
    same_year = Request(unit="区教育局", task="2", amount="1", date=D(2023, 9, 3), by="测试员")
    record_entry(data_dir, same_year, today=D(2023, 10, 30), now=NOW.replace(month=10, day=30))
    text = render_report.report_text(month_report(load_book(data_dir), 2023, 10, D(2023, 10, 31)))
    assert "9月3日区教育局人才选派新增1人一条记录于10月30日补记" in text
