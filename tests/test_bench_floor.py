"""benchmarks/floor.py: the no-op typer app of the start-up table has minning's options."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import typer.main

from minning_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent


def floor() -> ModuleType:
    spec = importlib.util.spec_from_file_location("floor", ROOT / "benchmarks" / "floor.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def shape(group: Any) -> dict[str, Any]:
    """Every command's parameters as typer built them: kind, spellings, type, default."""

    def params(command: Any) -> list[tuple[object, ...]]:
        return [
            (type(p).__name__, p.name, tuple(p.opts), p.type.name, p.required, p.is_eager,
             getattr(p.type, "choices", None), str(getattr(p.default, "value", p.default)))
            for p in command.params
        ]  # fmt: skip

    shown: dict[str, Any] = {"": params(group)}
    for name, command in group.commands.items():
        shown[name] = shape(command) if hasattr(command, "commands") else params(command)
    return shown


def test_the_noop_app_declares_minning_s_commands_and_options() -> None:
    source = floor().noop_app_source()
    assert source.endswith("\napp()\n") and "minning_cli" not in source
    namespace: dict[str, Any] = {}
    exec(compile(source.removesuffix("app()\n"), "noop_app.py", "exec"), namespace)
    assert shape(typer.main.get_command(namespace["app"])) == shape(typer.main.get_command(app))


def test_the_noop_status_runs_status_without_minning(tmp_path: Path) -> None:
    noop_status, _whole = floor().write_noop_app(tmp_path)
    code = (
        "import runpy, sys\n"
        "sys.argv = ['noop', 'status', '--as-of', '2023-12-31', '-f', 'JSON', '鼓东街道']\n"
        "try:\n"
        f"    runpy.run_path({str(noop_status)!r}, run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "assert not [m for m in sys.modules if m.startswith('minning_cli')]\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
