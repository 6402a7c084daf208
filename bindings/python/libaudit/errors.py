"""Exceptions raised by libaudit.

Invalid rules or input raise :class:`RuleError` / :class:`InputError` (both ``ValueError``), an
unreadable file :class:`IoError` (an ``OSError``). Each carries every problem found as located
diagnostics; ``file``, ``line``, ``column``, ``code`` and ``field`` are those of the first one.
Unmet requirements are results, never exceptions.
"""
from __future__ import annotations

from typing import Any, List, Optional, Sequence

__all__ = ["Error", "RuleError", "InputError", "IoError"]


class Error(Exception):
    """Base class of libaudit's errors."""

    def __init__(self, message: str, diagnostics: Sequence[Any] = ()) -> None:
        super().__init__(message)
        self.message = message
        #: every problem found (:class:`libaudit.Diagnostic`), sorted by position
        self.diagnostics: List[Any] = list(diagnostics)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> Any:  # picklable (Dask sends errors from workers to the client)
        return (type(self), (self.message, self.diagnostics))

    def _first(self, name: str) -> Any:
        # The first error (warnings may come before it in position order).
        errors = [d for d in self.diagnostics if getattr(d, "severity", "error") == "error"] or self.diagnostics
        return getattr(errors[0], name) if errors else None

    @property
    def file(self) -> Optional[str]:
        """File (or name) of the first problem."""
        return self._first("file")

    @property
    def line(self) -> Optional[int]:
        """1-based line of the first problem (CSV: the row's line, header = 1)."""
        return self._first("line")

    @property
    def column(self) -> Optional[int]:
        """1-based column of the first problem."""
        return self._first("column")

    @property
    def code(self) -> Optional[str]:
        """Stable code of the first problem, e.g. ``E010`` (docs/diagnostics.md)."""
        return self._first("code")

    @property
    def field(self) -> Optional[str]:
        """Column header (CSV) or key the first problem is about, if any."""
        return self._first("field")


class RuleError(Error, ValueError):
    """An invalid rule file: syntax, schema, references."""


class InputError(Error, ValueError):
    """Invalid records or profiles, or no rule set applies to the subject."""


class IoError(Error, OSError):
    """A file could not be read."""
