"""Control and invisible characters: terminal escape sequences, other C0/C1 codes,
bidirectional overrides and zero-width characters never pass through.

A letter's text (or a file's name) can carry ESC sequences that clear a screen, set a
window title or recolour a terminal, a right-to-left override (U+202E) that shows the rest
of a line backwards, or zero-width characters that make two different texts look the same;
no Ofsted document needs any of them. Document text loses them whole (`strip`); a name
shown to the user gets a visible escape instead (`escape`), so the file can still be told
apart. Tab and newline are text; every other C0 code, DEL and the C1 range
(U+0080-U+009F, where U+009B is a one-character CSI) are controls.

A file name is bytes: one that is not UTF-8 reaches Python with each undecodable byte as a
lone surrogate (U+DC80-U+DCFF, PEP 383), which keeps the name exact for opening the file;
`escape` and `undecodable` show those bytes as `\\xNN`."""
from __future__ import annotations

import re
from typing import Any

# An escape sequence as a terminal reads it (ECMA-48): CSI (ESC [ or U+009B) with its
# parameters; OSC, DCS, SOS, PM and APC strings up to their terminator (BEL or ST); any
# other ESC with its intermediate and final bytes.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    # a string (OSC, DCS, ...) runs to its terminator, or to the end of its line or page:
    # an unterminated one never swallows the rest of a document
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n\r\f]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# Invisible characters that change how text shows or compares, not what it says: the
# bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E-F, U+202A-E,
# U+2066-9), zero-width spaces and joiners (U+200B-D, U+2060-4, U+FEFF), the deprecated
# format characters (U+206A-F), the Hangul and Mongolian fillers and separators that render
# as nothing, variation selectors, interlinear annotation marks and the tag characters
# (U+E0000-U+E007F, which can carry a hidden ASCII text). The soft hyphen (U+00AD) and the
# no-break spaces are real letters' characters and stay.
INVISIBLE = (
    "\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e007f"
    "\U000e0100-\U000e01ef"
)
_UNWANTED = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{INVISIBLE}]")
_SHOWN = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{INVISIBLE}\\ud800-\\udfff]")
_SURROGATE = re.compile("[\\ud800-\\udfff]")


def has_controls(text: str) -> bool:
    """Whether `text` holds a control or invisible character (tab and newline are text)."""
    return _UNWANTED.search(text) is not None


def strip(text: str) -> str:
    """Document text without escape sequences, control or invisible characters (tab,
    newline kept)."""
    if not has_controls(text):
        return text
    return _UNWANTED.sub("", _SEQUENCE.sub("", text))


def strip_all(value: Any) -> Any:
    """The same JSON value with every string in it (keys too) `strip`ped: for text that
    comes back from a file (the cache), treated as if it were new."""
    if isinstance(value, str):
        return strip(value)
    if isinstance(value, list):
        return [strip_all(v) for v in value]
    if isinstance(value, dict):
        return {strip_all(k): strip_all(v) for k, v in value.items()}
    return value


def escape(text: str) -> str:
    r"""A name or message on one line, every character shown as it is except: a control
    character (newline too) or an undecodable byte as `\xNN`, an invisible character or
    another lone surrogate as `\uNNNN`."""
    if _SHOWN.search(text) is None:
        return text
    return _SHOWN.sub(_shown, text)


def undecodable(text: str) -> str:
    r"""A name as valid Unicode text: each byte that was not UTF-8 shown as `\xNN`, the
    rest as it is (for JSON, whose strings must be Unicode)."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(_shown, text)


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def for_file_name(text: str) -> str:
    """A name safe to create a file with: each control or invisible character becomes `_`
    (an undecodable byte stays: the draft keeps its letter's name)."""
    return _UNWANTED.sub("_", text)
