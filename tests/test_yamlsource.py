"""The YAML reader: every syntax error is located and said in Chinese."""

from __future__ import annotations

import pytest

from minning_cli.text.yamlsource import parse


@pytest.mark.parametrize(
    ("text", "at", "message"),
    [
        ("a: !区 x\n", (1, 5), "YAML 标签（以 ! 开头）写法不对；文本以 ! 开头时请用引号括起"),
        ("a: !<foo x\n", (1, 9), "YAML 标签（以 ! 开头）写法不对；文本以 ! 开头时请用引号括起"),
        ("!!# 说明\na: 1\n", (1, 3), "YAML 标签（以 ! 开头）写法不对；文本以 ! 开头时请用引号括起"),
        ("%TAG !x! tag:x,1:\n---\na: !y!b c\n", (3, 4),
         "YAML 标签（以 ! 开头）写法不对；文本以 ! 开头时请用引号括起"),
        ("a: &区 x\n", (1, 5), "锚点（以 & 开头）写法不对；文本以 & 或 * 开头时请用引号括起"),
        ("a: *\n", (1, 5), "别名（以 * 开头）写法不对；文本以 & 或 * 开头时请用引号括起"),
        ("%FOO\n---\na: 1\n", (1, 5), "以 % 开头的行是 YAML 指令，这里写法不对；文本以 % 开头时请用引号括起"),
        ("%YAML 2.0\n---\na: 1\n", (1, 1), "不支持这个 YAML 版本（%YAML 指令）；请删去这一行"),
        ("a: |0\n  x\n", (1, 5), "多行文本标记（| 或 >）后面只能跟 +、- 或 1 到 9 的数字"),
        ('a: "\\xZZ"\n', (1, 7), "双引号文本中的 \\x、\\u 转义后面应是十六进制数字"),
        ('a: "\\uD800"\n', (1, 7), "双引号文本中的 \\u 转义不是有效的字符"),
        ("a: 1\n...\nb: 2\n", (3, 1), "这里有多余的内容：多出的括号，或文档结束标记“...”之后还有内容"),
        ("{a: 1}}\n", (1, 7), "这里有多余的内容：多出的括号，或文档结束标记“...”之后还有内容"),
        ("a: [1, 2\nb: 3\n", (1, 4), "方括号或花括号没有闭合"),
        ('a: "abc\n', (1, 4), "引号没有闭合"),
        ("a:\n  - x\n  title 结对帮扶\n  b: x\n", (3, 3), "缺少冒号“:”（每个键后面要有“: ”）"),
        ("a: - b\n", (1, 4), "这里不能出现列表项“- ”（缩进不对，或前面的键已有值）"),
        ("a: ? b\n", (1, 4), "这里不能出现“? ”开头的键（文本以 ? 开头时请用引号括起）"),
        # NEL and the Unicode separators end a line for YAML, not for an editor.
        ("# 说明\u2028续\na: 1\n", (1, 5), "这里有编辑器里看不见的换行符（U+2028），YAML 会在这里换行；"
         "请删去它（文本里需要换行时用双引号和 \\n）"),
        ("a: 1\nb: x\x85y\n", (2, 5), "这里有编辑器里看不见的换行符（U+0085），YAML 会在这里换行；"
         "请删去它（文本里需要换行时用双引号和 \\n）"),
        ("a:\n\tb: 1\n", (2, 1), "缩进里有制表符（Tab），YAML 只能用空格缩进；请把 Tab 换成空格"),
        ("a: " + "[" * 1001 + "]" * 1001 + "\n", (1, 1003),
         "括号或缩进嵌套太深（超过 1000 层）：台账只需要几层"),
        ("a: " + "[" * 600 + "]" * 600 + "\n", (1, 104),
         "括号或缩进嵌套太深（超过 100 层）：台账只需要几层"),
        ("a: &x 1\nb: *x\n", (2, 4), "不支持 YAML 别名（*x）：请把内容直接写出"),
        ("a: &x 1\nb: 2\n", (1, 4), "不支持 YAML 锚点（&x）：请删去它；文本以 & 开头时请用引号括起"),
        ("a: 1\rb: x: y\r", (2, 5), "这里不能出现冒号“: ”（文本中含冒号时请用引号括起）"),
    ],
)  # fmt: skip
def test_yaml_errors_in_chinese_where_they_are(
    text: str, at: tuple[int, int], message: str
) -> None:
    parsed = parse(text, "t.yaml")
    assert parsed.data is None
    assert [(p.line, p.column, p.message) for p in parsed.problems] == [(*at, message)]


def test_marks_count_lines_and_characters_as_editors_do() -> None:
    # A written \u2029 (an escape, not the character) and a character beyond the BMP.
    parsed = parse('# 说明\na: [x, 😀, "\\u2029", y]\r\nb: {c: 1}\rd: 2\n', "t.yaml")
    assert parsed.problems == []
    assert parsed.data["a"][2] == "\u2029"
    assert parsed.source.values[("a", 3)] == (2, 21)
    assert parsed.source.values[("b", "c")] == (3, 8)
    assert parsed.source.values[("d",)] == (4, 4)
    assert parsed.source.line_text(3) == "b: {c: 1}"


@pytest.mark.parametrize("blank", ["\t", " \t ", "\t\t"])
def test_a_line_of_only_tabs_and_spaces_is_blank(blank: str) -> None:
    # Valid YAML that libyaml stumbles on ("while scanning a plain scalar").
    for text in (
        f"a: x\n{blank}\nb: 1\n",
        f"a: x\r\n{blank}\r\nb: 1\r\n",
        f"- {{a: x}}\n{blank}\n",
    ):
        parsed = parse(text, "t.yaml")
        assert parsed.problems == [], text
    assert parse(f"a: x\n{blank}\nb: 1\n", "t.yaml").data == {"a": "x", "b": 1}


def test_a_tab_that_is_content_is_no_indentation_problem() -> None:
    # A tab after the indentation of a quoted scalar's second line (yaml-test-suite 4ZYM).
    assert parse("a: 'x\n  \ty'\n", "t.yaml").data == {"a": "x y"}
