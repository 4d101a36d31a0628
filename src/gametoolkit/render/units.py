"""Lengths as a paper gives them: ``12cm``, ``120mm``, ``4.5in``, ``340pt``, in big points."""

from __future__ import annotations

import re

from ..errors import GameToolkitError

__all__ = ["format_length", "parse_length"]

#: Big points (1/72 inch, TikZ's ``bp``, Graphviz's and PostScript's point) per unit.
_PER_UNIT = {"cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0, "pt": 72 / 72.27, "bp": 1.0}

_LENGTH = re.compile(r"\s*(?P<number>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>cm|mm|in|pt|bp)\s*\Z")


def parse_length(text: str | float) -> float:
    """A length in big points: ``"12cm"`` is 340.16; a number is taken as big points already.

    Raises :class:`~gametoolkit.errors.GameToolkitError` naming the text when it is not a
    positive length with one of the units cm, mm, in, pt (TeX's) or bp.
    """
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        m = _LENGTH.match(text)
        if m is None:
            raise GameToolkitError(f"width {text!r}: give a length with its unit, such as 12cm, 120mm, 4.5in or 340pt")
        value = float(m.group("number")) * _PER_UNIT[m.group("unit")]
    if not value > 0:
        raise GameToolkitError(f"width {text!r}: a figure's width must be positive")
    return value


def format_length(bp: float) -> str:
    """Big points as centimetres: ``"12.0 cm"``."""
    return f"{bp / _PER_UNIT['cm']:.1f} cm"
