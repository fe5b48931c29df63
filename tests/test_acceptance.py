"""One acceptance (issue 17, item 2): the fast reader, the full parser, ``check`` and every
command give the same verdict on the same month file.

Files are generated from what the writer produces and from what people write by hand:
times without an offset, anchors and aliases, odd plain scalars, the same entry voided
twice. Whatever ``check`` passes, every command reads; whatever it refuses, every command
refuses, with the same located errors.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import click.testing
import typer.main
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from minning_cli.cli import app
from minning_cli.text.fastparse import progress_items
from minning_cli.text.yamlsource import parse

from .test_fastparse import agrees

BASE = Path(__file__).parent / "badinput" / "_base" / "tasks.yaml"
COMMAND = typer.main.get_command(app)  # built once: typer rebuilds it on every invoke
READERS = (["status", "--as-of", "2023-06-30"], ["log"], ["log", "--format", "csv"],
           ["calls", "--as-of", "2023-06-30"], ["report", "--month", "2023-06"],
           ["status", "软件园", "--as-of", "2023-06-30"])  # fmt: skip
HEADER = "# 闽宁协作进展记录：2023年6月\n\n"

plain = st.lists(
    st.sampled_from([*"问答枸杞ab01.-+:?#&*!|>%@`~=' \t", ": ", ":?", " #", "\\", '"']),
    min_size=1, max_size=8,
).map("".join)  # fmt: skip
value = st.one_of(
    st.sampled_from(["电话", "采购枸杞", "'采购: 20万'"]),
    st.sampled_from(["电话", "采购枸杞", "'采购: 20万'"]),
    plain,
    plain.map(lambda text: "'" + text.replace("'", "''") + "'"),
    plain.map(lambda text: f"&a {text}"),
    st.just("*a"),
)
recorded = st.sampled_from(["'2023-06-12 10:00:00+08:00'", "'2023-06-12 10:00:00'",
                            "2023-06-12 10:00:00+08:00", "'2023-06-12T10:00:00Z'"])  # fmt: skip


@st.composite
def month_files(draw: st.DrawFn) -> str:
    lines = []
    count = draw(st.integers(min_value=1, max_value=4))
    for number in range(1, count + 1):
        note, source = draw(value), draw(value)
        lines.append(
            f"- {{id: 2023-06-12-aaaa{number:02d}, date: 2023-06-12, unit: 软件园, task: 4, "
            f"kind: increment, amount: {number}, note: {note}, source: {source}, by: 王, "
            f"recorded_at: {draw(recorded)}}}"
        )
    for number in range(draw(st.integers(min_value=0, max_value=2))):
        lines.append(
            f"- {{id: 2023-06-12-vvvv{number:02d}, kind: void, voids: 2023-06-12-aaaa01, "
            f"reason: 记错, by: 王, recorded_at: '2023-06-13 09:00:00+08:00'}}"
        )
    return HEADER + "\n".join(lines) + "\n"


def run(data: Path, *args: str) -> click.testing.Result:
    result = click.testing.CliRunner().invoke(COMMAND, ["--data", str(data), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args, result.exception,
    )  # fmt: skip
    assert result.exit_code in (0, 1), (args, result.output)
    return result


NAIVE = (HEADER
         + "- {id: 2023-06-12-aaaa01, date: 2023-06-12, unit: 软件园, task: 4, kind: increment, "
         "amount: 1, by: 王, recorded_at: '2023-06-12 10:00:00+08:00'}\n"
         "- {id: 2023-06-12-aaaa02, date: 2023-06-12, unit: 软件园, task: 4, kind: increment, "
         "amount: 2, by: 王, recorded_at: '2023-06-12 11:00:00'}\n")  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=month_files())
@example(text=NAIVE)
@example(text=NAIVE.replace("amount: 1, by: 王", "amount: 1, note: &n 问, by: *n"))
@example(text=NAIVE.replace("amount: 1, by: 王", "amount: 1, note: 问:?答, by: 王"))
def test_every_reader_gives_the_same_verdict(text: str) -> None:
    agrees(text)  # the fast reader declines, or reads exactly what the full parser reads
    if progress_items(text) is not None:
        assert not parse(text, "t.yaml").problems
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        (data / "progress").mkdir()
        shutil.copyfile(BASE, data / "tasks.yaml")
        (data / "progress" / "2023-06.yaml").write_text(text, encoding="utf-8")
        checked = run(data, "check")
        errors = [line for line in checked.stderr.splitlines() if ": 错误：" in line]
        assert (checked.exit_code == 1) == bool(errors), checked.output
        for args in READERS:
            result = run(data, *args)
            assert result.exit_code == checked.exit_code, (args, result.output, checked.output)
            for error in errors:
                assert error in result.stderr.splitlines(), (args, error)
