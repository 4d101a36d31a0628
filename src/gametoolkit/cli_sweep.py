"""The ``gametoolkit sweep`` and ``gametoolkit prior`` commands (being written)."""

from __future__ import annotations

from typing import Any

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``sweep`` and ``prior`` subcommands to the main parser's subparsers."""
