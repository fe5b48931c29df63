"""The YAML reader: every syntax error is located and said in Chinese."""

from __future__ import annotations

import pytest

from minning_cli.yamlsource import parse


@pytest.mark.parametrize(
    ("text", "at", "message"),
    [
        ("a: !区 x\n", (1, 5), "YAML 标签（以 ! 开头）写法不对；文本以 ! 开头时请用引号括起"),
        ("a: !<foo x\n", (1, 9), "YAML 标签（以 ! 开头）写法不对；文本以 ! 开头时请用引号括起"),
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
    ],
)  # fmt: skip
def test_yaml_errors_in_chinese_where_they_are(
    text: str, at: tuple[int, int], message: str
) -> None:
    parsed = parse(text, "t.yaml")
    assert parsed.data is None
    assert [(p.line, p.column, p.message) for p in parsed.problems] == [(*at, message)]
