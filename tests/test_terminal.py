"""Terminal safety: text from the files is printed literally, with colour forced on.

Rich markup in a note or a name (``[red]``, ``[/]``, ``[link=…]``) must be shown as typed,
and ANSI escape sequences in it (a colour, a window title) must never reach the terminal:
each control character is shown as a visible symbol (ESC → ␛, BEL → ␇). The proof is
exact: the output for an attacking note is byte for byte the output for the same note
with its control characters already replaced by those symbols, colours and all.
"""

from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.text.errors import Problem
from minning_cli.views.render import make_console, problem_lines, terminal_safe

from .conftest import numbered_ids

NOTES = [
    "[red]x[/]",
    "[/]",
    "[link=https://example.com]点我[/link]",
    "\x1b[31m红字\x1b[0m",
    "\x1b]0;title\x07",
    "[bold]粗[/bold]\x1b[5m闪\x9b31m\x7f\u202eabc",
]
# Every escape sequence rich itself writes: Select Graphic Rendition (colours, bold, dim).
SGR = re.compile(r"\x1b\[[0-9;]*m")
CLOCK = re.compile(r"\b\d{2}:\d{2}(:\d{2})?\b")


@pytest.fixture
def colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """Colour forced on, as on a terminal; wide enough that no note is wrapped."""
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "240")


@pytest.fixture
def fixed_ids(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    numbered_ids(monkeypatch, "t")
    yield


def run(runner: CliRunner, data_dir: Path, *args: str) -> str:
    result = runner.invoke(app, ["--data", str(data_dir), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.stdout + result.stderr


def plant(data_dir: Path, placeholder: str, text: str) -> None:
    """Put a text into the month files where ``placeholder`` stands, written as YAML escapes:
    ``record`` now strips control characters, but a hand-edited file can still hold them."""
    written = yaml.safe_dump(text, default_style='"', width=10_000).strip()
    for path in (data_dir / "progress").glob("*.yaml"):
        old = path.read_text(encoding="utf-8")
        path.write_text(old.replace(placeholder, written), encoding="utf-8")


def outputs(runner: CliRunner, data_dir: Path, note: str) -> dict[str, str]:
    """Every command that shows a note, with it in the files (and a void giving it as reason)."""
    run(runner, data_dir, "record", "区人社局", "8", "--note", "NOTE", "--date", "2023-06-03",
        "--by", "NOTE")  # fmt: skip
    run(runner, data_dir, "record", "软件园", "4", "1", "--note", "NOTE", "--date", "2023-06-04",
        "--by", "王")  # fmt: skip
    plant(data_dir, "NOTE", note)
    shown = {
        "log": run(runner, data_dir, "log"),
        "status": run(runner, data_dir, "status", "--as-of", "2023-06-30"),
        "status unit": run(runner, data_dir, "status", "区人社局", "--as-of", "2023-06-30"),
        "status task": run(runner, data_dir, "status", "--task", "8", "--as-of", "2023-06-30"),
    }
    run(runner, data_dir, "void", "2023-06-04-t00002", "--reason", "REASON")
    plant(data_dir, "REASON", note)
    shown["log after void"] = run(runner, data_dir, "log")
    return shown


@pytest.mark.parametrize("note", NOTES)
def test_notes_are_printed_literally_with_colour_on(
    runner: CliRunner, tmp_path: Path, data_dir: Path, colour: None, fixed_ids: None, note: str
) -> None:
    attacked = outputs(runner, data_dir, note)
    baseline_dir = tmp_path / "baseline"
    baseline_dir.mkdir()
    (baseline_dir / "tasks.yaml").write_bytes((data_dir / "tasks.yaml").read_bytes())
    baseline = outputs(runner, baseline_dir, terminal_safe(note))
    for command, out in attacked.items():
        # Same bytes as the note without control characters: same text, same colours.
        # The two runs record their entries at different moments: a recording time is not text
        # from the note, and a minute may turn between them.
        assert CLOCK.sub("hh:mm", out) == CLOCK.sub(
            "hh:mm", baseline[command].replace(str(baseline_dir), str(data_dir))
        ), command
        assert SGR.sub("", out).count("\x1b") == 0, command  # no ESC but rich's own colours
        assert "\x07" not in out and "\x9b" not in out, command
    assert SGR.findall(attacked["log"])  # colour really was on
    visible = terminal_safe(note)
    for command in ("log", "status unit", "status task"):
        assert visible in SGR.sub("", attacked[command]), command
    assert "【已作废：" + visible in SGR.sub("", attacked["log after void"])


def test_unit_names_with_markup_and_escapes(
    runner: CliRunner, data_dir: Path, colour: None, fixed_ids: None
) -> None:
    # A name written with YAML escapes, so the file itself stays printable.
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    text = text.replace(
        "  - name: 软件园\n", '  - name: "软件园[red]x[/]\\e[31m\\e]0;t\\a"\n', 1
    ).replace("    aliases: [福州软件园]", "    aliases: [福州软件园, 软件园]", 1)
    tasks.write_text(text, encoding="utf-8")
    name = "软件园[red]x[/]␛[31m␛]0;t␇"
    out = run(runner, data_dir, "record", "软件园", "4", "20万", "--date", "2023-06-12")
    assert (
        SGR.sub("", out)
        == f"已记录 2023-06-12-t00001：{name} · 消费帮扶 +20万元 → 累计 20/200万元（10%）\n"
    )
    # Where a name is put into a rich Text, rich itself drops BEL (and BS, VT, FF, CR) before
    # it can be shown as ␇; either way it never reaches the terminal. The status tables fold
    # names longer than their 18-cell columns, so only their start stays on one line.
    shown = {
        "log": name,
        "status": "福州软件园",  # the overview shows a long name by its first alias
        "status task": "软件园[red]x[/]",
        "status rjy": "软件园[red]x[/]␛[31m␛]0;t",
    }
    for command, args in {
        "log": ["log"],
        "status": ["status", "--as-of", "2023-06-30"],
        "status task": ["status", "--task", "4", "--as-of", "2023-06-30"],
        "status rjy": ["status", "rjy", "--as-of", "2023-06-30"],
    }.items():
        out = run(runner, data_dir, *args)
        assert shown[command] in SGR.sub("", out), command
        assert SGR.sub("", out).count("\x1b") == 0 and "\x07" not in out, command


def test_an_offending_line_with_escapes_keeps_its_caret(
    runner: CliRunner, data_dir: Path, colour: None
) -> None:
    # A raw ESC is not allowed in YAML: the error shows the line with ␛ and points at it.
    month = data_dir / "progress" / "2023-06.yaml"
    month.write_text("- {id: 2023-06-12-aaaa01, note: 枸杞\x1b[31m}\n", encoding="utf-8")
    out = SGR.sub("", run(runner, data_dir, "log")).splitlines()
    assert out == [
        f"{month}:1:35: 错误：文件里有 YAML 不允许的控制字符（U+001B）；"
        "请删去它，或在双引号文本里写成转义（如 \\x1b）",
        "    1 | - {id: 2023-06-12-aaaa01, note: 枸杞␛[31m}",
        "      | " + " " * len("- {id: 2023-06-12-aaaa01, note: 枸杞枸杞") + "^",
    ]


def test_problem_lines_escape_the_line_and_keep_the_caret_under_its_spot() -> None:
    problem = Problem(
        "t.yaml", 1, 9, "单位“\x1b[31m甲”不是已登记的单位", "error", "unit: \x1b[31m甲 x"
    )
    console = Console(width=100, record=True, force_terminal=True, color_system="standard")
    console.print(problem_lines(problem))
    lines = SGR.sub("", console.export_text(styles=False)).splitlines()
    assert lines == [
        "t.yaml:1:9: 错误：单位“␛[31m甲”不是已登记的单位",
        "    1 | unit: ␛[31m甲 x",
        "      |         ^",
    ]


def test_a_long_line_is_shown_around_its_column() -> None:
    line = "x" * 5000 + "错" + "y" * 5000
    problem = Problem("t.yaml", 3, 5001, "这里" * 1000, "error", line)
    text = problem_lines(problem).plain.splitlines()
    assert len(text[0]) < 400 and text[0].endswith("这里") and "…" in text[0]
    assert text[1] == "    3 | …" + "x" * 30 + "错" + "y" * 29 + "…"
    assert text[2] == "      | " + " " * 31 + "^"


def test_safe_console_covers_text_inside_tables() -> None:
    # Any renderable: a Text inside a table inside a group, a plain string, a title.
    table = Table(title="标题\x1b[2J")
    table.add_column("备注")
    table.add_row(Text("备注\x1b[31m", style="green"))
    table.add_row("纯文本\x1b]0;x\x07")
    buffer = io.StringIO()
    console = make_console(file=buffer)
    console.print(table)
    console.print("行\x1b[1m")
    out = buffer.getvalue()
    assert "\x1b" not in out and "\x07" not in out
    assert "标题␛[2J" in out and "备注␛[31m" in out and "纯文本␛]0;x␇" in out and "行␛[1m" in out


def test_terminal_safe_replaces_one_character_with_one() -> None:
    text = "a\x00\x1b\x7f\x85\x9b\u202e\u2066b\n\tc"
    assert terminal_safe(text) == "a␀␛␡\ufffd\ufffd\ufffd\ufffdb\n\tc"
    assert len(terminal_safe(text)) == len(text)
    assert terminal_safe("鼓楼区 [red]x[/] 枸杞") == "鼓楼区 [red]x[/] 枸杞"


def test_colour_follows_force_color_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    assert make_console().no_color  # not a terminal, NO_COLOR set by conftest
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert make_console().no_color  # NO_COLOR still wins
    monkeypatch.delenv("NO_COLOR")
    assert not make_console().no_color
    monkeypatch.delenv("FORCE_COLOR")
    assert make_console().no_color


def test_a_megabyte_note_is_cut_in_tables_and_whole_in_json(
    runner: CliRunner, data_dir: Path, fixed_ids: None
) -> None:
    note = "枸" * 350_000  # a megabyte of UTF-8
    out = run(runner, data_dir, "record", "区人社局", "8", "--note", "x", "--date", "2023-06-03")
    assert out.startswith("已记录 2023-06-03-t00001")
    month = data_dir / "progress" / "2023-06.yaml"
    month.write_text(month.read_text("utf-8").replace("note: x,", f"note: {note},"), "utf-8")
    started = time.process_time()  # CPU, not wall time: a guard against a runaway, not a timing
    # 398 cells and the … in a table; the unit's row 8 line shows 38 cells and the … too.
    for args, cut in ((["log"], 199), (["status", "区人社局", "--as-of", "2023-06-30"], 199 + 19)):
        shown = run(runner, data_dir, *args)
        assert shown.count("枸") == cut, args
    assert time.process_time() - started < 10
    rows = json.loads(run(runner, data_dir, "log", "--format", "json"))
    assert rows[0]["note"] == note


def test_json_escapes_every_control_character(
    runner: CliRunner, data_dir: Path, fixed_ids: None
) -> None:
    note = "\x1b[31m\x9b31m\x7f\u202e\x07 枸杞"
    run(runner, data_dir, "record", "区人社局", "8", "--note", "NOTE", "--date", "2023-06-03")
    plant(data_dir, "NOTE", note)  # a hand-edited file: record strips them
    out = run(runner, data_dir, "log", "--format", "json")
    assert not set(out) & set("\x1b\x9b\x7f\u202e\x07")
    assert '"note": "\\u001b[31m\\u009b31m\\u007f\\u202e\\u0007 枸杞"' in out
    assert json.loads(out)[0]["note"] == note
