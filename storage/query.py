"""The search syntax: parse what a person types into a small tree, then compile the tree for
SQLite FTS5 (a MATCH string) or PostgreSQL (a tsquery expression built from bound values).

Syntax:  words · "a phrase" · AND · OR · NOT (operators in capitals; lower case are words) ·
adjacency means AND · -word excludes · word* is a prefix · (parentheses) group.
Precedence: NOT/- binds tightest, then AND, then OR: `a b OR c` is `(a AND b) OR c`.

Only what the user typed as words reaches the index, always quoted, so FTS5 syntax, SQL and
tsquery operators in the input are inert text. Excluding needs something to exclude from:
`-a` alone, or `a OR -b`, is an error rather than a full scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from storage.errors import QueryError

OPERATORS = {"AND", "OR", "NOT"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False  # typed in quotes
    prefix: bool = False  # ended with *


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Term | And | Or | Not


# ---------------------------------------------------------------------------------- lexing
@dataclass(frozen=True)
class _Tok:
    kind: str  # TERM, AND, OR, NOT, LP, RP
    pos: int
    term: Term | None = None
    raw: str = ""  # how an operator was written, for messages ("-" or "NOT")


def _lex(query: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            toks.append(_Tok("LP" if ch == "(" else "RP", i))
            i += 1
        elif ch == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise QueryError(
                    f'unbalanced quote: the " at position {i + 1} is never closed '
                    "(close the phrase, or remove the quote)"
                )
            prefix = end + 1 < n and query[end + 1] == "*"
            toks.append(_Tok("TERM", i, Term(query[i + 1 : end], phrase=True, prefix=prefix)))
            i = end + (2 if prefix else 1)
        elif ch == "-" and i + 1 < n and not query[i + 1].isspace() and query[i + 1] != "-":
            toks.append(_Tok("NOT", i, raw="-"))  # -word, -"phrase", -(group)
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '()"':
                j += 1
            word = query[i:j]
            if word in OPERATORS:
                toks.append(_Tok(word, i))
            else:
                prefix = word.endswith("*")
                toks.append(_Tok("TERM", i, Term(word.rstrip("*"), prefix=prefix)))
            i = j
    return toks


# --------------------------------------------------------------------------------- parsing
class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.or_expr()
        tok = self.peek()
        if tok is not None:  # only a stray ')' can stop the loops early
            raise QueryError(
                f"unbalanced parenthesis: the ')' at position {tok.pos + 1} has no matching '('"
            )
        return node

    def or_expr(self) -> Node:
        children = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.take()
            children.append(self.and_expr(after=tok))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self, after: _Tok | None = None) -> Node:
        children = [self.unary(after)]
        while (tok := self.peek()) is not None and tok.kind not in {"OR", "RP"}:
            if tok.kind == "AND":
                self.take()
                children.append(self.unary(tok))
            else:
                children.append(self.unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self, after: _Tok | None = None) -> Node:
        tok = self.peek()
        if tok is not None and tok.kind == "NOT":
            self.take()
            return Not(self.unary(tok))
        return self.atom(after)

    def atom(self, after: _Tok | None) -> Node:
        tok = self.peek()
        if tok is None or tok.kind in {"AND", "OR", "RP"}:
            if after is not None:
                name = after.raw or after.kind
                raise QueryError(
                    f"'{name}' at position {after.pos + 1} needs a word or phrase after it"
                )
            if tok is None:
                raise QueryError("empty query: type one or more words to search for")
            if tok.kind == "RP":
                raise QueryError(f"empty parentheses or stray ')' at position {tok.pos + 1}")
            raise QueryError(
                f"'{tok.kind}' at position {tok.pos + 1} needs a word or phrase before it"
            )
        self.take()
        if tok.kind == "TERM":
            assert tok.term is not None
            return tok.term
        # "(": a group
        inner = self.or_expr()
        close = self.peek()
        if close is None or close.kind != "RP":
            raise QueryError(
                f"unbalanced parenthesis: the '(' at position {tok.pos + 1} is never closed"
            )
        self.take()
        return inner


# ------------------------------------------------------------------------------ normalising
def _searchable(term: Term) -> bool:
    # Both indexes only keep letters and digits; a term with none (";", "--") can never match.
    return any(ch.isalnum() for ch in term.text)


def _simplify(node: Node) -> Node | None:
    """Drop unsearchable terms, flatten nested groups, cancel double negation."""
    if isinstance(node, Term):
        return node if _searchable(node) else None
    if isinstance(node, Not):
        child = _simplify(node.child)
        if child is None:
            return None
        return child.child if isinstance(child, Not) else Not(child)
    kids: list[Node] = []
    for child in node.children:
        simple = _simplify(child)
        if simple is None:
            continue
        if type(simple) is type(node):
            kids.extend(simple.children)  # type: ignore[union-attr]
        else:
            kids.append(simple)
    if not kids:
        return None
    if len(kids) == 1:
        return kids[0]
    return type(node)(tuple(kids))


def _check(node: Node) -> None:
    """Every exclusion must sit in an AND group next to something to exclude from."""
    if isinstance(node, Term):
        return
    if isinstance(node, Not):
        raise QueryError(
            "a query cannot only exclude: add a word to search for (e.g. 'adoption -scotland')"
        )
    if isinstance(node, Or):
        for child in node.children:
            if isinstance(child, Not):
                raise QueryError(
                    "NOT/- cannot be one side of OR: write e.g. '(a OR b) NOT c' instead"
                )
            _check(child)
        return
    positives = [c for c in node.children if not isinstance(c, Not)]
    if not positives:
        raise QueryError("a group cannot only exclude: add a word to search for next to NOT/-")
    for child in node.children:
        _check(child.child if isinstance(child, Not) else child)


def parse(query: str) -> Node:
    """Parse a user query into a tree. Raises QueryError with a message for the user."""
    if query is None or not query.strip():
        raise QueryError("empty query: type one or more words to search for")
    # Control characters are never search text, and a NUL ends the string inside SQLite's
    # C API, which FTS5 then reports as "unterminated string": read them as spaces.
    query = _CONTROL.sub(" ", query)
    tree = _Parser(_lex(query)).parse()
    simple = _simplify(tree)
    if simple is None:
        raise QueryError("the query has no searchable words (only punctuation or operators)")
    _check(simple)
    return simple


# ------------------------------------------------------------------------------- compilers
def to_fts5(node: Node) -> str:
    """An FTS5 MATCH expression in which every user term is a quoted string."""
    if isinstance(node, Term):
        quoted = '"' + node.text.replace('"', '""') + '"'
        return quoted + ("*" if node.prefix else "")
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts5(c) for c in node.children) + ")"
    if isinstance(node, And):
        pos = [to_fts5(c) for c in node.children if not isinstance(c, Not)]
        neg = [to_fts5(c.child) for c in node.children if isinstance(c, Not)]
        expr = "(" + " AND ".join(pos) + ")"
        # FTS5's NOT is binary (`a NOT b`): subtract the union of the exclusions.
        return f"({expr} NOT ({' OR '.join(neg)}))" if neg else expr
    raise AssertionError(f"unchecked NOT reached the compiler: {node!r}")


def to_tsquery(node: Node, config: str = "english") -> Any:
    """A PostgreSQL tsquery expression; user text only ever travels as bound parameters."""
    import re

    from sqlalchemy import bindparam, func, literal_column

    regconfig = literal_column(f"'{config}'::regconfig")
    if isinstance(node, Term):
        if node.prefix:
            words = re.findall(r"[^\W_]+", node.text)
            # Only letters and digits survive, so the quoted lexemes cannot break out.
            text = " <-> ".join(f"'{w}'" for w in words) + ":*"
            return func.to_tsquery(regconfig, bindparam(None, text))
        return func.phraseto_tsquery(regconfig, bindparam(None, node.text))
    if isinstance(node, Or):
        parts = [to_tsquery(c, config) for c in node.children]
        expr = parts[0]
        for part in parts[1:]:
            expr = func.tsquery_or(expr, part)
        return expr
    if isinstance(node, And):
        expr = None
        for child in node.children:
            part = (
                func.tsquery_not(to_tsquery(child.child, config))
                if isinstance(child, Not)
                else to_tsquery(child, config)
            )
            expr = part if expr is None else func.tsquery_and(expr, part)
        return expr
    raise AssertionError(f"unchecked NOT reached the compiler: {node!r}")
