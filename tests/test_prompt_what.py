"""What ``record``'s interview asks for each kind of row (``cli/prompt_what.py``): every row of
the shipped table walked as a coordinator would, each question pinned in order, so a question
that makes no sense for a row (whether persons sent are a running total) shows up here."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from minning_cli.cli import app

from .conftest import snapshot, spawn_record

Script = list[tuple[str, str]]


def walk(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, script: Script, *args: str
) -> tuple[int, str, list[str]]:
    """Run ``record -i`` answering each question in turn; every question must be the one the
    script expects next. Returns the exit code, the output and the questions asked."""
    asked: list[str] = []
    pending = list(script)

    def answer(question: str) -> str:
        asked.append(question)
        assert pending, f"a question the script did not expect: {question}"
        expected, typed = pending.pop(0)
        assert question.startswith(expected), (question, expected, asked)
        print(question + typed)
        return typed

    monkeypatch.setattr("builtins.input", answer)
    result = CliRunner().invoke(app, ["--data", str(data_dir), "record", "-i", "--by", "测", *args])
    if isinstance(result.exception, AssertionError):  # a question out of turn
        raise result.exception
    assert not pending, (pending, result.stdout, result.stderr)
    return result.exit_code, result.stdout + result.stderr, asked


UNIT, ROW, PICK = "单位（", "任务（", "记哪一项"
DATE, NOTE, OK = "日期（", "备注（可空）：", "确认？"
AMOUNT, TOTAL = "数额（", "这是截至该日的累计数吗？"
FUNDS = ("到位（万元", "拨付（万元", "使用（万元")

# One entry on each row of data/tasks.yaml, as a coordinator on the phone would make it.
ROWS: dict[str, tuple[Script, str]] = {
    "1 meeting": (
        [(UNIT, "区委办"), (ROW, ""), (PICK, "1"), (DATE, "3.1"), (NOTE, ""), (OK, "")],
        "区委办 · 调研对接 召开工作推进会和专题会议研究闽宁协作具体事项 已完成",
    ),
    "2 dispatch": (
        [(UNIT, "区卫健局"), (ROW, "2"), (AMOUNT + "人", "2"), (DATE, "9.1"),
         ("派出日期［2023-09-01］", ""), ("计划月数［6］", ""), (NOTE, ""), (OK, "")],
        "区卫健局 · 人才选派 +2人（2023-09-01 起，计划 6 个月）",
    ),
    "2 subsidy": (
        [(UNIT, "区财政局"), (ROW, "2"), (DATE, "9.30"), (NOTE, ""), (OK, "")],
        "区财政局 · 人才选派 发放选派专业技术人员生活补助（参照闽委办〔2018〕36号文件） 已完成",
    ),
    "3": (
        [(UNIT, "区侨联"), (ROW, ""), (AMOUNT + "万元", "2"), (TOTAL, ""), (DATE, "6.30"),
         (NOTE, ""), (OK, "")],
        "区侨联 · 社会帮扶资金 +2万元 → 累计 2/6万元（33.3%）",
    ),
    "4": (
        [(UNIT, "区总工会"), (ROW, ""), (AMOUNT + "万元", "150"), (TOTAL, "y"), (DATE, "6.30"),
         (NOTE, ""), (OK, "")],
        "区总工会 · 消费帮扶 截至 2023-06-30 累计 150万元",
    ),
    "5": (
        [(UNIT, "区商务局"), (ROW, "5"), (AMOUNT + "万元", "300"), (TOTAL, ""), (DATE, "6.30"),
         (NOTE, ""), (OK, "")],
        "区商务局 · 招商引资实际到资 +300万元 → 累计 300/1000万元（30%）",
    ),
    "6": (
        [(UNIT, "南街街道"), (ROW, "6"), (PICK, ""), (DATE, "5.20"), (NOTE, "协议已签"), (OK, "")],
        "南街街道 · 结对帮扶 与开城镇结对 已完成",
    ),
    "7": (
        [(UNIT, "区民政局"), (ROW, "7"), (PICK, "1"), ("做了什么", "走访搬迁安置区"),
         (DATE, "5.8"), (OK, "")],
        "区民政局 · 脱贫攻坚成果巩固 活动：走访搬迁安置区",
    ),
    "8": (
        [(UNIT, "区人社局"), (ROW, "8"), (PICK, ""), ("做了什么", "招聘会"),
         ("涉及人数（可空）", "30"), (DATE, "4.2"), (OK, "")],
        "区人社局 · 劳务协作 活动：招聘会（30人）",
    ),
    "9 closing": (
        [(UNIT, "区商务局"), (ROW, "9"), (PICK, "2"), ("结项说明", "全年工作总结已报"),
         (DATE, "12.20"), (OK, "")],
        "区商务局 · 拓展产销 结项：全年工作总结已报",
    ),
    "10": (
        [(UNIT, "软件园"), (ROW, "10"), (PICK, "1"), ("做了什么", "企业对接会"), (DATE, "7.7"),
         (OK, "")],
        "软件园 · 推进产业 活动：企业对接会",
    ),
    "11": (
        [(UNIT, "区委统战部"), (ROW, "11"), (PICK, "1"), (FUNDS[0], "120"), (FUNDS[1], ""),
         (FUNDS[2], "80"), (DATE, "6.25"), (NOTE, ""), (OK, "")],
        "区委统战部 · 资金监管 6月资金使用进度月报（到位 120万元、使用 80万元） 已完成",
    ),
    "12": (
        [(UNIT, "区委宣传部"), (ROW, "12"), (PICK, "1"), ("做了什么", "示范村报道"),
         (DATE, "8.8"), (OK, "")],
        "区委宣传部 · 典型宣传 活动：示范村报道",
    ),
    "13": (
        [(UNIT, "区文体旅局"), (ROW, "13"), (PICK, "1"), ("做了什么", "研学活动"),
         (DATE, "8.8"), (OK, "")],
        "区文体旅局 · 自选动作 活动：研学活动",
    ),
    "14": (
        [(UNIT, "区委宣传部"), (ROW, "14"), (PICK, "1"), ("本月篇数（可空，即 1篇）", "2"),
         (DATE, "8.31"), (NOTE, ""), (OK, "")],
        "区委宣传部 · 自选动作 8月家在鼓楼公众号原州区乡村振兴宣传文章 2篇 已完成",
    ),
    "15": (
        [(UNIT, "区国资中心"), (ROW, ""), (PICK, "1"), (DATE, "5.2"), (NOTE, "展示馆"),
         (OK, "")],
        "区国资中心 · 自选动作 安排原州区特色农产品及优质旅游资源展示场所 已完成",
    ),
}  # fmt: skip


@pytest.mark.parametrize("row", list(ROWS))
def test_every_row_asks_only_what_its_entry_needs(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, row: str
) -> None:
    script, recorded = ROWS[row]
    code, out, asked = walk(monkeypatch, data_dir, script)
    assert code == 0, out
    assert "已记录" in out and recorded in out, out
    if row.startswith("2"):  # persons sent on a term, or a subsidy: never a running total
        assert not any(q.startswith(TOTAL) for q in asked)


# ``--done`` typed: what the thing ticked off still needs is asked, nothing else.
DONE: dict[tuple[str, str], tuple[Script, str]] = {
    ("区委办", "1"): (
        [(PICK, "2"), (NOTE, ""), (OK, "")],
        "区委办 · 调研对接 赴宁夏固原市原州区开展工作对接 已完成",
    ),
    ("区财政局", "2"): ([(NOTE, ""), (OK, "")], "生活补助"),
    ("南街街道", "6"): ([(NOTE, ""), (OK, "")], "与开城镇结对 已完成"),
    ("区民政局", "7"): (
        [("结项说明", ""), ("结项说明", "总结已报"), (OK, "")],
        "区民政局 · 脱贫攻坚成果巩固 结项：总结已报",
    ),
    ("区民政局", "11"): (
        [(FUNDS[0], "abc"), (FUNDS[0], "120"), (FUNDS[1], "100"), (FUNDS[2], ""), (NOTE, ""),
         (OK, "")],
        "6月资金使用进度月报（到位 120万元、拨付 100万元） 已完成",
    ),
    ("区委宣传部", "14"): (
        [("本月篇数", "0"), ("本月篇数", "1.5"), ("本月篇数", ""), (NOTE, ""), (OK, "")],
        "6月家在鼓楼公众号原州区乡村振兴宣传文章 已完成",
    ),
    ("区国资中心", "15"): ([(NOTE, ""), (OK, "")], "安排原州区特色农产品及优质旅游资源展示场所"),
}  # fmt: skip


@pytest.mark.parametrize(("unit", "row"), list(DONE))
def test_done_typed_asks_what_the_thing_ticked_off_still_needs(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, unit: str, row: str
) -> None:
    script, recorded = DONE[(unit, row)]
    code, out, _ = walk(monkeypatch, data_dir, script, unit, row, "--done", "--date", "2023-06-25")
    assert code == 0, out
    assert recorded in out, out


def test_what_was_typed_is_not_asked_again(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    # Row 11: --received typed, the two other figures asked; an empty answer leaves one out.
    script = [(FUNDS[1], ""), (FUNDS[2], "80"), (OK, "")]
    args = ("区民政局", "11", "--done", "--received", "120", "-n", "月报", "--date", "2023-06-25")
    code, out, _ = walk(monkeypatch, data_dir, script, *args)
    assert code == 0, out
    assert "6月资金使用进度月报（到位 120万元、使用 80万元） 已完成" in out
    # Row 1: the milestone typed, nothing to pick; row 8: the count typed, the text asked.
    code, out, _ = walk(
        monkeypatch, data_dir, [(NOTE, ""), (OK, "")],
        "区委办", "1", "--done", "--milestone", "visit", "--date", "2023-06-26",
    )  # fmt: skip
    assert code == 0 and "赴宁夏固原市原州区开展工作对接 已完成" in out, out
    script = [("做了什么", "招聘会"), (OK, "")]
    code, out, _ = walk(
        monkeypatch, data_dir, script, "区人社局", "8", "30", "--date", "2023-04-02"
    )
    assert code == 0 and "活动：招聘会（30人）" in out, out
    # A figure row with only --note: the amount is asked, the note kept.
    script = [(AMOUNT, "20"), (TOTAL, ""), (OK, "")]
    code, out, _ = walk(
        monkeypatch, data_dir, script, "软件园", "4", "-n", "采购", "-d", "2023-06-12"
    )
    assert code == 0 and "软件园 · 消费帮扶 +20万元" in out, out
    # A running total of persons sent (row 2 --total) carries no term: none asked.
    script = [(NOTE, ""), (OK, "")]
    code, out, _ = walk(
        monkeypatch, data_dir, script, "区教育局", "2", "3", "--total", "--date", "2023-09-05"
    )
    assert code == 0 and "截至 2023-09-05 累计 3人" in out, out


def test_nothing_fits_what_was_typed_is_said_before_any_question(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    before = snapshot(data_dir)
    code, out, _ = walk(monkeypatch, data_dir, [], "软件园", "3", "--done")
    assert code == 1 and "任务3“资金支持”按数字统计，不能标记完成" in out
    code, out, _ = walk(monkeypatch, data_dir, [], "区委办", "1", "--done", "--milestone", "xx")
    assert code == 1 and "区委办在任务1没有事项“xx”" in out
    # --done on a dispatch row records a return; with no dispatch there is none to pick.
    code, out, _ = walk(monkeypatch, data_dir, [], "区教育局", "2", "--done")
    assert code == 1 and "只用来记选派人员返回" in out
    assert snapshot(data_dir) == before


def test_a_return_is_picked_only_from_dispatches(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    args = ("--date", "2023-09-05", "--yes")
    walk(monkeypatch, data_dir, [(NOTE, ""), (OK, "")], "区教育局", "2", "3", "--total", *args)
    script = [(NOTE, ""), (OK, "")]
    walk(
        monkeypatch,
        data_dir,
        script,
        "区教育局",
        "2",
        "1",
        "--start",
        "9.1",
        "--months",
        "6",
        *args,
    )
    # --done asks which dispatch came back: the running total is none, so one is offered.
    script = [("返回的是哪一次选派［1］", ""), (NOTE, ""), (OK, "")]
    code, out, _ = walk(
        monkeypatch, data_dir, script, "区教育局", "2", "--done", "-d", "2023-12-20"
    )
    assert code == 0, out
    assert "  1. 2023-09-05-" in out and "  2." not in out
    assert "的人员于 2023-12-20 返回" in out


def spawn(data_dir: Path, *args: str, rows: int = 40, columns: int = 80) -> pexpect.spawn:
    return spawn_record(data_dir, *args, rows=rows, columns=columns)


def test_row_11_done_on_a_terminal_asks_the_funds(data_dir: Path) -> None:
    before = snapshot(data_dir)
    child = spawn(data_dir, "区民政局", "11", "--done", "-i", "--by", "终端")
    child.expect("到位（万元，截至报告时累计，可空）：")
    child.sendline("一百二十万")
    child.expect("拨付（万元")
    child.sendline("-3")
    child.expect("是负数")
    child.expect("拨付（万元")
    child.sendline("")  # optional: left out
    child.expect("使用（万元")
    child.sendcontrol("c")
    child.expect("已取消")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 and snapshot(data_dir) == before
    child = spawn(data_dir, "区民政局", "11", "--done", "--paid", "100", "-i", "--by", "终端")
    child.expect("到位（万元")
    child.sendline("120")
    child.expect("使用（万元")  # 拨付 was typed: not asked
    assert "拨付" not in child.before
    child.sendline("80")
    child.expect("日期（")
    child.sendline("6月25日")
    child.expect("备注（可空）：")
    child.sendline("")
    child.expect("将记录：区民政局 · 资金监管 6月资金使用进度月报（到位 120万元、拨付 100万元、")
    child.expect("确认？［Y/n］：")
    child.sendline("")
    child.expect("已记录 2023-06-25-")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    written = "".join(p.read_text("utf-8") for p in (data_dir / "progress").glob("*.yaml"))
    assert "received: 120, disbursed: 100, used: 80" in written


def test_a_narrow_window_wraps_rows_between_names_and_completion_never_pages(
    data_dir: Path,
) -> None:
    child = spawn(data_dir, rows=12, columns=60)
    child.expect("单位（名称、别名或拼音首字母，Tab 补全）：")
    child.send("\t\t")  # every unit listed at once: no "--More--" pager on a short window
    child.expect("单位（名称、别名或拼音首字母，Tab 补全）：")
    assert "More" not in child.before and "possibilities" not in child.before
    assert "鼓西街道" in child.before
    child.sendline("区民政局")
    child.expect("任务（序号或名称）：")
    listed = child.before.replace("\r", "")
    assert "区民政局的任务：1 调研对接　7 脱贫攻坚成果巩固　11 资金监管\n" in listed
    assert "\n                12 典型宣传\n" in listed
    child.sendeof()
    child.expect("已取消")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
