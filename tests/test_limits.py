"""Limits: asked to enumerate equilibria of a game too large for exact enumeration,
every solver refuses at once, naming the estimated size and the option that raises
the limit; no hang, no memory blow-up.

The times asserted are sanity bounds (a refusal must not first do the work), not
benchmarks.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from games import chain_efg
from gametoolkit.cli import main
from gametoolkit.core.game import Game
from gametoolkit.errors import LimitError
from gametoolkit.forms.strategic import strategic_form
from gametoolkit.io.efg import parse_efg
from gametoolkit.solvers import nash as nash
from gametoolkit.solvers import solve

#: seconds a refusal may take, at most (a bound against hangs, not a benchmark)
AT_ONCE = 10.0


def signaling(types: int) -> str:
    """Chance draws one of ``types`` types; the sender sees it and says ``l`` or ``r``;
    the receiver sees only that and answers ``u`` or ``d``.  Perfect recall, a small
    tree (``8 * types`` nodes), and ``2 ** types`` plans for the sender."""
    lines = ['EFG 2 R "signaling" { "Sender" "Receiver" }', '""']
    probs = " ".join(f'"t{k}" 1/{types}' for k in range(types))
    lines.append(f'c "" 1 "" {{ {probs} }} 0')
    outcome = 0
    for k in range(types):
        lines.append(f'p "" 1 {k + 1} "" {{ "l" "r" }} 0')
        for m in range(2):
            lines.append(f'p "" 2 {m + 1} "" {{ "u" "d" }} 0')
            for a in range(2):
                outcome += 1
                lines.append(f't "" {outcome} "" {{ {(k + m + a) % 3}, {(k * a + m) % 2} }}')
    return "\n".join(lines) + "\n"


def tied_tree(depth: int) -> str:
    """A binary tree of perfect information where every payoff is 0: every action
    ties, so the pure subgame-perfect equilibria are ``2 ** (2 ** depth - 1)``."""
    lines = ['EFG 2 R "ties" { "A" "B" }', '""']
    counter = [0]

    def node(d: int) -> None:
        if d == depth:
            lines.append('t "" 1 "" { 0, 0 }')
            return
        counter[0] += 1
        lines.append(f'p "" {d % 2 + 1} {counter[0]} "" {{ "x" "y" }} 0')
        node(d + 1)
        node(d + 1)

    node(0)
    return "\n".join(lines) + "\n"


def chain(moves: int) -> str:
    """A centipede-like chain: stopping at move ``k`` pays ``(k, -k)``, the end ``(0, 0)``.
    Its strategic form has about ``(moves / 2) ** 2`` cells; its tree ``2 * moves + 1`` nodes."""
    return chain_efg(moves, lambda k: (k, -k), (0, 0))


@pytest.fixture(scope="module")
def big() -> Game:
    return parse_efg(signaling(40))


def refuses_at_once(call: Callable[[], Any], *fragments: str) -> LimitError:
    start = time.monotonic()
    with pytest.raises(LimitError) as caught:
        call()
    assert time.monotonic() - start < AT_ONCE
    for fragment in fragments:
        assert fragment in str(caught.value), str(caught.value)
    return caught.value


def test_strategic_form(big: Game) -> None:
    refuses_at_once(lambda: strategic_form(big), "1099511627776 x 4 =", "max_cells=")


def test_nash_enummixed_and_pure(big: Game) -> None:
    refuses_at_once(lambda: nash.solve(big, method="enummixed"), "cells", "max_cells=")
    refuses_at_once(lambda: nash.solve(big, method="pure"), "cells", "max_cells=")
    refuses_at_once(lambda: solve(big, "pure-nash"), "cells", "max_cells=")


def test_nash_auto_falls_back_to_one_equilibrium_and_says_so(big: Game) -> None:
    start = time.monotonic()
    found = solve(big, "nash")
    assert time.monotonic() - start < AT_ONCE
    assert not found.complete and found.method.startswith("lemke")
    assert "vertex enumeration of the sequence form" in found.notes[0] and "Lemke" in found.notes[0]


def test_lemke_pivot_limit(big: Game) -> None:
    refuses_at_once(lambda: nash.solve(big, method="lemke", max_pivots=3), "3 pivots", "max_pivots=")


def test_lemke_tableau_limit() -> None:
    """Exact pivoting on a large sequence form fills the tableau in; it stops at the
    entry limit (this chain once grew past 10 GB before any answer)."""
    game = parse_efg(chain(3000))
    err = refuses_at_once(
        lambda: nash.solve(game, method="lemke", max_entries=200_000), "200,000 non-zero entries", "max_entries=", "--max-entries"
    )
    assert "pivots" in str(err)


def test_nash_auto_on_a_large_game_of_perfect_information() -> None:
    """Beyond max_cells, a perfect-information game gets one pure SPE by backward induction."""
    from gametoolkit.evaluate.profiles import max_regret

    game = parse_efg(chain(3000))
    start = time.monotonic()
    found = solve(game, "nash")
    assert time.monotonic() - start < AT_ONCE
    assert found.method == "backward-induction" and not found.complete and len(found.equilibria) == 1
    assert "the sequence form (3001 x 3001 sequences) is too large" in found.notes[0]
    profile = found.equilibria[0].behavior
    assert max_regret(profile) == 0
    # the chain has a unique SPE (no mover is ever indifferent): the same profile
    spe = solve(game, "spe")
    assert [e.behavior for e in spe.equilibria] == [profile] and spe.complete


def test_pbe(big: Game) -> None:
    err = refuses_at_once(lambda: solve(big, "pbe"), "combinations of supports", "max_supports=", "--max-supports")
    assert re.search(r"about \d{6,} combinations", str(err))  # the estimate itself


def test_spe_with_ties() -> None:
    game = parse_efg(tied_tree(12))
    refuses_at_once(lambda: solve(game, "spe"), "more than 10000 pure subgame-perfect equilibria", "max_equilibria", "--max-equilibria")
    refuses_at_once(lambda: solve(game, "spe", max_equilibria=100), "more than 100 ")


def test_an_option_of_another_solver_is_refused(big: Game) -> None:
    """Regression: ``solve --concept spe --max-supports 5`` was a TypeError (exit 3)."""
    from gametoolkit.errors import SolverError

    with pytest.raises(SolverError, match="max_supports"):
        solve(big, "spe", max_supports=5)


@pytest.mark.parametrize(
    ("concept", "fragment"),
    [("pbe", "--max-supports"), ("pure-nash", "cells"), ("spe", "max_supports"), ("nash", "--max-entries")],
)
def test_cli_refuses_with_one_line(
    concept: str, fragment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.efg"
    path.write_text(signaling(40), encoding="utf-8")
    extra = {"spe": ["--max-supports", "5"], "nash": ["--max-entries", "1000"]}.get(concept, [])
    start = time.monotonic()
    code = main(["solve", str(path), "--concept", concept, *extra])
    assert time.monotonic() - start < AT_ONCE
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and fragment in err
