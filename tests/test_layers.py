"""The package's structure: no import cycle, the core free of everything below it, small modules.

Every import in ``src/gametoolkit`` counts, at module level or inside a function, and so
does ``importlib.import_module`` with a constant name: a function-local import is a real
edge, not a way around a cycle.  The layer order itself is checked by import-linter
(``make lint``, contracts in ``pyproject.toml``); this test needs nothing but the source.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "gametoolkit"
MAX_LINES = 800


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def _targets(module: str, path: Path) -> set[str]:
    """Every gametoolkit module that ``module`` imports, anywhere in its body."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            head = ".".join([*base, node.module] if node.module else base)
            names = [head] + [f"{head}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module":
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                names = [node.args[0].value]
        for name in names:
            if name.startswith("gametoolkit.models"):
                continue  # the shipped models are a package of their own (models/)
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def _graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for module, path in MODULES.items():
        graph.add_node(module)
        for target in _targets(module, path):
            if target != "gametoolkit":  # the parent package of everything, imported first anyway
                graph.add_edge(module, target)
    return graph


def test_the_checker_sees_function_local_imports() -> None:
    # spe's subgame decomposition imports the Nash solver inside a function
    assert "gametoolkit.solvers.nash" in _targets("gametoolkit.solvers.spe", MODULES["gametoolkit.solvers.spe"])


def test_no_import_cycle() -> None:
    cycles = [sorted(c) for c in nx.strongly_connected_components(_graph()) if len(c) > 1]
    assert cycles == []


@pytest.mark.parametrize(
    "below",
    ["io", "evaluate", "algebra", "forms", "solvers", "refine", "symbolic", "verify", "analysis", "render", "cli", "catalog", "solution"],
)
def test_the_core_imports_nothing_below_it(below: str) -> None:
    graph = _graph()
    core = [m for m in MODULES if m.startswith("gametoolkit.core") or m == "gametoolkit.errors"]
    reached = {t for m in core for t in nx.descendants(graph, m)}
    assert not {t for t in reached if t == f"gametoolkit.{below}" or t.startswith(f"gametoolkit.{below}.")}


def test_no_module_is_over_800_lines() -> None:
    long = {m: n for m, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_everyday_api_is_exported() -> None:
    import gametoolkit
    from gametoolkit import Game, Solution, crosscheck, draw, load, read_game, solve, write_game

    assert callable(solve) and callable(draw) and callable(read_game) and callable(write_game)
    assert callable(load) and callable(crosscheck) and isinstance(Solution, type) and isinstance(Game, type)
    for name in gametoolkit.__all__:
        assert getattr(gametoolkit, name) is not None


def test_every_error_is_a_gametoolkit_error() -> None:
    import inspect

    from gametoolkit.errors import GameToolkitError

    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        public = [n.name for n in tree.body if isinstance(n, ast.ClassDef) and n.name.endswith("Error") and not n.name.startswith("_")]
        if not public:
            continue
        mod = __import__(module, fromlist=["_"])
        for name in public:
            cls = getattr(mod, name)
            if inspect.isclass(cls) and module != "gametoolkit.cli._common":
                assert issubclass(cls, GameToolkitError), f"{module}.{name}"
