"""`minning check`: a broken tasks.yaml is pointed at by file, line and column, in Chinese."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app

from .conftest import snapshot


def locate(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of needle."""
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def edit(data_dir: Path, old: str, new: str) -> str:
    path = data_dir / "tasks.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def check_json(runner: CliRunner, data_dir: Path) -> tuple[int, dict[str, list[dict[str, object]]]]:
    before = snapshot(data_dir)
    result = runner.invoke(app, ["--data", str(data_dir), "check", "--format", "json"])
    assert snapshot(data_dir) == before, "check must not write"
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, json.loads(result.stdout)


def error(data_dir: Path, at: tuple[int, int], message: str) -> dict[str, object]:
    line, column = at
    return {"file": str(data_dir / "tasks.yaml"), "line": line, "column": column,
            "severity": "error", "message": message}  # fmt: skip


def test_shipped_table_passes_with_row_4_warning(runner: CliRunner, data_dir: Path) -> None:
    result = runner.invoke(app, ["--data", str(data_dir), "check"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "已分解到单位的合计 5500万元，目标 8000万元，尚有 2500万元未分解" in out
    assert "福州定有福电子商务有限公司：以与区民政局签订的任务数为准" in out
    assert "1人未分配到单位（区社工人才选派1人（原表未写明选派单位））" in out
    assert "检查通过：15 项任务、38 个单位、0 条进展记录；2 个警告。" in out
    code, report = check_json(runner, data_dir)
    assert code == 0 and report["errors"] == []
    assert [w["message"] for w in report["warnings"]] == [
        "任务2“人才选派” 人才选派：1人未分配到单位（区社工人才选派1人（原表未写明选派单位））",
        "任务4“消费帮扶” 消费帮扶：已分解到单位的合计 5500万元，目标 8000万元，尚有 2500万元未分解"
        "（福州定有福电子商务有限公司：以与区民政局签订的任务数为准）",
    ]


# Each case: the text to replace, its replacement, the text whose position the error names,
# and the exact message.
CASES = {
    "duplicated key": (
        "  year: 2023\n", "  year: 2023\n  year: 2024\n", "year: 2024",
        "键“year”重复（第 {first} 行已有）；YAML 只会保留后一个，请删去其一",
    ),
    "wrong type": ("  year: 2023", "  year: 二〇二三", "二〇二三", "year：应为整数，而不是“二〇二三”"),
    "negative target": ("{unit: 区科协, target: 2}", "{unit: 区科协, target: -2}", "-2}",
                        "target：不能为负数（-2）"),
    "impossible date": (
        "    deadline: 2023-11-30", "    deadline: 2023-11-31", "2023-11-31",
        "deadline：完成时限应为日期（如 2023-12-31）或 ongoing（持续推进），而不是“2023-11-31”",
    ),
    "unknown unit in an allocation": (
        "{unit: 区科协, target: 2}", "{unit: 区科学协会, target: 2}", "区科学协会",
        "分解单位“区科学协会”不是已登记的单位（是否指 区科协？）",
    ),
    "unknown unit in a lead list, suggested by pinyin": (
        "    leads: [区人社局]", "    leads: [区人设局]", "区人设局",
        "牵头单位“区人设局”不是已登记的单位（是否指 区人社局？）",
    ),
    "unknown unit in a pairing": (
        "{unit: 安泰街道, partner: 彭堡镇}", "{unit: 安泰街, partner: 彭堡镇}", "安泰街,",
        "结对单位“安泰街”不是已登记的单位（是否指 安泰街道？）",
    ),
    "unknown partner": (
        "partner: 黄铎堡镇和润村}", "partner: 黄铎堡镇和顺村}", "黄铎堡镇和顺村",
        "结对对象“黄铎堡镇和顺村”不在 partners 名单中（是否指 黄铎堡镇、黄铎堡镇和润村、黄铎堡镇丰泽村？）",
    ),
    "duplicated alias": (
        "    aliases: [区科技局]", "    aliases: [区科技局, 区乡村振兴局]", ("[区科技局, 区乡村振兴局]", 7),
        "名称“区乡村振兴局”重复：已用作“区民政局”的别名",
    ),
    # A key of another part of the table is not suggested where it cannot stand (an
    # allocation has no measure; the keys of every model were once offered: 是否指 measure？).
    "key of another part": ("{unit: 区科协, target: 2}", "{unit: 区科协, measure: 2}",
                            ("{unit: 区科协, measure", len("{unit: 区科协, ")),
                            "未知的键“measure”"),
    "misspelt key in an allocation": ("{unit: 区科协, target: 2}", "{unit: 区科协, targt: 2}",
                                      "targt", "未知的键“targt”（是否指 target？）"),
    # pydantic reads true as 1: a whole number refuses it (it read as row 1, year 1).
    "true for a number": ("  year: 2023", "  year: true", ("year: true", 6),
                          "year：应为整数，不能是 true/false"),
    "misspelt key": ("        floor: true\n        deadline: 2023-10-31",
                     "        flor: true\n        deadline: 2023-10-31", "flor",
                     "未知的键“flor”（是否指 floor？）"),
    "group share missing": ("{unit: 十街镇, share: each, target: 800}", "{unit: 十街镇, target: 800}",
                            "十街镇, target: 800",
                            "任务5“产业协作” 招商引资实际到资：分给单位组“十街镇”的任务须写明 share: each"
                            "（每个成员各自承担）或 share: joint（全组共同承担）"),
    "missing field": ("    title: 劳务协作\n", "", "no: 8", "缺少“title”"),
    "bad kind": ("  - name: 区国资中心\n    kind: department", "  - name: 区国资中心\n    kind: 部门",
                 ("kind: 部门", 6), "kind：应为 department、subdistrict、cooperative、company 之一，而不是“部门”"),
    "unclosed bracket": ("    leads: [区商务局, 软件园]\n", "    leads: [区商务局, 软件园\n", "[区商务局, 软件园\n",
                         "方括号或花括号没有闭合"),
    "key without its colon": ("    title: 劳务协作\n", "    title 劳务协作\n", "title 劳务协作",
                              "缺少冒号“:”（每个键后面要有“: ”）"),
    "unknown escape": ("  title: 2023年鼓楼区闽宁协作任务分工表", '  title: "C:\\台账"', "\\台账",
                       "双引号文本中有无效的转义（如需反斜杠请写 \\\\）"),
    "python tag": (
        "  title: 2023年鼓楼区闽宁协作任务分工表",
        '  title: !!python/object/apply:os.system ["touch PWNED"]', "!!python",
        "不支持的 YAML 标签 !!python/object/apply:os.system：为安全起见，文件内容只作为数据读取，从不执行",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_broken_table(runner: CliRunner, data_dir: Path, case: str) -> None:
    old, new, at, message = CASES[case]
    original = (data_dir / "tasks.yaml").read_text(encoding="utf-8")
    text = edit(data_dir, old, new)
    if case == "duplicated key":
        message = message.format(first=locate(text, "year: 2023")[0])
    if isinstance(at, tuple):  # a needle and how far into it the error stands
        line, column = locate(text, at[0])
        position = (line, column + at[1])
    else:
        position = locate(text, at)
    code, report = check_json(runner, data_dir)
    assert code == 1
    assert error(data_dir, position, message) in report["errors"], report["errors"]
    assert not Path("PWNED").exists()
    assert original != text


def test_text_output_shows_line_and_caret(runner: CliRunner, data_dir: Path) -> None:
    text = edit(data_dir, "{unit: 区科协, target: 2}", "{unit: 区科学协会, target: 2}")
    line, column = locate(text, "区科学协会")
    result = runner.invoke(app, ["--data", str(data_dir), "check"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    head = f"{data_dir / 'tasks.yaml'}:{line}:{column}: 错误：分解单位“区科学协会”不是已登记的单位（是否指 区科协？）"
    index = lines.index(head)
    assert lines[index + 1] == f"{line:>5} |           - {{unit: 区科学协会, target: 2}}"
    # The caret sits under the first character, counting Chinese characters as two cells.
    assert lines[index + 2] == "      | " + " " * len("          - {unit: ") + "^"
    assert "发现 1 个错误、" in result.stderr
    assert "Traceback" not in result.output


def test_tab_in_indentation(runner: CliRunner, data_dir: Path) -> None:
    text = edit(data_dir, "  district: 鼓楼区", "\tdistrict: 鼓楼区")
    line, _ = locate(text, "\tdistrict")
    code, report = check_json(runner, data_dir)
    assert code == 1
    assert report["errors"] == [
        error(data_dir, (line, 1), "缩进里有制表符（Tab），YAML 只能用空格缩进；请把 Tab 换成空格")
    ]


def test_bytes_that_are_not_utf8(runner: CliRunner, data_dir: Path) -> None:
    path = data_dir / "tasks.yaml"
    raw = path.read_bytes().replace(
        "  partner: 固原市原州区".encode(), "  partner: 固原市原州区".encode("gbk")
    )
    path.write_bytes(raw)
    line = raw[: raw.index(b"  partner: ")].count(b"\n") + 1
    code, report = check_json(runner, data_dir)
    assert code == 1
    assert report["errors"] == [
        error(data_dir, (line, 12), "文件不是 UTF-8 编码（字节 0xB9 无法识别）；"
              "请用编辑器“另存为 UTF-8”（GBK/GB2312 文件需要转换）")
    ]  # fmt: skip


def test_empty_file(runner: CliRunner, data_dir: Path) -> None:
    (data_dir / "tasks.yaml").write_text("", encoding="utf-8")
    code, report = check_json(runner, data_dir)
    assert code == 1
    assert report["errors"] == [error(data_dir, (1, 1), "文件为空")]


def test_alias_bomb_is_refused_quickly(runner: CliRunner, data_dir: Path) -> None:
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        prev, cur = chr(ord("a") + level - 1), chr(ord("a") + level)
        bomb.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    (data_dir / "tasks.yaml").write_text("\n".join(bomb) + "\n", encoding="utf-8")
    started = time.process_time()  # CPU, not wall time: a guard against a runaway, not a timing
    code, report = check_json(runner, data_dir)
    assert time.process_time() - started < 10
    assert code == 1
    assert report["errors"][0] == error(
        data_dir, (2, 8), "不支持 YAML 别名（*a）：请把内容直接写出"
    )
    assert len(report["errors"]) == 81


def test_every_error_in_one_run(runner: CliRunner, data_dir: Path) -> None:
    edit(data_dir, "{unit: 区科协, target: 2}", "{unit: 区科学协会, target: 2}")
    edit(data_dir, "    leads: [区人社局]", "    leads: [区人设局]")
    code, report = check_json(runner, data_dir)
    assert code == 1
    assert len(report["errors"]) == 2


def test_missing_ledger_says_where_it_looked(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1
    assert "找不到台账文件 tasks.yaml：从当前目录向上查找了" in result.stderr
    assert str(tmp_path / "data") in result.stderr
    result = runner.invoke(app, ["--data", str(tmp_path), "check"])
    assert result.exit_code == 1
    assert f"--data 指定的目录 {tmp_path} 里没有 tasks.yaml" in result.stderr


def test_data_folder_from_environment_and_walking_up(
    runner: CliRunner, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINNING_DATA", str(data_dir))
    assert runner.invoke(app, ["check"]).exit_code == 0
    monkeypatch.delenv("MINNING_DATA")
    nested = data_dir.parent / "notes" / "deeper"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    result = runner.invoke(app, ["check", "--format", "json"])
    assert result.exit_code == 0
    assert "2500万元未分解" in result.stdout


def test_bad_format_is_a_usage_error(runner: CliRunner, data_dir: Path) -> None:
    result = runner.invoke(app, ["--data", str(data_dir), "check", "--format", "xml"])
    assert result.exit_code == 2
    assert "--format" in result.stderr and "xml" in result.stderr  # typer's check, test_formats


def test_progress_files_are_checked(runner: CliRunner, data_dir: Path) -> None:
    month = data_dir / "progress" / "2023-06.yaml"
    block = (
        "- id: 2023-06-12-aaaa01\n  date: 2023-06-12\n  unit: 软件园\n  task: 4\n"
        "  kind: increment\n  amount: 20\n  recorded_at: 2023-06-12 10:00:00+08:00\n"
    )
    month.write_text(block + block.replace("软件园", "软件圆"), encoding="utf-8")
    code, report = check_json(runner, data_dir)
    assert code == 1
    shown = str(month)
    assert report["errors"] == [
        {"file": shown, "line": 8, "column": 7, "severity": "error",
         "message": f"记录编号“2023-06-12-aaaa01”重复：{shown}:1 已有同一编号（可能是合并时重复了，请删去其中一条）"},
    ]  # fmt: skip
    month.write_text(block + block.replace("aaaa01", "aaaa02").replace("软件园", "软件圆"), "utf-8")
    code, report = check_json(runner, data_dir)
    assert [e["message"] for e in report["errors"]] == [
        "单位“软件圆”不是已登记的单位（是否指 软件园？）"
    ]
    assert (report["errors"][0]["line"], report["errors"][0]["column"]) == (10, 9)


def test_progress_entries_must_fit_their_row(runner: CliRunner, data_dir: Path) -> None:
    def entry(n: int, unit: str, task: int, kind: str, extra: str = "") -> str:
        return (
            f"- id: 2023-06-12-bbbb0{n}\n  date: 2023-06-12\n  unit: {unit}\n  task: {task}\n"
            f"  kind: {kind}\n{extra}  recorded_at: 2023-06-12 10:00:00+08:00\n"
        )

    month = data_dir / "progress" / "2023-06.yaml"
    month.write_text(
        entry(1, "区委办", 4, "increment", "  amount: 5\n")
        + entry(2, "软件园", 4, "done")
        + entry(3, "区委办", 1, "done", "  milestone: dinner\n")
        + entry(4, "区委办", 1, "done", "  milestone: meeting\n")
        # The two that `check` passed while `record` refused them and `status` ignored them:
        + entry(5, "区委办", 6, "done")
        + entry(6, "软件园", 4, "activity", "  note: 采购枸杞\n"),
        encoding="utf-8",
    )
    code, report = check_json(runner, data_dir)
    assert code == 1
    assert [(e["line"], e["column"], e["message"]) for e in report["errors"]] == [
        (3, 9, "区委办在任务4“消费帮扶”没有分解任务；有分解任务的单位：区发改局、区商务局、"
               "区财政局、区总工会、区工商联、软件园、鼓东街道、鼓西街道、温泉街道、东街街道、"
               "南街街道、安泰街道、华大街道、水部街道、五凤街道、洪山镇、福州定有福电子商务有限公司"),
        (12, 9, "任务4“消费帮扶”按数字统计，不能标记完成；请给出数额"),
        (19, 14, "区委办在任务1没有事项“dinner”；可选：meeting（召开工作推进会和专题会议研究闽宁协作具体事项）、"
                 "visit（赴宁夏固原市原州区开展工作对接）"),
        (30, 9, "区委办在任务6“结对帮扶”里没有结对；结对单位：南街街道、鼓东街道公正经合社、"
                "五凤街道湖前经合社、安泰街道、温泉街道温泉经合社、福州定有福电子商务有限公司、洪山镇、"
                "洪山镇保福经合社、洪山镇梅峰经合社"),
        (38, 9, "任务4“消费帮扶”按数字统计，不能记活动；请给出数额（万元）"),
    ]  # fmt: skip


def test_control_character_is_located(runner: CliRunner, data_dir: Path) -> None:
    # libyaml refuses it with a byte offset and no line; the error must still say where.
    text = edit(data_dir, "  district: 鼓楼区", "  district: 鼓楼\x1b区")
    code, report = check_json(runner, data_dir)
    assert code == 1
    assert report["errors"] == [
        error(data_dir, locate(text, "\x1b"), "文件里有 YAML 不允许的控制字符（U+001B）；"
              "请删去它，或在双引号文本里写成转义（如 \\x1b）")
    ]  # fmt: skip


def test_integer_too_long_for_python(runner: CliRunner, data_dir: Path) -> None:
    digits = "9" * 5000  # past the 4300 digits Python turns into an int
    text = edit(data_dir, "  year: 2023", f"  year: {digits}")
    code, report = check_json(runner, data_dir)
    assert code == 1
    assert report["errors"] == [
        error(data_dir, locate(text, digits), f"year：应为位数合理的整数，而不是“{digits}”")
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1" + "0" * 12, "target：数字过大：整数部分最多 12 位"),
        ("2.0000001", "target：小数位数过多：最多 6 位"),
    ],
)
def test_figures_stay_within_exact_arithmetic(
    runner: CliRunner, data_dir: Path, written: str, message: str
) -> None:
    # Past these, Decimal's 28 digits would round a sum (or refuse to round a percentage).
    text = edit(data_dir, "{unit: 区科协, target: 2}", f"{{unit: 区科协, target: {written}}}")
    code, report = check_json(runner, data_dir)
    assert code == 1
    assert error(data_dir, locate(text, written), message) in report["errors"]


def test_huge_amount_in_a_progress_file_is_an_error_not_a_crash(
    runner: CliRunner, data_dir: Path
) -> None:
    month = data_dir / "progress" / "2023-06.yaml"
    text = (
        "- {id: 2023-06-12-aaaa01, date: 2023-06-12, unit: 软件园, task: 4, kind: increment, "
        f"amount: {'9' * 60}, recorded_at: '2023-06-12 10:00:00+08:00'}}\n"
        "- {id: 2023-06-12-aaaa02, date: 2023-06-12, unit: 软件园, task: 99999999999999999999, "
        "kind: done, recorded_at: '2023-06-12 10:00:00+08:00'}\n"
    )
    month.write_text(text, encoding="utf-8")
    code, report = check_json(runner, data_dir)
    assert code == 1
    task_line, task_column = locate(text, "task: 9")
    assert [(e["line"], e["column"], e["message"]) for e in report["errors"]] == [
        (*locate(text, "9" * 60), "amount：数字过大：整数部分最多 12 位"),
        (task_line, task_column + len("task: "), "task：不能大于 999"),
    ]
    result = runner.invoke(app, ["--data", str(data_dir), "status", "--as-of", "2023-06-30"])
    assert result.exit_code == 1 and result.exception is not None  # SystemExit, not a crash
    assert isinstance(result.exception, SystemExit)


def test_git_conflict_markers_are_named(runner: CliRunner, data_dir: Path) -> None:
    text = edit(data_dir, "  year: 2023\n",
                "<<<<<<< HEAD\n  year: 2023\n=======\n  year: 2024\n>>>>>>> laptop\n")  # fmt: skip
    code, report = check_json(runner, data_dir)
    assert code == 1
    how = "：请保留正确的内容，删去 <<<<<<<、=======、>>>>>>> 这几行"
    assert report["errors"] == [
        error(data_dir, locate(text, "<<<<<<<"), "这里有 git 合并冲突留下的标记“<<<<<<<”" + how),
        error(data_dir, locate(text, "=======\n"), "这里有 git 合并冲突留下的标记“=======”" + how),
        error(data_dir, locate(text, ">>>>>>>"), "这里有 git 合并冲突留下的标记“>>>>>>>”" + how),
    ]


def test_progress_messages_point_at_what_is_wrong(runner: CliRunner, data_dir: Path) -> None:
    month = data_dir / "progress" / "2023-06.yaml"
    month.write_text("# 说明\n\nentries: []\n", encoding="utf-8")
    code, report = check_json(runner, data_dir)
    assert code == 1
    assert [(e["line"], e["column"], e["message"]) for e in report["errors"]] == [
        (3, 1, "进展文件的顶层应为列表（每条记录以“- ”开头）")  # not the comment on line 1
    ]
    text = (
        "- {id: 2023-06-12-aaaa01, date: 2023-06-12, unit: '', task: 4, kind: increment, "
        "amount: 1, recorded_at: 昨天下午}\n"
    )
    month.write_text(text, encoding="utf-8")
    code, report = check_json(runner, data_dir)
    assert code == 1
    assert [(e["line"], e["column"], e["message"]) for e in report["errors"]] == [
        (*locate(text, "''"), "unit：不能为空"),
        (
            *locate(text, "昨天"),
            "recorded_at：应为日期和时间（如 2023-06-12 10:00:00+08:00），而不是“昨天下午”",
        ),
    ]
