"""The 月报 with issue 13's standings: rows without figures with their status and lead units,
row 2's flagged terms and unpaid subsidy months, in 一、总体进展, 二、存在问题 and 三、下一步.

On the demo ledger, whose entries show every standing (examples/make_demo.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(shutil.copytree(DEMO, tmp_path_factory.mktemp("demo") / "d"))


def made(demo: Path, month: str, as_of: str, *more: str) -> str:
    result = CliRunner().invoke(
        app, ["--data", str(demo), "report", "--month", month, "--as-of", as_of, *more]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def section(out: str, heading: str) -> list[str]:
    """The numbered items of one section."""
    return out.split(f"{heading}\n")[1].split("\n\n")[0].splitlines()


def row_line(out: str, no: int) -> str:
    return next(line for line in section(out, "一、总体进展") if line.startswith(f"{no}. "))


def test_rows_without_figures_stand_with_their_lead_units(demo: Path) -> None:
    out = made(demo, "2023-09", "2023-10-25")
    assert row_line(out, 7).endswith(
        "状态：已完成，9月20日办结：“帮扶项目全部落地，年度工作总结已报”"
        "（牵头单位：区民政局；时限：12月31日）。"
    )
    assert row_line(out, 8).endswith("状态：有进展（牵头单位：区人社局；时限：12月31日）。")
    assert row_line(out, 10) == (
        "10. 推进产业（任务10）：尚无工作记录。"
        "状态：无记录（牵头单位：区商务局、软件园；时限：12月31日）。"
    )
    assert row_line(out, 13).endswith(
        "状态：久无进展，已133天无工作记录（牵头单位：区文体旅局；时限：持续推进）。"
    )
    assert row_line(out, 1).endswith(
        "状态：已完成（牵头单位：区委办、区政府办、区民政局；时限：12月31日）。"
    )


def test_problems_name_overdue_and_quiet_rows(demo: Path) -> None:
    september = section(made(demo, "2023-09", "2023-10-25"), "二、存在问题")
    assert (
        "9. 自选动作（任务13）久无进展：持续推进的任务已133天无工作记录，牵头单位：区文体旅局。"
        in september
    )
    assert (
        "11. 推进产业（任务10）无记录：尚无工作记录（时限12月31日），牵头单位：区商务局、软件园。"
        in september
    )
    # The closed year: rows not closed are overdue, an ongoing row silent all year says so.
    december = section(made(demo, "2023-12", "2024-01-25"), "二、存在问题")
    attention = [line.split(". ", 1)[1] for line in december if "牵头单位" in line]
    assert attention == [
        "劳务协作（任务8）逾期：时限12月31日已过尚未办结，已记录2次工作，牵头单位：区人社局。",
        "拓展产销（任务9）逾期：时限12月31日已过尚未办结，已记录1次工作，牵头单位：区商务局。",
        "推进产业（任务10）逾期：时限12月31日已过尚未办结，尚无工作记录，牵头单位：区商务局、软件园。",
        "典型宣传（任务12）逾期：时限12月31日已过尚未办结，已记录1次工作，"
        "牵头单位：区民政局、区委宣传部、区文体旅局。",
        "自选动作（任务15）全年无记录：持续推进的任务全年没有工作记录，牵头单位：区国资中心。",
        "自选动作（任务13）久无进展：持续推进的任务已225天无工作记录，牵头单位：区文体旅局。",
    ]
    assert not any("脱贫攻坚成果巩固" in line for line in december)  # closed with a note


def test_next_steps_name_rows_due_soon_with_nothing_recorded(demo: Path) -> None:
    wanted = "推进产业（任务10）尚无工作记录，督促区商务局、软件园于12月31日前开展并办结。"
    october = section(made(demo, "2023-10", "2023-11-25"), "三、下一步工作打算")
    assert any(line.endswith(wanted) for line in october)
    # At the end of September the deadline is more than two months away.
    september = section(made(demo, "2023-09", "2023-10-25"), "三、下一步工作打算")
    assert not any("推进产业" in line for line in september)


def test_row_2_terms_and_the_subsidy(demo: Path) -> None:
    out = made(demo, "2023-10", "2023-11-25")
    terms = (
        "选派帮扶时限（应满6个月）需关注：区卫健局2人（4月10日起，计划6个月，8月10日返回，"
        "不足6个月即返回）；区文体旅局1人（5月6日起，计划3个月，计划不足6个月）。"
    )
    line = row_line(out, 2)
    assert terms in line
    assert (
        "发放选派专业技术人员生活补助（参照闽委办〔2018〕36号文件）：截至报告日应完成7个月，"
        "已完成6个月，9月未完成，7月迟于截止日；10月尚未完成（截止10月31日）。"
    ) in line
    problems = [item.split(". ", 1)[1] for item in section(out, "二、存在问题")]
    assert f"人才选派（任务2）{terms}" in problems
    assert (
        "发放选派专业技术人员生活补助（参照闽委办〔2018〕36号文件）（任务2，区财政局）9月未发放。"
        in problems
    )


def test_the_word_document_says_the_same(demo: Path, tmp_path: Path) -> None:
    import docx

    target = tmp_path / "12月月报.docx"
    made(demo, "2023-12", "2024-01-25", "-f", "docx", "-o", str(target))
    body = [p.text for p in docx.Document(str(target)).paragraphs]
    problems = body[body.index("二、存在问题") + 1 : body.index("三、下一步工作打算")]
    assert any(
        p.endswith("推进产业（任务10）逾期：时限12月31日已过尚未办结，尚无工作记录，"
                   "牵头单位：区商务局、软件园。")
        for p in problems
    )  # fmt: skip
    progress = body[body.index("一、总体进展") + 1 : body.index("二、存在问题")]
    assert any("状态：全年无记录（牵头单位：区国资中心；时限：持续推进）" in p for p in progress)
