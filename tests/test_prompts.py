"""`minning record` as a conversation (issue 14): through a real pseudo-terminal, and CliRunner."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.cli.prompts import Asker, Session, _date, unit_completions
from minning_cli.ledger.kinds import Rows
from minning_cli.ledger.load import load_book
from minning_cli.ledger.names import Registry

from .conftest import SHIPPED, snapshot
from .conftest import spawn_record as spawn


def progress(data_dir: Path) -> str:
    return "".join(p.read_text("utf-8") for p in sorted((data_dir / "progress").glob("*.yaml")))


def test_a_whole_entry_on_a_terminal_with_a_wrong_answer_asked_again(data_dir: Path) -> None:
    child = spawn(data_dir, "--by", "终端")
    child.expect("单位（名称、别名或拼音首字母，Tab 补全）：")
    child.sendline("xyz")
    child.expect("没有叫“xyz”的单位；请重新输入")
    child.expect("单位（")
    child.send("rj\t")  # Tab completes the initials to the name
    child.expect("软件园")
    child.sendline("")
    child.expect("软件园的任务：3 资金支持　4 消费帮扶　5 产业协作　10 推进产业")
    child.sendline("9")
    child.expect("软件园不参与任务9“拓展产销”")
    child.sendline("消费")
    child.expect("数额（万元")
    child.sendline("二十万")
    child.expect("这是截至该日的累计数吗？［y/N］：")
    child.sendline("")
    child.expect("日期（如 2023-09-05、9月5日）：")  # today is not in 2023: no default
    child.sendline("2023-09-31")
    child.expect("日期“2023-09-31”无效：2023 年 9 月只有 30 天；请重新输入")
    child.sendline("9月28日")
    child.expect("备注（可空）：")
    child.sendline("园区企业采购")
    child.expect("将记录：软件园 · 消费帮扶 \\+20万元 → 累计 20/200万元（10%）")
    child.expect("确认？［Y/n］：")
    child.sendline("")
    child.expect("已记录 2023-09-28-")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    written = progress(data_dir)
    assert "unit: 软件园, task: 4, kind: increment, amount: 20, note: 园区企业采购" in written
    assert "by: 终端" in written


def test_ctrl_c_and_ctrl_d_write_nothing(data_dir: Path) -> None:
    before = snapshot(data_dir)
    child = spawn(data_dir)
    child.expect("单位（")
    child.sendline("南街街道")
    child.expect("任务（序号或名称）")
    child.sendcontrol("c")
    child.expect("已取消")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    child = spawn(data_dir, "南街街道", "6", "--done")
    child.expect("日期（")
    child.sendline("2023-05-20")
    child.expect("备注（可空）：")
    child.sendeof()
    child.expect("已取消")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert snapshot(data_dir) == before


def test_a_slip_on_a_terminal_is_asked_about(data_dir: Path) -> None:
    before = snapshot(data_dir)
    child = spawn(data_dir, "鼓东街道", "3", "120000", "--date", "2023-09-28")
    child.expect("超过目标的 3 倍")
    child.expect("仍要记录吗？［y/N］：")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1 and snapshot(data_dir) == before
    child = spawn(data_dir, "鼓东街道", "3", "120000", "--date", "2023-09-28")
    child.expect("仍要记录吗？")
    child.sendline("是")
    child.expect("已记录")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and "amount: 120000" in progress(data_dir)


def test_an_interview_ending_in_a_slip_asks_once(data_dir: Path) -> None:
    """The entry is shown, then what looks like a slip, and one question (default no): not
    "仍要记录吗？" and then "确认？" again."""
    before = snapshot(data_dir)
    answers = ["鼓东街道", "3", "120000", "", "2023-09-28", ""]
    code, out, _ = ask(data_dir, [*answers, ""], "--by", "测")
    shown = out.index("将记录：鼓东街道 · 社会帮扶资金 +120000万元")
    assert (
        shown
        < out.index("请核对：")
        < out.index("超过目标的 3 倍")
        < out.index("仍要记录吗？［y/N］")
    )
    assert "确认？" not in out
    assert code == 1 and snapshot(data_dir) == before
    code, out, _ = ask(data_dir, [*answers, "y"], "--by", "测")
    assert code == 0 and out.count("？［") == 2  # 累计数吗 and 仍要记录吗, nothing more
    assert "已记录 2023-09-28-" in out and "amount: 120000" in progress(data_dir)


def ask(data_dir: Path, answers: list[str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app, ["--data", str(data_dir), "record", "-i", *args], input="\n".join(answers) + "\n"
    )
    return result.exit_code, result.stdout, result.stderr


def test_only_the_units_rows_and_what_the_row_needs(data_dir: Path) -> None:
    answers = ["jyj", "", "1", "2023-09-05", "", "", "", "y"]
    code, out, err = ask(data_dir, answers, "--by", "测")
    assert code == 0, err
    assert "派出日期［2023-09-05］：" in out and "计划月数［6］：" in out
    assert "区教育局的任务：2 人才选派" in out  # the unit's only row, offered as the default
    assert "任务（序号或名称）［2］：" in out
    assert "已记录 2023-09-05-" in out and "区教育局 · 人才选派 +1人" in out
    # A row with things to tick off offers them first; the answer picks one.
    code, out, err = ask(data_dir, ["区委办", "1", "2", "3.1", "", "y"], "--by", "测")
    assert code == 0, err
    assert "1. 召开工作推进会和专题会议研究闽宁协作具体事项 完成" in out
    assert "2. 赴宁夏固原市原州区开展工作对接 完成" in out
    assert "3. 一次活动（写明做了什么）" in out
    assert "调研对接" in out and "已记录 2023-03-01-" in out
    # An activity asks what was done, and a count in the row's measure.
    code, out, err = ask(data_dir, ["区人社局", "8", "", "", "招聘会", "30", "9.1", "", "y"])
    assert code == 0, err
    assert "做了什么：  做了什么不能为空；请重新输入" in out
    assert "（30人）" in out


def test_wrong_answers_are_asked_again_and_no_means_nothing_written(data_dir: Path) -> None:
    before = snapshot(data_dir)
    answers = ["软件园", "4", "abc", "-5", "20", "maybe", "n", "2024-01-01", "6月1日", "", "n"]
    code, out, _ = ask(data_dir, answers)
    assert "无法识别的金额“abc”" in out and "是负数" in out
    assert "请回答 y（是）或 n（否）" in out
    assert "日期 2024-01-01 不在台账年度 2023 年内；请重新输入" in out
    assert code == 1 and snapshot(data_dir) == before


def test_off_a_terminal_without_i_missing_arguments_are_an_error(data_dir: Path) -> None:
    result = CliRunner().invoke(app, ["--data", str(data_dir), "record"])
    assert result.exit_code == 2
    assert "缺少参数：单位和任务" in result.stderr and "逐项询问" in result.stderr


def test_the_date_defaults_to_today_inside_the_ledger_year(monkeypatch: pytest.MonkeyPatch) -> None:
    book = load_book(SHIPPED)
    answers = iter(["", "2023-07-02"])
    monkeypatch.setattr("builtins.input", lambda prompt: print(prompt) or next(answers))
    inside = Session(book, Rows(book.ledger), dt.date(2023, 7, 1))
    assert _date(Asker(), inside) == dt.date(2023, 7, 1)
    outside = Session(book, Rows(book.ledger), dt.date(2024, 1, 3))
    assert _date(Asker(), outside) == dt.date(2023, 7, 2)  # no default: the empty answer is refused


def test_completion_by_name_alias_and_pinyin() -> None:
    complete = unit_completions(Registry(load_book(SHIPPED).ledger))
    assert complete("rj") == ["软件园"]
    assert complete("区乡村") == ["区民政局"]  # an alias completes to the canonical name
    assert complete("jyj") == ["区教育局"]
    assert set(complete("hs")) >= {"洪山镇"}


def test_a_dispatch_its_term_and_its_return_on_a_terminal(data_dir: Path) -> None:
    child = spawn(data_dir, "区教育局", "2", "-i", "--by", "终端")
    child.expect("数额（人")  # no dispatch yet: no return to offer, nothing to pick
    assert "选派人员返回" not in child.before
    child.sendline("2")
    child.expect("日期（")  # persons sent on a term: never asked whether it is a running total
    assert "累计" not in child.before
    child.sendline("2023-09-05")
    child.expect("派出日期［2023-09-05］：")
    child.sendline("2023-09-01")
    child.expect("计划月数［6］：")
    child.sendline("200")
    child.expect("计划月数应是 1–120 之间的整数；请重新输入")
    child.sendline("3")
    child.expect("备注（可空）：")
    child.sendline("两名教师")
    child.expect("将记录：区教育局 · 人才选派 \\+2人（2023-09-01 起，计划 3 个月）")
    child.expect("确认？")
    child.sendline("")
    child.expect("已记录 (2023-09-05-[0-9a-z]+)")
    dispatch = child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "kind: increment, amount: 2, start: 2023-09-01, months: 3" in progress(data_dir)
    child = spawn(data_dir, "区教育局", "2", "-i", "--by", "终端")
    child.expect("1. 一次选派（人、派出日期、计划月数）")
    child.expect("2. 选派人员返回")
    child.expect("记哪一项")
    child.sendline("2")
    child.expect(f"1. {dispatch} 2人 派出 2023-09-01 计划3个月 两名教师")
    child.expect("返回的是哪一次选派［1］：")
    child.sendline("3")
    child.expect("请输入 1–1 中的一个数字；请重新输入")
    child.sendline("1")
    child.expect("日期（")
    child.sendline("2023-12-20")
    child.expect("备注（可空）：")
    child.sendline("")
    child.expect(f"将记录：区教育局 · 人才选派 选派记录 {dispatch} 的人员于 2023-12-20 返回")
    child.sendline("y")
    child.expect("已记录 2023-12-20-")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert f"kind: done, ref: {dispatch}" in progress(data_dir)


def test_row_11_asks_for_the_funds_checked_as_typed(data_dir: Path) -> None:
    answers = ["区民政局", "11", "1", "120", "abc", "100", "", "2023-06-25", "月报", "y"]
    code, out, err = ask(data_dir, answers, "--by", "测")
    assert code == 0, err
    assert "记哪一项［1］：到位（万元，截至报告时累计，可空）：" in out
    assert "无法识别的金额“abc”" in out and "使用（万元" in out
    assert (
        "将记录：区民政局 · 资金监管 6月资金使用进度月报（到位 120万元、拨付 100万元） 已完成"
        in out
    )
    assert "received: 120, disbursed: 100, note: 月报" in progress(data_dir)
