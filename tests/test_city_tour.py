"""The README's city tour, run as written: every command, in order, verbatim, with the
`minning` an activated `.venv` puts on PATH, offline, on the demo's four repositories."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import ROOT, readme_tour, run_tour, snapshot


def tour() -> list[tuple[str, list[str]]]:
    """The tour's commands, each with the output lines the README shows under it."""
    return readme_tour("### 演示：四个虚构的县区")


def test_the_city_tour_runs_verbatim(tmp_path: Path) -> None:
    copy = tmp_path / "minning"
    for folder in ("data", "examples"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("demo"))
    before = snapshot(copy)
    steps = tour()
    assert [c.split()[1] for c, _ in steps if c.startswith("minning")] == [
        "city", "city", "city", "city", "city", "city"
    ]  # fmt: skip
    run_tour(
        steps, copy, tmp_path, unset=("MINNING_DATA", "MINNING_CITY", "MINNING_CACHE"),
        extra={"XDG_CACHE_HOME": str(tmp_path / "cache")}, timeout=120,
    )  # fmt: skip
    assert snapshot(copy) == before  # the tour writes only into its temporary folder
    (workbook,) = (tmp_path / "tmp").glob("*/全市闽宁协作完成情况.xlsx")
    assert workbook.stat().st_size > 0
    # The copies were kept in the user's cache, never beside the city file.
    assert list((tmp_path / "cache" / "minning" / "city").glob("*/*/fetch.json"))
    (city,) = (tmp_path / "tmp").glob("*/city")
    assert sorted(p.name for p in city.iterdir()) == ["city.yaml"]
