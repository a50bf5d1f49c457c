"""Fitting the draft to the house style's word budget (250 to 450 words by default).

While the draft is over budget: the longest bullets go (down to the style's minimum), then
the extra overview sentence, then the `However,` paragraph's second sentence. The JSON keeps
everything the draft leaves out (`strengths`, `weaknesses`, `recommendations`)."""
from __future__ import annotations

import re
from collections.abc import Callable

from cf.models import Style, Summary
from cf.summarise.textutil import words


def fit(summary: Summary, style: Style, render: Callable[[Summary], str], extra: str | None) -> None:
    def over() -> bool:
        return words(render(summary)) > style.word_budget

    while over() and len(summary.findings) > style.min_bullets:
        longest = max(range(len(summary.findings)), key=lambda k: words(summary.findings[k].text))
        summary.findings.pop(longest)
    if over() and extra and extra in summary.paragraphs:
        summary.paragraphs.remove(extra)
    if over() and summary.however:
        first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", summary.however[0], maxsplit=1)[0]
        summary.however = [first]
