"""Label text for figures: names, exact values and payoff vectors, for every output.

A figure's labels are written once, as a :class:`Label` made of :class:`Run` objects
(a piece of text with its typesetting: math or text, italic, subscript or
superscript), and turned into each output's own markup: plain text, Graphviz's
HTML-like labels (``x<SUB>1</SUB>``) and TeX (``$x_{1}$``).  Widths are estimated from
character widths so that the layout can keep labels apart before any renderer runs.

Names are read by these rules, unless the caller's ``symbols`` mapping gives TeX for
the name (``{"bU": r"\\beta_U", "notA": r"\\neg A"}``):

* a letter followed by digits is subscripted: ``x1`` is x₁ (``$x_{1}$``);
* ``base_sub`` is subscripted: ``U_L`` is U with subscript L; ``beta_U`` is β_U (a
  Greek letter's name becomes the letter);
* a single letter is a math variable (italic); so is any identifier used as a
  parameter (``$\\mathit{bU}$``);
* anything else (``Fold``, ``after l``) is text, shown as written, with underscores
  as spaces (``no_challenge`` is "no challenge").

>>> tex(name_label("x1", math=True))
'$x_{1}$'
>>> html(name_label("beta_U", math=True))
'<I>β</I><SUB><I>U</I></SUB>'
>>> tex(value_label(Fraction(-3, 10)))
'$-3/10$'
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from ..core.values import Op, Param, Value

__all__ = [
    "GREEK",
    "Label",
    "Run",
    "from_tex",
    "html",
    "label_height",
    "label_width",
    "name_label",
    "payoff_label",
    "plain",
    "set_name_label",
    "simplified",
    "tex",
    "text_label",
    "value_label",
]

Script = Literal["", "sub", "sup"]


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of a label: ``text`` as shown, and how it is set.

    ``math`` runs go into TeX math mode; ``italic`` is the slant shown in HTML (math
    variables); ``tex`` is the TeX code when it is not the text itself (``\\beta``).
    """

    text: str
    math: bool = False
    italic: bool = False
    script: Script = ""
    tex: str | None = None


@dataclass(frozen=True, slots=True)
class Label:
    """One or more lines of runs."""

    lines: tuple[tuple[Run, ...], ...]

    def __bool__(self) -> bool:
        return any(run.text for line in self.lines for run in line)

    def __add__(self, other: Label) -> Label:
        """The two labels on one line (the last line of ``self`` joined to the first of ``other``)."""
        if not self.lines:
            return other
        if not other.lines:
            return self
        return Label(self.lines[:-1] + (self.lines[-1] + other.lines[0],) + other.lines[1:])

    def stacked(self, other: Label) -> Label:
        """``other``'s lines below ``self``'s."""
        return Label(self.lines + other.lines)


EMPTY = Label(())

#: Greek letters by name (the names TeX uses), as shown in Unicode.
GREEK: dict[str, str] = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ",
    "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ",
    "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
    "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip

#: Other TeX commands the symbol mapping may use, as shown in Unicode.
_COMMANDS: dict[str, str] = {
    "neg": "¬", "lnot": "¬", "cdot": "·", "times": "×", "pm": "±", "infty": "∞", "prime": "′",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ast": "∗", "star": "⋆",
}  # fmt: skip

_MATH_SYMBOLS = {"-": "−", "*": "∗"}


def text_label(text: str) -> Label:
    """Plain text, shown as written (one line per line of ``text``)."""
    if not text:
        return EMPTY
    return Label(tuple((Run(line),) for line in text.split("\n")))


def _math(text: str, italic: bool = False, script: Script = "", tex_code: str | None = None) -> Run:
    return Run(text, math=True, italic=italic, script=script, tex=tex_code)


def _identifier_runs(name: str, script: Script = "") -> list[Run]:
    """An identifier as math: a Greek name becomes its letter, one letter is italic,
    several letters are one italic word (``\\mathit``), digits are upright."""
    if name in GREEK:
        return [_math(GREEK[name], italic=name[0].islower(), script=script, tex_code=f"\\{name}")]
    if name.isdigit():
        return [_math(name, script=script)]
    if len(name) == 1:
        return [_math(name, italic=True, script=script)]
    return [_math(name, italic=True, script=script, tex_code=f"\\mathit{{{name}}}")]


_INDEXED = re.compile(r"(?P<base>[A-Za-z]+?)_?(?P<sub>\d+)\Z")
_UNDERSCORED = re.compile(r"(?P<base>[A-Za-z]+)_(?P<sub>[A-Za-z0-9]+)\Z")
_WORD = re.compile(r"[A-Za-z]+\Z")


def name_label(name: str, math: bool = False, symbols: Mapping[str, str] | None = None) -> Label:
    """A name (player, action, parameter) by the rules of the module docstring.

    ``math`` says that a word of several letters is a variable (a parameter's name)
    rather than text (an action called ``Fold``).
    """
    if symbols and name in symbols:
        return from_tex(symbols[name])
    if not name:
        return EMPTY
    m = _INDEXED.match(name)
    if m and (len(m.group("base")) == 1 or m.group("base") in GREEK or math):
        return Label((tuple(_identifier_runs(m.group("base")) + _identifier_runs(m.group("sub"), "sub")),))
    m = _UNDERSCORED.match(name)
    if m and (len(m.group("base")) == 1 or m.group("base") in GREEK or math):
        return Label((tuple(_identifier_runs(m.group("base")) + _identifier_runs(m.group("sub"), "sub")),))
    if _WORD.match(name) and (len(name) == 1 or name in GREEK or math):
        return Label((tuple(_identifier_runs(name)),))
    return text_label(name.replace("_", " ") if not math else name)


def set_name_label(text: str, actions: Collection[str], symbols: Mapping[str, str] | None = None) -> Label:
    """An information set's name (``after l``, ``after notA``): the words that are action
    names are set as actions are (``l`` italic, ``notA`` as the model's ``\\neg A``), the
    rest as text with underscores as spaces."""
    out = EMPTY
    for k, word in enumerate(text.split(" ")):
        if k:
            out = out + text_label(" ")
        if word in actions and (len(word) == 1 or (symbols is not None and word in symbols)):
            out = out + name_label(word, symbols=symbols)
        else:
            out = out + text_label(word.replace("_", " "))
    return out


# ---------------------------------------------------------------------- TeX snippets
_TEX_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z]|\d+|\s+|.", re.S)


def from_tex(code: str) -> Label:
    """Runs from a small TeX math snippet (``\\beta_U``, ``\\neg A``, ``x_{12}``, ``\\mu``).

    Letters are italic variables, ``_`` and ``^`` take one token or a braced group,
    ``\\mathit{..}``, ``\\mathrm{..}`` and ``\\text{..}`` change the shape, Greek
    letters and a few symbols are known by name; any other command is kept for TeX and
    shown by its name elsewhere.
    """
    tokens = [t for t in _TEX_TOKEN.findall(code) if t]
    runs, _ = _parse_tex(tokens, 0, "", False)
    return Label((tuple(runs),)) if runs else EMPTY


def _group(tokens: list[str], i: int) -> tuple[list[str], int]:
    """The tokens of a braced group starting at ``i`` (or the single token there)."""
    while i < len(tokens) and tokens[i].isspace():
        i += 1
    if i >= len(tokens):
        return [], i
    if tokens[i] != "{":
        return [tokens[i]], i + 1
    depth, j = 1, i + 1
    while j < len(tokens):
        if tokens[j] == "{":
            depth += 1
        elif tokens[j] == "}":
            depth -= 1
            if depth == 0:
                return tokens[i + 1 : j], j + 1
        j += 1
    return tokens[i + 1 :], j


def _parse_tex(tokens: list[str], i: int, script: Script, upright: bool) -> tuple[list[Run], int]:
    runs: list[Run] = []
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        if tok.isspace() or tok in "{}":
            continue
        if tok in ("_", "^"):
            inner, i = _group(tokens, i)
            sub, _ = _parse_tex(inner, 0, "sub" if tok == "_" else "sup", upright)
            runs.extend(sub)
        elif tok in ("\\mathit", "\\mathrm", "\\text", "\\textrm", "\\mathsf", "\\textit"):
            inner, i = _group(tokens, i)
            word = "".join(inner)
            if tok in ("\\mathit", "\\textit"):
                runs.append(_math(word, italic=True, script=script, tex_code=f"\\mathit{{{word}}}"))
            else:
                runs.append(_math(word, script=script, tex_code=f"\\mathrm{{{word}}}"))
        elif tok.startswith("\\") and len(tok) > 2:
            name = tok[1:]
            if name in GREEK:
                runs.append(_math(GREEK[name], italic=name[0].islower() and not upright, script=script, tex_code=tok))
            else:
                runs.append(_math(_COMMANDS.get(name, name), script=script, tex_code=tok + " "))
        elif tok.startswith("\\"):
            runs.append(_math(tok[1:], script=script, tex_code=tok))
        elif tok.isalpha():
            runs.append(_math(tok, italic=not upright, script=script))
        else:
            runs.append(_math(_MATH_SYMBOLS.get(tok, tok), script=script, tex_code=tok))
    return runs, i


# ---------------------------------------------------------------------- values
def value_label(value: Value, symbols: Mapping[str, str] | None = None) -> Label:
    """An exact value as math: ``3/10``, ``−2``, ``1 − p``, ``(y4 − bJ)/(y4 − y2)``,
    simplified first (``0 − c − a`` is written ``−c − a``)."""
    return Label((tuple(_value_runs(simplified(value), 0, symbols)),))


def _fold(op: str, a: Value, b: Value) -> Value | None:
    """``a op b`` without a zero or a one that changes nothing, or ``None`` when it stays."""
    if op == "+":
        if a == 0:
            return b
        if b == 0:
            return a
        if isinstance(b, Fraction) and b < 0:
            return Op("-", (a, -b))
        if isinstance(b, Op) and b.op == "neg":
            return Op("-", (a, b.args[0]))
    elif op == "-":
        if b == 0:
            return a
        if a == 0:
            return simplified(Op("neg", (b,)))
        if isinstance(b, Fraction) and b < 0:
            return Op("+", (a, -b))
        if isinstance(b, Op) and b.op == "neg":
            return Op("+", (a, b.args[0]))
    elif op == "*":
        for x, y in ((a, b), (b, a)):
            if x == 0:
                return Fraction(0)
            if x == 1:
                return y
            if x == -1:
                return simplified(Op("neg", (y,)))
    elif op == "/" and b == 1:
        return a
    return None


def simplified(value: Value) -> Value:
    """``value`` with its numbers folded and its zeros and ones dropped: ``0 − c − a`` is
    ``−c − a``, ``1 · x`` is ``x``, ``−(−x)`` is ``x`` (the value is unchanged)."""
    if not isinstance(value, Op):
        return value
    args = tuple(simplified(x) for x in value.args)
    if value.op == "neg":
        (x,) = args
        if isinstance(x, Fraction):
            return -x
        if isinstance(x, Op) and x.op == "neg":
            return x.args[0]
        return Op("neg", (x,))
    a, b = args
    if isinstance(a, Fraction) and isinstance(b, Fraction) and not (value.op == "/" and b == 0):
        return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else a}[value.op]
    folded = _fold(value.op, a, b)
    return Op(value.op, (a, b)) if folded is None else folded


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3}


def _number_runs(x: Fraction, parenthesise: bool) -> list[Run]:
    text = str(x)
    runs: list[Run] = []
    if text.startswith("-"):
        runs.append(_math("−", tex_code="-"))
        text = text[1:]
    runs.append(_math(text))
    if parenthesise and (x < 0 or x.denominator != 1):
        return [_math("(")] + runs + [_math(")")]
    return runs


def _value_runs(value: Value, parent: int, symbols: Mapping[str, str] | None) -> list[Run]:
    if isinstance(value, Fraction):
        return _number_runs(value, parent >= 2)
    if isinstance(value, Param):
        return [r for line in name_label(value.name, math=True, symbols=symbols).lines for r in line]
    assert isinstance(value, Op)
    prec = _PRECEDENCE[value.op]
    if value.op == "neg":
        runs = [_math("−", tex_code="-")] + _value_runs(value.args[0], 3, symbols)
    else:
        left = _value_runs(value.args[0], prec, symbols)
        right = _value_runs(value.args[1], prec + 1 if value.op in "-/" else prec, symbols)
        if value.op == "/":
            middle = [_math("/")]
        elif value.op == "*":
            middle = [_math(" · ", tex_code="\\cdot ")]
        else:
            middle = [_math(" + " if value.op == "+" else " − ", tex_code=value.op)]
        runs = left + middle + right
    if prec < parent:
        return [_math("(")] + runs + [_math(")")]
    return runs


def payoff_label(values: Sequence[Value], symbols: Mapping[str, str] | None = None, stacked: bool = False) -> Label:
    """A payoff vector: ``(2, 1)`` on one line, or one value per line when ``stacked``."""
    parts = [tuple(_value_runs(simplified(x), 1, symbols)) for x in values]
    if stacked:
        return Label(tuple(parts))
    runs: list[Run] = [_math("(")]
    for k, part in enumerate(parts):
        if k:
            runs.append(_math(", ", tex_code=",\\,"))
        runs.extend(part)
    runs.append(_math(")"))
    return Label((tuple(runs),))


# ---------------------------------------------------------------------- output
def plain(label: Label) -> str:
    """The label as plain text: subscripts after ``_``, lines joined by newlines."""
    out = []
    for line in label.lines:
        parts = []
        for run in line:
            mark = "_" if run.script == "sub" else "^" if run.script == "sup" else ""
            parts.append(mark + run.text)
        out.append("".join(parts))
    return "\n".join(out)


_HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def _html_escape(text: str) -> str:
    return "".join(_HTML_ESCAPES.get(c, c) for c in text)


def html(label: Label, size: float | None = None) -> str:
    """Graphviz's HTML-like markup: ``<I>x</I><SUB>1</SUB>``, lines joined by ``<BR/>``.

    With the font ``size``, subscripts and superscripts are set smaller.
    """
    lines = []
    for line in label.lines:
        parts = []
        for run in line:
            text = _html_escape(run.text)
            if run.italic:
                text = f"<I>{text}</I>"
            if run.script and size is not None:
                text = f'<FONT POINT-SIZE="{script_size(size):.1f}">{text}</FONT>'
            if run.script == "sub":
                text = f"<SUB>{text}</SUB>"
            elif run.script == "sup":
                text = f"<SUP>{text}</SUP>"
            parts.append(text)
        lines.append("".join(parts))
    return "<BR/>".join(lines)


_TEX_TEXT_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
}  # fmt: skip


def _tex_text(text: str) -> str:
    return "".join(_TEX_TEXT_ESCAPES.get(c, c) for c in text)


def _tex_math(run: Run) -> str:
    if run.tex is not None:
        return run.tex
    return "".join(_TEX_TEXT_ESCAPES.get(c, c) if c in "{}$&#%~\\" else c for c in run.text)


def _tex_line(line: Iterable[Run]) -> str:
    out: list[str] = []
    math: list[str] = []
    script: list[str] = []
    script_kind: Script = ""

    def close_script() -> None:
        nonlocal script_kind
        if script:
            math.append(("_" if script_kind == "sub" else "^") + "{" + "".join(script) + "}")
            script.clear()
        script_kind = ""

    def close_math() -> None:
        close_script()
        if math:
            out.append("$" + "".join(math).rstrip() + "$")
            math.clear()

    for run in line:
        if not run.math:
            close_math()
            out.append(_tex_text(run.text))
            continue
        if run.script:
            if script_kind and run.script != script_kind:
                close_script()
            script_kind = run.script
            script.append(_tex_math(run))
            continue
        close_script()
        math.append(_tex_math(run))
    close_math()
    return "".join(out)


def tex(label: Label) -> str:
    """TeX: math runs in ``$...$``, text escaped, lines joined by ``\\\\``."""
    return r"\\".join(_tex_line(line) for line in label.lines)


# ---------------------------------------------------------------------- sizes
# Advance widths of Helvetica's characters in thousandths of an em (from its AFM
# metrics); Times and Computer Modern are narrower, so these bound them too.
_WIDTHS: dict[str, int] = {
    " ": 278, "!": 278, '"': 355, "#": 556, "$": 556, "%": 889, "&": 667, "'": 191, "(": 333, ")": 333,
    "*": 389, "+": 584, ",": 278, "-": 333, ".": 278, "/": 278, ":": 278, ";": 278, "<": 584, "=": 584,
    ">": 584, "?": 556, "@": 1015, "[": 278, "\\": 278, "]": 278, "^": 469, "_": 556, "`": 333, "{": 334,
    "|": 260, "}": 334, "~": 584,
    "A": 667, "B": 667, "C": 722, "D": 722, "E": 667, "F": 611, "G": 778, "H": 722, "I": 278, "J": 500,
    "K": 667, "L": 556, "M": 833, "N": 722, "O": 778, "P": 667, "Q": 778, "R": 722, "S": 667, "T": 611,
    "U": 722, "V": 667, "W": 944, "X": 667, "Y": 667, "Z": 611,
    "a": 556, "b": 556, "c": 500, "d": 556, "e": 556, "f": 278, "g": 556, "h": 556, "i": 222, "j": 222,
    "k": 500, "l": 222, "m": 833, "n": 556, "o": 556, "p": 556, "q": 556, "r": 333, "s": 500, "t": 278,
    "u": 556, "v": 500, "w": 722, "x": 500, "y": 500, "z": 500,
    "−": 584, "·": 278, "¬": 584, "×": 584, "±": 584, "≤": 584, "≥": 584,
}  # fmt: skip
_DIGIT = 556
_OTHER = 650
_SCRIPT_SCALE = 0.72
#: The smallest size of a subscript or superscript, in points (journals ask for 8).
MIN_SCRIPT = 8.0


def script_size(size: float) -> float:
    """The size of a subscript beside text of ``size`` points: 85%, never under 8 points."""
    return max(size * 0.85, MIN_SCRIPT)


_SAFETY = 1.06


def _run_width(run: Run, size: float) -> float:
    units = 0
    for c in run.text:
        units += _DIGIT if c.isdigit() else _WIDTHS.get(c, _OTHER)
    scale = max(_SCRIPT_SCALE, MIN_SCRIPT / size) if run.script else 1.0
    return units / 1000 * size * scale


def label_width(label: Label, size: float) -> float:
    """Estimated width in points of the widest line at font ``size`` (points), with room for
    an italic letter's overhang."""
    widest = max((sum(_run_width(r, size) for r in line) for line in label.lines), default=0.0)
    return widest * _SAFETY + 0.2 * size if widest else 0.0


def label_height(label: Label, size: float) -> float:
    """Estimated height in points: 1.2 × size per line, more when a line has scripts."""
    total = 0.0
    for line in label.lines:
        scripted = any(r.script for r in line)
        total += size * (1.45 if scripted else 1.2)
    return total
