"""The reduced strategic form of a game with perfect recall, exactly.

A *plan* (reduced pure strategy) of a player names an action at every own information
set that the player's own earlier choices in the plan do not exclude; at an excluded
set it names nothing (``-1`` here, ``*`` in Gambit's strategy labels).  Plans that
differ only at excluded sets are the same plan, which is what makes the form
*reduced*.  Gambit's ``Game.strategies`` of a tree are exactly these plans, listed in
the same order when the sets are numbered in prefix order: the first set's action
varies slowest.

Payoffs are computed through the sequence form, not by walking the tree once per
profile: a plan agrees with a sequence ``(h, a)`` exactly when it chooses ``a`` at
``h`` (with perfect recall it then also chooses every earlier move of the sequence),
and with ``∅`` always.  Each profile of sequences that some leaf ends with adds its
chance-weighted payoff (:mod:`gametoolkit.forms.sequence_form`) to every profile of plans
agreeing with it, a block of the payoff table filled at once.  Payoffs are kept as
exact integers over one denominator per player (:meth:`StrategicForm.payoff`).

The table has one cell per profile of plans; :func:`strategic_form` refuses, before
building anything, when that number exceeds ``max_cells`` (default
:data:`DEFAULT_MAX_CELLS`), and says by how much.

>>> from gametoolkit.core.dsl import game, decision, leaf
>>> g = game("entry", ["E", "I"], decision("E", "E", out=leaf(0, 2),
...          enter=decision("I", "I", fight=leaf(-1, -1), share=leaf(1, 1))))
>>> sf = strategic_form(g)
>>> [sf.plan_label(0, k) for k in range(2)], [sf.plan_label(1, k) for k in range(2)]
(['out', 'enter'], ['fight', 'share'])
>>> [str(x) for x in sf.payoff((1, 1))]
['1', '1']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.game import Game
from ..errors import LimitError, SolverError
from ..evaluate.profiles import Profile
from .sequence_form import SequenceForm, sequence_form

__all__ = ["DEFAULT_MAX_CELLS", "Plan", "StrategicForm", "count_plans", "strategic_form"]

#: The default limit on the number of cells (profiles of plans) of a strategic form.
DEFAULT_MAX_CELLS = 1_000_000

#: Action index at each of the player's sets, in prefix order; ``-1`` where excluded.
Plan = tuple[int, ...]

ZERO = Fraction(0)

#: Integers whose sum of magnitudes stays below this fit numpy's int64 safely.
_INT64_SAFE = 2**62


def _children(sf: SequenceForm, player: int) -> dict[int, list[int]]:
    """Sets of ``player`` by the index of their parent sequence."""
    out: dict[int, list[int]] = {}
    for h in sf.infosets[player]:
        out.setdefault(sf.parent[player][h], []).append(h)
    return out


def _count(sf: SequenceForm, player: int) -> int:
    game = sf.game
    children = _children(sf, player)
    first = {s: k for k, s in enumerate(sf.sequences[player])}
    count: dict[int, int] = {}
    for h in sorted(sf.infosets[player], key=lambda k: -min(game.infosets[k].nodes)):
        total = 0
        for a in range(len(game.infosets[h].actions)):
            total += math.prod(count[c] for c in children.get(first[(h, a)], ()))
        count[h] = total
    return math.prod(count[h] for h in children.get(0, ()))


def count_plans(game: Game) -> tuple[int, ...]:
    """The number of plans of each player (cheap: nothing is enumerated)."""
    sf = sequence_form(game)
    return tuple(_count(sf, i) for i in range(game.num_players))


def _enumerate(sf: SequenceForm, player: int) -> list[Plan]:
    game = sf.game
    sets = sf.infosets[player]
    position = {h: k for k, h in enumerate(sets)}
    plans: list[list[int]] = [[]]
    for h in sets:  # prefix order: a set's parent set comes first
        parent = sf.sequences[player][sf.parent[player][h]]
        actions = range(len(game.infosets[h].actions))
        grown: list[list[int]] = []
        for plan in plans:
            if parent is None or plan[position[parent[0]]] == parent[1]:
                grown.extend([*plan, a] for a in actions)
            else:
                grown.append([*plan, -1])
        plans = grown
    return [tuple(p) for p in plans]


@dataclass(frozen=True)
class StrategicForm:
    """Plans and exact payoffs of the reduced strategic form.

    ``plans[i]`` are player ``i``'s plans; a plan's entries follow ``infosets[i]``
    (the player's sets in prefix order).  ``numerators[i]`` is an array with one axis
    per player (shape ``(len(plans[0]), len(plans[1]), ...)``) of exact integers
    (``int64``, or Python ints in an object array when they could grow larger);
    player ``i``'s payoff in a cell is ``numerators[i][cell] / denominators[i]``.
    """

    game: Game
    sequence_form: SequenceForm
    infosets: tuple[tuple[int, ...], ...]
    plans: tuple[tuple[Plan, ...], ...]
    numerators: tuple[npt.NDArray[Any], ...]
    denominators: tuple[int, ...]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(p) for p in self.plans)

    @property
    def num_cells(self) -> int:
        return math.prod(self.shape)

    def payoff(self, cell: Sequence[int]) -> tuple[Fraction, ...]:
        """The payoff vector of a profile of plans, given by their indices."""
        index = tuple(cell)
        return tuple(Fraction(int(m[index]), d) for m, d in zip(self.numerators, self.denominators, strict=True))

    def integer_matrix(self, player: int) -> list[list[int]]:
        """For two players: ``player``'s payoffs times ``denominators[player]``, ``[row][column]``."""
        if self.game.num_players != 2:
            raise SolverError("payoff matrices are for two-player games")
        rows: list[list[int]] = [[int(x) for x in row] for row in self.numerators[player].tolist()]
        return rows

    def matrix(self, player: int) -> list[list[Fraction]]:
        """For two players: ``player``'s exact payoffs, ``[row plan][column plan]``."""
        d = self.denominators[player]
        return [[Fraction(x, d) for x in row] for row in self.integer_matrix(player)]

    def plan_actions(self, player: int, k: int) -> tuple[str | None, ...]:
        """The action labels of plan ``k`` at each of the player's sets (``None`` if excluded)."""
        game = self.game
        return tuple(
            None if a < 0 else game.infosets[h].actions[a]
            for h, a in zip(self.infosets[player], self.plans[player][k], strict=True)
        )

    def plan_label(self, player: int, k: int) -> str:
        """The plan's action labels joined by ``,`` with ``*`` at excluded sets."""
        return ",".join("*" if a is None else a for a in self.plan_actions(player, k))

    def realization_plan(self, player: int, mixed: Sequence[Fraction]) -> tuple[Fraction, ...]:
        """The realization plan of a mixed strategy over ``player``'s plans."""
        seqs = self.sequence_form.sequences[player]
        first = {s: k for k, s in enumerate(seqs)}
        r = [ZERO] * len(seqs)
        for plan, p in zip(self.plans[player], mixed, strict=True):
            if not p:
                continue
            r[0] += p
            for h, a in zip(self.infosets[player], plan, strict=True):
                if a >= 0:
                    r[first[(h, a)]] += p
        return tuple(r)

    def to_profile(self, mixed: Sequence[Sequence[Fraction]]) -> Profile:
        """The behavior profile of one mixed strategy over plans per player.

        Each mixed strategy must be a distribution over the player's plans.  At a set
        the player's own plans exclude, :func:`~gametoolkit.evaluate.completion.complete_behavior`
        picks a pure best response to the others (ties: the first action).
        """
        for i, mix in enumerate(mixed):
            if len(mix) != len(self.plans[i]) or any(p < 0 for p in mix) or sum(mix, ZERO) != 1:
                raise SolverError(f"not a mixed strategy over the plans of {self.game.players[i]!r}")
        return self.sequence_form.behavior([self.realization_plan(i, m) for i, m in enumerate(mixed)])

    def pure_profile(self, cell: Sequence[int]) -> Profile:
        """The behavior profile of a profile of plans, given by their indices."""
        mixed = [[Fraction(int(k == c)) for k in range(len(p))] for p, c in zip(self.plans, cell, strict=True)]
        return self.to_profile(mixed)


def strategic_form(game: Game, max_cells: int = DEFAULT_MAX_CELLS) -> StrategicForm:
    """The reduced strategic form of a numeric game with perfect recall.

    Raises :class:`SolverError` when the game has unbound parameters or lacks perfect
    recall, and, before enumerating anything, when the table would have more than
    ``max_cells`` cells (the message names the plan counts).
    """
    seq = sequence_form(game)
    n = game.num_players
    counts = tuple(_count(seq, i) for i in range(n))
    cells = math.prod(counts)
    if cells > max_cells:
        raise LimitError(
            f"the reduced strategic form has {' x '.join(map(str, counts))} = {cells} cells, over the "
            f"limit of {max_cells}; raise it with max_cells=... (CLI: --max-cells; it needs memory and time in proportion)"
            + (", or use the sequence form (method='lemke') for two players" if n == 2 else "")
        )
    plans = tuple(tuple(_enumerate(seq, i)) for i in range(n))
    shape = tuple(len(p) for p in plans)
    # the plans agreeing with each sequence of each player
    agree: list[list[npt.NDArray[np.intp]]] = []
    for i in range(n):
        first = {s: k for k, s in enumerate(seq.sequences[i])}
        lists: list[list[int]] = [[] for _ in seq.sequences[i]]
        for k, plan in enumerate(plans[i]):
            for h, a in zip(seq.infosets[i], plan, strict=True):
                if a >= 0:
                    lists[first[(h, a)]].append(k)
        arrays = [np.arange(shape[i], dtype=np.intp)] + [np.array(x, dtype=np.intp) for x in lists[1:]]
        agree.append(arrays)
    denominators = []
    numerators = []
    for i in range(n):
        den = 1
        for pay in seq.payoffs.values():
            den = math.lcm(den, pay[i].denominator)
        scaled = {key: int(pay[i] * den) for key, pay in seq.payoffs.items()}
        safe = sum(abs(x) for x in scaled.values()) < _INT64_SAFE
        table: npt.NDArray[Any] = np.zeros(shape, dtype=np.int64 if safe else object)
        if not safe:
            table.fill(0)
        for key, x in scaled.items():
            if x:
                table[np.ix_(*(agree[j][s] for j, s in enumerate(key)))] += x
        denominators.append(den)
        numerators.append(table)
    return StrategicForm(
        game,
        seq,
        seq.infosets,
        plans,
        tuple(numerators),
        tuple(denominators),
    )
