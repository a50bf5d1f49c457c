"""The house style as configuration (`--style FILE`); defaults follow docs/style.md."""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # no escape sequence reaches a draft from here


@dataclass(frozen=True)
class Style:
    findings_intro: str = "Inspectors highlighted:"
    # Monitoring visits list key findings of both kinds, so the list is introduced neutrally.
    monitoring_findings_intro: str = "Inspectors found:"
    min_bullets: int = 5
    max_bullets: int = 8
    positive_attribution: str = "Ofsted has said"
    negative_attribution: str = "Ofsted has warned"
    quote_attribution: str = "said the report"
    closing_attribution: str = "the report concluded"
    word_budget: int = 450

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Style:
        """Build from a TOML table; unknown keys raise ValueError naming them."""
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ValueError(f"unknown style setting(s): {', '.join(unknown)}")
        for key, value in data.items():
            expected = type(getattr(cls(), key))
            if not isinstance(value, expected) or isinstance(value, bool):
                raise ValueError(f"style setting {key!r} must be {expected.__name__}")
            if isinstance(value, str) and not value.strip():
                raise ValueError(f"style setting {key!r} must not be empty")  # "..., ."
            if isinstance(value, str) and _CONTROL.search(value):
                raise ValueError(f"style setting {key!r} must not hold control characters")
        style = cls(**data)
        if not 1 <= style.min_bullets <= style.max_bullets:
            raise ValueError("style: need 1 <= min_bullets <= max_bullets")
        if style.word_budget < 1:
            raise ValueError("style setting 'word_budget' must be at least 1")
        return style

    def key(self) -> str:
        return repr(self)
