"""Refinements of perfect Bayesian equilibria: which equilibria survive?

* ``sequential``: some supporting beliefs are consistent (Kreps and Wilson 1982),
  decided exactly by :mod:`gametoolkit.solvers._consistency`;
* ``intuitive``: the Intuitive Criterion (Cho and Kreps 1987), :mod:`.intuitive`;
* ``d1``: criterion D1 (Banks and Sobel 1987; Cho and Kreps 1987), :mod:`.d1`.

The last two are defined for sender-receiver games (:mod:`.signaling` recognises them
from the tree); elsewhere their verdict is ``holds = None`` with the reason.
Both are written once, in :mod:`.criteria`, with every comparison put to a sign
oracle: numeric games run them with exact Fractions, symbolic payoffs with an oracle
that asks the parameters' region (:mod:`gametoolkit.symbolic.refinements`: where on
the parameters a family survives).
:func:`refine` attaches the verdicts to every equilibrium of a solution (the JSON key
``refinements`` of ``DESIGN.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..errors import SolverError
from ..solution import Assessment, Solution
from .verdict import Verdict

__all__ = ["REFINEMENTS", "Verdict", "refine", "verdicts"]

#: The refinements by name, in the order they are reported.
REFINEMENTS = ("sequential", "intuitive", "d1")


def parse_names(text: str) -> tuple[str, ...]:
    """``"intuitive,d1"`` as a tuple of names; a :class:`SolverError` names an unknown one."""
    names = tuple(n.strip().lower() for n in text.split(",") if n.strip())
    unknown = [n for n in names if n not in REFINEMENTS]
    if unknown or not names:
        raise SolverError(
            f"unknown refinement(s) {', '.join(unknown) or '(none given)'}; choose from {', '.join(REFINEMENTS)}"
        )
    return tuple(n for n in REFINEMENTS if n in names)


def verdicts(solution: Solution, eq: Assessment, names: Sequence[str]) -> dict[str, Verdict]:
    """The verdict of each named refinement on one equilibrium of ``solution``."""
    from .signaling import recognise

    out: dict[str, Verdict] = {}
    structure, why = (None, "") if not ({"intuitive", "d1"} & set(names)) else recognise(solution.game)
    for name in names:
        if name == "sequential":
            out[name] = _sequential(solution, eq)
        elif structure is None:
            label = "the Intuitive Criterion" if name == "intuitive" else "D1"
            out[name] = Verdict(None, f"{label} does not apply: {why}")
        elif name == "intuitive":
            from .intuitive import intuitive_criterion

            out[name] = intuitive_criterion(structure, eq.behavior)
        else:
            from .d1 import d1_criterion

            out[name] = d1_criterion(structure, eq.behavior)
    return out


def _sequential(solution: Solution, eq: Assessment) -> Verdict:
    if solution.concept == "sequential":
        return Verdict(True, "sequential: " + str(eq.extra.get("consistency", "its beliefs are consistent")))
    if solution.concept not in ("pbe",):
        return Verdict(None, f"consistency is checked for perfect Bayesian equilibria, not {solution.concept}")
    from ..solvers.sequential import sequential_assessment

    found, verdict = sequential_assessment(eq)
    if found is None:
        return Verdict(False, "not sequential: " + verdict.reason)
    if verdict.holds is None:
        return Verdict(None, "consistency undecided: " + verdict.reason)
    if found.behavior is not eq.behavior:
        return Verdict(True, "sequential with other behavior off the path (an off-path variant): " + verdict.reason)
    return Verdict(True, "sequential: " + verdict.reason)


def refine(solution: Solution, names: Sequence[str]) -> Solution:
    """``solution`` with the verdicts of the named refinements on every equilibrium.

    Parameters
    ----------
    solution
        A solution of a numeric game (``pbe`` or ``sequential``; other concepts get
        ``holds = None`` for ``sequential``).
    names
        Some of :data:`REFINEMENTS`.

    Returns
    -------
    Solution
        The same solution, each equilibrium carrying ``refinements``.
    """
    unknown = [n for n in names if n not in REFINEMENTS]
    if unknown:
        raise SolverError(f"unknown refinement(s) {', '.join(unknown)}; choose from {', '.join(REFINEMENTS)}")
    refined = tuple(
        replace(eq, refinements={k: v.to_json() for k, v in verdicts(solution, eq, names).items()})
        for eq in solution.equilibria
    )
    return replace(solution, equilibria=refined)
