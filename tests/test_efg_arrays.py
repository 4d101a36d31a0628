"""The array path for large ``.efg`` files gives, byte for byte, what the object path gives.

The reference throughout is the object path itself: :func:`parse_efg` then
:func:`format_efg` for ``convert``, and ``json.dumps(solve(game, "spe").to_json(),
indent=1, ensure_ascii=False)`` for ``solve --concept spe --json``.  Where the scan
declines a file it must say so (``None``), never guess; header errors are the object
reader's own.
"""

from __future__ import annotations

import contextlib
import json
import random
from pathlib import Path

import numpy as np
import pytest

import gametoolkit.cli.convert as convert_cli
import gametoolkit.solvers.spe_arrays as spe_arrays
from gametoolkit.cli import main
from gametoolkit.errors import GameToolkitError, LimitError, ParseError
from gametoolkit.io.efg import format_efg, parse_efg
from gametoolkit.io.efg.arrays import efg_lines, scan_efg, write_efg_arrays
from gametoolkit.solvers import solve
from gametoolkit.solvers.spe_arrays import backward_induction, spe_json
from gametoolkit.verify.random_games import PAYOFF_STYLES, random_game


def written(text: str) -> str:
    arrays = scan_efg(text, "x.efg")
    assert arrays is not None, "the scan declined"
    return "\n".join(efg_lines(arrays)) + "\n"


def object_spe(text: str) -> str:
    return json.dumps(solve(parse_efg(text, "x.efg"), "spe").to_json(), indent=1, ensure_ascii=False)


def array_spe(text: str) -> str | None:
    arrays = scan_efg(text, "x.efg")
    assert arrays is not None, "the scan declined"
    found = backward_induction(arrays)
    return None if found is None else spe_json(arrays, found)


def binary_tree(depth: int, labelled: bool = True) -> str:
    """The benchmark's tree as text: players alternate, leaf i pays (i, -i)."""
    lines = [f'EFG 2 R "binary tree of depth {depth}" {{ "P1" "P2" }}', ""]
    counters = [0, 0]
    leaf = 0

    def node(d: int, j: int) -> None:
        nonlocal leaf
        if d == depth:
            leaf += 1
            lines.append(f't "" {leaf} "" {{ {leaf - 1}, {1 - leaf} }}')
            return
        p = d % 2
        counters[p] += 1
        label = f"{d}.{j}" if labelled else ""
        lines.append(f'p "" {p + 1} {counters[p]} "{label}" {{ "L" "R" }} 0')
        node(d + 1, 2 * j)
        node(d + 1, 2 * j + 1)

    node(0, 0)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- random games
@pytest.mark.parametrize("style", PAYOFF_STYLES)
def test_random_perfect_information_games_match_the_object_path(style: str) -> None:
    unique = ties = 0
    for seed in range(30):
        rng = random.Random(f"{style}-{seed}")
        game = random_game(rng, merge=0.0, max_nodes=50, chance_share=rng.choice([0.0, 0.0, 0.3]), payoffs=style)
        text = format_efg(game)
        assert written(text) == format_efg(parse_efg(text, "x.efg"))
        ours = array_spe(text)
        if ours is None:
            ties += 1
            # the object solver saw the tie too (or so many equilibria that it refuses)
            with contextlib.suppress(LimitError):
                assert not solve(parse_efg(text), "spe").complete
        else:
            unique += 1
            assert ours == object_spe(text)
    assert unique >= 1, "no game with one equilibrium to test the kernel"


def test_binary_trees_labelled_and_plain(tmp_path: Path) -> None:
    for labelled in (True, False):
        text = binary_tree(6, labelled)
        out = written(text)
        assert out == format_efg(parse_efg(text))
        assert (out == text) is labelled  # plain sets are written "#k", as the object reader labels them
        assert array_spe(text) == object_spe(text)
        arrays = scan_efg(text)
        assert arrays is not None and (arrays.verbatim is not None) is labelled  # the writer's own text: kept
        write_efg_arrays(arrays, tmp_path / "out.efg")
        assert (tmp_path / "out.efg").read_text(encoding="utf-8") == out


@pytest.mark.parametrize(
    ("change", "old", "new"),
    [
        ("doubled line end", "\nt", "\n\nt"),
        ("set numbers", 'p "" 2 1', 'p "" 2 7'),
        ("outcome numbers", 't "" 1 ""', 't "" 99 ""'),
        ("a leading zero", 'p "" 1 1', 'p "" 01 1'),
        ("no space before a brace", '"0.0" {', '"0.0"{'),
    ],
)
def test_text_not_as_the_writer_writes_it_is_rewritten(change: str, old: str, new: str, tmp_path: Path) -> None:
    text = binary_tree(3).replace(old, new, 1)
    assert text != binary_tree(3), change
    arrays = scan_efg(text)
    assert arrays is not None and arrays.verbatim is None
    write_efg_arrays(arrays, tmp_path / "out.efg")
    assert (tmp_path / "out.efg").read_text(encoding="utf-8") == format_efg(parse_efg(text))


# ---------------------------------------------------------------------- layouts the scan takes
HEAD = 'EFG 2 R "t" { "A" "B" }\n'
TAKEN = {
    "numbers written otherwise": HEAD + 'p "" 1 1 "x" { "l" "r" } 0\nt "" 1 "o" { 007, -0 }\nt "" 2 "" { 1.50, 2/4 }\n',
    "outcomes at inner nodes": HEAD + 'p "" 1 1 "x" { "l" "r" } 3 "in" { 1, 1 }\nt "" 2 "" { 0, 1 }\nt "" 1 "" { 2, 0 }\n',
    "a reused outcome": HEAD
    + 'p "" 1 1 "x" { "l" "r" } 0\np "" 2 1 "y" { "a" "b" } 0\nt "" 4 "w" { 1, 2 }\nt "" 4\nt "" 4 "" { 1, 2 }\n',
    "sets numbered out of order, unlabelled": HEAD
    + 'p "" 2 9 "" { "l" "r" } 0\np "" 1 4 "" { "a" "b" } 0\nt "" 1 "" { 1, 2 }\nt "" 2 "" { 3, 2 }\nt "" 3 "" { 2, 5 }\n',
    "node labels and a comment": 'EFG 2 R "t" { "A" "B" }\n"a comment"\n'
    + 'p "root" 1 1 "x" { "l" "r" } 0\nt "end 1" 1 "" { 1, 2 }\nt "end 2" 2 "" { 3, 2 }\n',
    "chance with decimals, a repeated chance set": HEAD
    + 'c "" 1 "n" { "h" 0.25 "t" 3/4 } 0\nc "" 1 "n" { "h" 0.25 "t" 3/4 } 0\nt "" 1 "" { 1, 2 }\n'
    + 't "" 2 "" { 3, 2 }\np "" 1 1 "x" { "l" "r" } 0\nt "" 3 "" { 1, 2 }\nt "" 4 "" { 3, 2 }\n',
    "three actions, spaces in labels, a free layout of payoffs": HEAD
    + 'p "" 1 1 "my set" { "go left" "mid" "right" } 0\nt "" 1 "" { 1 2 }\nt "" 2 "" {3,2,}\nt "" 3 "" { 0, 9 }\n',
    "a repeated action label": HEAD + 'p "" 1 1 "x" { "a" "a" } 0\nt "" 1 "" { 1, 2 }\nt "" 2 "" { 3, 2 }\n',
    "one node": HEAD + 't "" 1 "" { 1, 2 }\n',
    "an action without a label": HEAD + 'p "" 1 1 "x" { "" "r" } 0\nt "" 1 "" { 1, 2 }\nt "" 2 "" { 3, 2 }\n',
    "a chain of single actions": HEAD + 'p "" 1 1 "x" { "only" } 0\np "" 2 1 "y" { "a" } 0\nt "" 1 "" { 1, 2 }\n',
    "one player, a leaf without outcome": 'EFG 2 R "t" { "A" }\np "" 1 1 "x" { "a" "b" } 0\nt "" 0\nt "" 1 "w" { 3 }\n',
}


@pytest.mark.parametrize("name", sorted(TAKEN))
def test_layouts_the_scan_takes_match_the_object_path(name: str) -> None:
    text = TAKEN[name]
    assert written(text) == format_efg(parse_efg(text, "x.efg"))
    ours = array_spe(text)
    assert ours is None or ours == object_spe(text)


def test_unique_equilibria_among_the_layouts() -> None:
    solved = [name for name in TAKEN if array_spe(TAKEN[name]) is not None]
    assert len(solved) >= 5, solved


# ---------------------------------------------------------------------- what the scan declines
BODY = 'p "" 1 1 "x" { "l" "r" } 0\nt "" 1 "" { 1, 2 }\nt "" 2 "" { 3, 2 }\n'
DECLINED = {
    "imperfect information": HEAD
    + 'p "" 1 1 "x" { "l" "r" } 0\np "" 2 1 "y" { "a" "b" } 0\nt "" 1 "" { 1, 2 }\nt "" 2 "" { 3, 2 }\n'
    + 'p "" 2 1 "y" { "a" "b" } 0\nt "" 3 "" { 1, 2 }\nt "" 4 "" { 3, 2 }\n',
    "a backslash": HEAD + BODY.replace('"x"', '"x\\\\y"'),
    "not ASCII": HEAD + BODY.replace('"x"', '"é"'),
    "doubled spaces": HEAD + BODY.replace('"x"', '"x  y"'),
    "a leading space in a label": HEAD + BODY.replace('"x"', '" x"'),
    "a tab": HEAD + BODY.replace("p ", "p\t"),
    "no node label": HEAD + BODY.replace('t "" 1', "t 1"),
    "an outcome repeated with other payoffs": HEAD + BODY.replace("t \"\" 2 \"\" { 3, 2 }", 't "" 1 "" { 3, 2 }'),
    "an outcome first used without payoffs": HEAD + BODY.replace('t "" 1 "" { 1, 2 }', 't "" 1'),
    "player out of range": HEAD + BODY.replace('p "" 1 1', 'p "" 3 1'),
    "player zero": HEAD + BODY.replace('p "" 1 1', 'p "" 0 1'),
    "an incomplete tree": HEAD + BODY.rsplit("t", 1)[0],
    "an extra node": HEAD + BODY + 't "" 3 "" { 0, 0 }\n',
    "an unterminated string": HEAD + BODY + 't "',
    "probabilities not summing to one": HEAD + 'c "" 1 "" { "h" 1/2 "t" 1/3 } 0\n' + BODY[BODY.index("t"):],
    "a negative probability": HEAD + 'c "" 1 "" { "h" 3/2 "t" -1/2 } 0\n' + BODY[BODY.index("t"):],
    "too few payoffs": HEAD + BODY.replace("{ 1, 2 }", "{ 1 }"),
    "repeated node labels": HEAD + BODY.replace('t "" 1', 't "z" 1').replace('t "" 2', 't "z" 2'),
    "repeated set labels": HEAD
    + 'p "" 1 1 "x" { "l" "r" } 0\np "" 1 2 "x" { "a" "b" } 0\nt "" 1 "" { 1, 2 }\nt "" 2 "" { 3, 2 }\n'
    + 't "" 3 "" { 1, 0 }\n',
    "a player called Chance": HEAD.replace('"B"', '"Chance"') + BODY,
    "no nodes": HEAD,
    "a number that is not one": HEAD + BODY.replace("{ 1, 2 }", "{ 1, x }"),
    "outcome 0 with payoffs": HEAD + BODY.replace('t "" 1 "" { 1, 2 }', 't "" 0 "" { 1, 2 }'),
    "an action list left out": HEAD + BODY.replace('{ "l" "r" } ', ""),
}


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_the_scan_declines_and_the_object_path_answers(name: str) -> None:
    text = DECLINED[name]
    assert scan_efg(text, "x.efg") is None
    with contextlib.suppress(GameToolkitError):  # whatever the object path says (a game or an error) is the answer
        parse_efg(text, "x.efg")


@pytest.mark.parametrize(
    "text", ["", "NFG 1 R", 'EFG 2 R "t" { }', 'EFG 2 R "t" { "A" ', 'EFG 3 R "t" { "A" }', 'EFG 2 R t { "A" }']
)
def test_header_errors_are_the_object_readers(text: str) -> None:
    with pytest.raises(ParseError) as ours:
        scan_efg(text, "bad.efg")
    with pytest.raises(ParseError) as theirs:
        parse_efg(text, "bad.efg")
    assert str(ours.value) == str(theirs.value)
    assert "bad.efg:1:" in str(ours.value)


# ---------------------------------------------------------------------- the kernel
def test_a_tie_is_left_to_the_object_solver() -> None:
    text = HEAD + 'p "" 1 1 "x" { "l" "r" } 0\nt "" 1 "" { 1, 2 }\nt "" 2 "" { 1, 5 }\n'
    assert array_spe(text) is None
    assert len(solve(parse_efg(text), "spe")) == 2


def test_a_tree_too_deep_is_left_to_the_object_solver(monkeypatch: pytest.MonkeyPatch) -> None:
    text = binary_tree(5)
    assert array_spe(text) is not None
    monkeypatch.setattr(spe_arrays, "MAX_DEPTH", 4)
    assert array_spe(text) is None


def test_large_payoffs_stay_exact() -> None:
    big = 10**17
    text = HEAD + f'p "" 1 1 "x" {{ "l" "r" }} 9 "" {{ {big}, -{big} }}\nt "" 1 "" {{ {big}, 1 }}\nt "" 2 "" {{ {big + 1}, 0 }}\n'
    arrays = scan_efg(text)
    assert arrays is not None and arrays.payoffs.dtype == np.int64
    ours = array_spe(text)
    assert ours is not None and ours == object_spe(text)
    assert json.loads(ours)["equilibria"][0]["payoffs"]["A"] == str(2 * big + 1)


def test_fractions_and_chance_are_exact() -> None:
    text = TAKEN["chance with decimals, a repeated chance set"].replace("{ 3, 2 }", "{ 1/3, 2 }", 1)
    ours = array_spe(text)
    assert ours is not None and ours == object_spe(text)


# ---------------------------------------------------------------------- the command line
@pytest.fixture
def small_files_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert_cli, "ARRAY_MIN_BYTES", 0)


def _both_paths(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> list[tuple[int, str, str]]:
    results = []
    for limit in (0, 1 << 62):  # the array path first, then the object path
        monkeypatch.setattr(convert_cli, "ARRAY_MIN_BYTES", limit)
        code = main(list(args))
        out, err = capsys.readouterr()
        results.append((code, out, err))
    return results


def test_cli_convert_and_solve_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "tree.efg"
    source.write_text(binary_tree(7, labelled=False), encoding="utf-8")
    outputs = []
    for limit in (0, 1 << 62):
        monkeypatch.setattr(convert_cli, "ARRAY_MIN_BYTES", limit)
        target = tmp_path / f"out-{limit}.efg"
        assert main(["convert", str(source), "-o", str(target)]) == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    capsys.readouterr()
    (a, b) = _both_paths(monkeypatch, capsys, "solve", str(source), "--concept", "spe", "--json")
    assert a == b and a[0] == 0 and json.loads(a[1])["complete"] is True
    (a, b) = _both_paths(monkeypatch, capsys, "solve", str(source), "--concept", "spe", "--json", "--max-equilibria", "1")
    assert a == b


def test_cli_array_path_is_taken(tmp_path: Path, small_files_too: None, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "tree.efg"
    source.write_text(binary_tree(4), encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the object path was used")

    monkeypatch.setattr(convert_cli, "load_model_game", refuse)
    assert main(["convert", str(source), "-o", str(tmp_path / "o.efg"), "-q"]) == 0
    assert (tmp_path / "o.efg").read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    assert convert_cli.large_efg_spe_json(_solve_args(str(source))) is not None


def _solve_args(model: str, **changes: object) -> object:
    import argparse

    args = argparse.Namespace(
        model=model, set=None, concept="spe", json=True, refine=None, lam=None, max_supports=None,
        max_equilibria=None, max_cells=None, max_bases=None, max_pivots=None, max_entries=None,
    )
    for name, value in changes.items():
        setattr(args, name, value)
    return args


@pytest.mark.parametrize(
    "changes", [{"concept": "nash"}, {"json": False}, {"refine": "sequential"}, {"max_equilibria": 0}, {"set": ["p=1"]}]
)
def test_cli_requests_the_arrays_do_not_answer(tmp_path: Path, small_files_too: None, changes: dict[str, object]) -> None:
    source = tmp_path / "tree.efg"
    source.write_text(binary_tree(3), encoding="utf-8")
    assert convert_cli.large_efg_spe_json(_solve_args(str(source), **changes)) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["an incomplete tree", "player out of range", "an outcome repeated with other payoffs"])
def test_cli_errors_are_the_object_paths(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bad.efg"
    source.write_text(DECLINED[name], encoding="utf-8")
    (a, b) = _both_paths(monkeypatch, capsys, "convert", str(source), "-o", str(tmp_path / "o.efg"))
    assert a == b and a[0] == 2 and f"{source}:" in a[2]
    (a, b) = _both_paths(monkeypatch, capsys, "solve", str(source), "--concept", "spe", "--json")
    assert a == b and a[0] == 2
