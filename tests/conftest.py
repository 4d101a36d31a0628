"""Shared fixtures: small games written with the DSL."""

from __future__ import annotations

from fractions import Fraction

import pytest

from gametoolkit.core.dsl import chance, decision, game, leaf, param
from gametoolkit.core.game import Game


def make_signaling() -> Game:
    """A 2-type signaling game: Nature, sender with two messages, receiver's two sets."""
    p = param("p")

    def receiver(message: str, a: tuple[int, int], b: tuple[int, int]) -> object:
        return decision("Receiver", f"after {message}", up=leaf(*a), down=leaf(*b))

    return game(
        "signaling",
        ["Sender", "Receiver"],
        chance(
            "Nature",
            t1=(p, decision("Sender", "t1", m1=receiver("m1", (1, 1), (0, 0)), m2=receiver("m2", (2, 0), (0, 1)))),
            t2=(1 - p, decision("Sender", "t2", m1=receiver("m1", (0, 0), (1, 1)), m2=receiver("m2", (1, 0), (2, 2)))),
        ),
    )


@pytest.fixture
def signaling() -> Game:
    return make_signaling()


@pytest.fixture
def signaling_bound() -> Game:
    return make_signaling().bind(p=Fraction(1, 3))
