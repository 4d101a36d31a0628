"""Small multivariate polynomials with exact rational coefficients.

The perfect Bayesian solver writes expected payoffs as polynomials in the unknown
mixing probabilities and beliefs.  Those systems are tiny, so a dictionary from
monomials to :class:`~fractions.Fraction` coefficients is fast enough and keeps every
number exact.  A monomial is a sorted tuple of ``(variable, exponent)`` pairs;
variables are small integers named by the caller.

>>> x, y = Poly.var(0), Poly.var(1)
>>> p = (x + 1) * (y - x)
>>> p.substitute({0: Fraction(2)})
Poly({((1, 1),): Fraction(3, 1), (): Fraction(-6, 1)})
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

__all__ = ["Monomial", "Poly"]

Monomial = tuple[tuple[int, int], ...]
ZERO = Fraction(0)
ONE = Fraction(1)


def _mul_monomials(a: Monomial, b: Monomial) -> Monomial:
    if not a:
        return b
    if not b:
        return a
    exps: dict[int, int] = dict(a)
    for v, e in b:
        exps[v] = exps.get(v, 0) + e
    return tuple(sorted(exps.items()))


class Poly:
    """An immutable polynomial: ``terms`` maps monomials to non-zero coefficients."""

    __slots__ = ("terms",)

    def __init__(self, terms: Mapping[Monomial, Fraction] | None = None) -> None:
        self.terms: dict[Monomial, Fraction] = {m: c for m, c in (terms or {}).items() if c}

    @staticmethod
    def const(c: Fraction | int) -> Poly:
        return Poly({(): Fraction(c)})

    @staticmethod
    def var(v: int) -> Poly:
        return Poly({((v, 1),): ONE})

    def __repr__(self) -> str:
        return f"Poly({self.terms!r})"

    # arithmetic ------------------------------------------------------------
    def __add__(self, other: Poly | Fraction | int) -> Poly:
        o = other if isinstance(other, Poly) else Poly.const(other)
        terms = dict(self.terms)
        for m, c in o.terms.items():
            terms[m] = terms.get(m, ZERO) + c
        return Poly(terms)

    __radd__ = __add__

    def __neg__(self) -> Poly:
        return Poly({m: -c for m, c in self.terms.items()})

    def __sub__(self, other: Poly | Fraction | int) -> Poly:
        o = other if isinstance(other, Poly) else Poly.const(other)
        return self + (-o)

    def __rsub__(self, other: Poly | Fraction | int) -> Poly:
        return (-self) + other

    def __mul__(self, other: Poly | Fraction | int) -> Poly:
        if not isinstance(other, Poly):
            k = Fraction(other)
            return Poly({m: c * k for m, c in self.terms.items()}) if k else Poly()
        terms: dict[Monomial, Fraction] = {}
        for m1, c1 in self.terms.items():
            for m2, c2 in other.terms.items():
                m = _mul_monomials(m1, m2)
                terms[m] = terms.get(m, ZERO) + c1 * c2
        return Poly(terms)

    __rmul__ = __mul__

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (int, Fraction)):
            other = Poly.const(other)
        return isinstance(other, Poly) and self.terms == other.terms

    def __hash__(self) -> int:
        return hash(frozenset(self.terms.items()))

    # inspection --------------------------------------------------------------
    def is_zero(self) -> bool:
        return not self.terms

    def is_constant(self) -> bool:
        return all(not m for m in self.terms)

    def constant(self) -> Fraction:
        """The value of a constant polynomial (:class:`ValueError` otherwise)."""
        if not self.is_constant():
            raise ValueError("not a constant")
        return self.terms.get((), ZERO)

    def variables(self) -> set[int]:
        return {v for m in self.terms for v, _ in m}

    def degree(self, var: int) -> int:
        return max((e for m in self.terms for v, e in m if v == var), default=0)

    def total_degree(self) -> int:
        return max((sum(e for _, e in m) for m in self.terms), default=0)

    # substitution ------------------------------------------------------------
    def substitute(self, values: Mapping[int, Fraction | Poly]) -> Poly:
        """Replace variables by numbers or polynomials."""
        result = Poly()
        for m, c in self.terms.items():
            term = Poly({(): c})
            rest: list[tuple[int, int]] = []
            for v, e in m:
                if v in values:
                    x = values[v]
                    if isinstance(x, Poly):
                        for _ in range(e):
                            term = term * x
                    else:
                        term = term * (x**e)
                else:
                    rest.append((v, e))
            if rest:
                term = term * Poly({tuple(rest): ONE})
            result = result + term
        return result

    def evaluate(self, values: Mapping[int, Fraction]) -> Fraction:
        total = ZERO
        for m, c in self.terms.items():
            t = c
            for v, e in m:
                t *= values[v] ** e
            total += t
        return total

    def linear_in(self, var: int) -> tuple[Poly, Poly] | None:
        """``(a, b)`` with ``self == a*var + b`` when ``var`` appears at most linearly."""
        if self.degree(var) > 1:
            return None
        a: dict[Monomial, Fraction] = {}
        b: dict[Monomial, Fraction] = {}
        for m, c in self.terms.items():
            if any(v == var for v, _ in m):
                a[tuple((v, e) for v, e in m if v != var)] = c
            else:
                b[m] = c
        return Poly(a), Poly(b)
