"""`examples/render_pages.py`: the demo's report and workbook as printed pages, shown in the README."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "docs" / "pages"


def test_readme_shows_committed_pages() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"\(docs/pages/([^)]+)\)", readme)
    assert {"report.pdf", "workbook.pdf", "report-1.png", "workbook-01.png"} <= set(shown)
    for name in shown:
        assert (PAGES / name).is_file(), name
    for png in PAGES.glob("*.png"):
        assert png.stat().st_size < 120_000, f"{png.name}: keep the pages small (low dpi)"


def _text(pdf: Path, page: int) -> str:
    done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return "".join(done.stdout.split())  # pdftotext spaces digits off from CJK; drop spaces


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="needs LibreOffice and poppler",
)
def test_the_script_renders_the_pages(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "render_pages.py"), str(tmp_path)],
                          capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    made = sorted(p.name for p in tmp_path.glob("*.png"))
    assert made == sorted(p.name for p in PAGES.glob("*.png"))  # the committed pages are current
    report, workbook = tmp_path / "report.pdf", tmp_path / "workbook.pdf"
    assert "鼓楼区闽宁协作工作月报（2023年9月）" in _text(report, 1)
    last = _text(report, len([m for m in made if m.startswith("report-")]))
    assert "四、更正说明" in "".join(_text(report, page) for page in range(1, 7))
    assert "更正为" in last  # the sender is never alone on the last page
    assert "报送单位：鼓楼区民政局" in last
    # 总览 on one page: its last block and the thresholds on page 1, the 分工表 from page 2.
    first = _text(workbook, 1)
    assert "四、逾期事项" in first and "状态说明" in first
    assert "分工表完成情况" in _text(workbook, 2)
    # Every page's footer is whole: "第 n 页，共 N 页" on each.
    pages = len([m for m in made if m.startswith("workbook-")])
    for page in range(1, pages + 1):
        assert f"第{page}页，共{pages}页" in _text(workbook, page)


def test_readme_shows_the_screenshots_as_png() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"\(docs/img/([^)]+)\)", readme)
    assert shown == ["status.png", "unit.png", "calls.png", "review.png"]
    for name in shown:  # drawn from the committed SVG, so every viewer shows the same glyphs
        assert (ROOT / "docs" / "img" / name).is_file(), name
        assert (ROOT / "docs" / "img" / name.replace(".png", ".svg")).is_file(), name
