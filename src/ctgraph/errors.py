"""Named error classes raised by the ctgraph library."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "CtgraphError",
    "ExportError",
    "InputError",
    "ParameterError",
    "QueryError",
    "UnknownQueryError",
]


def display_path(path: Path | str) -> str:
    """Return ``path`` relative to the working directory when it lies under it."""
    p = Path(path)
    if p.is_absolute():
        try:
            return p.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return str(p)
    return str(p)


class CtgraphError(Exception):
    """Base class of every error ctgraph reports to its user.

    ``str(error)`` is one line, ``FILE:LINE:COL: message``, with only the parts
    that are known.
    """

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where: list[str] = []
        if self.path is not None:
            where.append(display_path(self.path))
            if self.line is not None:
                where.append(str(self.line))
                if self.column is not None:
                    where.append(str(self.column))
        elif self.line is not None:
            where.append(f"line {self.line}")
            if self.column is not None:
                where[-1] += f", column {self.column}"
        text = " ".join(self.message.split())
        return f"{':'.join(where)}: {text}" if where else text


class InputError(CtgraphError):
    """A file or argument given to ctgraph cannot be used."""


class ExportError(CtgraphError):
    """A graph cannot be written in the requested format."""


class QueryError(CtgraphError):
    """A SPARQL query is malformed, refused or fails to run."""


class UnknownQueryError(QueryError):
    """No query of the catalogue has the requested name."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        message = f"no query named {name!r} in the catalogue"
        if self.suggestions:
            message += "; did you mean " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


class ParameterError(QueryError):
    """A query parameter is unknown or its value has the wrong form."""
