"""The sequence form of a game with perfect recall, exactly.

Romanovskii (1962), von Stengel (1996, *Games Econ. Behav.* 14:220-246), Koller,
Megiddo and von Stengel (1996, *Games Econ. Behav.* 14:247-259).

A player's *sequences* are the empty sequence ``∅`` and one pair ``(h, a)`` for each
of the player's information sets ``h`` and actions ``a`` there: the player's last own
move on a play.  With perfect recall every set ``h`` has one *parent sequence*
``σ(h)``, the player's last own move before any node of ``h``.

A *realization plan* ``r`` of a player weighs each sequence with the probability that
the player's own moves follow it: ``r(∅) = 1`` and ``Σ_a r(h, a) = r(σ(h))`` at every
set, ``r ≥ 0``.  In matrix form ``E r = e``: row 0 of ``E`` has a ``1`` at ``∅``; the
row of set ``h`` has ``-1`` at ``σ(h)`` and ``1`` at each ``(h, a)``; ``e = (1, 0, ...)``.
A behavior strategy ``β`` gives ``r(h, a) = r(σ(h)) β(h)(a)``, and back
``β(h)(a) = r(h, a) / r(σ(h))`` wherever ``r(σ(h)) > 0``; at a set with
``r(σ(h)) = 0`` the player's own moves exclude it, and
:func:`gametoolkit.evaluate.completion.complete_behavior` chooses there.

The *payoff* of a profile of sequences ``(s_1, ..., s_n)`` is the sum, over the leaves
whose plays end with exactly these own sequences, of the chance probability of the
leaf times its payoff vector (outcomes along the play included).  The expected
payoff of a profile of realization plans is ``Σ_s Π_i r_i(s_i) payoff(s)``: linear in
each player's plan.  For two players the payoffs are the matrices ``A`` and ``B``
indexed ``[s_1][s_2]`` (:meth:`SequenceForm.payoff_matrix`); for more players
:attr:`SequenceForm.payoffs` keeps only the profiles some leaf ends with.

>>> from gametoolkit.core.dsl import game, decision, leaf
>>> g = game("entry", ["E", "I"], decision("E", "E", out=leaf(0, 2),
...          enter=decision("I", "I", fight=leaf(-1, -1), share=leaf(1, 1))))
>>> sf = sequence_form(g)
>>> [sf.sequence_label(1, s) for s in range(3)]
['∅', 'I:fight', 'I:share']
>>> sf.constraint_matrix(1)
[[1, 0, 0], [-1, 1, 1]]
>>> [[str(x) for x in row] for row in sf.payoff_matrix(0)]
[['0', '0', '0'], ['0', '0', '0'], ['0', '-1', '1']]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..core.game import CHANCE, Game
from ..core.validate import require_solvable
from ..core.values import as_fraction
from ..errors import SolverError
from ..evaluate.completion import complete_behavior
from ..evaluate.profiles import Profile

__all__ = [
    "LeafData",
    "SequenceForm",
    "check_solvable",
    "leaf_data",
    "sequence_form",
]

ZERO = Fraction(0)
ONE = Fraction(1)


def check_solvable(game: Game, what: str = "this solver") -> None:
    """Raise :class:`SolverError` unless ``game`` is numeric and has perfect recall."""
    require_solvable(game, what)


@dataclass(frozen=True)
class LeafData:
    """For every leaf: its node, each player's sequence index, and its chance probability."""

    nodes: tuple[int, ...]
    sequences: tuple[tuple[int, ...], ...]
    chance: tuple[Fraction, ...]


def leaf_data(
    game: Game,
) -> tuple[LeafData, tuple[tuple[tuple[int, int] | None, ...], ...], tuple[dict[int, int], ...]]:
    """Leaves with their sequences, each player's sequences, and each set's parent.

    Sequences of player ``i`` are numbered ``0`` (``∅``), then ``(h, a)`` for the
    player's sets ``h`` in prefix order and their actions in order.  The third value
    maps each player set to the index of its parent sequence.
    """
    n = game.num_players
    seqs: list[list[tuple[int, int] | None]] = [[None] for _ in range(n)]
    offset: dict[int, int] = {}
    for i in range(n):
        for h in game.infosets_of(i):
            offset[h.index] = len(seqs[i])
            seqs[i].extend((h.index, a) for a in range(len(h.actions)))
    parent: list[dict[int, int]] = [{} for _ in range(n)]
    at: list[tuple[int, ...]] = [()] * len(game.nodes)
    prob: list[Fraction] = [ONE] * len(game.nodes)
    at[0] = (0,) * n
    nodes: list[int] = []
    leaf_seqs: list[tuple[int, ...]] = []
    chance: list[Fraction] = []
    chance_probs = {h.index: game.chance_probs(h.index) for h in game.infosets if h.player == CHANCE}
    for v in game.nodes:
        if v.parent >= 0:
            up = game.nodes[v.parent]
            if up.kind == "decision" and 0 <= up.player < n:
                s = list(at[v.parent])
                s[up.player] = offset[up.infoset] + v.action
                at[v.index] = tuple(s)
                prob[v.index] = prob[v.parent]
            else:
                at[v.index] = at[v.parent]
                prob[v.index] = prob[v.parent] * chance_probs[up.infoset][v.action]
        if v.kind == "terminal":
            nodes.append(v.index)
            leaf_seqs.append(at[v.index])
            chance.append(prob[v.index])
        elif v.kind == "decision" and 0 <= v.player < n:
            parent[v.player].setdefault(v.infoset, at[v.index][v.player])
    data = LeafData(tuple(nodes), tuple(leaf_seqs), tuple(chance))
    return data, tuple(tuple(s) for s in seqs), tuple(parent)


@dataclass(frozen=True)
class SequenceForm:
    """Sequences, constraints and payoffs of a game with perfect recall.

    ``sequences[i][k]`` is ``None`` for ``k == 0`` (``∅``) and ``(set, action)``
    otherwise; ``infosets[i]`` lists the player's sets (constraint rows ``1, 2, ...``);
    ``parent[i][h]`` is the index of set ``h``'s parent sequence; ``payoffs`` maps a
    profile of sequence indices to its payoff vector (profiles no leaf ends with are
    absent: their payoff is zero).
    """

    game: Game
    sequences: tuple[tuple[tuple[int, int] | None, ...], ...]
    infosets: tuple[tuple[int, ...], ...]
    parent: tuple[Mapping[int, int], ...]
    payoffs: Mapping[tuple[int, ...], tuple[Fraction, ...]]

    @property
    def sizes(self) -> tuple[int, ...]:
        """The number of sequences of each player."""
        return tuple(len(s) for s in self.sequences)

    def first_sequence(self, player: int, h: int) -> int:
        """The index of sequence ``(h, first action)`` of ``player``."""
        return self.sequences[player].index((h, 0))

    def sequence_label(self, player: int, k: int) -> str:
        """``∅`` or ``set:action``, with the labels of the game."""
        s = self.sequences[player][k]
        if s is None:
            return "∅"
        iset = self.game.infosets[s[0]]
        label = self.game.infoset_name(iset)
        action = iset.actions[s[1]] or f"#{s[1] + 1}"
        return f"{label}:{action}"

    def constraint_matrix(self, player: int) -> list[list[int]]:
        """``E`` (or ``F``): one row for ``∅`` and one per set, one column per sequence."""
        seqs = self.sequences[player]
        index = {s: k for k, s in enumerate(seqs)}
        rows = [[1] + [0] * (len(seqs) - 1)]
        for h in self.infosets[player]:
            row = [0] * len(seqs)
            row[self.parent[player][h]] = -1
            for a in range(len(self.game.infosets[h].actions)):
                row[index[(h, a)]] = 1
            rows.append(row)
        return rows

    def payoff_matrix(self, player: int) -> list[list[Fraction]]:
        """For two players: ``player``'s payoff indexed ``[s_1][s_2]``."""
        if self.game.num_players != 2:
            raise SolverError("payoff matrices are for two-player games; use .payoffs")
        n1, n2 = self.sizes
        out = [[ZERO] * n2 for _ in range(n1)]
        for (s1, s2), pay in self.payoffs.items():
            out[s1][s2] = pay[player]
        return out

    def realization_plan(self, profile: Profile, player: int) -> tuple[Fraction, ...]:
        """The realization plan of ``player``'s behavior in ``profile``."""
        seqs = self.sequences[player]
        r = [ZERO] * len(seqs)
        r[0] = ONE
        for k, s in enumerate(seqs):
            if s is not None:
                h, a = s
                r[k] = r[self.parent[player][h]] * profile.probs[h][a]
        return tuple(r)

    def behavior(self, plans: Sequence[Sequence[Fraction]]) -> Profile:
        """The behavior profile of one realization plan per player.

        Raises :class:`SolverError` when a plan breaks ``E r = e`` or ``r ≥ 0``.  Sets
        the player's own plan excludes are settled by
        :func:`~gametoolkit.evaluate.completion.complete_behavior`.
        """
        partial: dict[int, Sequence[Fraction] | None] = {}
        for i, plan in enumerate(plans):
            seqs = self.sequences[i]
            if len(plan) != len(seqs) or plan[0] != 1 or any(x < 0 for x in plan):
                raise SolverError(f"not a realization plan of player {self.game.players[i]!r}")
            first = {s: k for k, s in enumerate(seqs)}
            for h in self.infosets[i]:
                mass = plan[self.parent[i][h]]
                acts = [plan[first[(h, a)]] for a in range(len(self.game.infosets[h].actions))]
                if sum(acts, ZERO) != mass:
                    raise SolverError(
                        f"not a realization plan of player {self.game.players[i]!r}: set {h} does not add up"
                    )
                partial[h] = None if mass == 0 else tuple(x / mass for x in acts)
        return complete_behavior(self.game, partial)


def sequence_form(game: Game) -> SequenceForm:
    """The sequence form of a numeric game with perfect recall (else :class:`SolverError`)."""
    check_solvable(game, "the sequence form")
    data, seqs, parent = leaf_data(game)
    n = game.num_players
    payoffs: dict[tuple[int, ...], list[Fraction]] = {}
    for leaf, key, p in zip(data.nodes, data.sequences, data.chance, strict=True):
        if not p:
            continue
        pay = game.payoffs(leaf)
        acc = payoffs.setdefault(key, [ZERO] * n)
        for i in range(n):
            acc[i] += p * as_fraction(pay[i], "payoff")
    return SequenceForm(
        game,
        seqs,
        tuple(tuple(h.index for h in game.infosets_of(i)) for i in range(n)),
        parent,
        {k: tuple(v) for k, v in payoffs.items()},
    )
