"""A necessary condition for a support combination to hold a PBE: Nash's realization supports.

In a piece without proper subgames every perfect Bayesian equilibrium is a Nash
equilibrium, so the realization plans it induces lie in one *maximal Nash subset*
``X × Y`` (a product of polytopes, :mod:`.seqform_enum`).  A combination of behavior
supports fixes, for each player, which sequences have positive realization: those
whose every action lies in the support of its set.  A polytope holds a point whose
support is exactly ``S`` if and only if the extreme points whose supports lie within
``S`` together cover ``S`` (their barycentre is such a point; conversely every point
is a positive combination of extreme points with supports inside its own).

For two-player pieces whose sequence-form equilibria are enumerated within a small
budget, combinations that fail this test are skipped before any system is written:
they hold no equilibrium, and their systems are often the non-linear ones (beliefs
times the opponent's mixing) that support enumeration cannot always decide.  Where
the enumeration does not finish in its budget there is no filter and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable

from ..core.game import Game
from ..errors import GameToolkitError
from ..forms.sequence_form import SequenceForm, sequence_form
from .seqform_enum import extreme_plans

__all__ = ["FILTER_BASES", "nash_support_filter"]

#: Bases the sequence-form enumeration may visit before the filter is given up.
FILTER_BASES = 20_000

Supports = dict[int, tuple[int, ...]]


def nash_support_filter(game: Game, max_bases: int = FILTER_BASES) -> Callable[[Supports], bool] | None:
    """A test that a combination of behavior supports can induce a Nash equilibrium of ``game``.

    Parameters
    ----------
    game
        A two-player game with perfect recall and numeric payoffs (a piece of the
        PBE decomposition).
    max_bases
        Budget of the sequence-form enumeration; beyond it, no filter.

    Returns
    -------
    callable or None
        ``test(supports)`` is false only when no Nash equilibrium has exactly the
        realization supports the behavior supports induce (so the combination holds no
        PBE); ``None`` when the game is not a two-player game or the enumeration did
        not finish within ``max_bases``.
    """
    if game.num_players != 2:
        return None
    try:
        form = sequence_form(game)
        found = extreme_plans(form, max_bases)
    except GameToolkitError:
        return None
    plans = (found.plans1, found.plans2)
    masks = [[_mask(p) for p in plans[i]] for i in range(2)]
    subsets = [
        ([masks[0][k] for k in xs], [masks[1][k] for k in ys]) for xs, ys in found.nash_subsets
    ]

    def test(supports: Supports) -> bool:
        wanted = (_pattern(form, 0, supports), _pattern(form, 1, supports))
        return any(_covers(xs, wanted[0]) and _covers(ys, wanted[1]) for xs, ys in subsets)

    return test


def _mask(plan: tuple[object, ...]) -> int:
    return sum(1 << k for k, r in enumerate(plan) if r)


def _pattern(form: SequenceForm, player: int, supports: Supports) -> int:
    """The sequences of ``player`` with positive realization under these behavior supports."""
    mask = 1  # the empty sequence
    parent = form.parent[player]
    changed = True
    while changed:  # a set's parent sequence may come later in the list
        changed = False
        for k, seq in enumerate(form.sequences[player]):
            if seq is None or mask >> k & 1:
                continue
            h, a = seq
            if mask >> parent[h] & 1 and a in supports[h]:
                mask |= 1 << k
                changed = True
    return mask


def _covers(extreme: list[int], wanted: int) -> bool:
    union = 0
    for m in extreme:
        if m & ~wanted == 0:
            union |= m
    return union == wanted
