"""Textbook games written with the DSL, each with its source."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from gametoolkit.core.dsl import chance, decision, game, leaf
from gametoolkit.core.game import Game


def beer_quiche() -> Game:
    """Cho and Kreps (1987), "Signaling Games and Stable Equilibria", QJE 102(2).

    Nature makes the sender weak (1/10) or strong (9/10); the sender has beer or quiche
    (the strong type prefers beer, the weak quiche: +1); the receiver sees the
    breakfast and duels or not.  The sender gets +2 when there is no duel; the receiver
    gets 1 for dueling a weak sender or leaving a strong one alone.
    """

    def sender(kind: str, beer: int, quiche: int, weak: bool) -> object:
        def receiver(message: str, bonus: int) -> object:
            return decision(
                "Receiver", f"after {message}", label=f"{kind}-{message}",
                duel=leaf(bonus, 1 if weak else 0), not_duel=leaf(bonus + 2, 0 if weak else 1),
            )

        return decision("Sender", kind, label=kind, beer=receiver("beer", beer), quiche=receiver("quiche", quiche))

    return game(
        "Beer-quiche (Cho and Kreps 1987)",
        ["Sender", "Receiver"],
        chance("Nature", weak=(Fraction(1, 10), sender("weak", 0, 1, True)),
               strong=(Fraction(9, 10), sender("strong", 1, 0, False))),
    )


def selten_horse() -> Game:
    """Selten (1975), "Reexamination of the perfectness concept", IJGT 4, Figure 1.

    Player 1 plays C (across) or D (down); after C player 2 plays c (across, ending the
    game) or d (down); player 3 does not know whether 1 played D or 2 played d and
    chooses L or R.
    """
    three = {"L": None, "R": None}
    del three
    return game(
        "Selten's horse (Selten 1975)",
        ["1", "2", "3"],
        decision(
            "1", "1", label="1",
            C=decision(
                "2", "2", label="2",
                c=leaf(1, 1, 1),
                d=decision("3", "3", label="3 after d", L=leaf(4, 4, 0), R=leaf(1, 1, 1)),
            ),
            D=decision("3", "3", label="3 after D", L=leaf(3, 3, 2), R=leaf(0, 0, 0)),
        ),
    )


def entry_deterrence() -> Game:
    """The entry game (Selten's chain-store stage game): Out (0, 2); In then Fight (-1, -1)
    or Accommodate (1, 1).  One subgame-perfect equilibrium (In, Accommodate) and a second,
    non-credible Nash equilibrium (Out, Fight)."""
    return game(
        "Entry deterrence",
        ["Entrant", "Incumbent"],
        decision("Entrant", "E", Out=leaf(0, 2),
                 In=decision("Incumbent", "I", Fight=leaf(-1, -1), Accommodate=leaf(1, 1))),
    )


def chain_efg(moves: int, stop: Callable[[int], tuple[int, int]], end: tuple[int, int]) -> str:
    """A chain of ``moves`` moves as ``.efg`` text: players A and B alternate, each
    choosing ``go`` or ``stop``; stopping at move ``k`` (from 0) pays ``stop(k)``, going
    on past the last move pays ``end``.  Perfect information, ``2 * moves + 1`` nodes."""
    lines = ['EFG 2 R "chain" { "A" "B" }']
    lines += [f'p "" {1 + k % 2} {k // 2 + 1} "" {{ "go" "stop" }} 0' for k in range(moves)]
    lines.append(f't "" {moves + 1} "" {{ {end[0]} {end[1]} }}')
    lines += [f't "" {k + 1} "" {{ {stop(k)[0]} {stop(k)[1]} }}' for k in reversed(range(moves))]
    return "\n".join(lines) + "\n"
