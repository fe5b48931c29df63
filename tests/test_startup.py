"""Start-up: a command imports only what it uses (checked with ``python -X importtime``)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest


def imported(data_dir: Path, *command: str) -> set[str]:
    """The modules a real ``minning`` process imports to run a command."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "minning_cli", "--data", str(data_dir),
         *command],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    lines = [line.split("|")[-1] for line in done.stderr.splitlines() if "|" in line]
    return {line.strip() for line in lines}


def top(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize("run", ["cold", "warm"])
def test_json_needs_neither_rich_nor_the_spreadsheet_reader(data_dir: Path, run: str) -> None:
    if run == "warm":
        imported(data_dir, "status", "--format", "json", "--as-of", "2023-06-30")
    modules = imported(data_dir, "status", "--format", "json", "--as-of", "2023-06-30")
    assert not top(modules) & {"rich", "openpyxl", "pypinyin", "filelock"}
    assert "typer.rich_utils" not in modules
    if run == "warm":
        # Nothing changed, so nothing is parsed: not even the YAML library is loaded, nor
        # pydantic, which validates only a changed file (typer below 0.29 does not load it).
        assert not top(modules) & {"yaml", "pydantic", "pydantic_core"}
        assert "minning_cli.text.yamlsource" not in modules


def test_a_table_needs_rich_but_not_typer_help_panels(data_dir: Path) -> None:
    modules = imported(data_dir, "status", "--as-of", "2023-06-30")
    assert "rich.table" in modules
    assert "typer.rich_utils" not in modules
    assert not top(modules) & {"openpyxl", "pypinyin", "filelock"}


def test_help_is_still_in_chinese(data_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "minning_cli", "status", "--help"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "选项" in done.stdout and "示例：" in done.stdout


def test_calls_default_silence_is_the_library_s() -> None:
    import inspect

    from minning_cli.cli.calls_cmd import calls
    from minning_cli.figures.calls import SILENT_DAYS

    assert inspect.signature(calls).parameters["silent_days"].default == SILENT_DAYS


@pytest.mark.parametrize("command", [["--help"], ["record", "--help"], ["status", "--help"]])
def test_help_loads_no_markdown_parser_nor_highlighter(data_dir: Path, command: list[str]) -> None:
    modules = top(imported(data_dir, *command))
    assert not modules & {"markdown_it", "pygments", "mdurl"}


def test_the_deferred_rich_modules_still_work_when_used() -> None:
    # In a fresh process, as every run is: the stand-ins answer typer, and load when used.
    code = (
        "import minning_cli.cli, sys\n"
        "from rich.markdown import Markdown\n"
        "from rich.traceback import Traceback\n"
        "assert 'markdown_it' not in sys.modules\n"
        "from rich.console import Console\n"
        "Console(width=40).print(Markdown('# 标题'))\n"
        "assert 'markdown_it' in sys.modules and Traceback.from_exception\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "标题" in done.stdout


WARM_READ = """
import sys
from pathlib import Path
from minning_cli.figures.status import compute_status
from minning_cli.ledger.load import load_book
import datetime as dt
book = load_book(Path(sys.argv[1]))
compute_status(book, dt.date(2023, 6, 30))
print(sorted({name.split(".")[0] for name in sys.modules}))
"""


def test_a_warm_read_builds_the_model_without_pydantic(data_dir: Path) -> None:
    """The model is plain dataclasses: the cache rebuilds them; only a changed file is validated
    (through pydantic), so a warm read and its figures never import it."""
    from minning_cli.writing.record import Request, record_entry

    request = Request(unit="软件园", task="4", amount="20", date=dt.date(2023, 6, 12), by="测试")
    record_entry(
        data_dir,
        request,
        today=dt.date(2023, 6, 30),
        now=dt.datetime(2023, 6, 30, 9, tzinfo=dt.UTC),
    )

    def modules() -> str:
        done = subprocess.run([sys.executable, "-c", WARM_READ, str(data_dir)],
                              capture_output=True, text=True)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    modules()  # the first read after the record may still read a file the whole way
    warm = modules()
    assert "minning_cli" in warm and "pydantic" not in warm  # pydantic_core neither
    (data_dir / "tasks.yaml").write_bytes((data_dir / "tasks.yaml").read_bytes() + b"\n")
    assert "pydantic" in modules()  # a changed table is validated


def test_record_into_a_summarised_month_validates_nothing_again(data_dir: Path) -> None:
    """A record appended to a month whose summary stands is summarised from the entry it
    wrote (``writing.write.as_written``), its line only run through the fast reader: nothing
    is validated, so pydantic is not loaded; the next status is warm."""
    record = ["record", "软件园", "4", "20", "--by", "测试", "--yes", "--date"]
    imported(data_dir, *record, "2023-06-12")  # the month's file is new: read the whole way
    imported(data_dir, "status", "--format", "json", "--as-of", "2023-06-30")
    modules = imported(data_dir, *record, "2023-06-13")
    assert not top(modules) & {"pydantic", "pydantic_core"}
    after = imported(data_dir, "status", "--format", "json", "--as-of", "2023-06-30")
    assert not top(after) & {"yaml", "pydantic"}
