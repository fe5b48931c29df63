"""PyYAML's and libyaml's English messages, in the words a coordinator reads.

Looked up by ``yamlsource`` in order: the first English fragment found in a scanner or
parser error gives its Chinese.
"""

from __future__ import annotations

# PyYAML's English scanner and parser messages, in the words a coordinator reads.
YAML_MESSAGES = (
    (
        "found character '\\t' that cannot start any token",
        "这里有制表符（Tab），YAML 只能用空格缩进",
    ),
    ("mapping values are not allowed", "这里不能出现冒号“: ”（文本中含冒号时请用引号括起）"),
    (
        "block sequence entries are not allowed",
        "这里不能出现列表项“- ”（缩进不对，或前面的键已有值）",
    ),
    ("mapping keys are not allowed", "这里不能出现“? ”开头的键（文本以 ? 开头时请用引号括起）"),
    ("could not find expected ':'", "缺少冒号“:”（每个键后面要有“: ”）"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("while parsing a flow", "方括号或花括号没有闭合"),
    ("found unexpected end of stream", "文件意外结束（引号或括号没有闭合）"),
    ("did not find expected key", "缩进不对齐，或缺少“- ”/“: ”"),
    ("did not find expected '-' indicator", "列表项缩进不对齐（每项以“- ”开头）"),
    ("did not find expected node content", "这里缺少内容"),
    ("found unexpected ':'", "多余的冒号“:”（文本中含冒号时请用引号括起）"),
    ("found undefined alias", "引用了未定义的锚点（*别名）"),
    ("found duplicate anchor", "锚点名称重复"),
    ("expected a single document", "文件里只能有一个 YAML 文档（删去多余的“---”）"),
    ("found character that cannot start any token", "这里有 YAML 不允许出现的字符（请用引号括起）"),
    ("found unknown escape character", "双引号文本中有无效的转义（如需反斜杠请写 \\\\）"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("while scanning a simple key", "缺少冒号“:”（每个键后面要有“: ”）"),
    ("expected <block end>, but found", "缩进不对齐"),
    ("while parsing a flow", "方括号或花括号没有闭合"),
    ("unacceptable character", "文件里有不可打印的控制字符"),
    ("special characters are not allowed", "文件里有不可打印的控制字符"),
    ("hexdecimal number", "双引号文本中的 \\x、\\u 转义后面应是十六进制数字"),
    ("Unicode character escape code", "双引号文本中的 \\u 转义不是有效的字符"),
    ("while scanning a tag", "YAML 标签（以 ! 开头）写法不对；文本以 ! 开头时请用引号括起"),
    ("while parsing a tag", "YAML 标签（以 ! 开头）写法不对；文本以 ! 开头时请用引号括起"),
    ("undefined tag handle", "YAML 标签（以 ! 开头）写法不对；文本以 ! 开头时请用引号括起"),
    ("while scanning an anchor", "锚点（以 & 开头）写法不对；文本以 & 或 * 开头时请用引号括起"),
    ("while scanning an alias", "别名（以 * 开头）写法不对；文本以 & 或 * 开头时请用引号括起"),
    ("incompatible YAML document", "不支持这个 YAML 版本（%YAML 指令）；请删去这一行"),
    ("directive", "以 % 开头的行是 YAML 指令，这里写法不对；文本以 % 开头时请用引号括起"),
    ("while scanning a block scalar", "多行文本标记（| 或 >）后面只能跟 +、- 或 1 到 9 的数字"),
    ("found a tab character", "缩进里有制表符（Tab），YAML 只能用空格缩进；请把 Tab 换成空格"),
    ("exceeded maximum nesting depth", "括号或缩进嵌套太深（超过 1000 层）：台账只需要几层"),
    ("expected <document start>", "这里有多余的内容：多出的括号，或文档结束标记“...”之后还有内容"),
)
