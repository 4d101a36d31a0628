"""Backward induction on the arrays of a large perfect-information ``.efg`` file.

:func:`backward_induction` solves an :class:`~gametoolkit.io.efg.arrays.EfgArrays`
(every information set one node, as :func:`~gametoolkit.io.efg.arrays.scan_efg`
takes them) from the leaves up, one depth of the tree at a time, each depth a few
numpy operations: the children of every inner node come from the prefix order and
the numbers of actions alone.  Payoffs stay exact: int64 sums of whole-number payoffs
(checked not to overflow), :class:`~fractions.Fraction` objects otherwise and
wherever chance moves.

It answers only where the answer is the one :func:`gametoolkit.solvers.spe.solve`
gives, with nothing left to count: when no mover is ever indifferent there is one
subgame-perfect equilibrium, pure, and the solution is complete.  At the first tie
(several pure equilibria, mixtures of tied actions) it returns ``None`` and the caller
solves the game with the object solver, which lists them all (or refuses beyond
``max_equilibria``).  :func:`spe_json` writes the solution as the CLI's ``--json``
prints it, byte for byte.
"""

from __future__ import annotations

import json
import uuid
from bisect import bisect_right
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate, product
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..core.values import format_value
from ..errors import LimitError
from ..io.efg.arrays import EfgArrays

__all__ = ["MAX_DEPTH", "ArraySpe", "backward_induction", "count_equilibria", "spe_json"]

I64 = NDArray[np.int64]
_P, _C = ord("p"), ord("c")
#: Deeper trees go to the object solver (one numpy pass per depth would be slow).
MAX_DEPTH = 20_000
_SAFE = 1 << 62


@dataclass(frozen=True, eq=False)
class ArraySpe:
    """The unique pure subgame-perfect equilibrium found on arrays.

    Attributes
    ----------
    choice : ndarray of int64
        The action taken at each information set (``-1`` at chance).
    payoffs : tuple of Fraction
        The players' payoffs at the root.
    """

    choice: I64
    payoffs: tuple[Fraction, ...]


def _children(game: EfgArrays) -> tuple[I64, I64]:
    """CSR children of the nodes: ``flat[start[v] : start[v] + arity[v]]``."""
    arity = game.arity
    n = len(arity)
    slots = np.empty(n + 1, np.int64)  # open slots before each node (after the last: 0)
    slots[0] = 1
    np.cumsum(arity - 1, out=slots[1:])
    slots[1:] += 1
    # the subtree of v ends at the first node after v with one slot fewer
    order = np.argsort(slots, kind="stable")
    keys = slots[order] * (n + 1) + order
    start = np.zeros(n + 1, np.int64)
    np.cumsum(arity, out=start[1:])
    flat = np.empty(int(start[-1]), np.int64)
    inner = np.flatnonzero(arity > 0)
    child = inner + 1
    k = 0
    live = inner
    while len(live):
        flat[start[live] + k] = child
        k += 1
        more = arity[live] > k
        live, child = live[more], child[more]
        if len(live):
            child = order[np.searchsorted(keys, (slots[child] - 1) * (n + 1) + child)]
    return flat, start[:-1]


def _depths(flat: I64, start: I64, arity: I64) -> list[I64] | None:
    """The inner nodes at each depth from the root down; ``None`` when too deep."""
    levels: list[I64] = []
    frontier = np.zeros(1, np.int64) if arity[0] > 0 else np.zeros(0, np.int64)
    while len(frontier):
        if len(levels) >= MAX_DEPTH:
            return None
        levels.append(frontier)
        counts = arity[frontier]
        first = np.repeat(start[frontier] - np.cumsum(counts) + counts, counts)
        below = flat[first + np.arange(int(counts.sum()))]
        frontier = below[arity[below] > 0]
    return levels


@dataclass(eq=False)
class _Pass:
    """What a pass from the leaves up needs: children, depths and exact values."""

    flat: I64
    start: I64
    levels: list[I64]
    values: NDArray[Any]  # a row per node, the leaves' rows filled in
    table: NDArray[Any]  # the outcomes' payoffs, int64 or Fraction objects like ``values``


def _prepare(game: EfgArrays) -> _Pass | None:
    """The children, depths and leaf values of ``game``; ``None`` when it is too deep or has no players."""
    n = game.size
    nplayers = len(game.players)
    if n < 2 or not nplayers:
        return None
    flat, start = _children(game)
    levels = _depths(flat, start, game.arity)
    if levels is None:
        return None
    chance = bool((game.kind == _C).any())
    table = game.payoffs
    exact_ints = table.dtype == np.int64 and not chance
    if exact_ints and len(table):
        exact_ints = int(np.abs(table).max()) * (len(levels) + 1) < _SAFE
    if exact_ints:
        values: NDArray[Any] = np.zeros((n, nplayers), np.int64)
        own_table = table
    else:
        values = np.empty((n, nplayers), object)
        values[:] = Fraction(0)
        own_table = np.empty(table.shape, object)
        own_table[:] = [[Fraction(x) for x in row] for row in table.tolist()] if len(table) else []
    outcome = game.outcome
    leaves = np.flatnonzero((game.arity == 0) & (outcome >= 0))
    values[leaves] = own_table[outcome[leaves]]
    return _Pass(flat, start, levels, values, own_table)


def _chance_values(game: EfgArrays, values: NDArray[Any], nodes: I64, kids: I64) -> None:
    """Set the values of the chance ``nodes`` (rows of ``kids``) from their children's."""
    a = kids.shape[1]
    probs = np.empty((len(nodes), a), object)
    probs[:] = [game.set_probs[h] for h in game.infoset[nodes].tolist()]
    total = values[kids[:, 0]] * probs[:, 0:1]
    for j in range(1, a):
        total = total + values[kids[:, j]] * probs[:, j : j + 1]
    values[nodes] = total


def backward_induction(game: EfgArrays) -> ArraySpe | None:
    """The subgame-perfect equilibrium when it is unique, else ``None``.

    Parameters
    ----------
    game : EfgArrays
        A game whose information sets are single nodes.

    Returns
    -------
    ArraySpe or None
        ``None`` when a mover is indifferent between best actions somewhere (then
        there are several pure equilibria), or the tree is deeper than
        :data:`MAX_DEPTH`.
    """
    prep = _prepare(game)
    if prep is None:
        return None
    flat, start, values, own_table = prep.flat, prep.start, prep.values, prep.table
    outcome = game.outcome
    choice = np.full(len(game.set_player), -1, np.int64)
    for level in reversed(prep.levels):
        for a in np.unique(game.arity[level]).tolist():
            nodes = level[game.arity[level] == a]
            kids = flat[start[nodes][:, None] + np.arange(a)]
            movers = nodes[game.kind[nodes] == _P]
            if len(movers):
                mk = kids[game.kind[nodes] == _P]
                mover = game.player[movers]
                mine = values[mk, mover[:, None]]
                best = np.argmax(mine, axis=1)
                top = mine[np.arange(len(movers)), best]
                if bool(((mine == top[:, None]).sum(axis=1) > 1).any()):
                    return None  # a tie: several equilibria; the object solver lists them
                choice[game.infoset[movers]] = best
                values[movers] = values[mk[np.arange(len(movers)), best]]
            at_chance = game.kind[nodes] == _C
            if at_chance.any():
                _chance_values(game, values, nodes[at_chance], kids[at_chance])
            own = nodes[outcome[nodes] >= 0]
            if len(own):
                values[own] = values[own] + own_table[outcome[own]]
    root = tuple(Fraction(x) for x in values[0].tolist())
    return ArraySpe(choice=choice, payoffs=root)


Vector = tuple[Any, ...]  # a payoff vector: Python ints or Fractions (equal ones hash alike)


def count_equilibria(game: EfgArrays, max_equilibria: int | None = None) -> int | None:
    """How many pure subgame-perfect equilibria :func:`gametoolkit.solvers.spe.solve` lists.

    Counted from the leaves up without listing them: each node keeps, for every
    distinct payoff vector its subtree's equilibria give, how many equilibria give it
    (exact payoffs).  A mover's equilibria with a child's vector ``x`` number the
    equilibria of that child giving ``x`` times, for every other child, its
    equilibria paying the mover at most what ``x`` pays; a chance node's are every
    combination of its children's.  Nodes with one equilibrium below them (no tie)
    are solved a depth at a time as in :func:`backward_induction`.

    Parameters
    ----------
    game : EfgArrays
        A game whose information sets are single nodes.
    max_equilibria : int or None
        The object solver's limit (at least 1); ``None``: no limit.

    Returns
    -------
    int or None
        The number of equilibria; ``None`` when the tree is deeper than
        :data:`MAX_DEPTH` (or the game has no player).

    Raises
    ------
    LimitError
        Where the object solver refuses, with its message: at the same node, for the
        same count.
    """
    if max_equilibria is not None and max_equilibria < 1:
        raise ValueError(f"max_equilibria must be at least 1, not {max_equilibria}")
    prep = _prepare(game)
    if prep is None:
        return None
    limit = max_equilibria
    flat, start, values, own_table = prep.flat, prep.start, prep.values, prep.table
    outcome, kind = game.outcome, game.kind
    n = game.size
    multi: dict[int, dict[Vector, int]] = {}  # nodes with several equilibria below them
    is_multi = np.zeros(n, bool)
    over = np.zeros(n, bool)  # the object solver refuses at the node or below it
    refusal: tuple[int, int, int] | None = None  # (node, which check, count) with the largest node
    for level in reversed(prep.levels):
        for a in np.unique(game.arity[level]).tolist():
            nodes = level[game.arity[level] == a]
            kids = flat[start[nodes][:, None] + np.arange(a)]
            blocked = over[kids].any(axis=1)
            over[nodes[blocked]] = True
            nodes, kids = nodes[~blocked], kids[~blocked]
            slow = is_multi[kids].any(axis=1)
            at_mover = (kind[nodes] == _P) & ~slow
            if at_mover.any():
                movers, mk = nodes[at_mover], kids[at_mover]
                mine = values[mk, game.player[movers][:, None]]
                best = np.argmax(mine, axis=1)
                top = mine[np.arange(len(movers)), best]
                tied = (mine == top[:, None]).sum(axis=1) > 1
                slow[np.flatnonzero(at_mover)[tied]] = True
                ok = np.flatnonzero(~tied)
                values[movers[ok]] = values[mk[ok, best[ok]]]
            at_chance = (kind[nodes] == _C) & ~slow
            if at_chance.any():
                _chance_values(game, values, nodes[at_chance], kids[at_chance])
            own = nodes[~slow & (outcome[nodes] >= 0)]
            if len(own):
                values[own] = values[own] + own_table[outcome[own]]
            for v, row in zip(nodes[slow].tolist(), kids[slow].tolist()):
                maps = [multi.pop(c) if is_multi[c] else {tuple(values[c].tolist()): 1} for c in row]
                combos = 1
                for m in maps:
                    combos *= sum(m.values())
                if limit is not None and combos > limit:
                    over[v] = True
                    refusal = max(refusal or (v, 1, combos), (v, 1, combos))
                    continue
                extra = tuple(own_table[outcome[v]].tolist()) if outcome[v] >= 0 else None
                if kind[v] == _C:
                    found = _at_chance(maps, game.set_probs[int(game.infoset[v])], extra)
                else:
                    found = _at_mover(maps, int(game.player[v]), extra)
                total = sum(found.values())
                if limit is not None and total > limit:
                    over[v] = True
                    refusal = max(refusal or (v, 2, total), (v, 2, total))
                    continue
                multi[v] = found
                is_multi[v] = True
    if refusal is not None:
        assert limit is not None
        v, check, count = refusal
        where = f" below {_path_str(game, flat, start, v)} (about {count})" if check == 1 else f" ({count})"
        raise LimitError(
            f"more than {limit} pure subgame-perfect equilibria{where}; "
            "raise it with max_equilibria=... (CLI: --max-equilibria)"
        )
    return sum(multi[0].values()) if is_multi[0] else 1


def _at_mover(maps: list[dict[Vector, int]], i: int, extra: Vector | None) -> dict[Vector, int]:
    """A mover's (player ``i``) equilibria by payoff vector, from its children's."""
    ladders = []  # per child: its payoffs to i in order, and how many equilibria pay i at most each
    for m in maps:
        items = sorted(m.items(), key=lambda kv: kv[0][i])
        ladders.append(([x[i] for x, _ in items], list(accumulate(c for _, c in items))))
    found: dict[Vector, int] = {}
    for a, m in enumerate(maps):
        for x, count in m.items():
            for j, (keys, below) in enumerate(ladders):
                if j != a:
                    k = bisect_right(keys, x[i])
                    count *= below[k - 1] if k else 0
                    if not count:
                        break
            if count:
                key = x if extra is None else tuple(p + q for p, q in zip(x, extra))
                found[key] = found.get(key, 0) + count
    return found


def _at_chance(maps: list[dict[Vector, int]], probs: tuple[Fraction, ...], extra: Vector | None) -> dict[Vector, int]:
    """A chance node's equilibria by payoff vector: every combination of its children's."""
    found: dict[Vector, int] = {}
    width = len(next(iter(maps[0])))
    for combo in product(*(list(m.items()) for m in maps)):
        count = 1
        for _, c in combo:
            count *= c
        key = tuple(sum((p * x[k] for p, (x, _) in zip(probs, combo)), Fraction(0)) for k in range(width))
        if extra is not None:
            key = tuple(p + q for p, q in zip(key, extra))
        found[key] = found.get(key, 0) + count
    return found


def _path_str(game: EfgArrays, flat: I64, start: I64, v: int) -> str:
    """The node's path as :meth:`gametoolkit.core.game.Game.path_str` writes it."""
    slot = np.empty(game.size, np.int64)
    slot[flat] = np.arange(len(flat))
    owner = np.repeat(np.arange(game.size), game.arity)
    steps: list[str] = []
    while v:
        parent = int(owner[slot[v]])
        k = int(slot[v] - start[parent])
        label = game.set_actions[int(game.infoset[parent])][k]
        steps.append(label if label else f"#{k + 1}")
        v = parent
    return "/".join(reversed(steps)) if steps else "root"


def spe_json(game: EfgArrays, solution: ArraySpe) -> str:
    """The ``solve --concept spe --json`` text of the object path for this game.

    That is ``json.dumps(solve(game, "spe").to_json(), indent=1, ensure_ascii=False)``
    for the game read from the same file, when its equilibrium is unique.
    """
    marks = {name: f"@@{uuid.uuid4().hex}-{k}@@" for k, name in enumerate(game.players)}
    skeleton: dict[str, Any] = {
        "game": {"title": game.title, "players": list(game.players)},
        "concept": "spe",
        "exact": True,
        "complete": True,
        "equilibria": [
            {
                "behavior": dict(marks),
                "beliefs": {name: {} for name in game.players},
                "payoffs": {name: format_value(x) for name, x in zip(game.players, solution.payoffs)},
                "kind": None,
                "conditions": [],
            }
        ],
        "method": "backward-induction",
        "notes": ["1 pure subgame-perfect equilibrium (backward induction)"],
    }
    text = json.dumps(skeleton, indent=1, ensure_ascii=False)
    widest = int(game.arity.max()) + 1
    key = game.set_list * widest + solution.choice  # a player's set: its list of actions and its choice
    labels = game.set_labels
    for p, name in enumerate(game.players):
        mine = np.flatnonzero(game.set_player == p)
        if not len(mine):
            text = text.replace(json.dumps(marks[name]), "{}", 1)
            continue
        kinds, which = np.unique(key[mine], return_inverse=True)
        bodies = []
        for k, h in zip(kinds.tolist(), mine[np.unique(which, return_index=True)[1]].tolist()):
            names = [a if a else f"#{j + 1}" for j, a in enumerate(game.set_actions[h])]
            c = k % widest
            bodies.append(",\n".join(f'      "{a}": "{1 if j == c else 0}"' for j, a in enumerate(names)))
        rows = [f'     "{labels[h]}": {{\n{bodies[i]}\n     }}' for h, i in zip(mine.tolist(), which.reshape(-1).tolist())]
        text = text.replace(json.dumps(marks[name]), "{\n" + ",\n".join(rows) + "\n    }", 1)
    return text
