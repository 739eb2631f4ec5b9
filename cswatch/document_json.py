"""The JSON shape of an analysed document (DESIGN.md's `analyse` contract)."""

from __future__ import annotations

from typing import Any

from pipeline.authorities import UnknownAuthority, register
from pipeline.records import Document


def authority_name(code: str) -> str:
    try:
        return register().get(code).name
    except UnknownAuthority:
        return code


def document_json(doc: Document, path: str, *, with_text: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "path": path,
        "url": doc.url,
        "kind": doc.kind,
        "title": doc.title,
        "published": doc.published.isoformat() if doc.published else None,
        "relevant": doc.relevant,
        "authorities": [
            {
                "code": t.code,
                "name": authority_name(t.code),
                "role": t.role,
                "score": t.score,
                "evidence": t.evidence,
            }
            for t in doc.authorities
        ],
        "content_hash": doc.content_hash,
        "extraction": {"method": doc.extraction_method, "version": doc.extraction_version},
    }
    insp = doc.inspection
    if insp is not None:
        out["inspection"] = {
            "type": insp.type,
            "framework": insp.framework,
            "authority": insp.authority_code,
            "start": insp.start.isoformat() if insp.start else None,
            "end": insp.end.isoformat() if insp.end else None,
            "published": insp.published.isoformat() if insp.published else None,
            "judgements": {j.area: j.grade for j in insp.judgements},
            "evidence": [
                {"area": j.area, "grade": j.grade, "page": j.page, "quote": j.quote}
                for j in insp.judgements
            ],
            "theme": insp.theme,
            "findings": insp.findings,
            "missing": [{"field": m.field, "reason": m.reason} for m in insp.missing],
            "flags": insp.flags,
        }
    if with_text:
        out["text"] = doc.text
    return out
