"""The ``.efg`` tokenizer: tokens, strings, one-match node pattern, and error positions.

Used by :mod:`gametoolkit.io.efg.read` (the fast reader takes a whole node per match of
:data:`FAST_NODE`) and :mod:`gametoolkit.io.efg.token_reader` (token by token).  Lines
and columns are worked out only when an error is reported (:class:`Where`).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ...errors import ParseError

__all__ = [
    "CHANCE_PAIRS",
    "END",
    "FAST_NODE",
    "MAX_INT_DIGITS",
    "STRING",
    "STRING_BODIES",
    "TOKEN",
    "Tokens",
    "Where",
    "show",
    "unescape",
    "unquote",
]

#: One token: a quoted string (escapes inside), a brace, a comma, a bare word, or an
#: unterminated string (which swallows the rest of the text and is always last).
TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{},]|[^\s{}",]+|"[\s\S]*', re.DOTALL)
STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_ESCAPE = re.compile(r'\\([\\"])')
STRING_BODIES = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"', re.DOTALL)
CHANCE_PAIRS = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"\s*([^\s{},"]+)', re.DOTALL)

#: Stands for the end of the text in the token list; the tokenizer never yields it.
END = "\n"

#: Integers (player, set and outcome numbers) longer than this are refused.
MAX_INT_DIGITS = 9


def _fast_node_pattern() -> re.Pattern[str]:
    """One whole node, as most files write it, in one match.

    It accepts exactly what the token reader accepts, or less: whatever it does not
    match (or matches with a value that fails) is read again by the token reader,
    which also gives the precise error.  Quantifiers are possessive, so a failing
    match never backtracks.
    """
    string = r'"([^"\\]*+(?:\\.[^"\\]*+)*+)"'
    end = r'(?![^\s{}",])'  # a bare word ends here
    integer = rf"([0-9]{{1,{MAX_INT_DIGITS}}}){end}"
    label = rf"(?:{string}\s*+)?+"
    actions = r'\{((?:\s*+"[^"\\]*+(?:\\.[^"\\]*+)*+")++)\s*+\}\s*+'
    pairs = r'\{((?:\s*+"[^"\\]*+(?:\\.[^"\\]*+)*+"\s*+[^\s{},"]++)++)\s*+\}\s*+'
    payoffs = r'\{((?:\s*+[^\s{},"]++\s*+,?+)*+)\s*+\}'
    return re.compile(
        rf"(?:(t){end}\s*+{label}"  # 1 kind, 2 label
        rf"|(p){end}\s*+{label}{integer}\s*+{integer}\s*+{label}(?:{actions})?+"  # 3 4 5 player 6 set 7 name 8 actions
        rf"|(c){end}\s*+{label}{integer}\s*+{label}(?:{pairs})?+)"  # 9 10 11 set 12 name 13 pairs
        rf"{integer}\s*+(?:{string}\s*+)?+(?:{payoffs}\s*+)?+",  # 14 outcome 15 label 16 payoffs
        re.DOTALL,
    )


FAST_NODE = _fast_node_pattern()


class Where:
    """Lines and columns of offsets in the text, worked out only when needed."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self._newlines: list[int] | None = None

    def line_col(self, offset: int) -> tuple[int, int]:
        """The line and column (both from 1) of an offset in the text."""
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        line = bisect_right(self._newlines, offset - 1)
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1

    def error(self, offset: int, message: str) -> ParseError:
        """A :class:`~gametoolkit.errors.ParseError` at an offset in the text."""
        line, column = self.line_col(offset)
        return ParseError(message, self.source, line, column)


class Tokens:
    """The tokens of the text from an offset on, and their offsets when asked."""

    def __init__(self, text: str, base: int) -> None:
        self.text = text
        self.base = base
        self.toks: list[str] = TOKEN.findall(text, base)
        self.n = len(self.toks)
        self._starts: list[int] | None = None

    def offset(self, k: int) -> int:
        """The offset of token ``k`` (past the last token: just after the text's last token)."""
        if k >= self.n:
            return len(self.text.rstrip())  # the end of the file: just after its last token
        if self._starts is None:
            self._starts = [m.start() for m in TOKEN.finditer(self.text, self.base)]
        return self._starts[k]


def show(tok: str) -> str:
    """A token as an error message quotes it (shortened; the end of the text by name)."""
    if tok == END:
        return "the end of the file"
    if len(tok) > 40:
        tok = tok[:37] + "..."
    return repr(tok)


def unquote(tok: str) -> str:
    """The text of a quoted-string token, escapes undone."""
    body = tok[1:-1]
    if "\\" in body:
        return _ESCAPE.sub(r"\1", body)
    return body


def unescape(body: str) -> str:
    """The text between quotes with its escapes (``\\\\`` and ``\\"``) undone."""
    return _ESCAPE.sub(r"\1", body) if "\\" in body else body

