"""Shared fixtures: a copy of the shipped ledger in a temporary folder, and a CLI runner."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minning_cli.writing import record as record_module

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _plain_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No colour, a fixed width, no data folder leaking in from the environment, and a
    parse cache of the test's own (never the user's)."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("MINNING_DATA", raising=False)
    monkeypatch.setenv("MINNING_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped data folder (tasks.yaml and an empty progress/)."""
    target = tmp_path / "data"
    shutil.copytree(SHIPPED, target)
    return target


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def readme_tour(heading: str) -> list[tuple[str, list[str]]]:
    """A README section's shell commands (from the heading to the next heading of its level),
    each with the output lines the README shows under it (``# …``)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    level = heading.split(" ", 1)[0]
    section = text.split(heading, 1)[1].split(f"\n{level} ", 1)[0]
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S):
        for line in block.splitlines():
            if line.startswith("# "):
                steps[-1][1].append(line[2:])
            elif line.strip():
                steps.append((line, []))
    return steps


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under a folder with the hash of its bytes, to prove nothing was written."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def tree(folder: Path) -> dict[str, str]:
    """Every file, folder and link under a folder with what it holds: ``snapshot`` that also
    sees a new empty folder, a lock file or a link."""
    shown = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            shown[key] = f"-> {os.readlink(path)}"
        elif path.is_dir():
            shown[key] = "folder"
        else:
            shown[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return shown


def numbered_ids(monkeypatch: pytest.MonkeyPatch, letter: str) -> None:
    """Make entry ids deterministic: the day, ``letter`` and how many ids already exist.

    Numbered by the ids that exist, so the unlocked check and the locked write of one
    ``record`` agree on the id.
    """
    monkeypatch.setattr(
        record_module, "new_id", lambda day, taken: f"{day:%Y-%m-%d}-{letter}{len(taken) + 1:05d}"
    )
