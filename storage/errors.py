"""Errors the storage layer raises to its callers.

Both carry a message meant for a person at a terminal: the CLI and web print them as they are,
so they say what went wrong and what to do, never a stack trace.
"""

from __future__ import annotations


class ArchiveError(Exception):
    """The archive cannot be opened or used (unreachable database, schema too new, …)."""


class QueryError(ValueError):
    """A search query the parser cannot read (unbalanced quotes or parentheses, …)."""
