"""A second full-text index on SQLite, over graded documents only, with their grades in it.

A search under a grade filter ("inadequate") used to walk every full-text match of the query
and probe each against the set of documents with that grade: ~760,000 matches of a common
word at a million documents for ~20,000 survivors (~300 ms of CPU). Graded documents
(inspection reports with a headline judgement) are a few percent of an archive.

`document_fts_graded` is an FTS5 table (same tokenizer as `document_fts`) over the graded
documents only, with a third column `grades`: one token per headline judgement (overall
effectiveness, or the area SEND outcome: storage/facets.py's HEADLINE_AREAS), "grade" and the
grade without underscores (`gradeinadequate`, `graderequiresimprovement`). A grade filter is
then part of the full-text query (`(…) AND grades : "gradeinadequate"`): FTS5 intersects two
short doclists instead of probing each match (storage/facets_sqlite.py).

Its external content is the view `document_fts_graded_content` (graded documents: id, title,
text, grades), so reading a column, snippets and FTS5's 'rebuild' all see exactly what is
indexed. Names start with `document_fts` so the schema comparison (storage/migrate.py)
leaves the shadow tables be.

Triggers keep it in step with every write, as 0001's keep `document_fts`. An indexed row can
only be deleted with the values it was indexed with, so every change to a document's title,
text, judgements or inspection is bracketed: a BEFORE trigger takes the document out of the
index with the view's current (still unchanged) values, and an AFTER trigger puts it back
from the view if it is still graded. Whether a document is indexed is read from FTS5's own
shadow table `document_fts_graded_docsize` (one row per indexed rowid), so the triggers never
add a document twice nor delete one that is not there, and no second record of membership
can drift from the index. Deleting a document takes it out in the document's BEFORE DELETE
trigger, while its row and judgements still exist; the cascades that follow (SQLite runs
foreign-key actions after the row is gone) find nothing to do.

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
CONTENT = "document_fts_graded_content"
# As storage/facets.py's HEADLINE_AREAS: the grades the search page filters and counts by.
HEADLINE = "('overall_effectiveness', 'send_outcome')"
# storage/facets_sqlite.py's grade_token() must spell a grade's token the same way.
_GRADE_TOKEN = "'grade' || replace(hj.grade, '_', '')"
_HEADLINE_JUDGEMENTS = (
    "FROM inspection AS hi JOIN judgement AS hj ON hj.inspection_id = hi.id "
    f"WHERE hi.document_id = d.id AND hj.area IN {HEADLINE}"
)

CONTENT_VIEW = f"""
CREATE VIEW {CONTENT} AS
SELECT
    d.id AS id,
    d.title AS title,
    d.text AS text,
    (SELECT group_concat(token, ' ') FROM
        (SELECT {_GRADE_TOKEN} AS token {_HEADLINE_JUDGEMENTS} ORDER BY hj.id)) AS grades
FROM document AS d
WHERE EXISTS (SELECT 1 {_HEADLINE_JUDGEMENTS})
"""


def _indexed(doc: str) -> str:
    return f"EXISTS (SELECT 1 FROM {TABLE}_docsize AS ds WHERE ds.id = {doc})"


def _take_out(doc: str) -> str:
    """Remove document `doc` (an SQL expression) from the index, if it is there, with the
    values it was indexed with (the view's, before the change)."""
    return (
        f"INSERT INTO {TABLE}({TABLE}, rowid, title, text, grades) "
        f"SELECT 'delete', c.id, c.title, c.text, c.grades FROM {CONTENT} AS c "
        f"WHERE c.id = {doc} AND {_indexed('c.id')};"
    )


def _put_back(doc: str) -> str:
    """Index document `doc` from the view if it is graded (in the view) and not indexed."""
    return (
        f"INSERT INTO {TABLE}(rowid, title, text, grades) "
        f"SELECT c.id, c.title, c.text, c.grades FROM {CONTENT} AS c "
        f"WHERE c.id = {doc} AND NOT {_indexed('c.id')};"
    )


def _pair(name: str, event: str, docs: tuple[str, ...], when: str | None = None) -> list[str]:
    """A BEFORE trigger that takes `docs` out and an AFTER trigger that puts them back."""
    condition = f" WHEN {when}" if when else ""
    before = "\n".join(_take_out(d) for d in docs)
    after = "\n".join(_put_back(d) for d in docs)
    return [
        f"CREATE TRIGGER {TABLE}_{name}_before BEFORE {event}{condition} BEGIN\n{before}\nEND",
        f"CREATE TRIGGER {TABLE}_{name}_after AFTER {event}{condition} BEGIN\n{after}\nEND",
    ]


def _doc_of(inspection_id: str) -> str:
    return f"(SELECT document_id FROM inspection WHERE id = {inspection_id})"


TRIGGERS = [
    *_pair(
        "judgement_insert",
        "INSERT ON judgement",
        (_doc_of("new.inspection_id"),),
        when=f"new.area IN {HEADLINE}",
    ),
    # Under an inspection's cascade the inspection row is gone and these find no document:
    # the inspection's own triggers have taken it out already.
    *_pair(
        "judgement_delete",
        "DELETE ON judgement",
        (_doc_of("old.inspection_id"),),
        when=f"old.area IN {HEADLINE}",
    ),
    # cswatch never updates judgements or moves inspections; these keep the index right for
    # whoever does (a researcher's UPDATE, a future migration).
    *_pair(
        "judgement_update",
        "UPDATE OF area, grade, inspection_id ON judgement",
        (_doc_of("old.inspection_id"), _doc_of("new.inspection_id")),
    ),
    *_pair("inspection_delete", "DELETE ON inspection", ("old.document_id",)),
    *_pair(
        "inspection_update",
        "UPDATE OF document_id ON inspection",
        ("old.document_id", "new.document_id"),
    ),
    *_pair("document_update", "UPDATE OF title, text ON document", ("old.id",)),
    # A document deleted by a connection without foreign keys leaves its judgements behind;
    # a new document that reuses the id would inherit them (and be graded), hence the insert.
    _pair("document_insert", "INSERT ON document", ("new.id",))[1],
    _pair("document_delete", "DELETE ON document", ("old.id",))[0],
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(CONTENT_VIEW)
    op.execute(
        f"""CREATE VIRTUAL TABLE {TABLE} USING fts5(
            title, text, grades, content='{CONTENT}', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2')"""
    )
    # The view holds exactly the graded documents, so FTS5's own rebuild fills the index.
    op.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")
    for statement in TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    names = bind.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
        (f"{TABLE}%",),
    ).scalars()
    for name in list(names):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
    op.execute(f"DROP VIEW IF EXISTS {CONTENT}")
