"""The JSON game format: lossless round trip and precise errors."""

from __future__ import annotations

import json

import pytest

from gametoolkit import ParseError, ValidationError
from gametoolkit.catalog import load
from gametoolkit.core.game import Game
from gametoolkit.io.gamejson import dumps, from_json, loads, to_json


def test_round_trip_is_identical(signaling_bound: Game) -> None:
    for g in (signaling_bound, load("us-japan-alliance", china="low", p="1/3")):
        assert loads(dumps(g)) == g


def test_unbound_parameters_refused(signaling: Game) -> None:
    with pytest.raises(ValueError, match="bind the parameters p"):
        to_json(signaling)


def test_errors_name_the_place(signaling_bound: Game) -> None:
    with pytest.raises(ParseError, match=r"<json>:1:2"):
        loads("{,}")
    data = to_json(signaling_bound)
    data["outcomes"][0]["payoffs"][1] = "abc"
    with pytest.raises(ParseError, match=r"outcomes\[0\]\.payoffs\[1\]: not a number"):
        from_json(data)
    data = to_json(signaling_bound)
    data["infosets"][0]["probs"] = ["1/2", "1/4"]
    with pytest.raises(ValidationError, match="sum to 3/4"):
        from_json(json.loads(json.dumps(data)))
    data = to_json(signaling_bound)
    del data["nodes"][-1]
    with pytest.raises(ParseError, match="ends early"):
        from_json(data)
    with pytest.raises(ParseError, match="not a gametoolkit game"):
        from_json([1, 2])
