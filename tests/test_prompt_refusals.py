"""What ``record`` refuses, and when: a number typed as ① or ², a unit or group with nothing
to record, a start of a dispatch outside what record accepts, flags that no entry fits, zero
persons sent. Refused as soon as it is known (the interview asks again or stops before its
first question), with record's own Chinese message, never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.cli.prompts import Session, recording_completions
from minning_cli.ledger.kinds import Rows
from minning_cli.ledger.load import load_book
from minning_cli.text.errors import MinningError
from minning_cli.writing.importer import _months

from .conftest import snapshot


def run(data_dir: Path, *args: str, answers: list[str] | None = None) -> tuple[int, str]:
    typed = "\n".join(answers) + "\n" if answers is not None else None
    result = CliRunner().invoke(app, ["--data", str(data_dir), *args], input=typed)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout + result.stderr


def progress(data_dir: Path) -> str:
    return "".join(p.read_text("utf-8") for p in sorted((data_dir / "progress").glob("*.yaml")))


@pytest.mark.parametrize("typed", ["①", "²", "③④"])
def test_a_row_typed_as_a_circled_or_superscript_digit_is_said_not_a_traceback(
    data_dir: Path, typed: str
) -> None:
    before = snapshot(data_dir)
    code, out = run(data_dir, "record", "区委办", typed, "--done", "--date", "2023-03-01")
    assert code == 1 and "Traceback" not in out
    assert f"“{typed}”不是序号：请用数字写，如 4；序号为 1–15" in out
    assert snapshot(data_dir) == before
    code, out = run(data_dir, "tasks", typed)
    assert code == 2 and f"没有序号为“{typed}”的任务；序号为 1–15" in out
    # Full-width digits still name a row, as int() reads them.
    code, out = run(data_dir, "record", "区教育局", "２", "1", "--date", "2023-03-01")
    assert code == 0 and "区教育局 · 人才选派 +1人" in out


def test_a_circled_or_superscript_digit_is_asked_again_in_the_interview(data_dir: Path) -> None:
    args = ("record", "-i", "--by", "测", "区教育局", "2")
    # The amount, the date, the start (default), months ² then 6, no note, yes.
    code, out = run(data_dir, *args, answers=["2", "2023-09-05", "", "²", "6", "", "y"])
    assert code == 0, out
    assert "计划月数应是 1–120 之间的整数；请重新输入" in out
    assert "start: 2023-09-05, months: 6" in progress(data_dir)
    # Now a dispatch to return: the choice ① then 2, the dispatch ² then 1.
    answers = ["①", "2", "²", "1", "2023-12-20", "", "y"]
    code, out = run(data_dir, *args, answers=answers)
    assert code == 0, out
    assert "请输入 1–2 中的一个数字；请重新输入" in out
    assert "请输入 1–1 中的一个数字；请重新输入" in out
    assert "kind: done, ref: 2023-09-05-" in progress(data_dir)


def test_an_imported_term_of_circled_months_is_refused_with_the_column() -> None:
    with pytest.raises(MinningError, match="“计划月数”一栏应为 1 到 120 的整数，而不是“②”"):
        _months("②")
    assert _months("６") == 6


def test_a_unit_or_group_with_nothing_to_record_is_refused_at_the_unit_question(
    data_dir: Path,
) -> None:
    refused = ["区委组织部", "十街镇", "区慈善总会"]
    answers = [*refused, "鼓东街道", "4", "20", "", "2023-03-01", "", "y"]
    code, out = run(data_dir, "record", "-i", "--by", "测", answers=answers)
    assert code == 0, out
    assert (
        "区委组织部没有可以记录进展的任务：区委组织部在任务2“人才选派”没有分解任务；"
        "有分解任务的单位：区教育局、区卫健局、区文体旅局、区城管局；请重新输入"
    ) in out
    assert (
        "十街镇是单位组，进展记在其中每个单位名下；请写其中一个单位：鼓东街道、鼓西街道、"
        "温泉街道、东街街道、南街街道、安泰街道、华大街道、水部街道、五凤街道、洪山镇；请重新输入"
    ) in out
    assert "区慈善总会没有可以记录进展的任务：区慈善总会在任务3“资金支持”没有分解任务" in out
    assert out.count("任务（序号或名称）") == 1  # no row of theirs was ever listed
    assert "unit: 鼓东街道, task: 4" in progress(data_dir)
    # Named on the command line: refused before the first question.
    before = snapshot(data_dir)
    code, out = run(data_dir, "record", "-i", "十街镇", answers=[])
    assert code == 1 and "请写其中一个单位：鼓东街道" in out and "任务（" not in out
    assert snapshot(data_dir) == before


def test_completion_offers_only_units_that_can_record(data_dir: Path) -> None:
    book = load_book(data_dir)
    complete = recording_completions(Session(book, Rows(book.ledger), dt.date(2023, 7, 1)))
    assert complete("十街") == [] and complete("sjz") == []
    assert complete("区委组") == [] and complete("区慈") == []
    assert "鼓东街道" in complete("gd")


def test_a_dispatch_start_record_would_refuse_is_asked_again(data_dir: Path) -> None:
    starts = ["2023-09-10", "2022-12-01", "9.1"]
    answers = ["2", "2023-09-05", *starts, "", "", "y"]
    code, out = run(data_dir, "record", "-i", "--by", "测", "区教育局", "2", answers=answers)
    assert code == 0, out
    assert (
        "派出日期 2023-09-10 晚于这条记录的日期 2023-09-05：请在派出后按派出那天记录"
        "（--date 2023-09-10）；请重新输入"
    ) in out
    assert "派出日期 2022-12-01 不在台账年度 2023 年内；请重新输入" in out
    assert "kind: increment, amount: 2, start: 2023-09-01, months: 6" in progress(data_dir)


CLASHES = {
    "区人社局 8 5 --done": "任务8“劳务协作”结项只记说明，不带数额",
    "区人社局 8 --total 5": "任务8“劳务协作”没有数字指标，不能用 --total",
    "区委宣传部 14 2 --total --done": "--done 与 --total 不能同时使用",
    "区委办 1 3 --done --milestone meeting": "具体事项”只记完成，不带数额",
    "区卫健局 2 3 --done": "任务2“人才选派”的“完成”只用来记选派人员返回",
    "区委办 1 --milestone xyz": "区委办在任务1没有事项“xyz”；可选：meeting",
}


@pytest.mark.parametrize("typed", CLASHES)
def test_flags_no_entry_fits_are_refused_before_the_first_question(
    data_dir: Path, typed: str
) -> None:
    # 区卫健局 has a dispatch, so a return is among its choices (it takes no amount either).
    code, out = run(data_dir, "record", "区卫健局", "2", "1", "--date", "2023-02-01")
    assert code == 0, out
    before = snapshot(data_dir)
    code, out = run(data_dir, "record", "-i", *typed.split(), answers=["1"] * 8)
    assert code == 1 and CLASHES[typed] in out
    assert "：" not in out.split("错误")[0]  # nothing asked before the refusal
    assert snapshot(data_dir) == before


def test_a_typed_milestone_narrows_the_choice_to_it(data_dir: Path) -> None:
    code, out = run(
        data_dir, "record", "-i", "--by", "测", "区委办", "1", "--milestone", "visit",
        answers=["2023-03-01", "", "y"],
    )  # fmt: skip
    assert code == 0, out
    assert "记哪一项" not in out and "1. " not in out
    assert "赴宁夏固原市原州区开展工作对接 已完成" in out
    assert "kind: done, milestone: visit" in progress(data_dir)


def test_zero_persons_sent_is_refused_on_the_command_line_and_in_the_interview(
    data_dir: Path,
) -> None:
    before = snapshot(data_dir)
    said = "任务2“人才选派”的选派人数至少为 1；没有派出就不必记录"
    code, out = run(data_dir, "record", "区教育局", "2", "0", "--date", "2023-03-01")
    assert code == 1 and said in out
    code, out = run(data_dir, "record", "-i", "区教育局", "2", "0人", answers=["1"] * 6)
    assert code == 1 and said in out and "日期（" not in out  # before the first question
    assert snapshot(data_dir) == before
    answers = ["0", "1", "2023-03-01", "", "", "", "y"]
    code, out = run(data_dir, "record", "-i", "--by", "测", "区教育局", "2", answers=answers)
    assert code == 0 and f"{said}；请重新输入" in out
    assert "kind: increment, amount: 1, start: 2023-03-01" in progress(data_dir)
    # A running total of 0 persons says where things stand: still taken.
    code, out = run(data_dir, "record", "区卫健局", "2", "0", "--total", "--date", "2023-03-01")
    assert code == 0, out


def test_zero_at_the_optional_count_is_asked_again(data_dir: Path) -> None:
    answers = ["1", "招聘会", "0", "", "2023-03-01", "", "y"]
    code, out = run(data_dir, "record", "-i", "--by", "测", "区人社局", "8", answers=answers)
    assert code == 0, out
    assert "涉及人数不能为 0；没有就直接回车留空；请重新输入" in out
    written = progress(data_dir)
    assert "note: 招聘会" in written and "amount" not in written


def test_an_old_zero_person_dispatch_is_a_located_warning_and_counts_nowhere(
    data_dir: Path,
) -> None:
    (data_dir / "progress" / "2023-03.yaml").write_text(
        "- {id: 2023-03-01-zero01, date: 2023-03-01, unit: 区教育局, task: 2, kind: increment,"
        " amount: 0, start: 2023-03-01, months: 6, source: 电话, by: 测,"
        " recorded_at: '2023-03-01T10:00:00+08:00'}\n",
        encoding="utf-8",
    )
    code, out = run(data_dir, "check")
    assert code == 0, out
    assert "2023-03.yaml:1:" in out and "选派人数为 0：这条记录不算一次选派" in out
    code, out = run(data_dir, "status", "区教育局", "--as-of", "2023-12-31", "--format", "json")
    assert code == 0 and '"terms": []' in out  # listed among the entries, as no term
    # Nobody came back from it: not offered as a return, refused when named.
    code, out = run(data_dir, "record", "-i", "区教育局", "2", "--done", answers=["1"] * 6)
    assert code == 1 and "返回的是哪一次选派" not in out
    code, out = run(
        data_dir, "record", "区教育局", "2", "--return", "2023-03-01-zero01",
        "--date", "2023-06-01",
    )  # fmt: skip
    assert code == 1 and "选派记录 2023-03-01-zero01 的人数为 0，不算一次选派，无需记录返回" in out


def test_off_a_terminal_only_what_is_missing_is_said(data_dir: Path) -> None:
    code, out = run(data_dir, "record", "软件园")
    assert code == 2 and "单位和任务" not in out
    assert (
        "缺少参数：任务（序号或名称），如 minning record 软件园 3 20；"
        "软件园的任务：3 资金支持　4 消费帮扶　5 产业协作　10 推进产业；"
        "在终端上运行（或加 -i）会逐项询问"
    ) in out
    code, out = run(data_dir, "record", "十街镇")
    assert code == 1 and "请写其中一个单位：鼓东街道" in out
    code, out = run(data_dir, "record")
    assert code == 2 and "缺少参数：单位和任务，如 minning record 软件园 4 20万" in out


def test_a_milestone_without_done_is_refused_on_the_command_line(data_dir: Path) -> None:
    """Typed in full, ``--milestone`` without ``--done`` was recorded as an activity with the
    milestone dropped; the interview takes it as the milestone done. Now both say what it is."""
    before = snapshot(data_dir)
    args = [
        "record",
        "区委办",
        "1",
        "--milestone",
        "meeting",
        "--note",
        "x",
        "--date",
        "2023-03-01",
    ]
    code, out = run(data_dir, *args)
    assert code == 2
    assert "--milestone 只用于标记事项完成，请同时加 --done" in out
    assert "minning record 区委办 1 --done --milestone meeting" in out
    assert snapshot(data_dir) == before
    code, out = run(data_dir, *args, "--done")
    assert code == 0 and "已完成" in out


def test_an_activity_counting_zero_is_refused_and_an_old_one_still_reads(data_dir: Path) -> None:
    before = snapshot(data_dir)
    args = ["record", "区人社局", "8", "0", "--note", "招聘会", "--date", "2023-04-02"]
    code, out = run(data_dir, *args)
    assert code == 1 and "活动涉及人数为 0：不涉及人数就不写数额，只写做了什么" in out
    assert snapshot(data_dir) == before
    code, out = run(data_dir, *[a if a != "0" else "30" for a in args])
    assert code == 0, out
    month = data_dir / "progress" / "2023-04.yaml"
    month.write_text(month.read_text("utf-8").replace("amount: 30", "amount: 0"), "utf-8")
    code, out = run(data_dir, "check")  # an early interview wrote these: read, with a warning
    assert code == 0 and "检查通过" in out, out
    assert "2023-04.yaml:" in out and "活动涉及人数为 0：不涉及人数就不必写数额" in out
