"""A refinement's verdict on one equilibrium: holds (true, false, or null) and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..core.values import format_value

__all__ = ["Verdict", "names_of", "text"]


@dataclass(frozen=True)
class Verdict:
    """``holds`` is None where the test does not apply or is undecided; ``reason`` says why."""

    holds: bool | None
    reason: str

    def to_json(self) -> dict[str, bool | str | None]:
        return {"holds": self.holds, "reason": self.reason}


def text(x: Fraction) -> str:
    """An exact number as the JSON writes it."""
    return format_value(x)


def names_of(names: Sequence[str], positions: Sequence[int]) -> str:
    """``weak``, ``weak and strong``, ``a, b and c``."""
    shown = [names[k] for k in positions]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]
