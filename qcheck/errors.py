"""The one error type the CLI turns into a single line on stderr and exit code 2."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: a file, and where known the line, plus what is wrong with it."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.detail = message
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return where + " ".join(self.detail.split())
