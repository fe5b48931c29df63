"""The writer: entries round-trip exactly, whatever their text."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import tempfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.ledger.load import check_all
from minning_cli.ledger.model import Entry, Void
from minning_cli.ledger.rebuild import record_json
from minning_cli.ledger.validation import validated
from minning_cli.text.errors import MinningError, errors_only
from minning_cli.text.fastparse import progress_items
from minning_cli.text.yamlsource import parse
from minning_cli.writing.record import void_entry
from minning_cli.writing.write import append, as_written, entry_block, file_header, month_of

from .conftest import tree

NOW = dt.datetime(2023, 12, 1, 9, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=8)))

# Any Unicode a note may carry, YAML-special characters and line breaks included; surrogates
# cannot be written as UTF-8 at all, so they are left out. The second half concentrates on
# what is hard to write: control characters, every line break YAML knows, a byte-order
# mark, escapes, quotes and YAML's indicators.
notes = st.text(st.characters(exclude_categories=["Cs"]), max_size=60) | st.text(
    st.sampled_from(
        "\x00\x07\x1b\x7f\x9b\r\n\t\x85\u2028\u2029\ufeff\u202e '\"\\:#,[]{}-?&*!|>%@`~枸杞"
    ),
    max_size=20,
)
LINE_BREAKS = "\n\r\x85\u2028\u2029"


def load_back(block: str) -> Entry | Void:
    parsed = parse(block, "t.yaml")
    assert parsed.problems == []
    (item,) = parsed.data
    return validated(Void if item["kind"] == "void" else Entry, item)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(
    unit=notes.filter(bool),
    note=notes,
    source=notes,
    by=notes,
    milestone=notes,
    amount=st.decimals(min_value=0, max_value=10**12 - 1, places=6, allow_nan=False),
    kind=st.sampled_from(["increment", "total", "activity", "done"]),
    microsecond=st.sampled_from([0, 1, 999_999]),
)
def test_any_entry_loads_back_equal(
    unit: str, note: str, source: str, by: str, milestone: str, amount: Decimal, kind: str,
    microsecond: int,
) -> None:  # fmt: skip
    entry = Entry(
        id="2023-06-12-abcd12", date=dt.date(2023, 6, 12), unit=unit, task=4, kind=kind,
        amount=amount, milestone=milestone, note=note, source=source, by=by,
        recorded_at=NOW.replace(microsecond=microsecond),
    )  # type: ignore[arg-type]  # fmt: skip
    block = entry_block(entry)
    if note.isprintable() and not set(note) & set("'\"\\") and note.strip() == note:
        assert note in block  # written as the characters themselves, never \u escapes
    # One line that starts with the entry's own id: a union merge can only concatenate it.
    assert block.startswith("- {id: 2023-06-12-abcd12, ") and block.endswith("}\n")
    assert not set(block[:-1]) & set(LINE_BREAKS)
    read = load_back(block)
    assert read == as_written(entry) and (microsecond or read == entry)
    # Exactly as written, down to how each value is spelled (25.5, not 25.50): a writer
    # summarises what it appended from ``as_written`` without reading the line back.
    assert record_json(read) == record_json(as_written(entry))
    items = progress_items(block)
    if items is not None:  # the fast reader, which a summary is extended with, agrees
        assert record_json(validated(Entry, items[0][0])) == record_json(as_written(entry))


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(notes=st.lists(notes, min_size=1, max_size=5), crlf=st.booleans())
def test_entries_appended_to_a_file_load_back_in_order(notes: list[str], crlf: bool) -> None:
    entries = [
        Entry(id=f"2023-06-12-abcd{i:02d}", date=dt.date(2023, 6, 12), unit="软件园", task=4,
              kind="activity", note=note, recorded_at=NOW)
        for i, note in enumerate(notes)
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        (data_dir / "progress").mkdir()
        month = data_dir / "progress" / "2023-06.yaml"
        if crlf:  # a file a Windows editor saved
            month.write_bytes(file_header("2023-06").replace("\n", "\r\n").encode())
        for entry in entries:
            append(data_dir, [entry])
        raw = month.read_bytes()
    assert raw.count(b"\r\n") == (raw.count(b"\n") if crlf else 0)
    parsed = parse(raw.decode("utf-8"), "2023-06.yaml")
    assert parsed.problems == []
    assert [validated(Entry, item) for item in parsed.data] == entries


@given(reason=notes.filter(lambda s: s != ""))
def test_any_void_loads_back_equal(reason: str) -> None:
    void = Void(id="2023-06-12-abcd13", kind="void", voids="2023-06-12-abcd12", reason=reason,
                by="王", recorded_at=NOW)  # fmt: skip
    assert load_back(entry_block(void)) == void == as_written(void)


def test_a_megabyte_of_text_stays_on_one_line() -> None:
    for note in ("枸杞 " * 300_000, "a, b " * 300_000, "第一行\n 第二行 " * 200_000):
        entry = Entry(id="2023-06-12-abcd12", date=dt.date(2023, 6, 12), unit="软件园",
                      task=8, kind="activity", note=note, recorded_at=NOW)  # fmt: skip
        block = entry_block(entry)
        assert block.count("\n") == 1 and load_back(block) == entry


def test_chinese_is_written_as_characters() -> None:
    entry = Entry(id="2023-06-12-abcd12", date=dt.date(2023, 6, 12), unit="洪山镇", task=4,
                  kind="increment", amount=Decimal("25.5"), note="枸杞：第二批\n共两车",
                  recorded_at=NOW)  # fmt: skip
    assert entry_block(entry) == (
        "- {id: 2023-06-12-abcd12, date: 2023-06-12, unit: 洪山镇, task: 4, kind: increment, "
        "amount: 25.5, note: \"枸杞：第二批\\n共两车\", recorded_at: '2023-12-01 09:30:05+08:00'}\n"
    )


def test_golden_file_is_utf8_without_escapes() -> None:
    text = (Path(__file__).parent / "fixtures" / "golden" / "2023-06.yaml").read_text("utf-8")
    assert "\\u" not in text and "软件园" in text


# ---------------------------------------------------------------- writing stays inside


@pytest.mark.parametrize(
    "args",
    [
        ["record", "../../evil", "4", "1", "--date", "2023-06-12"],
        ["record", "/etc/passwd", "4", "1", "--date", "2023-06-12"],
        ["record", "..\\..\\evil", "4", "1", "--date", "2023-06-12"],
        ["record", "软件园", "../4", "1", "--date", "2023-06-12"],
        ["record", "软件园", "4", "1", "--date", "../2023-06-12"],
        ["void", "../../../outside", "--reason", "x"],
        ["void", "2023-06-12-abc/../../../x", "--reason", "x"],
        ["void", "2023-06-12-abcdef/..", "--reason", "x"],
    ],
)
def test_a_unit_id_or_date_cannot_lead_a_write_anywhere(
    runner: CliRunner, tmp_path: Path, data_dir: Path, args: list[str]
) -> None:
    before = tree(tmp_path)
    result = runner.invoke(app, ["--data", str(data_dir), *args, "--by", "王"])
    assert result.exit_code in (1, 2), result.output
    assert isinstance(result.exception, SystemExit)
    assert tree(tmp_path) == before  # not even a lock file


def test_an_import_row_cannot_lead_a_write_anywhere(
    runner: CliRunner, tmp_path: Path, data_dir: Path
) -> None:
    sheet = tmp_path / "evil.csv"
    sheet.write_text("日期,单位,任务,金额\n2023-06-12,../../evil,4,1\n", encoding="utf-8")
    before = tree(tmp_path)
    result = runner.invoke(app, ["--data", str(data_dir), "import", str(sheet), "--by", "王"])
    assert result.exit_code == 1
    assert result.stderr.endswith("evil.csv:2: 错误：第 2 行：没有叫“../../evil”的单位\n")
    assert tree(tmp_path) == before


def test_a_data_path_with_dots_writes_into_its_own_progress(
    runner: CliRunner, tmp_path: Path, data_dir: Path
) -> None:
    roundabout = tmp_path / "data" / ".." / "data" / "tasks.yaml"
    result = runner.invoke(
        app, ["--data", str(roundabout), "record", "软件园", "4", "1", "--date", "2023-06-12"]
    )
    assert result.exit_code == 0, result.output
    written = {k for k, v in tree(tmp_path).items() if v != "folder"}
    assert written == {"data/tasks.yaml", "data/.gitignore", "data/progress/.gitkeep",
                       "data/progress/.lock", "data/progress/2023-06.yaml"} | (
        {"data/.gitattributes"} if (data_dir / ".gitattributes").exists() else set()
    )  # fmt: skip


@pytest.mark.parametrize("shape", ["progress is a file", "month is a folder", "lock is a link",
                                   "progress links outside"])  # fmt: skip
def test_a_strange_progress_folder_is_a_clean_error(
    runner: CliRunner, tmp_path: Path, data_dir: Path, shape: str
) -> None:
    progress = data_dir / "progress"
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    shutil.rmtree(progress)
    if shape == "progress is a file":
        progress.write_text("x", encoding="utf-8")
        message = f"{progress}: 错误：progress 应是存放进展记录的文件夹，而这里是一个文件"
    elif shape == "month is a folder":
        (progress / "2023-06.yaml").mkdir(parents=True)
        message = (f"{progress / '2023-06.yaml'}: 错误：这是一个文件夹，而这里应是文件；"
                   "请把它移走或改名（不以 .yaml 结尾）")  # fmt: skip
    elif shape == "lock is a link":
        progress.mkdir()
        (progress / ".lock").symlink_to(victim)
        message = f"无法写入 {progress / '.lock'}：这是一个符号链接；minning 不会顺着链接写入"
    else:
        progress.symlink_to(outside, target_is_directory=True)
        message = (f"{progress} 是指向台账目录以外（{outside}）的链接：minning 只在台账目录里写入")  # fmt: skip
    result = runner.invoke(
        app, ["--data", str(data_dir), "record", "软件园", "4", "1", "--date", "2023-06-12"]
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr == (message if ": 错误：" in message else f"错误：{message}") + "\n"
    assert victim.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in outside.iterdir()) == ["victim.txt"]


def test_a_write_that_fails_on_one_month_changes_no_month(
    runner: CliRunner, tmp_path: Path, data_dir: Path
) -> None:
    # Every month file is staged before any is renamed into place: all or nothing.
    july = data_dir / "progress" / "2023-07.yaml"
    july.write_text(file_header("2023-07"), encoding="utf-8")
    july.chmod(0o444)  # refused when its turn comes, after June was staged
    sheet = tmp_path / "two-months.csv"
    sheet.write_text(
        "日期,单位,任务,金额\n2023-06-12,软件园,4,1\n2023-07-12,软件园,4,2\n", encoding="utf-8"
    )
    before = tree(data_dir)
    result = runner.invoke(app, ["--data", str(data_dir), "import", str(sheet), "--by", "王"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"错误：{july} 是只读的：minning 不会替换它。")
    assert {k: v for k, v in tree(data_dir).items() if not k.endswith(".lock")} == before


def test_a_crash_while_writing_a_month_leaves_every_file_as_it_was(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    june = Entry(id="2023-06-12-abcd12", date=dt.date(2023, 6, 12), unit="软件园", task=4,
                 kind="increment", amount=Decimal("1"), recorded_at=NOW)  # fmt: skip
    july = replace(june, id="2023-07-12-abcd13", date=dt.date(2023, 7, 12))
    append(data_dir, [june, july])
    before = tree(data_dir)
    synced: list[int] = []

    def crash_on_the_second_file(descriptor: int) -> None:
        synced.append(descriptor)
        if len(synced) == 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", crash_on_the_second_file)
    again = [replace(june, id="2023-06-13-abcd14"), replace(july, id="2023-07-13-abcd15")]
    with pytest.raises(OSError, match="Input/output error"):
        append(data_dir, again)
    assert tree(data_dir) == before  # the June file was staged, but never renamed


def test_each_record_goes_into_its_month_file(data_dir: Path) -> None:
    # A hand-written entry whose id does not start with its date: dated June, so in June.
    entry = Entry(id="2023-05-30-hand01", date=dt.date(2023, 6, 12), unit="软件园", task=4,
                  kind="increment", amount=Decimal("20"), recorded_at=NOW)  # fmt: skip
    append(data_dir, [entry])
    assert month_of(entry) == "2023-06"
    void_entry(data_dir, entry.id, "记错了", by="王", now=NOW)
    june = (data_dir / "progress" / "2023-06.yaml").read_text("utf-8").splitlines()
    assert june[-2].startswith("- {id: 2023-05-30-hand01, date: 2023-06-12, ")
    # The void follows the entry into June, not the May its id names.
    assert june[-1].startswith("- {id: 2023-06-12-") and "voids: 2023-05-30-hand01" in june[-1]
    assert sorted(p.name for p in (data_dir / "progress").glob("*.yaml")) == ["2023-06.yaml"]
    assert errors_only(check_all(data_dir).problems) == []


# ---------------------------------------------------------------- the month file as found


def _record(runner: CliRunner, data_dir: Path, day: str) -> tuple[int, str]:
    result = runner.invoke(
        app, ["--data", str(data_dir), "record", "软件园", "4", "2", "--date", day]
    )
    return result.exit_code, result.stdout + result.stderr


def test_record_keeps_a_month_files_mode(runner: CliRunner, data_dir: Path) -> None:
    assert _record(runner, data_dir, "2023-06-01")[0] == 0
    month = data_dir / "progress" / "2023-06.yaml"
    for day, mode in enumerate((0o640, 0o664, 0o600), start=2):  # a day each: not a duplicate
        month.chmod(mode)
        assert _record(runner, data_dir, f"2023-06-{day:02d}")[0] == 0
        assert month.stat().st_mode & 0o7777 == mode


def test_a_read_only_month_file_is_refused_not_replaced(runner: CliRunner, data_dir: Path) -> None:
    assert _record(runner, data_dir, "2023-06-01")[0] == 0
    month = data_dir / "progress" / "2023-06.yaml"
    month.chmod(0o444)
    before = (tree(data_dir), os.stat(month).st_ino)
    code, out = _record(runner, data_dir, "2023-06-02")
    assert code == 1
    assert (
        "错误：progress/2023-06.yaml 是只读的：minning 不会替换它。"
        "确需追加，请先改为可写（如 chmod u+w progress/2023-06.yaml）"
        in out.replace(str(data_dir) + "/", "")
    )
    assert (tree(data_dir), os.stat(month).st_ino) == before
    assert month.stat().st_mode & 0o7777 == 0o444


@pytest.mark.parametrize("target", ["elsewhere.yaml", None])
def test_a_month_file_that_is_a_link_is_never_replaced(
    data_dir: Path, tmp_path: Path, target: str | None
) -> None:
    month = data_dir / "progress" / "2023-06.yaml"
    real = tmp_path / "elsewhere.yaml"
    if target is not None:
        real.write_text(file_header("2023-06"), encoding="utf-8")
    month.symlink_to(real)
    entry = Entry(id="2023-06-01-abcdef", date=dt.date(2023, 6, 1), unit="软件园", task=4,
                  kind="increment", amount=Decimal(2), by="王", recorded_at=NOW)  # fmt: skip
    with pytest.raises(MinningError, match=r"是一个链接（指向 .*）：minning 不会用新文件替换链接"):
        append(data_dir, [entry])
    assert month.is_symlink() and os.readlink(month) == str(real)
    assert list((data_dir / "progress").glob(".*.tmp")) == []
