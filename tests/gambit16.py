"""A mark for tests written against pygambit 16's node and strategy objects.

pip installs pygambit 17.0.0b2 (a binary wheel) into ``.venv``; these tests compare our
solvers with Gambit's through pygambit 16's objects (``player.strategies``,
``infoset.actions``, ``node.children``), so under pygambit 17 they are skipped, and
``make test-gambit16`` (run by CI) runs them with pygambit 16.7.
"""

from __future__ import annotations

import importlib.util

import pytest


def _api() -> int:
    if importlib.util.find_spec("pygambit") is None:
        return 0
    import pygambit

    return 16 if str(pygambit.__version__).startswith("16.") else 17


#: Skips a test unless pygambit 16 is installed (it runs in `make test-gambit16`).
needs_pygambit16 = pytest.mark.skipif(
    _api() == 17, reason="written against pygambit 16's objects; `make test-gambit16` runs it with pygambit 16.7"
)
