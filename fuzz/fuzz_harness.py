"""Fuzz targets and input mutation for gametoolkit's readers.

A *target* takes one input (text or bytes) and runs one reader on it, then, when the
reader accepts the input, what a user would do next (write the game back, print it,
round-trip it through JSON).  The only exceptions allowed are
:class:`~gametoolkit.errors.GameToolkitError` and its subclasses; anything else, and
any input taking longer than :data:`HANG_SECONDS`, is a crash.

Inputs are corpus files changed by a list of :class:`Mutation` steps.  The same steps
are drawn by the random engine of ``fuzz/run.py`` (long runs) and by hypothesis
strategies in ``tests/test_fuzz.py`` (a short run in the tests, which shrinks what it
finds).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from gametoolkit.errors import GameToolkitError

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIRS = [ROOT.parent / "shared" / "corpus" / "gambit", ROOT / "tests" / "data" / "efg", ROOT / "tests" / "data" / "bad"]

#: An input that takes longer than this is a hang.
HANG_SECONDS = 5.0

#: Tokens the mutator inserts: the format's own, numbers at the edges, and hostile text.
TOKENS = [
    "{", "}", '"', ",", "\\", '\\"', "\n", " ", "\t", "\r\n", "p", "c", "t", "0", "1", "2", "-1", "1/0", "0/1", "1/2",
    "1e4000", "1e-4000", "1e4001", ".5", "5.", "-0", "+1", "1/", "/2", "e", "E5", "99999999999", "4294967296",
    "9" * 4001, "1" + "0" * 3998, "nan", "inf", "\x00", "\ufeff", "\ud7ff", "\u0661", "\uff11", "é", "∧", "💥",
    'EFG 2 R "', '{ "a" "b" }', '{ "x" 1/2 "y" 1/2 }', '{ 1, 2 }', 'p "" 1 1 "" { "a" "b" } 0\n', 't "" 1 "o" { 1, 2 }\n',
    "__import__('os').system('touch /tmp/gametoolkit-pwned')", "null", "true", "[", "]", ":", '"nodes"', '"infosets"',
    '"outcomes"', '"players"', '{"kind": "terminal", "label": "", "infoset": null, "outcome": 0}', "\\ud800",
]

OPS = ("flip", "delete", "insert", "duplicate", "truncate", "replace_number", "swap", "splice")


@dataclass(frozen=True)
class Mutation:
    """One change: ``op`` at relative position ``at`` (0..1), ``size`` characters,
    ``token`` (an index into :data:`TOKENS`, or a character code for ``flip``)."""

    op: str
    at: float
    size: int
    token: int


def corpus_texts(max_chars: int = 60_000) -> list[str]:
    """The text of every readable corpus file (``.efg`` and ``.json``), small ones only."""
    texts = []
    for folder in CORPUS_DIRS:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".efg", ".json") or not path.is_file() or path.stat().st_size > max_chars:
                continue
            try:
                texts.append(path.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                continue
    return texts


def json_corpus(efg_texts: list[str], limit: int = 60) -> list[str]:
    """Games of the ``.efg`` corpus written as JSON (the JSON reader's seeds)."""
    from gametoolkit.io.efg import parse_efg
    from gametoolkit.io.gamejson import dumps

    out = []
    for text in efg_texts:
        try:
            out.append(dumps(parse_efg(text)))
        except GameToolkitError:
            continue
        if len(out) >= limit:
            break
    return out


def mutate(text: str, steps: list[Mutation], other: str = "") -> str:
    """``text`` with ``steps`` applied in order (``other`` is spliced in by ``splice``)."""
    for m in steps:
        n = len(text)
        i = min(n, int(m.at * (n + 1)))
        if m.op == "flip" and n:
            i = min(i, n - 1)
            text = text[:i] + chr(m.token % 0x110000 if not 0xD800 <= m.token % 0x110000 < 0xE000 else 0x41) + text[i + 1 :]
        elif m.op == "delete":
            text = text[:i] + text[i + m.size :]
        elif m.op == "insert":
            text = text[:i] + TOKENS[m.token % len(TOKENS)] + text[i:]
        elif m.op == "duplicate":
            text = text[:i] + text[i : i + m.size] * 2 + text[i + m.size :]
        elif m.op == "truncate":
            text = text[:i]
        elif m.op == "replace_number":
            j = i
            while j < n and not text[j].isdigit():
                j += 1
            k = j
            while k < n and (text[k].isdigit() or text[k] in "/.eE-+"):
                k += 1
            if j < n:
                text = text[:j] + TOKENS[m.token % len(TOKENS)] + text[k:]
        elif m.op == "swap" and n:
            j = min(n, i + m.size)
            k = min(n, int((m.token % 997) / 997 * n))
            a, b = sorted((i, k))
            if b >= j or a + m.size <= b:
                text = text[:a] + text[b : b + m.size] + text[a + m.size : b] + text[a : a + m.size] + text[b + m.size :]
        elif m.op == "splice" and other:
            j = min(len(other), int((m.token % 997) / 997 * len(other)))
            text = text[:i] + other[j : j + 4 * m.size + 1] + text[i:]
    return text


def random_mutations(rng: random.Random) -> list[Mutation]:
    count = rng.choice((1, 1, 1, 2, 2, 3, 4, 8, 16))
    return [
        Mutation(rng.choice(OPS), rng.random(), rng.choice((1, 1, 2, 3, 8, 40, 200)), rng.randrange(0x11000))
        for _ in range(count)
    ]


def random_efg(rng: random.Random) -> str:
    """A random ``.efg`` text, mostly well formed: small player, set and outcome numbers
    (so that sets and outcomes are shared, and disagree), odd numbers, chance anywhere."""
    players = rng.randint(1, 3)
    numbers = ["0", "1", "-1", "1/2", "1/3", "2/3", "0.5", "3", "1e3", "-7/9", "1/0", "abc", "1e-4000"]
    names = " ".join(f'"P{k}"' for k in range(players))
    lines = [f'EFG 2 R "g" {{ {names} }}', '""']
    budget = rng.randint(1, 40)
    open_children = 1
    while open_children and budget:
        budget -= 1
        open_children -= 1
        payoffs = ", ".join(rng.choice(numbers) for _ in range(rng.choice((players, players, players + 1))))
        outcome = rng.choice(("0", "0", f'{rng.randint(1, 4)} "o" {{ {payoffs} }}', str(rng.randint(1, 4))))
        ones = ", ".join("1" for _ in range(players))
        kind = rng.choice("ppct")
        n = rng.choice((1, 2, 2, 3))
        if kind == "t":
            lines.append(f't "" {outcome}' if outcome != "0" else f't "" 1 "o" {{ {ones} }}')
            continue
        actions = " ".join(f'"{chr(97 + k)}"' for k in range(n))
        if kind == "c":
            half = rng.choice(("1/2", "1/3", "1", "0.5"))
            pairs = " ".join(f'"{chr(97 + k)}" {rng.choice((half, half, rng.choice(numbers)))}' for k in range(n))
            lines.append(f'c "" {rng.randint(1, 3)} "" {{ {pairs} }} {outcome}')
        else:
            listed = f"{{ {actions} }} " if rng.random() < 0.8 else ""
            lines.append(f'p "" {rng.randint(1, players + (rng.random() < 0.05))} {rng.randint(1, 4)} "" {listed}{outcome}')
        open_children += n
    while open_children:
        open_children -= 1
        lines.append(f't "" 1 "o" {{ {", ".join(["1"] * players)} }}')
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- targets


def _after_reading(game: object) -> None:
    """What a user does with a game just read: print it, write it, read it back."""
    from gametoolkit.core.game import Game
    from gametoolkit.io.efg import format_efg, parse_efg
    from gametoolkit.io.gamejson import dumps, loads
    from gametoolkit.render.text import format_summary, format_tree

    assert isinstance(game, Game)
    format_summary(game)
    format_tree(game, max_nodes=200)
    game.summary()
    game.perfect_recall_problems()
    again = loads(dumps(game), "<round trip>")
    if again != game:
        raise AssertionError("the JSON round trip changed the game")
    parse_efg(format_efg(game), "<written>")
    parse_efg(format_efg(game, gambit_labels=False), "<written>")


def target_efg(text: str) -> None:
    from gametoolkit.io.efg import parse_efg

    game = parse_efg(text, "<fuzz>", fast=True)
    # the token reader must agree with the fast one
    if parse_efg(text, "<fuzz>", fast=False) != game:
        raise AssertionError("the fast and the token reader disagree")
    _after_reading(game)


def target_json(text: str) -> None:
    from gametoolkit.io.gamejson import loads

    _after_reading(loads(text, "<fuzz>"))


def target_bytes(data: bytes) -> None:
    """A file's bytes through the file reader (UTF-8 decoding and the suffix)."""
    from gametoolkit.io.files import read_game

    for suffix in (".efg", ".json"):
        fd, name = tempfile.mkstemp(suffix=suffix)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            with contextlib.suppress(GameToolkitError):
                _after_reading(read_game(name))
        finally:
            os.unlink(name)


def target_number(text: str) -> None:
    from gametoolkit.core.values import exact, format_value, parse_number

    value = parse_number(text)
    if exact(format_value(value)) != value:
        raise AssertionError("format_value does not read back")


def target_setting(text: str) -> None:
    from gametoolkit.catalog import parse_setting, parse_settings

    parse_setting(text)
    parse_settings([text, "zz_other=1"])


def _expression_parser() -> Callable[..., object] | None:
    """``gametoolkit.symbolic.parse_expression`` (the symbolic extra), or None."""
    import importlib

    for name in ("gametoolkit.symbolic", "gametoolkit.symbolic.expr"):
        try:
            parse = getattr(importlib.import_module(name), "parse_expression", None)
        except ImportError:
            continue
        if callable(parse):
            return parse  # type: ignore[no-any-return]
    return None


def target_expression(text: str) -> None:
    parse = _expression_parser()
    if parse is None:
        return
    parse(text, ["p", "x1", "x2", "y4", "bJ"])


TEXT_TARGETS: dict[str, Callable[[str], None]] = {
    "efg": target_efg,
    "json": target_json,
    "number": target_number,
    "setting": target_setting,
    "expression": target_expression,
}

# ---------------------------------------------------------------------- running one input


class Hang(Exception):
    """An input ran longer than :data:`HANG_SECONDS`."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass(frozen=True)
class Crash:
    target: str
    kind: str
    message: str
    where: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.target, self.kind, self.where)


def run_one(target: str, data: str | bytes, hang_seconds: float = HANG_SECONDS) -> Crash | None:
    """Run one input; ``None`` when it is accepted or refused with a documented error."""
    import traceback

    func: Callable[..., None] = target_bytes if target == "bytes" else TEXT_TARGETS[target]
    try:
        with time_limit(hang_seconds):
            func(data)
    except GameToolkitError:
        return None
    except Exception as err:
        frames = traceback.extract_tb(err.__traceback__)
        inner = [f for f in frames if "gametoolkit" in f.filename] or frames
        where = f"{Path(inner[-1].filename).name}:{inner[-1].lineno}" if inner else "?"
        return Crash(target, type(err).__name__, str(err)[:300], where)
    return None
