"""The query parser and the FTS5 compiler, without a database."""

from __future__ import annotations

import pytest

from storage.errors import QueryError
from storage.query import And, Not, Or, Term, parse, to_fts5


def test_precedence_and_adjacency() -> None:
    assert parse("a b OR c") == Or((And((Term("a"), Term("b"))), Term("c")))
    assert parse("a AND b") == parse("a b")
    assert parse("a -b") == And((Term("a"), Not(Term("b"))))
    assert parse("a NOT b") == parse("a -b")
    assert parse("(a OR b) c") == And((Or((Term("a"), Term("b"))), Term("c")))


def test_terms() -> None:
    assert parse('"care leavers"') == Term("care leavers", phrase=True)
    assert parse("insp*") == Term("insp", prefix=True)
    assert parse('"care leav"*') == Term("care leav", phrase=True, prefix=True)
    assert parse("and or not") == And((Term("and"), Term("or"), Term("not")))


def test_fts5_quotes_every_term() -> None:
    assert to_fts5(parse('say "hi" OR x*')) == '(("say" AND "hi") OR "x"*)'
    assert to_fts5(parse('a -"b c"')) == '(("a") NOT ("b c"))'
    assert to_fts5(parse("col:x")) == '"col:x"'
    assert to_fts5(parse("NEAR(a b)")) == '("NEAR" AND "a" AND "b")'


def test_punctuation_only_terms_are_dropped() -> None:
    assert parse("children ; --") == Term("children")


def test_double_negation_cancels() -> None:
    assert parse("a NOT -b") == And((Term("a"), Term("b")))


@pytest.mark.parametrize(
    "query", ["", "AND", "a OR", "(a", "a)", '"a', "-a", "NOT a", "a OR NOT b", "( )", "!!"]
)
def test_errors(query: str) -> None:
    with pytest.raises(QueryError):
        parse(query)
