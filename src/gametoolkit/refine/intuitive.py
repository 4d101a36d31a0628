"""The Intuitive Criterion (Cho and Kreps 1987, "Signaling games and stable equilibria").

For an equilibrium with type payoffs ``u*`` and a message ``m`` no type sends:

1. ``J(m)``: the types for which ``m`` is *equilibrium-dominated*, whose equilibrium
   payoff exceeds the most ``m`` can bring them against any best reply of the
   receiver to any belief over the types that can send ``m``;
2. the equilibrium *fails* when some type ``t`` would get more than ``u*(t)`` from ``m``
   against *every* best reply to beliefs that put no weight on ``J(m)``.

(When ``J(m)`` holds every type, ``m`` puts no restriction.)  Best replies are mixed;
the extreme payoffs over them are reached at pure best replies, so only the pure
responses that are a best reply to some belief are needed.

The steps are written once, in :func:`gametoolkit.refine.criteria.intuitive`, over a
sign oracle; here they run on the profile's exact payoffs with
:class:`~gametoolkit.refine.criteria.ExactOracle`, which decides every sign by
comparing Fractions.
"""

from __future__ import annotations

from ..evaluate.profiles import Profile
from .criteria import ExactOracle, intuitive
from .signaling import SignalingGame, exact_tables
from .verdict import Verdict

__all__ = ["intuitive_criterion"]


def intuitive_criterion(s: SignalingGame, profile: Profile) -> Verdict:
    """Whether the equilibrium ``profile`` survives the Intuitive Criterion.

    Parameters
    ----------
    s
        The game's sender-receiver structure (:func:`gametoolkit.refine.signaling.recognise`).
    profile
        The equilibrium's behavior.

    Returns
    -------
    Verdict
        ``holds`` True or False, and the reason: for a failure, the type that would
        deviate, the off-path message and the payoffs that decide it.
    """
    star, tables = exact_tables(s, profile)
    return intuitive(ExactOracle(), tables, star, s.type_names)
