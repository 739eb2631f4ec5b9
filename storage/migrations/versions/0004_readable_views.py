"""Readable views for standard tools (sqlite3, Datasette, psql, pandas.read_sql).

The tables are shaped for the application (JSON columns, ids, codes); these views join them
into the rows a researcher asks for: a timeline with authority names and headline grades,
documents with their subject authorities and citation, every judgement with its quote, and
the latest overall grade per authority. They hold no data, so they cost nothing to keep.

The SQL is the same on both engines except string aggregation (group_concat on SQLite,
string_agg on PostgreSQL). Column names avoid SQL keywords (start_date, not start), so they
can be typed without quoting.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

VIEWS = ("timeline_view", "document_view", "judgement_view", "latest_grades")

# The headline grade of an inspection: overall effectiveness, or the area SEND outcome.
_HEADLINE = (
    "(SELECT j.grade FROM judgement AS j WHERE j.inspection_id = {insp} "
    "AND j.area IN ('overall_effectiveness', 'send_outcome') ORDER BY j.id LIMIT 1)"
)

TIMELINE_VIEW = f"""
CREATE VIEW timeline_view AS
SELECT
    e.authority_code AS authority_code,
    a.name AS authority_name,
    e.date AS date,
    e.kind AS kind,
    i.type AS inspection_type,
    {_HEADLINE.format(insp="e.inspection_id")} AS headline_grade,
    e.title AS title,
    e.source_key AS source,
    e.url AS url,
    e.document_id AS document_id
FROM event AS e
LEFT JOIN authority AS a ON a.code = e.authority_code
LEFT JOIN inspection AS i ON i.id = e.inspection_id
"""

# {subjects}: the document's subject authority codes, comma-separated, in code order.
DOCUMENT_VIEW = """
CREATE VIEW document_view AS
SELECT
    d.id AS id,
    d.kind AS kind,
    d.published AS published,
    d.source_key AS source,
    d.title AS title,
    d.url AS url,
    {subjects} AS subject_authorities,
    d.relevant AS relevant,
    d.duplicate_of AS duplicate_of,
    c.fetched_at AS captured_at,
    c.sha256 AS capture_sha256
FROM document AS d
LEFT JOIN capture AS c ON c.id = d.capture_id
"""
SUBJECTS = {
    "sqlite": (
        "(SELECT group_concat(code, ', ') FROM (SELECT t.authority_code AS code "
        "FROM document_authority AS t WHERE t.document_id = d.id AND t.role = 'subject' "
        "ORDER BY t.authority_code))"
    ),
    "postgresql": (
        "(SELECT string_agg(t.authority_code, ', ' ORDER BY t.authority_code) "
        "FROM document_authority AS t WHERE t.document_id = d.id AND t.role = 'subject')"
    ),
}

JUDGEMENT_VIEW = """
CREATE VIEW judgement_view AS
SELECT
    i.authority_code AS authority_code,
    a.name AS authority_name,
    i.type AS inspection_type,
    i.framework AS framework,
    i.start AS start_date,
    i."end" AS end_date,
    coalesce(i.published, d.published) AS published,
    j.area AS area,
    j.grade AS grade,
    j.quote AS quote,
    j.page AS page,
    i.document_id AS document_id,
    d.url AS url
FROM judgement AS j
JOIN inspection AS i ON i.id = j.inspection_id
JOIN document AS d ON d.id = i.document_id
LEFT JOIN authority AS a ON a.code = i.authority_code
"""

# The newest overall effectiveness judgement of each authority that has one (its own
# inspections only: the national table in storage/national.py also inherits predecessors').
LATEST_GRADES = """
CREATE VIEW latest_grades AS
SELECT
    authority_code, authority_name, grade, inspection_type, published, document_id, url
FROM (
    SELECT
        i.authority_code AS authority_code,
        a.name AS authority_name,
        j.grade AS grade,
        i.type AS inspection_type,
        coalesce(i.published, d.published) AS published,
        i.document_id AS document_id,
        d.url AS url,
        row_number() OVER (
            PARTITION BY i.authority_code
            ORDER BY coalesce(i.published, d.published) DESC, i.id DESC
        ) AS recency
    FROM judgement AS j
    JOIN inspection AS i ON i.id = j.inspection_id
    JOIN document AS d ON d.id = i.document_id
    LEFT JOIN authority AS a ON a.code = i.authority_code
    WHERE j.area = 'overall_effectiveness' AND i.authority_code IS NOT NULL
) AS ranked
WHERE recency = 1
"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute(TIMELINE_VIEW)
    op.execute(DOCUMENT_VIEW.format(subjects=SUBJECTS.get(dialect, SUBJECTS["postgresql"])))
    op.execute(JUDGEMENT_VIEW)
    op.execute(LATEST_GRADES)


def downgrade() -> None:
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")
