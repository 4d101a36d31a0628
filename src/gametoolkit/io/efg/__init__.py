"""Read and write Gambit's extensive-form ``.efg`` text format.

Reading
-------
:func:`parse_efg` (text) and :func:`read_efg` (a file, UTF-8) return a validated
:class:`~gametoolkit.core.game.Game`.  The reader is lenient where the format is and exact
everywhere else:

* the header is ``EFG 2 R "title" { "P1" "P2" ... }`` (``D`` instead of ``R`` is read
  the same way: every number is read exactly anyway), then an optional comment string;
* node lines ``c`` (chance), ``p`` (player) and ``t`` (terminal) follow in prefix
  order, laid out freely (line breaks and spaces are only separators).  Node labels,
  information-set labels and outcome labels may be left out; a repeated
  information-set number may leave out its label and actions (and probabilities), a
  repeated outcome number its label and payoffs; whatever is repeated must agree;
  outcomes may sit at inner nodes;
* numbers are integers, rationals (``1/3``) or decimals (``0.25``, ``-1.5e2``), all
  read exactly by :func:`~gametoolkit.core.values.parse_number`; payoffs are separated by
  whitespace and/or single commas;
* in strings ``\\"`` stands for ``"`` and ``\\\\`` for one backslash; a backslash before any
  other character is kept as it is (``\\wedge`` stays ``\\wedge``, as Gambit reads it);
* a player's information set that has no label at its first node is labelled ``#k``,
  ``k`` being its number in the file (chance sets keep an empty label);
* an action label repeated within one set (Gambit allows it; this toolkit names
  actions by their labels) is numbered like a duplicate below: ``1/2``, ``1/2 (2)``.

Every malformed file raises :class:`~gametoolkit.errors.ParseError` with the file, line
and column; every broken rule of the game (probabilities that do not sum to one,
nodes of one set that disagree on their actions, payoff vectors of the wrong length,
an information set met twice on one play, ...) raises
:class:`~gametoolkit.errors.ValidationError` listing all of them, each prefixed with
``file:line`` of its node.

Speed: each node is taken by one match of one regular expression; from the first node
that expression does not take (an unusual layout, or a mistake) on, the rest of the text
is split into tokens and read token by token, which accepts every layout and points at
the token at fault.  Lines and columns are worked out only when an error is reported;
the nodes go to a :class:`~gametoolkit.core.builder.TreeBuilder` in one pass, and
nothing recurses, so a chain 100,000 levels deep reads like any other file.

Writing
-------
:func:`generate_efg` yields the lines of a file, :func:`format_efg` returns the whole
text and :func:`write_efg` writes it.  Nodes come in prefix order; each player's
information sets are numbered 1, 2, ... in order of appearance (chance's likewise);
outcome ``k`` of ``Game.outcomes`` is number ``k + 1``.  The label and the actions (and
chance probabilities) of a set, and the label and payoffs of an outcome, are written
at every node that carries them (pygambit wants the payoffs each time).  Numbers are
exact fractions (``3/10``, ``-2``); the comment line is written only when there is a
comment.  A game with unbound parameters is refused.

``parse_efg(format_efg(g, gambit_labels=False)) == g`` for every game whose player
information sets have non-empty labels and whose outcomes are all used, listed in
order of first use: every game the DSL and this reader make.

Labels for Gambit (``gambit_labels=True``, the default)
-------------------------------------------------------
pygambit 16.7 is stricter than the format.  Found by experiment, it *refuses* a file
unless

1. every player name and every node, information-set, action and outcome label is
   empty or printable ASCII without leading, trailing or doubled spaces;
2. non-empty node labels are distinct in the game;
3. non-empty information-set labels are distinct for each player (chance included);
4. no player is called ``Chance``;
5. no backslash comes before another backslash or a quote, or ends a string
   (pygambit reads ``\\\\`` as three backslashes and does not end a string at ``\\\\"``).

It cannot return a title or comment that is not ASCII (it reads them, then fails on
access).  It reads but renames, on its own side, empty or repeated outcome labels
(``_1``; ``win_1``, ``win_2``), empty or repeated action labels of a set and empty or
repeated player names; those are written as they are.  With ``gambit_labels=True``
labels are changed, deterministically, only where a demand above bites:

a. *Characters.*  Unicode is decomposed (NFKD) and combining marks are dropped (``é``
   becomes ``e``); ``¬ ∧ ∨ ≤ ≥ ≠ − – — ‘ ’ “ ”`` become ``~ & | <= >= != - - - ' ' " "``;
   other whitespace becomes a space and any other character outside printable ASCII
   becomes ``_``; runs of spaces shrink to one; leading and trailing spaces go.  Then a
   backslash before a backslash or a quote, or at the end, becomes ``/``.  This holds
   for every label and player name; the title and the comment get only the Unicode
   and backslash steps (their line breaks stay).
b. *Duplicates.*  Within each namespace (the node labels; the set labels of each
   player and of chance; the action labels of each set; the player names, with
   ``Chance`` taken by chance) members are taken in order (prefix order of nodes, the
   order in which sets are numbered, action and player order).  The first member with
   a given non-empty label keeps it; each later one gets the smallest suffix `` (k)``,
   ``k >= 2``, that no member of the namespace has.  Repeated action labels and
   player names break no pygambit rule but this toolkit's own; they can only arise
   from step (a).  Outcome labels are not in a namespace.
c. *A player's information set without a label* is labelled ``#k``, ``k`` its number
   in the file written: the label this reader would give it anyway, so that writing
   what was read changes nothing.

A label invented in (b) or (c) never displaces one that was there before.  A game
whose labels already meet the demands (every game of the DSL, for one) is written
exactly as without ``gambit_labels``, so its round trip is exact; and a second pass
changes nothing.

Modules
-------
:mod:`~gametoolkit.io.efg.tokens` (the tokenizer), :mod:`~gametoolkit.io.efg.read` (the
header, and the nodes by one match each, fed to a
:class:`~gametoolkit.core.builder.TreeBuilder`), :mod:`~gametoolkit.io.efg.token_reader`
(the nodes token by token) and :mod:`~gametoolkit.io.efg.write`.

Large files: :mod:`~gametoolkit.io.efg.arrays` scans a whole file into numpy arrays
(no object per node) and writes them back byte for byte as the writer above writes the
game read from it; it declines (returns ``None``) whatever it cannot answer for exactly
that way, and the reader above takes over.  ``gametoolkit convert`` and ``gametoolkit
solve --concept spe --json`` use it for large files by themselves.
"""

from .read import parse_efg, read_efg
from .write import format_efg, generate_efg, write_efg

__all__ = ["format_efg", "generate_efg", "parse_efg", "read_efg", "write_efg"]
