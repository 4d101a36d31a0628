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
"""

from __future__ import annotations

from fractions import Fraction

from ..evaluate.profiles import Profile
from .intuitive import pure_best_replies
from .signaling import Message, SignalingGame, best_reply_faces, mixture_exists, payoff_tables
from .verdict import Verdict, names_of, text

__all__ = ["d1_criterion"]


def _pruned(m: Message, star: dict[int, Fraction], faces: list[tuple[int, ...]]) -> dict[int, int]:
    """Each pruned type, with a type that gains wherever it would weakly gain."""
    out: dict[int, int] = {}
    for t in m.types:
        for other in m.types:
            if other == t:
                continue
            if not any(
                mixture_exists(m, f, at_least=[(t, star[t])], at_most=[(other, star[other])])
                for f in faces
            ):
                out[t] = other
                break
    return out


def _undominated(m: Message, star: dict[int, Fraction], faces: list[tuple[int, ...]]) -> list[int]:
    """When every type is pruned: the types for which ``m`` is not equilibrium-dominated (else all)."""
    replies = sorted({a for f in faces for a in f})
    kept = [t for t in m.types if star[t] <= max(m.sender_payoff[t][a] for a in replies)]
    return kept or list(m.types)


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
    star, messages = payoff_tables(s, profile)
    names = s.type_names
    notes = []
    for m in messages:
        if m.on_path:
            continue
        faces = best_reply_faces(m, list(m.types))
        pruned = _pruned(m, star, faces)
        rest = [t for t in m.types if t not in pruned] or _undominated(m, star, faces)
        every = [(t, star[t]) for t in m.types]
        if any(mixture_exists(m, f, at_most=every) for f in best_reply_faces(m, rest)):
            if len(pruned) == len(m.types):
                cut = " (every type pruned: the belief rests on the types it does not equilibrium-dominate)"
            else:
                cut = f" (type(s) {names_of(names, sorted(pruned))} pruned)" if pruned else ""
            notes.append(f"{m.label!r}{cut} has a best reply to beliefs on {names_of(names, rest)} that deters every type")
            continue
        prune_text = "; ".join(
            f"type {names[t]} is pruned: wherever it would weakly gain, type {names[o]} gains strictly"
            for t, o in sorted(pruned.items())
        )
        replies = pure_best_replies(m, rest)
        gainers = [t for t in rest if star[t] < min(m.sender_payoff[t][a] for a in replies)]
        if gainers:
            t = gainers[0]
            worst = min(m.sender_payoff[t][a] for a in replies)
            tail = (
                f"with beliefs on {names_of(names, rest)} every best response gives type {names[t]} at least "
                f"{text(worst)}, more than its equilibrium payoff {text(star[t])}"
            )
        else:
            tail = f"no best reply to beliefs on {names_of(names, rest)} keeps every type at or below its equilibrium payoff"
        lead = f"type {names[gainers[0]]} would send" if gainers else "a type would send"
        return Verdict(
            False,
            f"fails D1: {lead} the off-path message {m.label!r}: " + (prune_text + "; " if prune_text else "") + tail,
        )
    if not notes:
        return Verdict(True, "survives D1: every message is sent on the path")
    return Verdict(True, "survives D1: off-path message " + "; ".join(notes))
