"""What the gallery's models share: payoffs that must respect a preference ordering.

Each model in the gallery names every payoff, states the theory's assumptions as a
strict preference ordering per player (``ORDERINGS[case][player]``, best first) and
builds the game from its parametric ``tree()``.  :func:`bind_model` is the common
part of their ``build()``: it picks the case, fills in the default payoffs, converts
what the user gave to exact numbers, refuses payoffs that break the case's ordering
(naming every broken pair) and probabilities outside ``[0, 1]``, and binds the tree.

Not a model itself (its name starts with ``_``, so the catalog skips it).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from gametoolkit.core.game import Game
from gametoolkit.core.values import exact
from gametoolkit.errors import ModelError

__all__ = ["bind_model", "check_ordering", "rank_payoffs"]

Orderings = Mapping[str, Mapping[str, Sequence[str]]]


def rank_payoffs(orderings: Orderings, case: str) -> dict[str, Fraction]:
    """Each payoff equal to its rank in the case's ordering (best ``n`` ... worst 1)."""
    ranks: dict[str, Fraction] = {}
    for ordering in orderings[case].values():
        for position, name in enumerate(ordering):
            ranks[name] = Fraction(len(ordering) - position)
    return ranks


def check_ordering(orderings: Orderings, case: str, values: Mapping[str, Fraction], what: str) -> None:
    """Raise :class:`ModelError` naming every adjacent pair of the ordering the payoffs break.

    ``what`` names the ordering in the message (``"threat=high ordering"``).
    """
    broken = []
    for player, ordering in orderings[case].items():
        for better, worse in itertools.pairwise(ordering):
            if not values[better] > values[worse]:
                broken.append(
                    f"{player}: {better} > {worse} needs {better} = {values[better]} above {worse} = {values[worse]}"
                )
    if broken:
        raise ModelError(f"payoffs break the {what}: " + "; ".join(broken))


def _exact(value: Any, name: str) -> Fraction:
    try:
        return exact(value, name)
    except ValueError as err:
        raise ModelError(str(err)) from err


def bind_model(
    tree: Callable[[], Game],
    orderings: Orderings,
    case_name: str,
    case: str,
    probabilities: Mapping[str, Any],
    payoffs: Mapping[str, Any],
    defaults: Callable[[str], dict[str, Fraction]],
) -> Game:
    """The model's game with numbers: the common body of the gallery's ``build()``.

    ``case_name`` is the choice parameter that picks the ordering (``threat``),
    ``case`` its value; ``probabilities`` maps each probability parameter to the value
    given; ``payoffs`` holds the payoffs the user set (``None`` means the default from
    ``defaults(case)``).
    """
    if case not in orderings:
        raise ModelError(f"{case_name} must be one of {', '.join(orderings)}, not {case!r}")
    names = {name for ordering in orderings[case].values() for name in ordering}
    unknown = sorted(set(payoffs) - names)
    if unknown:
        raise ModelError(f"unknown parameter(s) {', '.join(unknown)}; payoffs are {', '.join(sorted(names))}")
    values = defaults(case)
    for name, value in payoffs.items():
        if value is not None:
            values[name] = _exact(value, name)
    check_ordering(orderings, case, values, f"{case_name}={case} ordering")
    bound: dict[str, Fraction] = dict(values)
    for name, value in probabilities.items():
        prob = _exact(value, name)
        if not 0 <= prob <= 1:
            raise ModelError(f"{name} must lie in [0, 1], not {prob}")
        bound[name] = prob
    return tree().bind(**bound)
