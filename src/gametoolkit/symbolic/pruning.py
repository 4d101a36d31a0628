"""Pruning families within a budget: impossible ones dropped, coinciding ones merged.

Proving a family impossible or a condition implied can cost a great deal of algebra.
:func:`bounded` asks such a question within the solve's pruning budget and counts it
undecided past it, which keeps a family or a condition (never wrong, at worst not the
simplest), with a note.  :func:`merge_families` keeps once the families with the same
behavior and beliefs whose conditions imply one another.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import sympy

__all__ = ["PRUNE_CALL_SECONDS", "PRUNE_SECONDS", "bounded", "merge_families", "same_profile"]


#: Seconds the whole solve may spend proving families impossible or conditions implied;
#: past it (and for any one question past PRUNE_CALL_SECONDS) the question counts as
#: undecided, which keeps a family or a condition: never wrong, at worst not simplest.
PRUNE_SECONDS = 30.0
PRUNE_CALL_SECONDS = 3.0


def bounded(ctx: Any, default: Any, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args)`` within the pruning budget, else ``default`` (undecided) with a note."""
    from ..solvers.common import TimeUp, time_limit

    left = ctx.prune_until - time.perf_counter()
    if left > 0:
        try:
            with time_limit(min(left, PRUNE_CALL_SECONDS)):
                return fn(*args, **kwargs)
        except TimeUp:
            pass
    note = (
        f"pruning of impossible families and implied conditions was cut short (budget {PRUNE_SECONDS:g} s, "
        f"{PRUNE_CALL_SECONDS:g} s a question): some listed families may hold nowhere, some conditions may be redundant"
    )
    if note not in ctx.notes:
        ctx.notes.append(note)
    return default


def merge_families(ctx: Any, families: list[Any]) -> list[Any]:
    """Families with the same behavior and beliefs, one's conditions implying the other's,
    kept once (the one with the weaker conditions)."""
    from .regions import implied

    def covers(big: Any, small: Any) -> bool:
        rows = [(c.expr, c.op) for c in small.conditions]
        return all(bounded(ctx, False, implied, ctx.assumptions, rows, (c.expr, c.op)) for c in big.conditions)

    kept: list[Any] = []
    for fam in families:
        same = [k for k, other in enumerate(kept) if same_profile(fam, other)]
        if any(covers(kept[k], fam) for k in same):
            continue
        drop = {k for k in same if covers(fam, kept[k])}
        kept = [other for k, other in enumerate(kept) if k not in drop] + [fam]
    return kept


def same_profile(a: Any, b: Any) -> bool:
    def equal(x: Mapping[int, tuple[Any, ...]], y: Mapping[int, tuple[Any, ...]]) -> bool:
        return x.keys() == y.keys() and all(
            len(x[h]) == len(y[h]) and all(sympy.expand(u - v) == 0 for u, v in zip(x[h], y[h])) for h in x
        )

    return a.name == b.name and a.free == b.free and equal(a.behavior, b.behavior) and equal(a.beliefs, b.beliefs)
