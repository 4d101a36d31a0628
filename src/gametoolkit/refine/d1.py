"""Criterion D1 (Banks and Sobel 1987's universal divinity; Cho and Kreps 1987, Section V).

For an equilibrium with type payoffs ``u*`` and a message ``m`` no type sends, let
``D(t)`` be the receiver's mixed best replies (to any belief over the types that can
send ``m``) that give type ``t`` strictly more than ``u*(t)`` from ``m``, and ``D0(t)``
those that give it exactly ``u*(t)``.  A type ``t`` is *pruned* when some other type
``t'`` gains from every reply that ``t`` would weakly gain from:
``D(t) ∪ D0(t) ⊆ D(t')``; the belief after ``m`` puts no weight on pruned types.  The
equilibrium outcome *survives* when, for every off-path message, some belief over the
types not pruned has a best reply that gives no type more than its equilibrium payoff
(Fudenberg and Tirole 1991, Section 11.2).  Should every type be pruned (two types with
equal sets ``D`` and empty ``D0`` prune each other), the belief rests on the types for
which ``m`` is not equilibrium-dominated, so that D1 is never weaker than the
Intuitive Criterion.

The mixed best replies are the mixtures over the *faces*: the sets of responses that
are all best replies to one belief.  On each face the inclusion is an exact linear
feasibility question (is there a mixture giving ``t`` at least ``u*(t)`` and ``t'`` at
most ``u*(t')``?); so is survival.

The steps are written once, in :func:`gametoolkit.refine.criteria.d1`, over a sign
oracle; here they run on the profile's exact payoffs with
:class:`~gametoolkit.refine.criteria.ExactOracle`, which decides every sign by
comparing Fractions.
"""

from __future__ import annotations

from ..evaluate.profiles import Profile
from .criteria import ExactOracle, d1
from .signaling import SignalingGame, exact_tables
from .verdict import Verdict

__all__ = ["d1_criterion"]


def d1_criterion(s: SignalingGame, profile: Profile) -> Verdict:
    """Whether the equilibrium ``profile`` survives criterion D1.

    Parameters
    ----------
    s
        The game's sender-receiver structure.
    profile
        The equilibrium's behavior.

    Returns
    -------
    Verdict
        ``holds`` True or False, and the reason (the pruned types, the off-path message,
        and the type that would then deviate with its payoffs).
    """
    star, tables = exact_tables(s, profile)
    return d1(ExactOracle(), tables, star, s.type_names)
