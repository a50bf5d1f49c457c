"""The spaCy pipeline: blank English, block-aware sentences and evaluative cue spans.

Built once per process by `get_nlp()`; spaCy is imported only when it is first called, so
that `cf --help` stays fast. The pipeline is

    cf_norm -> cf_lemmas -> cf_tokens -> cf_blocks -> sentencizer -> cf_cues -> cf_traits

- `cf_norm` folds each token's NORM (NFKC, straight quotes, lower case) so the lexicon
  matches whatever quotes or ligatures the PDF used, while the Doc keeps the exact text.
- `cf_blocks` presets sentence starts at block boundaries (char offsets passed in
  `doc.user_data["cf_blocks"]`) and forbids starts the sentencizer would guess wrongly
  (after "No." before a number, before a lower-case word), so a heading, bullet or numbered
  paragraph never joins its neighbour. The sentencizer keeps preset starts (overwrite=False).
- `cf_cues` matches the evaluative lexicon (lexicon.toml) and stores non-overlapping cue
  spans in `doc.spans["cues"]`; score.py judges a sentence from them.
- `cf_traits` matches traits.toml (what a sentence does besides praise or criticise: points
  back to the one before, reports progress, recalls the last inspection...) into
  `doc.spans["traits"]`; traits.py reads them for each sentence.

Doc and Span extensions `section`, `page` and `block_index` say where a sentence came from.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from cf.summarise import textutil
from cf.summarise.data_files import load_data, load_lexicon
from cf.summarise.tokens import add_token_layer

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.strings import StringStore
    from spacy.tokens import Doc, Span

CUES_KEY = "cues"
TRAITS_KEY = "traits"
BLOCKS_KEY = "cf_blocks"  # doc.user_data: list of BlockInfo, in text order
TEXT_KEY = "cf_text"  # doc.user_data: the Doc's text, read once
# Words after which a full stop is an abbreviation's, not a sentence's end.
_ABBREVIATIONS = frozenset(
    "no nos para paras p pp fig vol ref approx cllr dr mr mrs ms st prof rev eg ie etc cf".split()
)
_NUMBERING = re.compile(r"^\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]$", re.I)


@dataclass(frozen=True)
class BlockInfo:
    """Where one block sits in a letter's Doc, and what it is."""

    start: int  # char offset of the block's first character in doc.text
    section: str = ""
    page: int | None = None
    kind: str = "paragraph"
    index: int = 0


def fold(text: str) -> str:
    """The matching form of a token or phrase: NFKC, straight quotes, lower case."""
    return textutil.fold(text).lower()


def get_nlp() -> Language:
    """The project's pipeline, built once per process."""
    return _build_nlp()


@lru_cache(maxsize=1)
def _build_nlp() -> Language:
    import spacy

    _register()
    nlp = spacy.blank("en")
    # A letter is one Doc; a 200-page report can pass spaCy's default 1,000,000 characters,
    # and this pipeline (no parser or tagger) needs little memory per character.
    nlp.max_length = 10_000_000
    nlp.add_pipe("cf_norm")
    add_token_layer(nlp)
    nlp.add_pipe("cf_blocks")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("cf_cues")
    nlp.add_pipe("cf_traits")
    return nlp


def make_letter_doc(blocks: Iterable[tuple[str, BlockInfo]]) -> Doc:
    """Tokenise a letter's blocks as one Doc (blocks joined by blank lines), unprocessed.

    Pass the result through `get_nlp().pipe(...)` (or call `get_nlp()(doc)`)."""
    nlp = get_nlp()
    parts: list[str] = []
    infos: list[BlockInfo] = []
    offset = 0
    for text, info in blocks:
        infos.append(BlockInfo(offset, info.section, info.page, info.kind, info.index))
        parts.append(text)
        offset += len(text) + 2
    text = "\n\n".join(parts)
    doc = nlp.make_doc(text)
    doc.user_data[BLOCKS_KEY] = infos
    doc.user_data[TEXT_KEY] = text
    return doc


def doc_text(doc: Doc) -> str:
    """The Doc's text. `Doc.text` joins every token on each access; a letter's is kept."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def block_of(doc: Doc, char: int) -> BlockInfo | None:
    """The block that holds the character at `char`, if the Doc has block information."""
    infos: list[BlockInfo] | None = doc.user_data.get(BLOCKS_KEY)
    if not infos:
        return None
    starts = doc.user_data.get(BLOCKS_KEY + "_starts")
    if starts is None or len(starts) != len(infos):
        starts = doc.user_data[BLOCKS_KEY + "_starts"] = [b.start for b in infos]
    i = bisect_right(starts, char) - 1
    return infos[max(i, 0)]


def sentences(doc: Doc) -> list[Span]:
    """The Doc's sentences, without the whitespace-only ones between blocks.

    Read from the SENT_START array rather than `doc.sents`, which builds a Token object for
    every token of a long letter."""
    if not len(doc):
        return []
    starts = [i for i, v in enumerate(doc.to_array("SENT_START").tolist()) if v == 1 or i == 0]
    text = doc_text(doc)
    out = []
    for a, b in pairwise([*starts, len(doc)]):
        span = doc[a:b]
        if text[span.start_char:span.end_char].strip():
            out.append(span)
    return out


# ---------------------------------------------------------------- components

_REGISTERED = False


def _register() -> None:
    """Register components and extensions (once; spaCy is imported by now)."""
    global _REGISTERED
    if _REGISTERED:
        return
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    Language.component("cf_norm", func=_norm_component)
    Language.component("cf_blocks", func=_blocks_component)
    Language.factory("cf_cues", func=_make_cue_matcher)
    Language.factory("cf_traits", func=_make_trait_matcher)
    for cls in (Doc, Span):
        for name in ("section", "page", "block_index", "block_kind"):
            if not cls.has_extension(name):
                cls.set_extension(name, getter=_getter(name))
    _REGISTERED = True


def _getter(name: str) -> Callable[[Any], Any]:
    def get(obj: Any) -> Any:
        is_span = hasattr(obj, "start_char")
        doc = obj.doc if is_span else obj
        start = obj.start_char if is_span else 0
        info = block_of(doc, start)
        if info is None:
            return {"section": "", "page": None, "block_index": 0, "block_kind": "paragraph"}[name]
        return {"section": info.section, "page": info.page, "block_index": info.index,
                "block_kind": info.kind}[name]

    return get


def _norm_component(doc: Doc) -> Doc:
    """Fold NORM only where it can differ: tokens with non-ASCII characters."""
    if doc_text(doc).isascii():
        return doc  # a blank pipeline's norms are already lower case
    strings = doc.vocab.strings
    orths = doc.to_array("ORTH")
    odd = {int(o) for o in set(orths.tolist()) if not strings[int(o)].isascii()}
    for i, orth in enumerate(orths.tolist()):
        if orth in odd:
            token = doc[i]
            token.norm_ = fold(token.norm_)
    return doc


def _blocks_component(doc: Doc) -> Doc:
    """Preset sentence starts: True at each block's start, False where a guess would be wrong.

    Works on arrays and visits only tokens that could start a sentence (after a
    sentence-ending mark or a blank line, and at block starts): a letter has thousands of
    tokens and only a few hundred candidates."""
    import numpy

    n = len(doc)
    if n < 2:
        return doc
    strings = doc.vocab.strings
    arr = doc.to_array(["ORTH", "IDX"])  # uint64: ORTH ids are 64-bit hashes
    orths, idxs = arr[:, 0], arr[:, 1].astype("int64")
    sent = numpy.zeros(n, dtype="int64")
    starts = [b.start for b in doc.user_data.get(BLOCKS_KEY, ())]
    block_first = numpy.zeros(n, dtype=bool)
    for token_i in numpy.searchsorted(idxs, starts).tolist():
        if 0 < token_i < n:
            block_first[token_i] = True
    breaks = numpy.isin(orths[:-1], numpy.array([strings.add(s) for s in _BREAKS], dtype="uint64"))
    block_first[1:] |= breaks
    block_first[0] = True
    enders = numpy.isin(orths[:-1], numpy.array([strings.add(s) for s in _ENDERS], dtype="uint64"))
    sent[block_first] = 1
    texts = _Texts(strings, orths)
    candidates = numpy.flatnonzero(block_first[1:] | enders) + 1
    for i in candidates.tolist():
        if not block_first[i] and _wrong_start(texts, i, _last_block_start(block_first, i)):
            sent[i] = -1
    # One attribute takes a 1-D array (spaCy reshapes it); the stub admits only 2-D ones.
    doc.from_array(["SENT_START"], sent.astype("uint64"))  # type: ignore[arg-type]
    return doc


def _last_block_start(block_first: Any, i: int) -> int:
    for j in range(i, max(-1, i - 4), -1):
        if block_first[j]:
            return j
    return -10  # far enough back that "12." rules never apply


class _Texts:
    """Token texts looked up on demand from ORTH ids (no Token objects)."""

    def __init__(self, strings: StringStore, orths: Any) -> None:
        self.strings, self.orths = strings, orths

    def __getitem__(self, i: int) -> str:
        return self.strings[int(self.orths[i])]


_ENDERS = frozenset({".", "!", "?", ")", ";", '"', "'", "\u201d", "\u2019"})
_BREAKS = frozenset({"\n\n", "\n\n\n", " \n\n", "\n \n", "\n\n "})


def _wrong_start(texts: Any, i: int, block_start: int) -> bool:
    """Would a sentence starting at token i be a sentencizer mistake?"""
    word, prev = texts[i], texts[i - 1]
    first = word[:1]
    if first.islower():  # "etc. and", "e.g. visits": sentences start with a capital
        return True
    if prev in (".", ")") and i >= 2:
        before = texts[i - 2]
        if fold(before) in _ABBREVIATIONS and (first.isdigit() or before[:1].isupper()):
            return True  # "No. 5", "Dr. Smith" split by the tokenizer
        if i - 2 == block_start and _NUMBERING.match(before + prev):
            return True  # "12. Children ..." keeps its paragraph number
    if i - 1 == block_start and _NUMBERING.match(prev):
        return True  # "12." tokenised whole
    return False


class CueMatcher:
    """Match a data file's phrases and patterns into doc.spans[key], longest first: the
    lexicon's [cues] into "cues", traits.toml's [traits] into "traits"."""

    def __init__(self, nlp: Language, categories: dict[str, Any] | None = None,
                 key: str = CUES_KEY) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self.patterns = Matcher(nlp.vocab)
        self.weights: dict[str, float] = {}
        self.key = key
        if categories is None:
            categories = load_lexicon().get("cues", {})
        for category, spec in categories.items():
            self._add(nlp, category, spec)

    def _add(self, nlp: Language, category: str, spec: dict[str, Any]) -> None:
        # A category may hold tiers: {"strong": {...}, "weak": {...}} or phrases directly.
        if "phrases" not in spec and "patterns" not in spec:
            for tier, sub in spec.items():
                if isinstance(sub, dict):
                    self._add(nlp, f"{category}.{tier}", sub)
            return
        label = category
        self.weights[label] = float(spec.get("weight", 0.0))
        from spacy.tokens import Doc

        docs = []
        for phrase in spec.get("phrases", []):
            for variant in _variants(phrase):
                pdoc = nlp.make_doc(variant)
                _norm_component(pdoc)
                docs.append(pdoc)
        pats = []
        for pattern in spec.get("patterns", []):
            expanded = expand_pattern(pattern)
            if expanded is None:
                pats.append(_pattern(pattern))
            else:  # plain alternatives: cheaper as phrases than as Matcher predicates
                docs.extend(Doc(nlp.vocab, words=words) for words in expanded)
        if docs:
            self.phrases.add(label, docs)
        if pats:
            self.patterns.add(label, pats)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span

        matches = self.phrases(doc) + self.patterns(doc)
        # Longest first, then earliest: the same choice as spacy.util.filter_spans, done on
        # tuples so that only the kept matches become Spans.
        matches.sort(key=lambda m: (m[1] - m[2], m[1]))
        taken = bytearray(len(doc) + 1)
        kept = []
        for label, start, end in matches:
            if not any(taken[start:end]):
                taken[start:end] = b"\x01" * (end - start)
                kept.append((start, end, label))
        kept.sort()
        doc.spans[self.key] = [Span(doc, s, e, label=label) for s, e, label in kept]
        return doc


# spaCy builds a component by calling its factory with `nlp` and `name` by keyword.
def _make_cue_matcher(nlp: Language, name: str) -> CueMatcher:  # noqa: ARG001
    return CueMatcher(nlp)


def _make_trait_matcher(nlp: Language, name: str) -> CueMatcher:  # noqa: ARG001
    return CueMatcher(nlp, load_data("traits.toml").get("traits", {}), TRAITS_KEY)


def _variants(phrase: str) -> list[str]:
    """A phrase as written, plus its hyphenated form ("well embedded" -> "well-embedded")."""
    out = [phrase]
    words = phrase.split()
    if len(words) == 2 and words[0] in ("well", "poorly", "child", "long", "short", "high", "low",
                                         "good", "better", "best", "co", "multi", "fully", "ill"):
        out.append("-".join(words))
    return out


def expand_pattern(text: str, limit: int = 20000) -> list[list[str]] | None:
    """All word sequences a pattern of plain words, `a|b` and `?word` stands for, or None
    when it uses prefixes, regexes, wildcards or flags (those stay Matcher patterns)."""
    options: list[list[str]] = []
    for word in text.split():
        optional = word.startswith("?")
        word = word.lstrip("?")
        if word == "_" or "*" in word or word.startswith(("/", "@", "~")):
            return None
        alts = word.split("|")
        options.append(alts + [""] if optional else alts)
    out: list[list[str]] = [[]]
    for alts in options:
        out = [seq + ([a] if a else []) for seq in out for a in alts]
        if len(out) > limit:
            return None
    return [seq for seq in out if seq]


def _pattern(text: str) -> list[dict[str, Any]]:
    """A token pattern in the lexicon's small syntax.

    Words separated by spaces; `word*` is a prefix (REGEX on NORM), `a|b|c` is one of
    several words, `?word` is an optional word, `_` is any one token, `/re/` a regex,
    `@url` and `@email` a web or mail address, `~word` (or `~a|b`) any form of a lemma
    ("~have to ~chase": "had to chase", "having to chase", ...)."""
    out: list[dict[str, Any]] = []
    for word in text.split():
        spec: dict[str, Any]
        optional = word.startswith("?")
        word = word.lstrip("?")
        if word == "_":
            spec = {}
        elif word.startswith("~"):
            spec = {"LEMMA": {"IN": [w.lstrip("~") for w in word.split("|")]}}
        elif word in ("@url", "@email"):
            spec = {"LIKE_URL" if word == "@url" else "LIKE_EMAIL": True}
        elif len(word) > 2 and word.startswith("/") and word.endswith("/"):
            spec = {"NORM": {"REGEX": word[1:-1]}}
        elif "|" in word and "*" in word:
            alts = "|".join(re.escape(w[:-1]) + ".*" if w.endswith("*") else re.escape(w)
                            for w in word.split("|"))
            spec = {"NORM": {"REGEX": f"^(?:{alts})$"}}
        elif "|" in word:
            spec = {"NORM": {"IN": word.split("|")}}
        elif word.endswith("*"):
            spec = {"NORM": {"REGEX": "^" + re.escape(word[:-1])}}
        else:
            spec = {"NORM": word}
        if optional:
            spec["OP"] = "?"
        out.append(spec)
    return out
