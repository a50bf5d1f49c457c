"""The English local authorities with children's services (authorities.toml), and finding one
in a document's text (part of the structure stage).

A document names its authority in many ways ("City of Bristol", "Bristol City Council",
"Hull", "the Isle of Wight", "Royal Borough of Greenwich"); the story uses one short name.
Only a name on the list is an authority: a JTAI letter's theme ("the multi-agency response to
children's mental health in East Sussex") or a stray phrase never is."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Authority:
    name: str
    variants: tuple[str, ...]
    since: int | None = None  # the year it began (None: before any document here)
    until: int | None = None  # the year it ceased to exist (None: it still does)
    running: str | None = None  # in running text: "the Isle of Wight"
    preposition: str = "in"  # "on the Isle of Wight"

    def existed(self, year: int | None) -> bool:
        return year is None or ((self.since is None or year >= self.since) and (self.until is None or year <= self.until))


def fold(name: str) -> str:
    """The form in which names are compared: case, "&", full stops, hyphens and a leading
    article do not matter ("St. Helens" = "St Helens", "Southend-On-Sea" = "Southend-on-Sea")."""
    text = name.replace("\u2019", "'").replace("&", " and ").replace(".", " ").lower()
    text = re.sub(r"[\s\-,]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


@cache
def authorities() -> tuple[Authority, ...]:
    text = resources.files("cf.summarise").joinpath("authorities.toml").read_text("utf-8")
    return tuple(Authority(e["name"], tuple(e.get("variants", ())), e.get("since"), e.get("until"),
                           e.get("running"), e.get("preposition", "in"))
                 for e in tomllib.loads(text)["authority"])


@cache
def _by_fold() -> dict[str, Authority]:
    out: dict[str, Authority] = {}
    for authority in authorities():
        for name in (authority.name, *authority.variants):
            out.setdefault(fold(name), authority)
    return out


def canonical(name: str, year: int | None = None) -> str | None:
    """The list's short name for a name a document uses, or None if it names no authority
    (or one that did not exist in `year`)."""
    found = _by_fold().get(fold(name))
    return found.name if found is not None and found.existed(year) else None


@cache
def _pattern() -> re.Pattern[str]:
    """Every name and variant as written (capitalised, so "Reading" the verb at a sentence's
    start is excluded by the callers' context), longest first, as whole words."""
    forms = sorted({n for a in authorities() for n in (a.name, *a.variants) if n[:1].isupper()}, key=len, reverse=True)
    alternatives = "|".join(re.escape(f).replace(r"\ and\ ", r"\s+(?:and|&)\s+").replace(r"\ ", r"[\s\-]+")
                            for f in forms)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?!\w|-\w)")


# In running text a name is an authority's only where the sentence says so: "in Reading",
# "of the Isle of Wight", "Barnsley Council", "Kent's children's services".
_BEFORE = re.compile(r"\b(?:in|of|to|for|across|by|at|with)\s+(?:the\s+)?$")
_AFTER = re.compile(r"^(?:['\u2019]s)?\s+(?:(?:Metropolitan|Borough|County|City|District|Royal)\s+)*(?:Council|"
                    r"local authority|children['\u2019]s (?:services|social care)|Local Area Partnership|Partnership|"
                    r"(?:Local )?Safeguarding Children(?:'s)? (?:Board|Partnership)|LSCB)\b")


def mentioned(text: str, year: int | None = None, strict: bool = False) -> str | None:
    """The first authority named in `text` (the longest name where names overlap), or None.
    `strict`: only where the text says it is a place or a council (running text)."""
    for m in _pattern().finditer(text):
        if strict and not (_BEFORE.search(text[max(0, m.start() - 20): m.start()]) or _AFTER.match(text[m.end():])):
            continue
        found = canonical(m.group(0), year)
        if found:
            return found
    return None


def running(name: str) -> str:
    """The name as a sentence writes it after a preposition: "Kent", "the Isle of Wight"."""
    found = _by_fold().get(fold(name))
    return found.running if found is not None and found.running else name


def in_place(name: str) -> str:
    """Where something happens: "in Kent", "on the Isle of Wight", "in the City of London"."""
    found = _by_fold().get(fold(name))
    return f"{found.preposition if found is not None else 'in'} {running(name)}"
