"""A deterrence signaling game with three parameters (a test model, after issue 12).

Nature makes the Defender resolved with prior ``q``.  The Defender signals (at cost
``c``, and with an audience cost ``a`` if it later backs down) or stays quiet.  The
Challenger sees only the signal and challenges or not; the Defender then fights or
backs down.  Payoffs are (Defender, Challenger).
"""

from fractions import Fraction

from gametoolkit.core.dsl import chance, decision, game, leaf, params

SLUG = "deterrence-test"
TITLE = "Deterrence with costly signals"
CITATION = "A test model for gametoolkit (not from a paper)."
PARAMETERS = {"q": Fraction(1, 3), "c": Fraction(1, 2), "a": Fraction(1)}
ASSUMPTIONS = ["c > 0", "a >= 0"]


def tree():
    """The game with the prior q, the signal's cost c and the audience cost a as parameters."""
    q, c, a = params("q c a")

    def defender(kind, signal, cost, fight, back):
        return decision(
            "Defender", f"{kind} {signal}ed",
            fight=leaf(fight - cost, -1),
            back_down=leaf(back - cost - (a if signal == "signal" else 0), 1),
        )

    def challenger(kind, signal, cost, fight, back):
        return decision(
            "Challenger", f"after {signal}",
            challenge=defender(kind, signal, cost, fight, back),
            no_challenge=leaf(2 - cost, 0),
        )

    def sender(kind, fight, back):
        return decision(
            "Defender", kind,
            signal=challenger(kind, "signal", c, fight, back),
            quiet=challenger(kind, "quiet", 0, fight, back),
        )

    return game(
        TITLE,
        ["Defender", "Challenger"],
        chance("Nature", resolved=(q, sender("resolved", 1, 0)), irresolute=(1 - q, sender("irresolute", -2, 0))),
    )


def build(q=Fraction(1, 3), c=Fraction(1, 2), a=Fraction(1)):
    """The game with numbers for q, c and a."""
    return tree().bind(q=q, c=c, a=a)
