"""The README's city tour, run as written: every command, in order, verbatim, with the
`minning` an activated `.venv` puts on PATH, offline, on the demo's four repositories."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, readme_tour, snapshot


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
    script = "".join(
        f"echo '@@@ {i}'\n{command}\necho \"@@@ rc $?\"\n" for i, (command, _) in enumerate(steps)
    )
    (tmp_path / "tmp").mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    for key in ("MINNING_DATA", "MINNING_CITY", "MINNING_CACHE"):
        env.pop(key, None)
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",  # activated
        HOME=str(tmp_path), TMPDIR=str(tmp_path / "tmp"), NO_COLOR="1", COLUMNS="100",
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )  # fmt: skip
    done = subprocess.run(
        ["bash", "-c", script], cwd=copy, env=env, capture_output=True, text=True, timeout=120
    )
    printed = done.stdout + done.stderr
    assert printed.count("@@@ rc 0") == len(steps), printed  # every command succeeded
    outputs = re.split(r"@@@ \d+\n", done.stdout)[1:]
    for (command, expected), output in zip(steps, outputs, strict=True):
        for line in expected:  # the output the README shows under a command, …… for any text
            pattern = ".*".join(re.escape(part) for part in line.split("……"))
            assert re.search(pattern, output), (command, line, output)
    assert snapshot(copy) == before  # the tour writes only into its temporary folder
    (workbook,) = (tmp_path / "tmp").glob("*/全市闽宁协作完成情况.xlsx")
    assert workbook.stat().st_size > 0
    # The copies were kept in the user's cache, never beside the city file.
    assert list((tmp_path / "cache" / "minning" / "city").glob("*/*/fetch.json"))
    (city,) = (tmp_path / "tmp").glob("*/city")
    assert sorted(p.name for p in city.iterdir()) == ["city.yaml"]
