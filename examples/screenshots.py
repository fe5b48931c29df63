"""Make the README's pictures from the demo ledger as SVG (rich records the console).

    python examples/screenshots.py [OUT]      (OUT defaults to docs/img)

Each picture is what the command prints in a 100-column colour terminal, rendered by the same
functions the command uses, for the demo ledger at 2023-09-30.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Callable
from pathlib import Path

from rich.console import Console, RenderableType
from rich.terminal_theme import MONOKAI

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from minning_cli.load import load_book  # noqa: E402
from minning_cli.render_status import overview, unit_view  # noqa: E402
from minning_cli.status import compute_status  # noqa: E402

DEMO = ROOT / "examples" / "demo"
AS_OF = dt.date(2023, 9, 30)
WIDTH = 100


def shot(out: Path, name: str, command: str, render: Callable[[], RenderableType]) -> Path:
    console = Console(
        record=True, width=WIDTH, force_terminal=True, color_system="truecolor", file=io.StringIO()
    )
    console.print(f"$ {command}", style="bold", markup=False, highlight=False)
    console.print(render())
    path = out / f"{name}.svg"
    # A fixed id keeps the file the same from run to run (rich otherwise hashes the content).
    console.save_svg(str(path), title=command, theme=MONOKAI, unique_id=name)
    return path


def pictures(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    book = load_book(DEMO)
    report = compute_status(book, AS_OF)
    env = "MINNING_DATA=examples/demo minning"
    return [
        shot(out, "status", f"{env} status --as-of {AS_OF}", lambda: overview(report, book, WIDTH)),
        shot(
            out,
            "unit",
            f"{env} status 洪山镇 --as-of {AS_OF}",
            lambda: unit_view(report, book, "洪山镇"),
        ),
    ]


if __name__ == "__main__":
    for written in pictures(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img"):
        print(written)
