"""One document's full result, and its JSON form (the contract in docs/design.md)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from cf.models.analysis import Sentence
from cf.models.letter import Letter
from cf.models.summary import Summary

SCHEMA_VERSION = 1


@dataclass
class Result:
    letter: Letter
    sentences: list[Sentence]
    summary: Summary
    warnings: list[str] = field(default_factory=list)

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        meta = self.letter.metadata
        summary = asdict(self.summary)
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "source": asdict(self.letter.source),
            "document": {
                "kind": meta.kind,
                "title": meta.title,
                "local_authority": meta.local_authority,
                "published": meta.published,
                "visit_start": meta.visit_start,
                "visit_end": meta.visit_end,
                "inspectors": [asdict(i) for i in meta.inspectors],
                "judgements": asdict(meta.judgements),
                "monitoring_visit_number": meta.monitoring_visit_number,
                "focus": meta.focus,
                "previous": asdict(meta.previous) if meta.previous else None,
            },
            "summary": summary,
            "warnings": list(self.letter.warnings) + list(self.warnings),
        }
        if explain:
            out["sentences"] = [
                {
                    "text": s.text,
                    "section": s.section,
                    "page": s.page,
                    "label": s.assessment.label,
                    "lean": s.assessment.lean,
                    "score": s.assessment.score,
                    "cues": list(s.assessment.cues),
                    "block": s.block_index,  # sentences of one paragraph or bullet share it
                    "block_kind": s.block_kind,
                }
                for s in self.sentences
            ]
        return out
