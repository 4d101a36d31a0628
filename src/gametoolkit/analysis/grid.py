"""Grids of parameter values for sweeps: ``--vary NAME=START:STOP:COUNT`` and ``--vary NAME=a,b,c``.

An :class:`Axis` is one varied parameter with its values in order.  A range
``p=0:1:201`` holds ``COUNT`` evenly spaced exact values from ``START`` to ``STOP``,
both included: ``0, 1/200, 2/200, ..., 1``.  A list ``china=low,high`` or
``p=1/4,1/2,3/4`` holds exactly the values given, each read like a ``--set`` value:
an exact number (``1/3``, ``0.25``) or a name (``high``).  An axis of names is
*categorical*; an axis of numbers is *numeric* and is drawn as a continuous axis.

>>> parse_vary("p=0:1:5").values
(Fraction(0, 1), Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), Fraction(1, 1))
>>> parse_vary("china=low,high").categorical
True

:func:`grid` is the Cartesian product of several axes, the last axis varying
fastest.  Nothing here evaluates text: numbers go through
:func:`gametoolkit.core.values.parse_number`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..core.values import fraction_text, parse_number
from ..errors import GameToolkitError

__all__ = ["MAX_POINTS", "Axis", "GridError", "grid", "grid_size", "parse_vary", "value_text"]

#: A sweep refuses grids with more points than this.
MAX_POINTS = 1_000_000

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.+-]*\Z")

GridValue = Fraction | str


class GridError(GameToolkitError):
    """A ``--vary`` specification that cannot be read or makes no grid."""


@dataclass(frozen=True)
class Axis:
    """One varied parameter: its name and its values, in order."""

    name: str
    values: tuple[GridValue, ...]

    @property
    def categorical(self) -> bool:
        """True when the values are names (``low``, ``high``) rather than numbers."""
        return any(isinstance(v, str) for v in self.values)

    @property
    def numbers(self) -> tuple[Fraction, ...]:
        """The values of a numeric axis (:class:`GridError` for a categorical one)."""
        if self.categorical:
            raise GridError(f"--vary {self.name}: the values are names, not numbers")
        return tuple(v for v in self.values if isinstance(v, Fraction))

    def __len__(self) -> int:
        return len(self.values)


def value_text(value: GridValue) -> str:
    """A grid value as text: ``1/200``, ``-3``, ``high``."""
    return value if isinstance(value, str) else fraction_text(value)


def _number(text: str, spec: str, what: str) -> Fraction:
    try:
        return parse_number(text.strip())
    except (ValueError, GameToolkitError) as err:
        raise GridError(f"--vary {spec!r}: {what} {text.strip()!r} is not an exact number ({err})") from err


def parse_vary(text: str, choices: Mapping[str, Sequence[str]] | None = None) -> Axis:
    """Read one varied parameter, ``NAME=START:STOP:COUNT`` or ``NAME=a,b,c``.

    ``START:STOP:COUNT`` gives ``COUNT`` exact values from ``START`` to ``STOP``, both
    included; ``a,b,c`` lists values, numbers or named choices.

    Parameters
    ----------
    text : str
        What ``--vary`` takes, e.g. ``"p=0:1:201"`` or ``"china=low,high"``.
    choices : mapping, optional
        Categorical parameter names and their allowed values (a model's
        ``CHOICES``).

    Returns
    -------
    Axis
        The parameter's name and its values.

    Raises
    ------
    GridError
        For text that does not read, a value outside ``choices``, or a value
        listed twice.

    Examples
    --------
    >>> from gametoolkit.analysis import parse_vary
    >>> [str(v) for v in parse_vary("p=0:1:5").values]
    ['0', '1/4', '1/2', '3/4', '1']
    """
    name, sep, body = text.partition("=")
    name = name.strip()
    body = body.strip()
    if not sep or not _NAME.match(name):
        raise GridError(f"--vary {text!r}: expected NAME=START:STOP:COUNT or NAME=a,b,c")
    if not body:
        raise GridError(f"--vary {text!r}: no values after '='")
    if len(body) > 10_000:
        raise GridError(f"--vary {name}: specification too long")
    if ":" in body:
        parts = body.split(":")
        if len(parts) != 3:
            raise GridError(f"--vary {text!r}: a range is START:STOP:COUNT, e.g. p=0:1:201")
        start = _number(parts[0], text, "START")
        stop = _number(parts[1], text, "STOP")
        count_text = parts[2].strip()
        if not count_text.isascii() or not count_text.isdigit():
            raise GridError(f"--vary {text!r}: COUNT must be a whole number of points, not {count_text!r}")
        count = int(count_text)
        if count < 1 or count > MAX_POINTS:
            raise GridError(f"--vary {text!r}: COUNT must be between 1 and {MAX_POINTS:,}")
        if count == 1:
            if start != stop:
                raise GridError(f"--vary {text!r}: one point needs START = STOP; give COUNT >= 2 for a range")
            return Axis(name, (start,))
        if start >= stop:
            raise GridError(f"--vary {text!r}: START must be below STOP")
        step = (stop - start) / (count - 1)
        return Axis(name, tuple(start + k * step for k in range(count)))
    values: list[GridValue] = []
    for item in body.split(","):
        item = item.strip()
        if not item:
            raise GridError(f"--vary {text!r}: an empty value in the list")
        if item[0].isdigit() or item[0] in "+-.":
            values.append(_number(item, text, "value"))
        elif _WORD.match(item):
            values.append(item)
        else:
            raise GridError(f"--vary {text!r}: {item!r} is neither an exact number nor a name")
    if len(set(values)) != len(values):
        raise GridError(f"--vary {text!r}: a value is listed twice")
    kinds = {isinstance(v, str) for v in values}
    if len(kinds) > 1:
        raise GridError(f"--vary {text!r}: mixes numbers and names")
    allowed = (choices or {}).get(name)
    if allowed is not None:
        wrong = [v for v in values if v not in allowed]
        if wrong:
            raise GridError(f"--vary {name}: {value_text(wrong[0])} is not one of {', '.join(allowed)}")
    elif isinstance(values[0], str) and choices is not None:
        raise GridError(f"--vary {name}: the values are names, but {name} is not a parameter with named choices")
    numbers = [v for v in values if isinstance(v, Fraction)]
    if len(numbers) == len(values):
        return Axis(name, tuple(sorted(numbers)))
    return Axis(name, tuple(values))


def grid_size(axes: Sequence[Axis]) -> int:
    size = 1
    for axis in axes:
        size *= len(axis)
    return size


def check_axes(axes: Sequence[Axis], fixed: Mapping[str, object] | None = None) -> None:
    """Refuse no axes, a name varied twice or also fixed, and grids beyond :data:`MAX_POINTS`."""
    if not axes:
        raise GridError("give at least one --vary NAME=...")
    names = [a.name for a in axes]
    for name in names:
        if names.count(name) > 1:
            raise GridError(f"--vary {name} given twice")
        if fixed and name in fixed:
            raise GridError(f"{name} is both varied (--vary) and fixed (--set)")
    if grid_size(axes) > MAX_POINTS:
        raise GridError(f"the grid has {grid_size(axes):,} points; at most {MAX_POINTS:,} are allowed")


def grid(axes: Sequence[Axis]) -> Iterator[dict[str, GridValue]]:
    """Every point of the grid as ``{name: value}``, the last axis varying fastest."""
    names = [a.name for a in axes]
    for combo in itertools.product(*(a.values for a in axes)):
        yield dict(zip(names, combo))
