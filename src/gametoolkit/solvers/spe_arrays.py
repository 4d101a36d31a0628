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
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..core.values import format_value
from ..io.efg.arrays import EfgArrays

__all__ = ["MAX_DEPTH", "ArraySpe", "backward_induction", "spe_json"]

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
    choice = np.full(len(game.set_player), -1, np.int64)
    for level in reversed(levels):
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
            chance_nodes = nodes[game.kind[nodes] == _C]
            if len(chance_nodes):
                ck = kids[game.kind[nodes] == _C]
                probs = np.empty((len(chance_nodes), a), object)
                probs[:] = [game.set_probs[h] for h in game.infoset[chance_nodes].tolist()]
                total = values[ck[:, 0]] * probs[:, 0:1]
                for j in range(1, a):
                    total = total + values[ck[:, j]] * probs[:, j : j + 1]
                values[chance_nodes] = total
            own = nodes[outcome[nodes] >= 0]
            if len(own):
                values[own] = values[own] + own_table[outcome[own]]
    root = tuple(Fraction(x) for x in values[0].tolist())
    return ArraySpe(choice=choice, payoffs=root)


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
