"""Ordinal analysis: which equilibria exist for all, some or no consistent payoffs.

From the orderings alone, each family of :func:`~.solver.solve_symbolic` is

* ``all``: it has no condition left after simplification, so it is an equilibrium for
  every cardinal assignment consistent with the assumptions (the certificate of
  :meth:`~.assumptions.Assumptions.sign` proves each dropped condition);
* ``some``: conditions remain (they are the extra condition), and random consistent
  assignments were found where they hold and where they fail;

Families that hold for no assignment are not listed (a condition certified false
removes them).  The claim is then checked: ``draws`` random consistent assignments are
solved with the exact numeric solver, and at each the set of names it finds must equal
the set of families whose conditions hold there.  The report says how many agreed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..solvers import solve
from .solver import SymbolicSolution, profile_name

__all__ = ["OrdinalReport", "ordinal_analysis"]


@dataclass(frozen=True)
class OrdinalReport:
    """Existence of each family, and the numeric confirmation on random draws."""

    existence: tuple[str, ...]  # per family: all or some
    held: tuple[int, ...]  # per family: draws at which its conditions held
    draws: int
    agreed: int
    disagreements: tuple[dict[str, Any], ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "existence": list(self.existence),
            "held": list(self.held),
            "draws": self.draws,
            "agreed": self.agreed,
            "disagreements": list(self.disagreements),
        }


def ordinal_analysis(solution: SymbolicSolution, draws: int = 100, seed: int = 0) -> OrdinalReport:
    """Classify each family and confirm on ``draws`` random consistent assignments."""
    rng = random.Random(seed)
    fams = solution.equilibria
    held = [0] * len(fams)
    agreed = 0
    bad: list[dict[str, Any]] = []
    for _ in range(draws):
        point = solution.sample(rng)
        expected = set(solution.names_at(point))
        for k, fam in enumerate(fams):
            if fam.holds(point):
                held[k] += 1
        numeric = solve(solution.game.bind(point), "pbe")
        found = {profile_name(e.behavior) for e in numeric.equilibria}
        if found == expected:
            agreed += 1
        elif len(bad) < 10:
            bad.append(
                {
                    "point": {k: str(v) for k, v in sorted(point.items())},
                    "symbolic": sorted(expected),
                    "numeric": sorted(found),
                }
            )
    existence = []
    for fam in fams:
        existence.append("all" if not fam.conditions else "some")
    return OrdinalReport(tuple(existence), tuple(held), draws, agreed, tuple(bad))


def sample_point(solution: SymbolicSolution, seed: int = 0) -> dict[str, Fraction]:
    """One random consistent assignment (for examples and tests)."""
    return solution.sample(random.Random(seed))
