"""The kernels the solvers share (gametoolkit.solvers.common), each tested on its own."""

from __future__ import annotations

import contextlib
import itertools
import random
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gametoolkit.core.validate import require_solvable
from gametoolkit.errors import SolverError
from gametoolkit.solvers.common import TimeUp, UnionFind, time_limit


def test_the_time_limit_cannot_be_swallowed_by_except_exception() -> None:
    """Regression: sympy catches ``Exception`` in places; the alarm's exception was one,
    so a nonlinear solve once ran on for over 15 minutes in CI.  It now always ends."""
    deadline = time.monotonic() + 5
    with pytest.raises(TimeUp), time_limit(0.05):
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):  # the pattern the alarm must survive
                time.sleep(0.01)
    assert time.monotonic() < deadline


def test_a_block_that_ends_in_time_is_not_interrupted() -> None:
    with time_limit(5):
        total = sum(range(1000))
    assert total == 499500
    time.sleep(0.3)  # no stray alarm fires after the block


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=60))
def test_union_find_agrees_with_graph_components(pairs: list[tuple[int, int]]) -> None:
    """Same groups as the connected components of the graph the pairs make (networkx)."""
    import networkx as nx

    uf: UnionFind[int] = UnionFind(range(31))
    graph = nx.Graph()
    graph.add_nodes_from(range(31))
    for a, b in pairs:
        uf.union(a, b)
        graph.add_edge(a, b)
    ours = sorted(sorted(g) for g in uf.groups())
    theirs = sorted(sorted(c) for c in nx.connected_components(graph))
    assert ours == theirs
    for a, b in pairs:
        assert uf.find(a) == uf.find(b)


def test_union_find_keeps_the_order_items_came_in() -> None:
    items = list(range(10))
    random.Random(3).shuffle(items)
    uf: UnionFind[int] = UnionFind(items)
    for a, b in itertools.pairwise(items):
        uf.union(a, b)
    assert uf.groups() == [items]


def test_one_precondition_message_for_every_solver() -> None:
    from gametoolkit import decision, game, leaf, param

    p = param("p")
    g = game("one", ["A"], decision("A", "a", x=leaf(p), y=leaf(0)))
    with pytest.raises(SolverError, match=r"pbe needs numbers, but the game has unbound parameters \(p\); bind the parameters p"):
        require_solvable(g, "pbe")
    require_solvable(g.bind(p=1), "pbe")
