"""Shared fixtures: a copy of the shipped ledger in a temporary folder, and a CLI runner."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
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


def run_tour(
    steps: list[tuple[str, list[str]]],
    cwd: Path,
    tmp_path: Path,
    *,
    unset: tuple[str, ...],
    extra: dict[str, str],
    timeout: int,
    with_stderr: bool = False,
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run a README tour's commands (``readme_tour``) in one bash, as after activating the
    ``.venv`` (``minning`` on PATH; HOME and TMPDIR in ``tmp_path``, no colour, 100 columns;
    no GIT_ variables and none of ``unset``), and assert that each succeeded and printed the
    lines the README shows under it (…… for any text; its stderr too with ``with_stderr``).
    Gives the finished run and the environment it had."""
    script = "".join(
        f"echo '@@@ {i}'\n{command}\necho \"@@@ rc $?\"\n" for i, (command, _) in enumerate(steps)
    )
    (tmp_path / "tmp").mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    for key in unset:
        env.pop(key, None)
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",  # activated
        HOME=str(tmp_path), TMPDIR=str(tmp_path / "tmp"), NO_COLOR="1", COLUMNS="100", **extra,
    )  # fmt: skip
    done = subprocess.run(
        ["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    printed = done.stdout + done.stderr
    assert printed.count("@@@ rc 0") == len(steps), printed  # every command succeeded
    outputs = re.split(r"@@@ \d+\n", done.stdout)[1:]
    also = done.stderr if with_stderr else ""
    for (command, expected), output in zip(steps, outputs, strict=True):
        for line in expected:  # the output the README shows under a command, …… for any text
            pattern = ".*".join(re.escape(part) for part in line.split("……"))
            assert re.search(pattern, output + also), (command, line, output)
    return done, env


def spawn_record(data_dir: Path, *args: str, rows: int = 40, columns: int = 100) -> pexpect.spawn:
    """``minning record`` on a pseudo-terminal of ``rows`` × ``columns``, without colour."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": str(columns), "TERM": "xterm"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "minning_cli", "--data", str(data_dir), "record", *args],
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(rows, columns),
    )


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
