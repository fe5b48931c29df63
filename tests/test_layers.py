"""The package's modules import each other without a cycle, and the layer contracts hold."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "minning_cli"


def module_name(path: Path, package: Path) -> str:
    """``src/minning_cli/ledger/load.py`` → ``minning_cli.ledger.load``."""
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Each module of the package → the package's modules it imports, at any depth of code."""
    paths = {module_name(p, package): p for p in package.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        is_package = path.name == "__init__.py"
        here = name.split(".") if is_package else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = here[: len(here) - node.level + 1] if node.level else []
                stem = ".".join([*base, *([node.module] if node.module else [])])
                # ``from . import x`` names a module when x is one, else a name in the package.
                targets = [
                    f"{stem}.{alias.name}" if f"{stem}.{alias.name}" in paths else stem
                    for alias in node.names
                ]
            for target in (t for t in targets if t in paths and t != name):
                # Importing a.b.c runs a/b/__init__.py first: that package is imported too
                # (but not the importer's own packages, which are already being run).
                parts = target.split(".")
                packages = {".".join(parts[:i]) for i in range(2, len(parts))}
                mine = {".".join(name.split(".")[:i]) for i in range(1, len(name.split(".")) + 1)}
                graph[name] |= {target, *(packages & paths.keys()) - mine}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first repeated last), or None."""
    state: dict[str, int] = {}  # 1 on the stack, 2 finished
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph()
    assert len(graph) > 30  # the walk found the package
    assert find_cycle(graph) is None, " → ".join(find_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "minning_cli"
    (package / "inner").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "inner" / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from .inner import b\n")
    (package / "inner" / "b.py").write_text("from ..a import f\n")
    graph = import_graph(package)
    assert find_cycle(graph) == ["minning_cli.a", "minning_cli.inner", "minning_cli.a"] or (
        find_cycle(graph) == ["minning_cli.a", "minning_cli.inner.b", "minning_cli.a"]
    )


def test_importing_a_module_runs_its_package_first(tmp_path: Path) -> None:
    # pacing → kinds.status runs kinds/__init__, which imports figure, which imports pacing.
    package = tmp_path / "minning_cli"
    (package / "kinds").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "kinds" / "__init__.py").write_text("from .figure import F\n")
    (package / "kinds" / "status.py").write_text("S = 1\n")
    (package / "kinds" / "figure.py").write_text("from ..pacing import p\nF = 1\n")
    (package / "pacing.py").write_text("from .kinds.status import S\np = 1\n")
    assert find_cycle(import_graph(package)) is not None


def test_layer_contracts_hold() -> None:
    exe = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(exe)], capture_output=True, text=True, cwd=PACKAGE.parents[1], check=False
    )
    assert done.returncode == 0, done.stdout[-2000:]


def test_no_source_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): count
        for path in PACKAGE.rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}
