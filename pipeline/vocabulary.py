"""The controlled vocabulary shared by the JSON output and the database (see DESIGN.md).

Strings rather than Enum members so records serialise to JSON and SQL without adapters;
the frozensets are what validation checks against.
"""

from __future__ import annotations

# Document kinds
INSPECTION_REPORT = "inspection_report"
NEWS_ARTICLE = "news_article"
GOVERNMENT_NOTICE = "government_notice"
OTHER = "other"
DOCUMENT_KINDS = frozenset({INSPECTION_REPORT, NEWS_ARTICLE, GOVERNMENT_NOTICE, OTHER})

# Inspection types
INSPECTION_TYPES = frozenset(
    {
        "ilacs_standard",
        "ilacs_short",
        "focused_visit",
        "monitoring_visit",
        "sif",
        "sif_reinspection",
        "jtai",
        "send_area",
        "looked_after_children",
        "safeguarding_and_looked_after",
        "unannounced_contact_referral_assessment",
        "joint_area_review",
        "other",
    }
)

# Grades, best first. "adequate" is the pre-2013 four-point scale's third step.
GRADES = ("outstanding", "good", "requires_improvement", "adequate", "inadequate")
SEND_OUTCOMES = frozenset(
    {
        "positive",
        "inconsistent",
        "significant_concerns",
        "written_statement_required",
        "no_written_statement",
    }
)
ALL_GRADES = frozenset(GRADES) | SEND_OUTCOMES

# Judgement areas
JUDGEMENT_AREAS = frozenset(
    {
        "overall_effectiveness",
        "leadership",
        "help_and_protection",
        "in_care",
        "care_leavers",
        "in_care_and_care_leavers",
        "looked_after_and_permanence",
        "adoption",
        "lscb",
        "send_outcome",
        # pre-2013 safeguarding / looked-after inspections
        "safeguarding_overall",
        "capacity_to_improve",
        "looked_after_overall",
        "looked_after_capacity_to_improve",
    }
)
# The areas whose grade is a report's headline: what the search page filters and counts by,
# and what feeds and timelines show first (migration 0005 spells the same pair in SQL).
HEADLINE_AREAS = ("overall_effectiveness", "send_outcome")

# Roles of an authority in a document
SUBJECT = "subject"
MENTIONED = "mentioned"
ROLES = frozenset({SUBJECT, MENTIONED})

# Timeline event kinds
EVENT_KINDS = frozenset(
    {
        "inspection",
        "visit",
        "intervention",
        "reorganisation",
        "press",
        "government_notice",
    }
)
