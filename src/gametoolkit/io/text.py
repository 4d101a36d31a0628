"""A game file's text: UTF-8, a byte-order mark dropped, a bad byte located."""

from __future__ import annotations

import os

from ..errors import ParseError

__all__ = ["read_text"]


def read_text(path: str | os.PathLike[str]) -> tuple[str, str]:
    """The UTF-8 text of a file (a byte-order mark dropped) and its name for messages.

    A file that cannot be read, or is not UTF-8, raises :class:`ParseError` naming the
    file and, for a bad byte, its line and column.
    """
    source = os.fspath(path)
    try:
        with open(source, "rb") as handle:
            data = handle.read()
    except OSError as err:
        raise ParseError(f"cannot read the file: {err.strerror or err}", source) from err
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        bad = err.start
        line = data.count(b"\n", 0, bad) + 1
        line_start = data.rfind(b"\n", 0, bad) + 1
        column = len(data[line_start:bad].decode("utf-8", "replace")) + 1
        raise ParseError(
            f"not UTF-8 text: byte 0x{data[bad]:02x} (byte offset {bad}) cannot be decoded", source, line, column
        ) from None
    return text.removeprefix("\ufeff"), source
