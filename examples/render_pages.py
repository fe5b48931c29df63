"""Render the demo's September report (Word) and workbook (Excel) to PDF and PNG pages.

    python examples/render_pages.py [OUT]      (OUT defaults to docs/pages)

What a superior receives, as it prints: the 月报 for September 2023 made on 25 October (the
day it is due; it carries the 更正说明 of two August changes recorded in October) and the
workbook as of 30 September, converted by LibreOffice (``soffice --headless``) to PDF, and
each page by poppler (``pdftoppm``) to a small PNG (50 dpi). Needs LibreOffice, poppler and a
CJK font (Debian: libreoffice-core libreoffice-writer libreoffice-calc poppler-utils
fonts-noto-cjk). The README shows the PNG pages; look at them after any change to the report
or the workbook: every footer whole, no task's lines apart from its 序号, 总览 on one page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
DPI = "50"
MADE = [
    ("report", ["report", "--month", "2023-09", "--as-of", "2023-10-25", "--format", "docx",
                "-o"], ".docx"),
    ("workbook", ["export", "--as-of", "2023-09-30"], ".xlsx"),
]  # fmt: skip


def run(*command: str, cwd: Path | None = None) -> None:
    """Run a command; stop with its output if it fails."""
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False,
                          env={**os.environ, "NO_COLOR": "1"})  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def main(out: Path) -> None:
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is needed (LibreOffice, poppler-utils)")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        profile = work / "profile"  # LibreOffice's own settings, not the user's
        for name, args, suffix in MADE:
            document = work / f"{name}{suffix}"
            minning = [sys.executable, "-m", "minning_cli", "--data", str(DEMO)]
            if args[0] == "export":
                run(*minning, *args[:1], str(document), *args[1:])
            else:
                run(*minning, *args, str(document))
            run("soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                "--convert-to", "pdf", "--outdir", str(work), str(document))  # fmt: skip
            pdf = work / f"{name}.pdf"
            shutil.copyfile(pdf, out / f"{name}.pdf")
            run("pdftoppm", "-r", DPI, "-png", str(pdf), str(out / name))
    pages = sorted(p.name for p in out.glob("*.png"))
    print(f"wrote {len(pages)} pages to {out}: {', '.join(pages)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "pages")
