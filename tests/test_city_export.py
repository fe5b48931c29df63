"""`minning city export`: the overview and a sheet per row, every figure the JSON's."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from minning_cli.cli import app

from .test_city import city  # noqa: F401  (the four repositories' fixture)


def test_export_matches_status(city: Path, runner: CliRunner, tmp_path: Path) -> None:  # noqa: F811
    assert runner.invoke(app, ["city", "fetch", "--city", str(city)]).exit_code == 0
    out = tmp_path / "全市.xlsx"
    args = ["--city", str(city), "--as-of", "2023-06-30"]
    result = runner.invoke(app, ["city", "export", str(out), *args])
    assert result.exit_code == 0, result.output
    assert f"已导出 {out}（截至 2023-06-30）：总览、2 人才选派、3 资金支持" in result.stdout
    data = json.loads(runner.invoke(app, ["city", "status", *args, "-f", "json"]).stdout)
    book = load_workbook(out)
    assert book.sheetnames == ["总览", "2 人才选派", "3 资金支持"]
    assert book.properties.creator == "minning city"

    funds = book["3 资金支持"]
    assert funds["A1"].value == "任务3 资金支持（社会帮扶资金）（截至2023年6月30日）"
    header = [c.value for c in funds[2]]
    assert header == [
        "县区",
        "任务数",
        "台账目标",
        "完成",
        "完成率",
        "时序进度",
        "应完成",
        "状态",
        "说明",
    ]
    rows = {r[0].value: [c.value for c in r] for r in funds.iter_rows(min_row=3, max_row=7)}
    for figure in data["rows"][1]["districts"]:
        line = rows[figure["district"]]
        assert line[1] == figure["target"] and line[3] == figure["actual"]
    assert rows["鼓楼区"] == [
        "鼓楼区", 300, 300, 170, 0.567, 0.495, 148.35, "正常", None,
    ]  # fmt: skip
    assert rows["福清市"][2] == 250 and rows["福清市"][8] == "台账目标与全市任务数不同"
    assert rows["台江区"][3] is None and rows["台江区"][8] == "台账有错"
    assert rows["全市合计"][:5] == ["全市合计", 1200, None, 320, 0.267]
    assert funds["D3"].number_format == '0"万元"' and funds["E3"].number_format == "0.0%"

    overview = book["总览"]
    assert [c.value for c in overview[3]][:4] == ["2 人才选派（人才选派）", 47, 7, 0.149]
    names = [overview.cell(row=r, column=1).value for r in range(6, 11)]
    assert names == ["县区", "鼓楼区", "马尾区", "台江区", "福清市"]
    assert "tasks.yaml:32:20" in overview.cell(row=9, column=7).value
    assert overview.page_setup.orientation == "landscape"


def test_export_refuses_someone_elses_file(city: Path, runner: CliRunner, tmp_path: Path) -> None:  # noqa: F811
    theirs = tmp_path / "别人的.xlsx"
    theirs.write_bytes(b"not ours")
    result = runner.invoke(app, ["city", "export", str(theirs), "--city", str(city)])
    assert result.exit_code == 1 and "--force" in result.stderr
    assert theirs.read_bytes() == b"not ours"
