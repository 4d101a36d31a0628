"""A short fuzz run in the tests (the long one is ``python fuzz/run.py --minutes 10``).

Hypothesis draws corpus inputs and lists of mutations (the same mutations the long
run draws at random) for each reader; only ``GameToolkitError`` may escape, and no
input may hang.  Failures shrink to a small list of mutations.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fuzz"))

import fuzz_harness as fh

EFG = [t for t in fh.corpus_texts(20_000) if t.startswith("EFG")]
JSON = fh.json_corpus(EFG, limit=20)
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

mutations = st.lists(
    st.builds(
        fh.Mutation,
        op=st.sampled_from(fh.OPS),
        at=st.floats(0, 1),
        size=st.integers(1, 200),
        token=st.integers(0, 0x10FFFF),
    ),
    min_size=1,
    max_size=6,
)


def check(target: str, data: str | bytes) -> None:
    crash = fh.run_one(target, data, hang_seconds=10)
    assert crash is None, f"{crash} on input {data[:300]!r}"


@SETTINGS
@given(base=st.sampled_from(EFG), other=st.sampled_from(EFG), steps=mutations)
def test_fuzz_efg(base: str, other: str, steps: list[fh.Mutation]) -> None:
    check("efg", fh.mutate(base, steps, other))


@SETTINGS
@given(base=st.sampled_from(JSON), other=st.sampled_from(JSON), steps=mutations)
def test_fuzz_json(base: str, other: str, steps: list[fh.Mutation]) -> None:
    check("json", fh.mutate(base, steps, other))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.binary(max_size=400) | st.sampled_from(EFG[:10]).map(lambda t: t.encode()[:2000]))
def test_fuzz_file_bytes(data: bytes) -> None:
    check("bytes", data)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=st.text(max_size=40) | st.from_regex(r"[+-]?[0-9]{0,5}[./]?[0-9]{0,5}([eE][+-]?[0-9]{1,5})?", fullmatch=True))
def test_fuzz_number_reader(text: str) -> None:
    check("number", text)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=st.text(max_size=60) | st.builds(lambda a, b: f"{a}={b}", st.text(max_size=10), st.text(max_size=30)))
def test_fuzz_settings(text: str) -> None:
    check("setting", text)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(text=st.text(alphabet="px12y4bJ+-*/^()., 0e" + "\\'_[]{}", max_size=40) | st.text(max_size=30))
def test_fuzz_expression_reader(text: str) -> None:
    if fh._expression_parser() is None:
        pytest.skip("gametoolkit.symbolic.parse_expression is not available")
    check("expression", text)


def test_the_harness_catches_crashes_and_hangs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The harness itself can fail: a foreign exception and a hang are both crashes."""

    def broken(text: str) -> None:
        raise IndexError("boom")

    def slow(text: str) -> None:
        time.sleep(5)

    monkeypatch.setitem(fh.TEXT_TARGETS, "number", broken)
    crash = fh.run_one("number", "1")
    assert crash is not None and crash.kind == "IndexError"
    monkeypatch.setitem(fh.TEXT_TARGETS, "number", slow)
    start = time.monotonic()
    crash = fh.run_one("number", "1", hang_seconds=0.2)
    assert crash is not None and crash.kind == "Hang" and time.monotonic() - start < 3


def test_long_numbers_print_and_read_back() -> None:
    """Regression (fuzz): a sum of payoffs over 4,300 digits crashed str() in show."""
    text = 'EFG 2 R "x" { "A" }\n""\np "" 1 1 "" { "a" } 1 "" { 9e4000 }\nt "" 2 "" { 1/' + "7" * 3990 + " }\n"
    check("efg", text)
    from gametoolkit.core.values import parse_number
    from gametoolkit.errors import NumberError

    with pytest.raises(NumberError, match="too large"):
        parse_number("9" * 3990 + "e4000")


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(rng=st.randoms(use_true_random=False), steps=st.lists(st.builds(
    fh.Mutation, op=st.sampled_from(fh.OPS), at=st.floats(0, 1), size=st.integers(1, 20), token=st.integers(0, 0x10FFFF)
), max_size=2))
def test_fuzz_generated_efg(rng: object, steps: list[fh.Mutation]) -> None:
    """Trees made from scratch, sharing sets and outcomes at random (so they disagree)."""
    import random

    assert isinstance(rng, random.Random)
    check("efg", fh.mutate(fh.random_efg(rng), steps))
