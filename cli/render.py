"""Renderers: pure functions from a result's JSON form (docs/design.md) to text.

They work from the dict, not the dataclasses, so a cached result renders without running
(or importing) the pipeline."""
from __future__ import annotations

import base64
import html
import json
import os
import re
from collections.abc import Iterator
from typing import Any

from cf.models.summary import plain_text
from cf.models.summary import story_parts as summary_parts
from cf.summarise.control_chars import INVISIBLE, strip, undecodable

FORMATS = ("text", "markdown", "html", "json", "jsonl")
EXTENSIONS = {"text": ".txt", "markdown": ".md", "html": ".html", "json": ".json", "jsonl": ".jsonl"}
# Between two documents when several go to one stream.
SEPARATORS = {"text": "\n---\n\n", "markdown": "\n---\n\n", "html": "\n<hr>\n\n"}


def story_parts(summary: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The draft in story order (models.summary.story_parts), control characters out: a
    cached result is rendered from a file, so nothing it holds reaches a terminal raw."""
    for kind, text in summary_parts(summary):
        yield kind, strip(text)


def render_text(doc: dict[str, Any]) -> str:
    """The draft as plain text: the composer's own `text` when it has one."""
    text = (doc.get("summary") or {}).get("text")
    if text:
        return strip(text).rstrip("\n") + "\n"
    return plain_text(story_parts(doc.get("summary") or {}))


# Markup anywhere in a line: emphasis, code, links, raw HTML, ~~strikethrough~~ (and a ~~~
# fence), and an `&` that starts an entity (`&amp;`, `&#60;`), which Markdown would decode.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~]|&(?=#?[0-9A-Za-z]+;))")
# At the start of a line: a heading, list, quote, table or setext underline; for "1." the
# dot is escaped (a backslash before a digit is no escape); and indentation goes, as four
# spaces would make a code block.
_MD_LINE_START = re.compile(r"^([#+\-=|>])", re.MULTILINE)
_MD_ORDERED = re.compile(r"^(\d+)([.)])", re.MULTILINE)
_MD_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def md_escape(text: str) -> str:
    """Escape what Markdown would read as markup, so the letter's text comes out as written."""
    text = _MD_SPECIAL.sub(r"\\\1", _MD_INDENT.sub("", text))
    text = _MD_LINE_START.sub(r"\\\1", text)
    return _MD_ORDERED.sub(r"\1\\\2", text)


def render_markdown(doc: dict[str, Any]) -> str:
    lines: list[str] = []
    for kind, part in story_parts(doc.get("summary") or {}):
        text = md_escape(part)
        if kind == "headline":
            lines += [f"# {text}", ""]
        elif kind in ("strength", "weakness"):
            lines.append(f"- {text}")
        elif kind == "link":
            lines += [f"*{text}*", ""]
        else:
            if lines and lines[-1].startswith("- "):
                lines.append("")
            lines += [text, ""]
    return _tidy("\n".join(lines))


def render_html(doc: dict[str, Any]) -> str:
    """A fragment for a web CMS: h2 headline, plain paragraphs, a list of findings."""
    out: list[str] = []
    in_list = False
    for kind, part in story_parts(doc.get("summary") or {}):
        text = html.escape(part, quote=False)  # text content: &, <, > are enough
        if kind in ("strength", "weakness"):
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"  <li>{text}</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        out.append(f"<h2>{text}</h2>" if kind == "headline" else f"<p>{text}</p>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out) + "\n"


_ESCAPED = re.compile(f"[\\x7f-\\x9f{INVISIBLE}\\ud800-\\udfff]")


def to_json(value: Any, indent: int | None = 2) -> str:
    """JSON with keys sorted and no control or invisible character unescaped.

    json.dumps escapes C0 itself; DEL, C1 (U+009B is a one-character CSI), the invisible
    characters (a right-to-left override in a file name) and lone surrogates it would leave
    raw with ensure_ascii=False, so they are written as \\uXXXX. They can only stand inside
    strings, so the JSON stays valid and decodes to the same value."""
    separators = (",", ":") if indent is None else None
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, indent=indent,
                      separators=separators)
    return _ESCAPED.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # a tag character: JSON spells it as its UTF-16 pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_source(source: dict[str, Any]) -> dict[str, Any]:
    """`source` for JSON output: a file name that is not UTF-8 (its undecodable bytes held as
    lone surrogates) becomes valid text, each such byte written `\\xNN`, and its exact bytes
    go in `path_base64`, so a script can still open the file."""
    path = source.get("path")
    if not isinstance(path, str) or undecodable(path) == path:
        return source
    exact = base64.b64encode(os.fsencode(path)).decode("ascii")
    return {**source, "path": undecodable(path), "path_base64": exact}


def render_json(doc: dict[str, Any]) -> str:
    return to_json(doc) + "\n"


def render_jsonl(doc: dict[str, Any]) -> str:
    return to_json(doc, indent=None) + "\n"


def render_json_list(docs: list[dict[str, Any]]) -> str:
    return to_json(docs) + "\n"


RENDERERS = {
    "text": render_text,
    "markdown": render_markdown,
    "html": render_html,
    "json": render_json,
    "jsonl": render_jsonl,
}


def render(doc: dict[str, Any], fmt: str) -> str:
    return RENDERERS[fmt](doc)


def for_output(doc: dict[str, Any], explain: bool) -> dict[str, Any]:
    """The contract's object for one document (`sentences` only with --explain)."""
    out = {k: v for k, v in doc.items() if explain or k != "sentences"}
    out.setdefault("status", "ok")
    if isinstance(out.get("source"), dict):
        out["source"] = json_source(out["source"])
    return out


def error_object(path: str, message: str, error_type: str) -> dict[str, Any]:
    """A failed document in json/jsonl: keeps a batch's output one object per input."""
    from cf.models.result import SCHEMA_VERSION

    return {
        "schema_version": SCHEMA_VERSION,
        "status": "error",
        "source": json_source({"path": path}),
        "error": undecodable(message),
        "error_type": error_type,
    }


def _tidy(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
