"""Reading and writing games: Gambit's ``.efg`` text format (and, in
:mod:`gametoolkit.io.pygambit`, pygambit's own objects)."""

from .efg import format_efg, generate_efg, parse_efg, read_efg, write_efg

__all__ = ["format_efg", "generate_efg", "parse_efg", "read_efg", "write_efg"]
