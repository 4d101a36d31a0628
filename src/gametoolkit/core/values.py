"""Exact values: rationals, named parameters and small expressions over them.

Every probability and payoff in a game is either a :class:`fractions.Fraction` or an
:class:`Expr` built from named parameters (``Param("p")``, ``1 - p``).  A float never
stays in a game: :func:`exact` converts what a user passes and rejects what cannot be
converted.

A float is converted through its shortest decimal representation, the digits Python
prints for it: ``0.3`` becomes ``3/10`` (what the user typed), not the binary
approximation ``5404319552844595/18014398509481984``.  ``nan`` and infinities are
rejected.  Where a float enters a game (a payoff or probability in the DSL, a number in
a parameter expression, :meth:`Game.bind`) and is not exactly the fraction it is read
as, a :class:`~gametoolkit.errors.FloatWarning` says so (see :func:`float_note`);
:func:`exact` itself, an explicit conversion, stays silent.

Text is read by :func:`parse_number` with a small hand-written scanner (integers,
``a/b``, decimals with an optional exponent); no text ever reaches ``eval``.

>>> exact(0.3)
Fraction(3, 10)
>>> p = Param("p")
>>> format_value(1 - p)
'1 - p'
>>> evaluate(1 - p, {"p": Fraction(3, 10)})
Fraction(7, 10)
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..errors import FloatWarning, NumberError, warn

__all__ = [
    "MAX_NUMBER_DIGITS",
    "Expr",
    "Param",
    "Value",
    "as_fraction",
    "evaluate",
    "exact",
    "float_note",
    "format_distribution",
    "format_value",
    "fraction_text",
    "free_params",
    "is_bound",
    "parse_number",
]

#: Numbers in input text longer than this many characters are refused, so that a
#: hostile file cannot make us build integers of millions of digits.
MAX_NUMBER_DIGITS = 4000

#: A number read from text has a numerator and a denominator below this (``1e4000`` is
#: the largest power of ten); ``9...9e4000`` would otherwise have 8,000 digits.
_MAX_READ = 10 ** (MAX_NUMBER_DIGITS + 1)

#: ASCII digits only: ``re``'s ``\d`` would also take Arabic-Indic or full-width digits,
#: which ``int`` and ``Decimal`` read, but no game file means.
_NUMBER = re.compile(
    r"[+-]?(?:(?P<int>\d+)(?:/(?P<den>\d+))?(?![\d.eE])|(?P<dec>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))\Z",
    re.ASCII,
)


def parse_number(text: str) -> Fraction:
    """Read an exact number from text: ``3``, ``-2/7``, ``0.25``, ``1e-3``.

    Raises :class:`~gametoolkit.errors.NumberError` (a ``ValueError``) with a message
    naming the text when it is not a number.
    """
    if not isinstance(text, str):
        raise NumberError(f"expected text, got {type(text).__name__}")
    s = text.strip()
    if not s:
        raise NumberError("empty number")
    if len(s) > MAX_NUMBER_DIGITS:
        raise NumberError(f"number too long ({len(s)} characters; at most {MAX_NUMBER_DIGITS})")
    m = _NUMBER.match(s)
    if m is None:
        raise NumberError(f"not a number: {text!r} (expected an integer, a/b or a decimal)")
    negative = s.startswith("-")
    if m.group("int") is not None:
        num = int(m.group("int"))
        den_text = m.group("den")
        if den_text is not None:
            den = int(den_text)
            if den == 0:
                raise NumberError(f"zero denominator in {text!r}")
            value = Fraction(num, den)
        else:
            value = Fraction(num)
    else:
        dec = m.group("dec")
        exponent_match = re.search(r"[eE]([+-]?\d+)$", dec)
        if exponent_match and abs(int(exponent_match.group(1))) > MAX_NUMBER_DIGITS:
            raise NumberError(f"exponent too large in {text!r}")
        value = Fraction(Decimal(dec))
        if value.numerator >= _MAX_READ or value.denominator >= _MAX_READ:
            raise NumberError(f"number too large in {text[:40]!r}: more than {MAX_NUMBER_DIGITS + 1} digits")
    return -value if negative else value


class Expr:
    """An arithmetic expression over named parameters (immutable, hashable).

    Built with the usual operators from :class:`Param` objects and numbers.  It is a
    deliberately small language (``+ - * /`` and unary minus); the symbolic extra
    converts it to sympy where more is needed.
    """

    __slots__ = ()

    def _combine(self, op: str, other: object, reverse: bool = False) -> Expr:
        value = _coerce(other)
        args = (value, self) if reverse else (self, value)
        return Op(op, args)

    def __add__(self, other: object) -> Expr:
        return self._combine("+", other)

    def __radd__(self, other: object) -> Expr:
        return self._combine("+", other, reverse=True)

    def __sub__(self, other: object) -> Expr:
        return self._combine("-", other)

    def __rsub__(self, other: object) -> Expr:
        return self._combine("-", other, reverse=True)

    def __mul__(self, other: object) -> Expr:
        return self._combine("*", other)

    def __rmul__(self, other: object) -> Expr:
        return self._combine("*", other, reverse=True)

    def __truediv__(self, other: object) -> Expr:
        return self._combine("/", other)

    def __rtruediv__(self, other: object) -> Expr:
        return self._combine("/", other, reverse=True)

    def __neg__(self) -> Expr:
        return Op("neg", (self,))

    def __pos__(self) -> Expr:
        return self

    def __str__(self) -> str:
        return format_value(self)


@dataclass(frozen=True, slots=True, eq=True)
class Param(Expr):
    """A named parameter whose value is given later (``build(p=...)``, ``--set p=...``)."""

    name: str

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", self.name):
            raise NumberError(f"parameter name must be an identifier, got {self.name!r}")

    def __repr__(self) -> str:
        return f"Param({self.name!r})"


@dataclass(frozen=True, slots=True, eq=True)
class Op(Expr):
    """An operation node of an expression: ``op`` is one of ``+ - * / neg``."""

    op: str
    args: tuple[Value, ...]

    def __repr__(self) -> str:
        return f"Expr({format_value(self)!r})"


Value = Fraction | Expr


def _coerce(x: object) -> Value:
    if isinstance(x, Expr):
        return x
    value = exact(x)
    note = float_note(x, value, "a number in an expression")
    if note:
        warn(note, FloatWarning)
    return value


def is_float(x: object) -> bool:
    """True for a Python float and a float-like scalar (numpy's ``float32``, ...)."""
    return isinstance(x, float) or (
        not isinstance(x, (int, Fraction, Decimal, str)) and type(x).__name__.startswith("float")
    )


def float_note(x: object, value: Fraction, what: str) -> str | None:
    """Why the float ``x``, read as ``value``, deserves a warning; ``None`` if it does not.

    A float that is exactly the fraction it is read as (``0.5``, ``2.0``, ``0.375``:
    a binary fraction with few digits) loses nothing and needs no warning.  Any other
    (``0.3``, ``1/3``, ``0.1 + 0.2``) was read through its decimal digits, which may
    not be the number meant; the note names the fraction it became and how to write
    the number exactly, guessing a simple fraction (denominator up to 1000) within
    ``1e-12`` of it.

    Parameters
    ----------
    x : object
        What the user passed; only floats (and float-like scalars) are noted.
    value : Fraction
        What :func:`exact` made of it.
    what : str
        The value's name for the message (``"parameter q"``).

    Returns
    -------
    str or None
        The sentence, or ``None`` for anything but an inexact float.

    Examples
    --------
    >>> float_note(1 / 3, exact(1 / 3), "parameter q")  # doctest: +NORMALIZE_WHITESPACE
    'parameter q is the float 0.3333333333333333, read as 3333333333333333/10000000000000000;
    if you meant 1/3, write Fraction(1, 3) or "1/3"'
    >>> float_note(0.5, exact(0.5), "p") is None
    True
    """
    if not is_float(x):
        return None
    number = float(x)  # type: ignore[arg-type]
    if Fraction(number) == value:
        return None
    text = f"{what} is the float {number!r}, read as {fraction_text(value)}"
    meant = value.limit_denominator(1000)
    if meant != value and abs(meant - value) <= abs(value) * Fraction(1, 10**12):
        return f'{text}; if you meant {meant}, write Fraction({meant.numerator}, {meant.denominator}) or "{meant}"'
    shown = fraction_text(value)
    return f'{text}; write Fraction({value.numerator}, {value.denominator}) or "{shown}" to give it exactly'


def exact(x: object, what: str = "value") -> Fraction:
    """Convert ``x`` to a :class:`Fraction` exactly, or raise :class:`~gametoolkit.errors.NumberError`.

    Accepts int, Fraction, Decimal, float (through its shortest decimal digits) and
    numeric text (``"3/10"``, ``"0.3"``).  ``what`` names the value in the message.

    Parameters
    ----------
    x : int, Fraction, Decimal, float or str
        The number.
    what : str
        What the value is, for the error message (``"probability of 'tough'"``).

    Returns
    -------
    Fraction

    Raises
    ------
    NumberError
        For a boolean, text that is not a number, infinity or NaN.

    Examples
    --------
    >>> from gametoolkit import exact
    >>> exact("3/10"), exact(0.3), exact("0.25")
    (Fraction(3, 10), Fraction(3, 10), Fraction(1, 4))
    """
    if isinstance(x, bool):
        raise NumberError(f"{what}: a boolean is not a number ({x!r})")
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    if isinstance(x, float):
        if not math.isfinite(x):
            raise NumberError(f"{what}: {x!r} is not a finite number")
        return Fraction(repr(float(x)))
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise NumberError(f"{what}: {x!r} is not a finite number")
        return Fraction(x)
    if isinstance(x, str):
        try:
            return parse_number(x)
        except ValueError as err:
            raise NumberError(f"{what}: {err}") from err
    # numbers from numpy and similar expose numerator/denominator or __index__
    if hasattr(x, "numerator") and hasattr(x, "denominator"):
        try:
            return Fraction(int(x.numerator), int(x.denominator))
        except (TypeError, ValueError, ZeroDivisionError) as err:
            raise NumberError(f"{what}: cannot read {x!r} as an exact number") from err
    if hasattr(x, "__index__"):
        return Fraction(x.__index__())
    if hasattr(x, "__float__") and type(x).__name__.startswith("float"):
        return exact(float(x), what)
    raise NumberError(f"{what}: expected a number, got {type(x).__name__} {x!r}")


def as_fraction(value: Value, what: str = "value") -> Fraction:
    """``value`` as a number; :class:`ValueError` when a parameter is still unbound."""
    if isinstance(value, Fraction):
        return value
    raise NumberError(f"{what}: {format_value(value)} has unbound parameters")


def evaluate(value: Value, bindings: Mapping[str, Fraction]) -> Value:
    """Substitute ``bindings`` into ``value``; a Fraction when every parameter is bound.

    Division by zero raises :class:`ZeroDivisionError`.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Param):
        return bindings.get(value.name, value)
    assert isinstance(value, Op)
    args = [evaluate(a, bindings) for a in value.args]
    if not all(isinstance(a, Fraction) for a in args):
        return Op(value.op, tuple(args))
    fa = [a for a in args if isinstance(a, Fraction)]
    if value.op == "+":
        return fa[0] + fa[1]
    if value.op == "-":
        return fa[0] - fa[1]
    if value.op == "*":
        return fa[0] * fa[1]
    if value.op == "/":
        return fa[0] / fa[1]
    if value.op == "neg":
        return -fa[0]
    raise ValueError(f"unknown operation {value.op!r}")


def free_params(value: Value) -> set[str]:
    """Names of the parameters ``value`` depends on."""
    if isinstance(value, Fraction):
        return set()
    if isinstance(value, Param):
        return {value.name}
    assert isinstance(value, Op)
    names: set[str] = set()
    for a in value.args:
        names |= free_params(a)
    return names


def is_bound(value: Value) -> bool:
    """True when ``value`` is a number (no parameter left)."""
    return isinstance(value, Fraction)


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3}


def format_value(value: Value) -> str:
    """Exact text for a value: ``3/10``, ``-2``, ``1 - p``, ``(y4 - bJ)/(y4 - y2)``.

    Numbers of any length are written (Python's ``str`` refuses integers of more than
    4,300 digits, which sums and products of long payoffs can reach).  An exact
    algebraic number (a sympy object, from the n-player Nash solver) is written as
    sympy prints it, ``sqrt(2)/2`` or ``CRootOf(x**5 - x - 1, 0)``, which sympy reads
    back (the JSON contract of ``DESIGN.md``).
    """
    if isinstance(value, Fraction):
        return fraction_text(value)
    if type(value).__module__.startswith("sympy"):
        return str(value)
    return _format(value, 0)


def fraction_text(x: Fraction) -> str:
    """``str(x)``, also for numerators and denominators of more than 4,300 digits."""
    if x.numerator.bit_length() < 14_000 and x.denominator.bit_length() < 14_000:
        return str(x)
    text = _int_text(x.numerator)
    return text if x.denominator == 1 else f"{text}/{_int_text(x.denominator)}"


def _int_text(n: int) -> str:
    if n < 0:
        return "-" + _int_text(-n)
    if n.bit_length() < 14_000:
        return str(n)
    half = n.bit_length() * 30103 // 200_000  # about half the decimal digits
    high, low = divmod(n, 10**half)
    return _int_text(high) + _int_text(low).rjust(half, "0")


def _format(value: Value, parent: int) -> str:
    if isinstance(value, Fraction):
        text = fraction_text(value)
        return f"({text})" if parent >= 2 and ("/" in text or text.startswith("-")) else text
    if isinstance(value, Param):
        return value.name
    assert isinstance(value, Op)
    prec = _PRECEDENCE[value.op]
    if value.op == "neg":
        text = "-" + _format(value.args[0], 3)
    else:
        left = _format(value.args[0], prec)
        right = _format(value.args[1], prec + 1 if value.op in "-/" else prec)
        text = f"{left}/{right}" if value.op == "/" else f"{left} {value.op} {right}"
    return f"({text})" if prec < parent else text


def format_distribution(actions: tuple[str, ...], probs: tuple[Fraction, ...]) -> str:
    """``h`` for a pure choice, ``h 4/7, l 3/7`` for a mixed one."""
    played = [(a or f"#{k + 1}", p) for k, (a, p) in enumerate(zip(actions, probs)) if p > 0]
    if len(played) == 1:
        return played[0][0]
    return ", ".join(f"{a} {format_value(p)}" for a, p in played)
