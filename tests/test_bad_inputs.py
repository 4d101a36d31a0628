"""Malformed input of every kind: files, the DSL and ``--set``.

Each must be refused with a :class:`ParseError` (file, line, column) or a
:class:`ValidationError` (node paths), and on the command line with exit status 2 and
exactly one line on stderr.  The files are indexed in ``tests/data/bad/README.md``,
whose table this module reads: it is both the index and the expectation.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from gametoolkit.catalog import load_game, parse_setting, parse_settings
from gametoolkit.cli import main
from gametoolkit.core.dsl import chance, decision, game, leaf, param
from gametoolkit.errors import GameToolkitError, ModelError, NumberError, ParseError, ValidationError
from gametoolkit.io.efg import parse_efg
from gametoolkit.io.files import read_game
from gametoolkit.io.gamejson import loads

BAD = Path(__file__).parent / "data" / "bad"
INDEX = BAD / "README.md"

_ROW = re.compile(r"^\| `(?P<file>[^`]+)` \| (?P<what>[^|]+) \| (?P<error>\w+) \| (?P<where>[\d:]+|-) \| `(?P<fragment>.+)` \|$")


@dataclass(frozen=True)
class Row:
    file: str
    what: str
    error: str
    where: str
    fragment: str


def index() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for line in INDEX.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if m:
            row = Row(m["file"], m["what"].strip(), m["error"], m["where"], m["fragment"].replace("\\|", "|"))
            assert row.file not in rows, f"{row.file} listed twice"
            rows[row.file] = row
    return rows


ROWS = index()


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_index_lists_every_file_and_only_them() -> None:
    files = sorted(p.name for p in BAD.iterdir() if p.suffix in (".efg", ".json"))
    assert sorted(ROWS) == files
    assert len(files) >= 100
    assert sum(f.endswith(".json") for f in files) >= 20


@pytest.mark.parametrize("name", sorted(ROWS))
def test_bad_file_is_refused_where_the_index_says(name: str) -> None:
    row = ROWS[name]
    path = BAD / name
    with pytest.raises(GameToolkitError) as caught:
        read_game(path)
    err = caught.value
    assert type(err).__name__ == row.error
    message = str(err)
    assert "\n" not in message or isinstance(err, ValidationError)
    assert row.fragment in one_line(message)
    if isinstance(err, ParseError):
        line, column = map(int, row.where.split(":"))
        assert (err.line, err.column) == (line, column)
        assert err.source == str(path)
        assert message.startswith(f"{path}:{line}:{column}: ")
    else:
        assert isinstance(err, ValidationError)
        assert err.problems
        if row.where == "-":
            assert message.startswith(f"{path}: invalid game")
            assert all(p.startswith("at ") or " " in p for p in err.problems)
        else:
            assert err.problems[0].startswith(f"{path}:{row.where}: ")


@pytest.mark.parametrize("command", ["validate", "show", "solve"])
def test_every_bad_file_through_the_cli_exits_2_with_one_line(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, row in sorted(ROWS.items()):
        code = main([command, str(BAD / name)])
        out, err = capsys.readouterr()
        assert code == 2, (name, err)
        assert out == "", name
        assert err.count("\n") == 1 and err.startswith("error: "), (name, err)
        assert "Traceback" not in err
        assert row.fragment in err, (name, err)


@pytest.mark.parametrize(
    "name", ["binary_garbage.efg", "json_huge_integer.json", "json_lone_surrogate.json", "many_problems.efg", "zero_bytes.efg"]
)
def test_bad_files_in_a_real_process(name: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "gametoolkit", "validate", str(BAD / name)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert ROWS[name].fragment in proc.stderr


def test_many_problems_are_summed_up_in_one_line() -> None:
    with pytest.raises(ValidationError) as caught:
        read_game(BAD / "many_problems.efg")
    assert len(caught.value.problems) == 61
    assert str(caught.value).endswith("; and 41 more")


# ---------------------------------------------------------------------- made here: too big to commit

DEPTH = 100_000


def deep_chain(depth: int) -> str:
    """A chain of ``depth`` moves; each move's "stop" leaf follows its "go" subtree."""
    moves = [f'p "" 1 {k + 1} "" {{ "go" "stop" }} 0' for k in range(depth)]
    stops = [f't "" {k + 2} "" {{ {k} }}' for k in reversed(range(depth))]
    return "\n".join(['EFG 2 R "chain" { "A" }', '""', *moves, 't "" 1 "" { 1/2 }', *stops]) + "\n"


def test_deep_chain_cut_short_and_cut_inside(tmp_path: Path) -> None:
    text = deep_chain(DEPTH)
    assert len(parse_efg(text).nodes) == 2 * DEPTH + 1
    cut = text[: text.index('t "" 1 ""')]  # every move, no leaf
    with pytest.raises(ParseError) as caught:
        parse_efg(cut, "deep.efg")
    assert caught.value.line == DEPTH + 2 and "ends before the tree is complete" in caught.value.reason
    assert f"line {DEPTH + 2} still needs 2 more" in caught.value.reason
    broken = text.replace(f'p "" 1 {DEPTH // 2} "" {{ "go" "stop" }} 0', f'p "" 1 {DEPTH // 2} "" {{ "go" "stop" }} x', 1)
    with pytest.raises(ParseError) as caught:
        parse_efg(broken, "deep.efg")
    assert (caught.value.line, caught.value.column) == (DEPTH // 2 + 2, len(f'p "" 1 {DEPTH // 2} "" {{ "go" "stop" }} ') + 1)
    path = tmp_path / "deep.efg"
    path.write_text(cut, encoding="utf-8")
    for command in ("validate", "show", "solve"):
        proc_code = main([command, str(path)])
        assert proc_code == 2


def test_deeply_nested_json_and_braces(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for text, column in (("[" * DEPTH + "]" * DEPTH, 101), ('{"a": ' * DEPTH + "1" + "}" * DEPTH, 601)):
        with pytest.raises(ParseError, match="nested too deeply") as caught:
            loads(text, "deep.json")
        # the position of the first bracket more than 100 levels deep
        assert (caught.value.source, caught.value.line, caught.value.column) == ("deep.json", 1, column)
        path = tmp_path / "deep.json"
        path.write_text(text, encoding="utf-8")
        assert main(["validate", str(path)]) == 2
        _, err = capsys.readouterr()
        assert err.count("\n") == 1 and "nested too deeply" in err
    braces = 'EFG 2 R "x" { "A" }\np "" 1 1 "" ' + "{" * DEPTH + "\n"
    with pytest.raises(ParseError) as caught:
        parse_efg(braces, "braces.efg")
    assert (caught.value.line, caught.value.column) == (2, 14) and "found '{'" in caught.value.reason


# ---------------------------------------------------------------------- regressions of fixes


def test_unicode_digits_are_not_numbers() -> None:
    """Regression: ``re``'s ``\\d`` took Arabic-Indic and full-width digits as numbers."""
    from gametoolkit.core.values import parse_number

    for text in ("\u0661\u0662", "\uff13", "1/\u0662", "\u0660.5", "1e\u0663"):
        with pytest.raises(NumberError, match="not a number"):
            parse_number(text)
    assert parse_number("12") == 12


def test_number_errors_are_gametoolkit_errors() -> None:
    """Regression: parse_number/exact raised plain ValueError (not a documented error)."""
    from gametoolkit.core.values import exact, parse_number

    for bad in ("abc", "1/0", "", "9" * 5000, "1e99999"):
        with pytest.raises(NumberError):
            parse_number(bad)
    with pytest.raises(NumberError):
        parse_number(3)  # type: ignore[arg-type]
    for value in (float("nan"), True, None, 1j):
        with pytest.raises(GameToolkitError):
            exact(value)
    with pytest.raises(ValueError):  # still a ValueError for old callers
        parse_number("abc")


def test_json_integer_beyond_python_limit() -> None:
    """Regression: json.loads raised a bare ValueError for an integer of 5,000 digits."""
    text = '{"format": "gametoolkit-game",\n "version": ' + "7" * 5000 + "}"
    with pytest.raises(ParseError, match="more than 4300 digits") as caught:
        loads(text, "big.json")
    assert (caught.value.line, caught.value.column) == (2, 13)


def test_json_lone_surrogates_are_refused() -> None:
    """Regression: "\\ud800" in a label was accepted and crashed printing later."""
    for key in ("title", "players"):
        text = (BAD.parent / "bad" / "json_lone_surrogate.json").read_text(encoding="utf-8")
        if key == "players":
            text = text.replace('"bad \\ud800"', '"bad"').replace('"P1"', '"P\\udfff"')
        with pytest.raises(ParseError, match="lone surrogate"):
            loads(text, "s.json")


def test_json_errors_point_at_the_object() -> None:
    text = (
        '{"format": "gametoolkit-game", "version": 1, "title": "", "players": ["A"],\n'
        ' "outcomes": [{"label": "", "payoffs": ["1"]}],\n'
        ' "infosets": [],\n'
        ' "nodes": [\n'
        '   {"kind": "terminal", "label": "", "infoset": null, "outcome": 0},\n'
        '   {"kind": "leaf", "label": "", "infoset": null, "outcome": 0}]}\n'
    )
    with pytest.raises(ParseError) as caught:
        loads(text, "g.json")
    assert (caught.value.line, caught.value.column) == (6, 4)
    assert caught.value.reason.startswith("nodes[1]")
    with pytest.raises(ParseError, match="unsupported version 2"):
        loads(text.replace('"version": 1', '"version": 2'), "g.json")


# ---------------------------------------------------------------------- the DSL

#: the builders, untyped: these calls break their types on purpose
D: Any = decision
C: Any = chance
G: Any = game
L: Any = leaf

LEAVES = {"x": leaf(1), "y": leaf(0)}


def _g(root: Any, players: Any = ("A",)) -> Any:
    return G("t", players, root)


#: a bad call -> the node path and a fragment of the problem
DSL_CASES: dict[str, tuple[Callable[[], Any], str, str]] = {
    "root not a node": (lambda: _g(5), "root", "the root is int 5, not a node"),
    "child not a node": (lambda: _g(D("A", "h", go=5, stop=leaf(0))), "root", "a child is int 5"),
    "players a string": (lambda: _g(D("A", "h", **LEAVES), "AB"), "", "players must be a list of names"),
    "player name not text": (lambda: _g(leaf(1, 2), ["A", 2]), "", "the name of player 2 is int 2, not text"),
    "duplicate players": (lambda: _g(leaf(1, 2), ["A", "A"]), "", "both called 'A'"),
    "title not text": (lambda: G(None, ["A"], leaf(1)), "", "the title is NoneType None"),
    "action label not text": (lambda: _g(D("A", "h", {1: leaf(1), 2: leaf(0)})), "root", "an action label is int 1"),
    "information set not text": (lambda: _g(D("A", ["h"], **LEAVES)), "root", "name is list ['h'], not text"),
    "node label not text": (lambda: _g(D("A", "h", x=L(1, label=3), y=leaf(0))), "x", "label is int 3"),
    "actions not a mapping": (lambda: _g(D("A", "h", 5)), "root", "the actions are int 5"),
    "action not a pair": (lambda: _g(D("A", "h", [1, ("x", leaf(1))])), "root", "an action is int 1"),
    "no actions": (lambda: _g(D("A", "h", go=D("A", "g"), stop=leaf(0))), "go", "has no actions"),
    "unknown player": (lambda: _g(D("A", "h", go=D("B", "g", **LEAVES), stop=leaf(0))), "go", "unknown player 'B'"),
    "duplicate action": (lambda: _g(D("A", "h", [("x", leaf(1)), ("x", leaf(2))])), "root", "duplicate action label(s) 'x'"),
    "chance action not a pair": (lambda: _g(D("A", "h", go=C(x=0.5, y=(0.5, leaf(1))), stop=leaf(0))), "go", "expected (probability, child), got float 0.5"),
    "chance arguments swapped": (lambda: _g(D("A", "h", go=C({"x": (1, leaf(1))}, {"y": (1, leaf(1))}), stop=leaf(0))), "go", "give the information set's name first"),
    "probability text": (lambda: _g(C(x=("abc", leaf(1)), y=("1/2", leaf(1)))), "root", "probability of 'x': not a number: 'abc'"),
    "probability nan": (lambda: _g(C(x=(float("nan"), leaf(1)), y=("1/2", leaf(1)))), "root", "nan is not a finite number"),
    "probability negative": (lambda: _g(D("A", "h", go=C(x=(-1, leaf(1)), y=(2, leaf(1))), stop=leaf(0))), "go", "probability of 'x' is negative (-1)"),
    "probabilities unsummed": (lambda: _g(D("A", "h", go=C(x=("1/3", leaf(1)), y=("1/3", leaf(1))), stop=leaf(0))), "go", "sum to 2/3, not 1"),
    "probabilities in parameters unsummed": (lambda: _g(C(x=(param("p"), leaf(1)), y=(param("p"), leaf(1)))), "root", "p + p do not sum to 1"),
    "chance without actions": (lambda: _g(D("A", "h", go=C(), stop=leaf(0))), "go", "chance node has no actions"),
    "chance set disagrees": (lambda: _g(D("A", "h", go=C("N", x=("1/2", leaf(1)), y=("1/2", leaf(1))), stop=C("N", x=("1/3", leaf(1)), y=("2/3", leaf(1))))), "stop", "(1/3, 2/3) differ from (1/2, 1/2)"),
    "set actions disagree": (lambda: _g(C(x=("1/2", D("A", "s", l=leaf(1), r=leaf(0))), y=("1/2", D("A", "s", l=leaf(1), m=leaf(0))))), "y", "actions ['l', 'm'] differ from ['l', 'r'] at x"),
    "set twice on one play": (lambda: _g(D("A", "h", go=D("A", "h", go=leaf(1), stop=leaf(2)), stop=leaf(0))), "go", "holds two nodes of one play"),
    "payoff text": (lambda: _g(D("A", "h", go=leaf("abc"), stop=leaf(0))), "go", "payoff 1: not a number: 'abc'"),
    "payoff infinite": (lambda: _g(D("A", "h", go=leaf(float("inf")), stop=leaf(0))), "go", "inf is not a finite number"),
    "payoff boolean": (lambda: _g(D("A", "h", go=leaf(True), stop=leaf(0))), "go", "a boolean is not a number"),
    "payoff None": (lambda: _g(D("A", "h", go=leaf(None), stop=leaf(0))), "go", "expected a number, got NoneType"),
    "payoff complex": (lambda: _g(D("A", "h", go=leaf(1j), stop=leaf(0))), "go", "got complex 1j"),
    "payoff huge": (lambda: _g(D("A", "h", go=leaf("9" * 5000), stop=leaf(0))), "go", "number too long"),
    "payoff code": (lambda: _g(D("A", "h", go=leaf("__import__('os').getcwd()"), stop=leaf(0))), "go", "not a number"),
    "payoff count": (lambda: _g(D("A", "h", go=leaf(1), stop=leaf(0, 0)), ["A", "B"]), "go", "1 entries for 2 players"),
    "payoff unknown player": (lambda: _g(D("A", "h", go=leaf(Z=1), stop=leaf(0))), "go", "payoff for unknown player 'Z'"),
    "payoffs twice": (lambda: _g(D("A", "h", go=leaf(1, A=1), stop=leaf(0))), "go", "both in order and by player name"),
    "inner outcome not a list": (lambda: _g(D("A", "h", go=leaf(1), stop=leaf(0), outcome=5)), "root", "outcome= is int 5"),
    "inner outcome bad": (lambda: _g(D("A", "h", go=leaf(1), stop=leaf(0), outcome=("x",))), "root", "payoff 1: not a number: 'x'"),
    "no players": (lambda: G("t", [], leaf()), "", "the game has no players"),
}


@pytest.mark.parametrize("case", sorted(DSL_CASES))
def test_bad_dsl_call_names_the_node(case: str) -> None:
    call, path, fragment = DSL_CASES[case]
    with pytest.raises(ValidationError) as caught:
        call()
    problems = [p for p in caught.value.problems if fragment in p]
    assert problems, caught.value.problems
    if path:
        assert problems[0].startswith(f"at {path}: "), problems[0]
    else:
        assert not problems[0].startswith("at ")


@pytest.mark.parametrize("name", ["2p", "", "a b", "__import__('os')", "p;q", "p\n"])
def test_bad_parameter_names(name: str) -> None:
    with pytest.raises(NumberError, match="identifier"):
        param(name)


# ---------------------------------------------------------------------- --set

#: a --set argument -> a fragment of the error
BAD_SETTINGS = {
    "p": "expected NAME=VALUE",
    "=3": "expected NAME=VALUE",
    "2p=3": "expected NAME=VALUE",
    "p q=3": "expected NAME=VALUE",
    "p=": "no value after '='",
    "p=   ": "no value after '='",
    "p=abc1": "not a number",  # text reaches the model as text; the model wants a number
    "p=1/0": "zero denominator",
    "p=1//2": "not a number",
    "p=0x10": "not a number",
    "p=1e99999": "exponent too large",
    "p=" + "9" * 5000: "too long",
    "p=-": "not a number",
    "p=.": "not a number",
    "p=1_000": "not a number",
    "p=\u0661": "not a number",
    "p=nan": "not a number",
    "china=__import__('os').system('touch /tmp/gametoolkit-pwned')": "china must be one of low, high",
    "p=" + "x" * 300: "value too long",
    "__class__=1": "has no parameter",
    "os=__import__('os').system('touch /tmp/gametoolkit-pwned')": "has no parameter",
    "p=__import__('os').system('touch /tmp/gametoolkit-pwned')": "not a number",
    "p=1;import os": "not a number",
    "p=$(touch /tmp/gametoolkit-pwned)": "not a number",
    "p=`touch /tmp/gametoolkit-pwned`": "not a number",
}


@pytest.mark.parametrize("setting", sorted(BAD_SETTINGS))
def test_bad_set_values(setting: str, capsys: pytest.CaptureFixture[str]) -> None:
    fragment = BAD_SETTINGS[setting]
    code = main(["show", "us-japan-alliance", "--set", setting])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err
    assert fragment in err
    assert not Path("/tmp/gametoolkit-pwned").exists()


def test_set_text_values_stay_text() -> None:
    assert parse_setting("china=high") == ("china", "high")
    name, value = parse_setting("p=__import__('os').system('true')")
    assert (name, value) == ("p", "__import__('os').system('true')") and isinstance(value, str)
    assert parse_setting(" p = 3/10 ") == ("p", Fraction(3, 10))
    with pytest.raises(ModelError, match="given twice"):
        parse_settings(["p=1", "p=2"])


def test_set_on_a_game_file_with_no_parameters(tmp_path: Path) -> None:
    path = tmp_path / "g.efg"
    path.write_text('EFG 2 R "g" { "A" }\n""\nt "" 1 "" { 1 }\n', encoding="utf-8")
    with pytest.raises(GameToolkitError):
        load_game(str(path), {"p": Fraction(1, 2)})
