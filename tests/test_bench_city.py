"""benchmarks/city.py: nine small districts timed, the section written at the end of the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN = "<!-- city benchmark: written by benchmarks/city.py, replaced on a rerun -->"
END = "<!-- end of city benchmark -->"


def test_city_benchmark_replaces_its_section_at_the_end(tmp_path: Path) -> None:
    output = tmp_path / "BENCHMARKS.md"
    old = f"{BEGIN}\n## Nine districts (city status)\n\nan old figure 99.99\n{END}\n"
    output.write_text(f"# Benchmarks\n\nkept text\n\n{old}", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("MINNING_DATA", "MINNING_CACHE")}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "city.py"), "--entries", "200", "--runs", "1",
         "--output", str(output), "--work", str(tmp_path / "work")],
        capture_output=True, text=True, env=env, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nkept text\n\n" + BEGIN)
    assert "an old figure" not in text
    assert text.count(BEGIN) == 1 and text.rstrip("\n").endswith(END)
    assert f"--entries 200 --runs 1 --output {output}" in text
    assert "All nine copies read without errors; 9 of nine summed." in text
    rows = [line for line in text.splitlines() if line.startswith("| `city ")]
    assert [row.split("|")[1:3] for row in rows] == [
        [" `city fetch` ", " 1 "],
        [" `city status --format json cold` ", " 1 "],
        [" `city status --format json warm` ", " 1 "],
    ]
    for row in rows:
        cpu, wall, peak = (float(cell) for cell in row.split("|")[3:6])
        assert cpu > 0 and wall > 0 and peak > 10
