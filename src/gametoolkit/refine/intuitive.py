"""The Intuitive Criterion (Cho and Kreps 1987, "Signaling games and stable equilibria").

For an equilibrium with type payoffs ``u*`` and a message ``m`` no type sends:

1. ``J(m)``: the types for which ``m`` is *equilibrium-dominated*, whose equilibrium
   payoff exceeds the most ``m`` can bring them against any best reply of the
   receiver to any belief over the types that can send ``m``;
2. the equilibrium *fails* when some type ``t`` would get more than ``u*(t)`` from ``m``
   against *every* best reply to beliefs that put no weight on ``J(m)``.

(When ``J(m)`` holds every type, ``m`` puts no restriction.)  Best replies are mixed;
the extreme payoffs over them are reached at pure best replies, so only the pure
responses that are a best reply to some belief are needed, each decided by an exact
linear feasibility problem.
"""

from __future__ import annotations

from ..evaluate.profiles import Profile
from .signaling import Message, SignalingGame, belief_for_face, payoff_tables
from .verdict import Verdict, names_of, text

__all__ = ["intuitive_criterion"]


def pure_best_replies(message: Message, types: list[int]) -> list[int]:
    """Responses that are a best reply to some belief over ``types``."""
    return [a for a in range(len(message.responses)) if belief_for_face(message, types, (a,)) is not None]


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
    star, messages = payoff_tables(s, profile)
    names = s.type_names
    notes = []
    for m in messages:
        if m.on_path:
            continue
        theta = list(m.types)
        replies = pure_best_replies(m, theta)
        best = {t: max(m.sender_payoff[t][a] for a in replies) for t in theta}
        dominated = [t for t in theta if star[t] > best[t]]
        rest = [t for t in theta if t not in dominated]
        if not rest:
            notes.append(f"{m.label!r} is equilibrium-dominated for every type that can send it")
            continue
        restricted = pure_best_replies(m, rest)
        for t in rest:
            worst = min(m.sender_payoff[t][a] for a in restricted)
            if star[t] < worst:
                why = (
                    f"type(s) {names_of(names, dominated)} cannot gain from it "
                    + ", ".join(f"({names[d]}: equilibrium {text(star[d])} > at most {text(best[d])})" for d in dominated)
                    + "; so the receiver's belief rests on "
                    + names_of(names, rest)
                    if dominated
                    else f"no type is excluded, the belief may rest on {names_of(names, rest)}"
                )
                return Verdict(
                    False,
                    f"fails the Intuitive Criterion: type {names[t]} would send the off-path message {m.label!r}: "
                    f"{why}, and every best response ("
                    + ", ".join(m.responses[a] for a in restricted)
                    + f") gives type {names[t]} at least {text(worst)}, more than its equilibrium payoff {text(star[t])}",
                )
        excluded = f" (equilibrium-dominated for {names_of(names, dominated)})" if dominated else ""
        notes.append(f"{m.label!r}{excluded} leaves a best response that no type would gain from")
    if not notes:
        return Verdict(True, "survives the Intuitive Criterion: every message is sent on the path")
    return Verdict(True, "survives the Intuitive Criterion: off-path message " + "; ".join(notes))
