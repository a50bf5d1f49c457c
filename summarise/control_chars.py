"""Control characters: terminal escape sequences and other C0/C1 codes never pass through.

A letter's text (or a file's name) can carry ESC sequences that clear a screen, set a
window title or recolour a terminal; no Ofsted document needs them. Document text loses
them whole (`strip`); a name shown to the user gets a visible escape instead (`escape`), so
the file can still be told apart. Tab and newline are text; every other C0 code, DEL and
the C1 range (U+0080-U+009F, where U+009B is a one-character CSI) are controls."""
from __future__ import annotations

import re

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
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def has_controls(text: str) -> bool:
    return _CONTROL.search(text) is not None


def strip(text: str) -> str:
    """Document text without escape sequences or control characters (tab, newline kept)."""
    if not has_controls(text):
        return text
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def escape(text: str) -> str:
    r"""A name or message with each control character shown as `\xNN` (newline too)."""
    if not has_controls(text) and "\n" not in text:
        return text
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group()):02x}", text)


def for_file_name(text: str) -> str:
    """A name safe to create a file with: each control character becomes `_`."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", "_", text)
