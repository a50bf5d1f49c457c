"""Structure stage: blocks -> Letter (kind, metadata, sections). Provisional: see issue 2."""
from __future__ import annotations

import re

from cf.models import Extraction, Letter, Metadata, Section, Source

_TITLE = re.compile(
    r"^(?:Focused visit to|Inspection of|Monitoring visit (?:to|of)|Joint targeted area inspection)\s+(?P<la>.+?)(?:\s+local authority)?\s+children.s services",
    re.I,
)


def structure(extraction: Extraction, source: Source) -> Letter:
    meta = Metadata()
    sections: list[Section] = [Section(heading="")]
    for block in extraction.blocks:
        if block.kind == "heading":
            m = _TITLE.match(block.norm)
            if m and not meta.title:
                meta.title = block.text
                meta.local_authority = m.group("la")
                low = block.norm.lower()
                meta.kind = ("focused_visit" if low.startswith("focused") else
                             "monitoring_visit" if low.startswith("monitoring") else
                             "inspection" if low.startswith("inspection") else "jtai")
                continue
            sections.append(Section(heading=block.text, page=block.page))
        else:
            sections[-1].blocks.append(block)
    return Letter(metadata=meta, sections=[s for s in sections if s.blocks or s.heading],
                  source=source, warnings=list(extraction.warnings))
