"""No code from data: nothing read from a file, JSON or the command line is run.

1. The source is scanned (its syntax tree, not its text) for the calls that run code or
   unpickle data: ``eval``, ``exec``, ``compile``, ``__import__``, ``pickle``/``marshal``
   /``shelve``, ``sympify``/``parse_expr``, ``os.system``/``popen``, ``shell=True``,
   ``exec_module``, ``import_module`` (of a name that is not a constant).  Each one found must be in :data:`AUDITED`, with
   the reason it is safe.
2. Payloads that would run a command if evaluated are fed in a payoff, a probability,
   a label, a player name, a title and a ``--set`` value, through the readers, the
   DSL, ``catalog.load_game`` and the command line: they are refused (exit 2, a clear
   message) or kept as inert text, and the command never runs.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from gametoolkit.catalog import load_game
from gametoolkit.cli import main
from gametoolkit.core.dsl import decision, game, leaf
from gametoolkit.errors import GameToolkitError, ParseError, ValidationError
from gametoolkit.io.efg import parse_efg
from gametoolkit.io.gamejson import loads

SRC = Path(__file__).resolve().parent.parent / "src" / "gametoolkit"

#: (file relative to src/gametoolkit, call) -> why it is safe
AUDITED: dict[tuple[str, str], str] = {
    ("catalog.py", "exec_module"): "MODEL given as a path ending in .py is the user's own Python model file, "
    "run on purpose (docs: the command line reference); game files (.efg, .json) are only parsed",
    ("catalog.py", "import_module"): "module names listed by pkgutil inside the shipped models package",
    ("solvers/__init__.py", "import_module"): "the concept is checked against the fixed CONCEPTS tuple first",
    ("__init__.py", "import_module"): "the everyday API's lazy exports: names from the fixed _LAZY table only",
    ("analysis/executor.py", "import pickle"): "the executor's own task and result messages between a worker and the child "
    "process it started, over a private pipe; no file or user data is unpickled",
    ("analysis/executor.py", "pickle.loads"): "messages the executor itself pickled, read from the private pipe to "
    "the child process it started (tasks in the child, results in the worker)",
    ("analysis/executor.py", "import cloudpickle"): "pickles the caller's own task function to send it to the executor's "
    "child processes; it unpickles nothing from data",
}

_NAMES = {"eval", "exec", "compile", "__import__", "sympify", "parse_expr", "exec_module", "import_module"}
_ATTRIBUTES = {"sympify", "parse_expr", "exec_module", "import_module", "system", "popen", "spawnl", "execv"}
_MODULES = {"pickle", "cPickle", "marshal", "shelve", "dill", "cloudpickle", "sympy.parsing"}


def dangerous_calls(tree: ast.AST) -> list[tuple[int, str]]:
    """``(line, name)`` of each call or import in ``tree`` that can run code."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in _NAMES:
                found.append((node.lineno, func.id))
            elif isinstance(func, ast.Attribute) and func.attr in _ATTRIBUTES:
                constant = bool(node.args) and isinstance(node.args[0], ast.Constant)
                if not (func.attr == "import_module" and constant):  # a fixed module name is safe
                    found.append((node.lineno, func.attr))
            elif isinstance(func, ast.Attribute) and func.attr in ("load", "loads") and isinstance(func.value, ast.Name) \
                    and func.value.id in _MODULES:
                found.append((node.lineno, f"{func.value.id}.{func.attr}"))
            for kw in node.keywords:
                if kw.arg == "shell" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                    found.append((node.lineno, "shell=True"))
        elif isinstance(node, ast.Import):
            found.extend(
                (node.lineno, f"import {a.name}")
                for a in node.names
                if any(a.name == m or a.name.startswith(m + ".") for m in _MODULES)
            )
        elif isinstance(node, ast.ImportFrom) and node.module:
            if any(node.module == m or node.module.startswith(m + ".") for m in _MODULES):
                found.append((node.lineno, f"from {node.module} import"))
            found.extend((node.lineno, a.name) for a in node.names if a.name in _NAMES)
    return found


def test_the_scan_finds_what_it_looks_for() -> None:
    code = (
        "import pickle\nfrom sympy import sympify\nfrom sympy.parsing.sympy_parser import parse_expr\n"
        "eval(x)\nexec(x)\nsympy.sympify(t)\nos.system(c)\nsubprocess.run(c, shell=True)\npickle.loads(b)\n"
        "importlib.import_module(n)\nimportlib.import_module('numpy')\n__import__(n)\n"
    )
    names = [name for _, name in dangerous_calls(ast.parse(code))]
    assert names.count("import_module") == 1  # the constant name is not listed
    for expected in ("import pickle", "sympify", "eval", "exec", "system", "shell=True", "pickle.loads",
                     "import_module", "__import__", "from sympy.parsing.sympy_parser import"):
        assert expected in names, expected


def test_no_unaudited_code_execution_in_src() -> None:
    unaudited = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        for line, name in dangerous_calls(ast.parse(path.read_text(encoding="utf-8"))):
            if (rel, name) not in AUDITED:
                unaudited.append(f"{rel}:{line}: {name}")
    assert not unaudited, "calls that can run code from data; audit them or remove them:\n" + "\n".join(unaudited)


# ---------------------------------------------------------------------- payloads


@pytest.fixture
def payloads(tmp_path: Path) -> tuple[Path, list[str]]:
    target = tmp_path / "pwned"
    t = target.as_posix()
    return target, [
        f"__import__('os').system('touch {t}')",
        f"open('{t}', 'w')",
        f"exec(\"open('{t}', 'w')\")",
        f"$(touch {t})",
        f"`touch {t}`",
        f"; touch {t}",
    ]


def esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"')


def efg_with(payoff: str = "1", label: str = "n", player: str = "A", title: str = "t", prob: str = "1/2") -> str:
    return (
        f'EFG 2 R "{esc(title)}" {{ "{esc(player)}" "B" }}\n""\n'
        f'c "" 1 "" {{ "x" {prob} "y" 1/2 }} 0\n'
        f'p "{esc(label)}" 1 1 "{esc(label)}" {{ "{esc(label)}" "b" }} 0\n'
        f't "" 1 "" {{ {payoff}, 2 }}\nt "" 2 "" {{ 3, 4 }}\nt "" 3 "" {{ 5, 6 }}\n'
    )


def test_payloads_as_numbers_are_refused(payloads: tuple[Path, list[str]], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    target, texts = payloads
    for text in texts:
        for where in ("payoff", "prob"):
            bad = efg_with(**{where: text.replace(" ", "")})  # one token, as a number would be
            with pytest.raises(ParseError, match=r"not a number|expected a number|bad number"):
                parse_efg(bad)
            path = tmp_path / "bad.efg"
            path.write_text(bad, encoding="utf-8")
            for command in ("validate", "solve", "show"):
                assert main([command, str(path)]) == 2
                _, err = capsys.readouterr()
                assert err.count("\n") == 1 and err.startswith("error: ")
        doc = {"format": "gametoolkit-game", "version": 1, "title": "", "players": ["A"],
               "outcomes": [{"label": "", "payoffs": [text]}], "infosets": [],
               "nodes": [{"kind": "terminal", "label": "", "infoset": None, "outcome": 0}]}
        with pytest.raises(ParseError, match="not a number"):
            loads(json.dumps(doc))
        with pytest.raises(ValidationError, match="not a number"):
            game("t", ["A"], decision("A", "h", go=leaf(text), stop=leaf(0)))
    assert not target.exists()


def test_payloads_as_labels_stay_inert_text(payloads: tuple[Path, list[str]], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    target, texts = payloads
    for text in texts:
        g = parse_efg(efg_with(label=text, player=text, title=text))
        assert g.title == text and g.players[0] == text and g.root.label == ""
        assert g.nodes[1].label == text and g.infosets[1].label == text and g.infosets[1].actions[0] == text
        path = tmp_path / "labels.efg"
        path.write_text(efg_with(label=text, player=text, title=text), encoding="utf-8")
        assert main(["show", str(path)]) == 0
        assert main(["solve", str(path), "--concept", "spe", "--json"]) == 0
        out, _ = capsys.readouterr()
        assert text in out  # printed back as the text it is
        assert loads(_dump(g)) == g
        d = game(text, [text], decision(text, text, {text: leaf(1, label=text)}))
        assert d.title == text and d.infosets[0].actions == (text,)
    assert not target.exists()


def _dump(g: object) -> str:
    from gametoolkit.io.gamejson import dumps

    return dumps(g)  # type: ignore[arg-type]


def test_payloads_as_settings_are_refused(payloads: tuple[Path, list[str]], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    target, texts = payloads
    efg = tmp_path / "g.efg"
    efg.write_text(efg_with(), encoding="utf-8")
    for text in texts:
        for setting in (f"p={text}", f"china={text}", f"x1={text}"):
            assert main(["show", "us-japan-alliance", "--set", setting]) == 2
            assert main(["solve", str(efg), "--set", setting]) == 2
            _, err = capsys.readouterr()
            assert err.count("\n") == 2 and "Traceback" not in err
        with pytest.raises(GameToolkitError):
            load_game("us-japan-alliance", {"p": text})
        with pytest.raises(GameToolkitError):
            load_game("us-japan-alliance", {"china": text})
        with pytest.raises(GameToolkitError):
            load_game(str(efg), {"p": text})
    assert not target.exists()


def test_payloads_in_symbolic_expressions_are_refused(payloads: tuple[Path, list[str]]) -> None:
    try:
        from gametoolkit.symbolic.expr import parse_expression
    except ImportError:
        pytest.skip("the symbolic extra is not installed")
    target, texts = payloads
    for text in [*texts, "p.__class__", "lambda: 0", "p if 1 else 0", "[p]", "p; 1", "x1**99999999"]:
        with pytest.raises(GameToolkitError):
            parse_expression(text, ["p", "x1"])
    assert not target.exists()


def test_a_pickle_is_not_a_game_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pickle

    path = tmp_path / "game.pkl"
    path.write_bytes(pickle.dumps({"format": "gametoolkit-game"}))
    assert main(["show", str(path)]) == 2
    _, err = capsys.readouterr()
    assert err.startswith("error: ") and err.count("\n") == 1
