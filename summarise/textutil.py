"""Text utilities shared by the composer's modules and the faithfulness check.

Counting words as a writer does, comparing sentences by shared word pairs, changing the
case of a first letter (never of a name), and folding quotes for matching."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import pairwise

WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*")
_STOP = frozenset("the a an and or of to in on for with by at is are was were be been has have had that "
                  "this these those their they them it its as from who which when where not all most "
                  "some".split())
# Curly quotes to straight ones, a no-break space to a space.
QUOTE_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_CONNECTIVE = re.compile(r"^(?:however|but|also|furthermore|moreover|in addition|nevertheless|"
                         r"nonetheless|in contrast|conversely|equally|similarly|additionally),?\s+", re.I)


def fold(text: str) -> str:
    """NFKC (ligatures such as "\ufb01" become "fi") and straight quotes: the characters in
    which the extract stage, the lexicon's matcher and the faithfulness check compare texts."""
    return unicodedata.normalize("NFKC", text).translate(QUOTE_FOLD)


def norm(text: str) -> str:
    """NFKC, straight quotes, single spaces: the form in which texts are compared."""
    return re.sub(r"\s+", " ", fold(text)).strip()


def words(text: str) -> int:
    """Words as a writer counts them: whitespace-separated, "multi-agency" is one."""
    return sum(1 for token in text.split() if re.search(r"[A-Za-z0-9]", token))


def content(text: str) -> set[str]:
    """The content words of a text, lower-cased."""
    return {w.lower() for w in WORD.findall(text) if w.lower() not in _STOP and len(w) > 2}


def _bigrams(text: str) -> set[tuple[str, str]]:
    toks = [w.lower() for w in WORD.findall(text)]
    return set(pairwise(toks))


def similar(a: str, b: str) -> float:
    """Shared word pairs over the shorter text's: near 1 for the same point in the same words
    (topic words alone, such as "help and protection", do not make two findings the same)."""
    ba, bb = _bigrams(a), _bigrams(b)
    return len(ba & bb) / min(len(ba), len(bb)) if ba and bb else 0.0


def lower_first(text: str, proper: set[str]) -> str:
    """Lower-case the first letter unless the first word is a name or an acronym."""
    first = re.sub(r"\W+$", "", text.split(" ", 1)[0])
    if not first or first in proper or (len(first) > 1 and first[:2].isupper()) or first == "I":
        return text
    return text[0].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def strip_stop(text: str) -> str:
    """Without its final full stop (or question or exclamation mark)."""
    return re.sub(r"[.!?]+$", "", text.strip())


def drop_connective(text: str) -> str:
    """A sentence lifted out of its paragraph loses its opening "However," (trimming)."""
    return upper_first(_CONNECTIVE.sub("", text)) if _CONNECTIVE.match(text) else text


# The report's own frame (the `reporting` trait): "At this focused visit, inspectors found that ...".
_REPORTING = re.compile(r"^(?:(?:at|during|in) (?:this|the) (?:focused |monitoring )?(?:visit|inspection),\s*)?"
                        r"(?:(?:inspectors|(?:this|the) (?:focused |monitoring )?(?:visit|inspection)) "
                        r"(?:found|identified|saw|noted|showed) that,?\s+)?", re.I)


def drop_reporting(text: str) -> str:
    """A sentence told as the story's own claim loses the report's frame (trimming): the
    attribution says who found it."""
    m = _REPORTING.match(text)
    return upper_first(text[m.end():]) if m and m.end() else text


def full_stop(text: str) -> str:
    """With a closing full stop, as a sentence in a paragraph needs (a list item may lack one)."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!")) else text + "."


def balanced(text: str) -> bool:
    """Are its brackets and double quotes closed (a cut never leaves one open)?"""
    t = text.translate(QUOTE_FOLD)
    return t.count("(") == t.count(")") and t.count('"') % 2 == 0


def proper_words(texts: Iterable[str]) -> set[str]:
    """Words the texts capitalise mid-sentence and never write in lower case (names,
    acronyms): never lower-cased, as after "However, "."""
    upper: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        tokens = text.split()
        for prev, word in pairwise(tokens):
            word = re.sub(r"\W+$", "", word)
            if word[:1].isupper() and not prev.endswith((".", "?", "!", ":")):
                upper.add(word)
            elif word[:1].islower():
                lower.add(word)
    # "Police" in "Metropolitan Police" is a name there, but not where "police" is common.
    return {w for w in upper if w.lower() not in lower or w.isupper()}


def join_list(items: list[str], last: str = " and ") -> str:
    """"a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + last + items[-1]


_SENTENCE_BREAK = re.compile(r'(?<=[.!?])\s+(?=[A-Z"\u201c])')


def split_sentences(text: str) -> list[str]:
    """Text's sentences by their full stops (a stop before a capital or an opening quote):
    for text already lifted from the letter, which spaCy has segmented once."""
    return [x for x in _SENTENCE_BREAK.split(text) if x]
