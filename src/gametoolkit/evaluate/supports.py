"""Enumeration of support combinations, deepest information sets first.

Both perfect Bayesian solvers (numeric and symbolic) walk the same tree of choices:
at each set, in a fixed order, the actions that survive a dominance test given the
supports already chosen deeper down, then every non-empty subset of them.  The test
differs (numeric bounds, or signs certified under assumptions); the walk is this one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence

from ..core.game import InfoSet

__all__ = ["enumerate_supports"]


def enumerate_supports(
    order: Sequence[InfoSet],
    allowed: dict[int, list[int]],
    survivors: Callable[[InfoSet], list[int]],
) -> Iterator[dict[int, tuple[int, ...]]]:
    """Every combination of supports, one set of ``order`` after another.

    ``allowed[h]`` holds the actions still possible at set ``h``; it is narrowed to the
    chosen support while deeper choices are made, and restored after.  ``survivors(h)``
    gives the actions of ``h`` that no other action dominates under ``allowed``.
    """
    chosen: dict[int, tuple[int, ...]] = {}

    def visit(k: int) -> Iterator[dict[int, tuple[int, ...]]]:
        if k == len(order):
            yield dict(chosen)
            return
        h = order[k]
        keep = survivors(h)
        saved = allowed[h.index]
        for size in range(1, len(keep) + 1):
            for subset in itertools.combinations(keep, size):
                chosen[h.index] = subset
                allowed[h.index] = list(subset)
                yield from visit(k + 1)
        allowed[h.index] = saved
        chosen.pop(h.index, None)

    yield from visit(0)
