"""The terminal rendering (Rich): headline, panels, findings coloured by strength/weakness.

Letter text always goes in as `rich.text.Text`, never as markup, so square brackets and
`:colons:` in a letter survive."""
from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from cf.cli.render import story_parts
from cf.summarise.control_chars import strip

LABEL_STYLES = {"strength": "green", "weakness": "red", "mixed": "yellow", "neutral": "dim"}
MARKS = {"strength": "+ ", "weakness": "- "}
KIND_NAMES = {
    "focused_visit": "focused visit",
    "monitoring_visit": "monitoring visit",
    "inspection": "inspection",
    "jtai": "joint targeted area inspection",
    "other": "other document",
}


def describe(doc: dict[str, Any]) -> str:
    """One line: authority, kind, date (for a panel's subtitle and the batch table)."""
    d = doc.get("document") or {}
    bits = [d.get("local_authority") or "", KIND_NAMES.get(d.get("kind") or "", d.get("kind") or "")]
    if d.get("published"):
        bits.append(f"published {d['published']}")
    return strip(" · ".join(str(b) for b in bits if b))


def story(doc: dict[str, Any], explain: bool = False) -> RenderableType:
    """The whole draft for a terminal."""
    headline = ""
    body: list[RenderableType] = []
    findings: list[RenderableType] = []
    intro = "Findings"
    after: list[RenderableType] = []
    link = ""
    for kind, text in story_parts(doc.get("summary") or {}):
        if kind == "headline":
            headline = text
        elif kind == "intro":
            intro = text
        elif kind in MARKS:
            line = Text(MARKS[kind], style=f"bold {LABEL_STYLES[kind]}")
            line.append(text, style=LABEL_STYLES[kind])
            findings.append(line)
        elif kind == "link":
            link = text
        else:
            (after if findings else body).append(Text(text))
    parts: list[RenderableType] = [
        Panel(_spaced(body), title=Text(headline, style="bold"), subtitle=Text(describe(doc)),
              title_align="left", subtitle_align="right", border_style="cyan")
    ]
    if findings:
        parts.append(Panel(Group(*findings), title=Text(intro), title_align="left",
                           border_style="blue"))
    if after:
        parts.append(Panel(_spaced(after), border_style="dim"))
    if link:
        parts.append(Text(link, style="italic"))
    # Warnings go to stderr (Terminal.warn), not into the draft.
    if explain:
        parts.append(sentences_table(doc.get("sentences") or []))
    return Group(*parts)


def sentences_table(sentences: list[dict[str, Any]]) -> RenderableType:
    """--explain: every sentence of the letter with its label colour and its cues."""
    table = Table(title="How each sentence was read", title_justify="left", show_lines=False,
                  expand=True)
    table.add_column("label", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("sentence", ratio=3)
    table.add_column("cues", ratio=1, style="dim")
    for s in sentences:
        style = LABEL_STYLES.get(s.get("label", ""), "")
        label = s.get("label", "")
        if label == "mixed" and s.get("lean"):
            label += f" ({s['lean']})"
        table.add_row(Text(label, style=style), Text(f"{s.get('score', 0):+.2f}"),
                      Text(s.get("text", ""), style=style), Text(", ".join(s.get("cues") or [])))
    return table


def separator() -> RenderableType:
    return Rule(style="dim")


def _spaced(items: list[RenderableType]) -> RenderableType:
    out: list[RenderableType] = []
    for i, item in enumerate(items):
        if i:
            out.append(Text(""))
        out.append(item)
    return Group(*out)
