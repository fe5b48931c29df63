"""Make the README's pictures from the demo ledger as SVG and PNG (rich records the console).

    python examples/screenshots.py [OUT]      (OUT defaults to docs/img)

Each picture is what the command prints in a 100-column colour terminal, rendered by the same
functions the command uses, for the demo ledger at 2023-09-30.

Glyph widths match the cells: rich places each run of text at its cell and stretches it to the
cells' width (``textLength``), so a font whose CJK glyph is narrower than two cells leaves gaps
inside the text. The pictures name Noto Sans Mono CJK SC, whose Latin glyph is exactly half an
em and CJK glyph one em, and give the cell that half em (``font_aspect_ratio``): two cells are
one CJK glyph. No font is linked from the web. Where ``rsvg-convert`` is installed, each SVG
is also rendered to a PNG with that font (Debian: fonts-noto-cjk, librsvg2-bin), which every
viewer shows the same.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from rich._export_format import CONSOLE_SVG_FORMAT
from rich.console import Console, RenderableType
from rich.terminal_theme import MONOKAI

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from minning_cli.figures.calls import compute_calls  # noqa: E402
from minning_cli.figures.review import ReviewReport, review  # noqa: E402
from minning_cli.figures.status import compute_status  # noqa: E402
from minning_cli.ledger.load import load_book  # noqa: E402
from minning_cli.views.render_calls import calls_view  # noqa: E402
from minning_cli.views.render_review import print_review  # noqa: E402
from minning_cli.views.render_status import overview, unit_view  # noqa: E402
from minning_cli.writing.record import Request, record_entry, void_entry  # noqa: E402

DEMO = ROOT / "examples" / "demo"
AS_OF = dt.date(2023, 9, 30)
WIDTH = 100
FONT = "Noto Sans Mono CJK SC"
ASPECT = 0.5  # the font's half-width advance: a cell is half an em, a CJK glyph two cells
# rich's template without its web fonts: the local CJK monospace font, then any monospace.
SVG_FORMAT = re.sub(r"@font-face \{\{.*?\}\}\s*", "", CONSOLE_SVG_FORMAT, flags=re.DOTALL).replace(
    "font-family: Fira Code, monospace;", f'font-family: "{FONT}", monospace;'
)


def shot(
    out: Path, name: str, command: str, render: Callable[[Console], RenderableType | None]
) -> Path:
    console = Console(
        record=True, width=WIDTH, force_terminal=True, color_system="truecolor", file=io.StringIO()
    )
    console.print(f"$ {command}", style="bold", markup=False, highlight=False)
    shown = render(console)
    if shown is not None:
        console.print(shown)
    path = out / f"{name}.svg"
    # A fixed id keeps the file the same from run to run (rich otherwise hashes the content).
    console.save_svg(str(path), title=command, theme=MONOKAI, unique_id=name,
                     code_format=SVG_FORMAT, font_aspect_ratio=ASPECT)  # fmt: skip
    if shutil.which("rsvg-convert") is not None:
        subprocess.run(["rsvg-convert", "--zoom", "1", "-o", str(path.with_suffix(".png")), str(path)],
                       check=True)  # fmt: skip
    return path


def pictures(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    book = load_book(DEMO)
    report = compute_status(book, AS_OF)
    everyone = compute_calls(book, AS_OF)
    env = "MINNING_DATA=examples/demo minning"
    return [
        shot(out, "status", f"{env} status --as-of {AS_OF}", lambda _: overview(report, book, WIDTH)),
        shot(out, "unit", f"{env} status 洪山镇 --as-of {AS_OF}",
             lambda _: unit_view(report, book, "洪山镇")),
        shot(out, "calls", f"{env} calls --as-of {AS_OF} --limit 8",
             lambda _: calls_view(everyone[:8], len(everyone), AS_OF, 30, book.ledger)),
        shot(out, "review", "minning review   # 晚上提交前：今天记了什么", lambda c: print_review(evening(), c)),
    ]  # fmt: skip


def evening() -> ReviewReport:
    """A day's work in a git copy of the demo: two calls recorded, one old entry voided."""
    folder = Path(tempfile.mkdtemp()) / "demo"
    shutil.copytree(DEMO, folder)

    def git(*args: str) -> None:
        # Fixed dates keep the commit id, and so the picture, the same from run to run.
        stamp = "2023-09-28T18:00:00+08:00"
        env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env=env)

    git("init", "-q")
    git("config", "user.name", "演示")
    git("config", "user.email", "demo@example.invalid")
    git("add", ".")
    git("commit", "-q", "-m", "demo")
    now = dt.datetime(2023, 9, 29, 17, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    for unit, task, amount, note in [("软件园", "4", "20万", "园区企业采购枸杞"),
                                     ("安泰街道", "3", "10", "辖区企业捐赠")]:  # fmt: skip
        request = Request(unit=unit, task=task, amount=amount, date=dt.date(2023, 9, 29),
                          note=note, by="演示")  # fmt: skip
        # The 10 after a running total of 8 is a donation, not that total again (see slips).
        record_entry(folder, request, today=AS_OF, now=now, yes=True)
    old = next(e for e in load_book(folder).entries if e.unit == "区发改局" and e.task == 4)
    void_entry(folder, old.id, "区发改局说这笔已含在区商务局的统计里", by="演示", now=now)
    try:
        return review(folder, "HEAD", AS_OF, AS_OF)
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)


if __name__ == "__main__":
    for written in pictures(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img"):
        print(written)
