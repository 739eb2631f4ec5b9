"""A second full-text index on SQLite, over graded documents only, for the grade filter.

A search under a grade filter ("inadequate") used to walk every full-text match of the query
and probe each against the set of graded documents: ~760,000 matches of a common word at a
million documents, for ~20,000 survivors (~300 ms). Graded documents (inspection reports
with a headline judgement) are a few percent of an archive, so an index of their own makes
that walk ten to forty times shorter.

`document_fts_graded` is an external-content FTS5 table over `document` (same columns and
tokenizer as `document_fts`) that holds only the documents with a headline judgement
(overall effectiveness, or the area SEND outcome: storage/facets.py's HEADLINE_AREAS).
Triggers keep it in step with every write, as 0001's keep `document_fts`: a document enters
when its first headline judgement is inserted, leaves when its last one (or its inspection)
is deleted, and is re-indexed when its title or text change. The name starts with
`document_fts` so the schema comparison (storage/migrate.py) leaves its shadow tables be.

Membership is read from the index itself: FTS5 keeps one row per indexed rowid in the shadow
table `document_fts_graded_docsize`, so the triggers never add a document twice nor delete
one that is not there (either would corrupt the index), and there is no second record of
membership that could drift from it.

Cascades: deleting a document deletes its inspection and judgements first (SQLite runs
foreign-key actions before the document's AFTER DELETE triggers), when the document row is
already gone. The judgement and inspection triggers then do nothing (they read title and
text from `document`) and the document's own trigger removes it with the old values, which
only it still has.

PostgreSQL needs none of this: its planner joins the grade set to the GIN index by itself.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLE = "document_fts_graded"
# As storage/facets.py's HEADLINE_AREAS: the grades the search page filters and counts by.
HEADLINE = "('overall_effectiveness', 'send_outcome')"
TRIGGERS = (
    "document_fts_graded_judgement_ai",
    "document_fts_graded_judgement_ad",
    "document_fts_graded_judgement_au",
    "document_fts_graded_inspection_ad",
    "document_fts_graded_inspection_au",
    "document_fts_graded_document_au",
    "document_fts_graded_document_ad",
)


def _indexed(doc: str) -> str:
    return f"EXISTS (SELECT 1 FROM {TABLE}_docsize WHERE id = {doc})"


def _graded(doc: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM inspection AS hi JOIN judgement AS hj ON hj.inspection_id = hi.id "
        f"WHERE hi.document_id = {doc} AND hj.area IN {HEADLINE})"
    )


def _add(doc: str) -> str:
    """Index document `doc` (an SQL expression) if it is graded and not indexed yet."""
    return (
        f"INSERT INTO {TABLE}(rowid, title, text) SELECT d.id, d.title, d.text "
        f"FROM document AS d WHERE d.id = {doc} AND NOT {_indexed('d.id')} AND {_graded('d.id')};"
    )


def _drop(doc: str) -> str:
    """Take document `doc` out of the index if it is indexed and no longer graded. Does
    nothing when the document row is already gone (see the module docstring)."""
    return (
        f"INSERT INTO {TABLE}({TABLE}, rowid, title, text) SELECT 'delete', d.id, d.title, d.text "
        f"FROM document AS d WHERE d.id = {doc} AND {_indexed('d.id')} AND NOT {_graded('d.id')};"
    )


def _trigger(name: str, event: str, *body: str, when: str | None = None) -> str:
    condition = f" WHEN {when}" if when else ""
    return f"CREATE TRIGGER {name} AFTER {event}{condition} BEGIN\n" + "\n".join(body) + "\nEND"


_NEW_JUDGEMENT_DOC = "(SELECT document_id FROM inspection WHERE id = new.inspection_id)"
_OLD_JUDGEMENT_DOC = "(SELECT document_id FROM inspection WHERE id = old.inspection_id)"
_OLD_VALUES = (
    f"INSERT INTO {TABLE}({TABLE}, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text);"
)

SQLITE = [
    f"""CREATE VIRTUAL TABLE {TABLE} USING fts5(
        title, text, content='document', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    # Every graded document, in id order (FTS5 appends fastest that way).
    f"""INSERT INTO {TABLE}(rowid, title, text)
        SELECT d.id, d.title, d.text FROM document AS d
        WHERE d.id IN (SELECT i.document_id FROM inspection AS i
                       JOIN judgement AS j ON j.inspection_id = i.id
                       WHERE j.area IN {HEADLINE})
        ORDER BY d.id""",
    _trigger(
        TRIGGERS[0], "INSERT ON judgement", _add(_NEW_JUDGEMENT_DOC), when=f"new.area IN {HEADLINE}"
    ),
    _trigger(
        TRIGGERS[1],
        "DELETE ON judgement",
        _drop(_OLD_JUDGEMENT_DOC),
        when=f"old.area IN {HEADLINE}",
    ),
    # Nothing in cswatch updates judgements or moves inspections; these keep the index right
    # for whoever does (a researcher's UPDATE, a future migration).
    _trigger(
        TRIGGERS[2],
        "UPDATE OF area, inspection_id ON judgement",
        _drop(_OLD_JUDGEMENT_DOC),
        _add(_NEW_JUDGEMENT_DOC),
    ),
    _trigger(TRIGGERS[3], "DELETE ON inspection", _drop("old.document_id")),
    _trigger(
        TRIGGERS[4],
        "UPDATE OF document_id ON inspection",
        _drop("old.document_id"),
        _add("new.document_id"),
    ),
    # As document_fts_au: the delete command needs the values that were indexed.
    _trigger(
        TRIGGERS[5],
        "UPDATE OF title, text ON document",
        _OLD_VALUES,
        f"INSERT INTO {TABLE}(rowid, title, text) VALUES (new.id, new.title, new.text);",
        when=_indexed("old.id"),
    ),
    _trigger(TRIGGERS[6], "DELETE ON document", _OLD_VALUES, when=_indexed("old.id")),
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"DROP TABLE IF EXISTS {TABLE}")
