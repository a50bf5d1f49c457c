"""Improvement items: whether a sentence is one listed under "What needs to improve".

Ofsted lists what must improve as aspects of practice with no finite verb of their own
("The quality of plans.", "How effectively plans drive progress for children.",
"Consideration of the impact of domestic abuse."), or as prose with a verb and a judgement
("Leaders have not ensured that ..."). The scorer's recommendation rules (recommend.item,
section.shortfall) and the analyse stage's `fragment` trait ask this module which a
sentence is; the word lists are lexicon.toml's [rules.item].
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cf.summarise.clauses import PUNCT_BREAKS, grammar
from cf.summarise.data_files import load_lexicon

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span


@lru_cache(maxsize=1)
def item_words() -> dict[str, Any]:
    """The word lists for improvement items (lexicon.toml's [rules.item]): endings as tuples
    (for str.endswith), the rest as sets."""
    raw = load_lexicon()["rules"]["item"]
    out: dict[str, Any] = {k: tuple(v) if k.endswith(("_suffixes", "_endings")) else frozenset(v)
                           for k, v in raw.items()}
    out["finite"] = frozenset(w for w in raw["finite"] if " " not in w)
    return out


def fragment(span: Span) -> bool:
    """A listed item with no finite verb of its own ("The quality of plans."): it names a
    topic, and is no sentence a story can set down on its own. Only list items are asked:
    prose has its verbs, and verb-spotting without a tagger misses some ("depend")."""
    if not span.has_extension("block_kind") or span._.block_kind not in ("bullet", "numbered"):
        return False
    norms = [t.norm_ for t in span]
    return verbless(marked_quotes(span, norms))


def has_own_verb(norms: Sequence[str]) -> bool:
    """Has the sentence a verb known to be finite of its own: prose ("Leaders have not
    ensured ..."), not an item of a list?"""
    return _main_verb([w for w in norms if w not in (".", "!", "?")], 0, item_words(), strict=True)


def heads_subject(norms: Sequence[str], first: int) -> bool:
    """"Review meetings are well attended": an opener that can be a noun heads the subject
    when a finite verb follows it before any clause of its own ("Review plans so that ...")."""
    r = item_words()
    if norms[first] not in r["noun_imperatives"]:
        return False
    for w in norms[first + 1:]:
        if w in PUNCT_BREAKS or w in r["subordinators"] or w == "to":
            return False
        if w in r["finite"] or w in r["verbs"]:
            return True
    return False


def marked_quotes(span: Span, norms: Sequence[str]) -> list[str]:
    """The norms with each opening quote (after a space) as "«": Practitioners 'love' their
    work has no possessive "Practitioners'"."""
    out = list(norms)
    for k, w in enumerate(norms):  # norms fold curly quotes; only quotes need a Token
        if w in ("'", '"') and span[k].text in ("\u2018", "\u201c", "'", '"') \
                and (k == 0 or span[k - 1].whitespace_):
            out[k] = "«"
    return out


def is_heading(span: Span) -> bool:
    """A letter's heading ("The experiences and progress of children in care") names a topic."""
    return span.has_extension("block_kind") and span._.block_kind == "heading"


def _item_head(words: Sequence[str], r: dict[str, Any]) -> int | None:
    """Index of an opening aspect of practice ("The quality of", "Consideration of"), if any."""
    lead = bool(words) and words[0] in ("the", "a", "an")
    i = 1 if lead else 0
    for j in range(i, min(len(words), i + 5)):
        # past the first two words, only adjectives may stand before the aspect
        # ("Consistent and timely management oversight of ...")
        if j >= i + (3 if lead else 2) and not all(
                _adjectival(x, r) or _compound(words, k) for k, x in enumerate(words[:j])
                if k >= i):
            break
        w = words[j]
        if w in r["quantities"] and not (lead and words[0] == "the" and w in r["aspects"]):
            return None  # "The majority of children ..." is a finding; "The range of ..." an item
        if w in r["not_heads"]:
            continue
        if w in r["bare_verbs"] and j > i and words[j - 1] not in ("'", "'s") \
                and not all(_adjectival(x, r) for x in words[i:j]):
            continue  # "Managers ensure ..." is a finding; "Planned support for ..." and
            # "Children's access to ..." (a possessive's noun) are items
        nominal = w in r["aspects"] or (
            len(w) > 5 and w.rstrip("s").endswith(r["nominal_suffixes"]))
        if nominal:  # the first noun heads the phrase: "The arrangements support ..." is a finding
            return j if any(x in r["links"] for x in words[j + 1:j + 7]) else None
    return None


def _compound(words: Sequence[str], k: int) -> bool:
    """Does the word at k modify what follows: a possessive ("Senior managers' oversight") or
    a part of a hyphenated compound ("Multi-agency engagement")?"""
    return words[k + 1] in ("'", "'s", "-") or (k > 0 and words[k - 1] == "-")


def _adjectival(word: str, r: dict[str, Any]) -> bool:
    """Could this word stand before an aspect of practice ("Senior managers' oversight")?"""
    return (word in ("and", ",", "'", "'s", "(", ")", "-") or word.isupper()
            or word in r["premodifiers"] or word.endswith(r["adjective_endings"]))


def verbless(norms: Sequence[str]) -> bool:
    """Is this a listed improvement item: an aspect of practice with no finite verb?"""
    r = item_words()
    words = [w for w in norms if w not in (".", "!", "?")]
    if len(words) < 3 or ":" in words:
        return False
    if "?" not in norms and (any(" ".join(words[:n]) in r["openers"] for n in (2, 3, 4))
                             or (words[0] == "how" and words[1].endswith("ly"))):
        return True  # "How effectively plans drive progress for children."
    head = _item_head(words, r)
    if head is None:
        # "ensuring that plans are updated": a recommendation's continuation, led by a gerund
        head = 0 if words[0] in r["gerunds"] else 1 if " ".join(words[:2]) in r["gerunds"] else None
        if head is None:
            return False
    return not _main_verb(words, head, r)


def _main_verb(words: Sequence[str], head: int, r: dict[str, Any], strict: bool = False
               ) -> bool:
    """Has the sentence a finite verb of its own, beyond those its subordinate clauses owe
    ("when children are arrested", "How clearly the rationale is recorded")? `strict` counts
    only verbs known to be finite ("is", "has", "shows", "officers use"), not word endings."""
    owed = 1 if words and words[0] in grammar("questions") else 0
    bracketed = False  # a clause between commas ("Although improving, ...", ", although X,")
    for i, w in enumerate(words):
        if _purpose_at(words, i, r):
            return False  # "..., to ensure that X is done and Y is recorded": all the aim's
        if w in (";", "(", ")") or (w == "," and bracketed):
            owed, bracketed = 0, False  # such a clause's debt lapses at its comma
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in r["subordinators"] and not (i == 0 and w == "that") and nxt != "to":
            owed += 1  # "who go missing" pays its own verb at once
            bracketed = bracketed or i == 0 or words[i - 1] == ","
            continue
        if _strict_finite(words, i, r) if strict else _finite(words, i, head, r):
            if owed:
                owed -= 1
            else:
                return True
    return False


def _purpose_at(words: Sequence[str], i: int, r: dict[str, Any]) -> bool:
    """Does a purpose ("to ensure that", "so that") open at i? Every verb after it is its own."""
    return " ".join(words[i:i + 2]) in r["purposes"] or " ".join(words[i:i + 3]) in r["purposes"]


def _strict_finite(words: Sequence[str], i: int, r: dict[str, Any]) -> bool:
    w = words[i]
    if w in r["finite"] or w in r["verbs"]:
        return True
    # a bare verb straight after a plural subject ("court officers use ...")
    return i > 0 and w in r["bare_verbs"] and words[i - 1].endswith("s") \
        and words[i - 1] not in r["noun_markers"] and not words[i - 1].endswith("ss") \
        and not (i > 1 and words[i - 2] == "to")


def _finite(words: Sequence[str], i: int, head: int, r: dict[str, Any]) -> bool:
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w in r["finite"] or (w in ("need", "needs") and nxt == "to"):
        return True
    if i <= head or w in r["nouns"]:
        return False  # "information-sharing systems in all agencies": a noun
    if w in r["verbs"]:
        return True  # "influences", "led to"; "decisions made for them" is a participle
    prev = words[i - 1]
    if prev in r["noun_markers"] or prev in r["ly_adjectives"]:
        return False  # "the timely completion", "weekly visits"
    if w in r["bare_verbs"]:  # "Managers ensure ...", not "early help" or "lived experience"
        # nor the object of an infinitive ("to progress and record work"), nor a noun after
        # coordinated modifiers ("timely and proportionate support")
        coordinated = i > 2 and words[i - 2] in ("and", "or", ",") \
            and words[i - 3] in r["premodifiers"]
        return prev not in r["premodifiers"] and prev not in r["bare_verbs"] and not coordinated
    if w.endswith("ed") or w in r["participles"]:  # "contained a clear sense", not "made for"
        return nxt in r["after_verb"] or nxt.endswith("ly")
    if w.endswith("s") and not w.endswith(("ss", "us")):
        return w.endswith(r["verb_endings"]) or nxt in r["after_verb"] or nxt.endswith("ly")
    return False
