"""What a batch tells stderr when it ends.

A table of every input (file, authority, kind, strengths, weaknesses, mixed, status) when it
fits on the screen, or when stderr is a log file (one line per input, as wide as its longest
row, so no column is ever squeezed out). Past a screenful a terminal gets a summary instead:
counts by status and kind, where the output went, and the failures."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.text import Text

from cf.cli.runner import Outcome
from cf.cli.styled import KIND_NAMES
from cf.models.summary import counts
from cf.summarise.control_chars import escape, strip

COLUMNS = ("file", "authority", "kind", "strengths", "weaknesses", "mixed", "status")
NUMBERS = ("strengths", "weaknesses", "mixed")
# Lines the summary's head and the shell prompt take, besides the table's own rows.
_SPARE_LINES = 8


@dataclass(frozen=True)
class Row:
    file: str
    authority: str
    kind: str
    numbers: dict[str, int] | None  # None for a failed input
    status: str  # "ok", "ok (cached)" or "failed: <what>"

    @property
    def ok(self) -> bool:
        return self.numbers is not None

    def cells(self) -> list[str]:
        numbers = [str(self.numbers[n]) if self.numbers else "" for n in NUMBERS]
        return [self.file, self.authority, self.kind, *numbers, self.status]


def rows(done: dict[int, Outcome]) -> list[Row]:
    """One row per input, in input order; every text shown without control characters."""
    out = []
    for index in sorted(done):
        o = done[index]
        doc: dict[str, Any] = o.doc or {}
        d = doc.get("document") or {}
        status = ("ok (cached)" if o.cached else "ok") if o.ok else f"failed: {escape(o.error or 'failed')}"
        out.append(Row(escape(o.path), strip(d.get("local_authority") or ""), strip(d.get("kind") or ""),
                       counts(doc.get("summary") or {}) if o.ok else None, status))
    return out


def report(err: Console, table_rows: list[Row], destination: str) -> None:
    """The table, or on a terminal too small for it, the summary (see the module's docstring)."""
    if err.is_terminal and len(table_rows) + _SPARE_LINES > err.size.height:
        _summary(err, table_rows, destination)
        return
    if err.is_terminal:
        err.print(_terminal_table(table_rows))
    else:
        _log_table(err, table_rows)
    err.print(Text(_totals(table_rows)), soft_wrap=True)


def _totals(table_rows: list[Row]) -> str:
    done = sum(r.ok for r in table_rows)
    cached = sum(r.status == "ok (cached)" for r in table_rows)
    return f"{done} of {len(table_rows)} done ({cached} from the cache), {len(table_rows) - done} failed"


def _terminal_table(table_rows: list[Row]) -> Any:
    """Text columns fold, each a share of the width, rather than squeeze the others out of an
    80-column window; numbers never wrap."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE)
    shares = {"file": 3, "authority": 1, "kind": 1, "status": 2}
    for name in COLUMNS:
        if name in NUMBERS:
            table.add_column(name, justify="right", no_wrap=True, min_width=len(name))
        else:
            table.add_column(name, overflow="fold", ratio=shares[name], min_width=len(name))
    for row in table_rows:
        style = "green" if row.ok else "red"
        *first, status = row.cells()
        table.add_row(*(Text(c) for c in first), Text(status, style=style))
    return table


def _log_table(err: Console, table_rows: list[Row]) -> None:
    """A log gets every row on one line, every column whole: the console is made as wide as
    the widest row, however long a file's name."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.ASCII)
    for name in COLUMNS:
        table.add_column(name, justify="right" if name in NUMBERS else "left", no_wrap=True)
    for row in table_rows:
        table.add_row(*(Text(c) for c in row.cells()))
    widths = [max([len(name)] + [len(r.cells()[i]) for r in table_rows]) for i, name in enumerate(COLUMNS)]
    wide = Console(file=err.file, width=sum(widths) + 3 * len(widths) + 1, no_color=True, highlight=False)
    wide.print(table)


def _summary(err: Console, table_rows: list[Row], destination: str) -> None:
    kinds = Counter(KIND_NAMES.get(r.kind, r.kind or "unknown") for r in table_rows if r.ok)
    failed = [r for r in table_rows if not r.ok]
    lines = [_totals(table_rows)]
    if kinds:
        lines.append("  by kind: " + ", ".join(f"{n} {kind}" for kind, n in kinds.most_common()))
    lines.append(f"  output: {destination}")
    if failed:
        room = max(3, err.size.height - _SPARE_LINES)
        lines.append(f"failed ({len(failed)}):")
        lines += [f"  {r.file}: {r.status.removeprefix('failed: ')}" for r in failed[:room]]
        if len(failed) > room:
            lines.append(f"  ... and {len(failed) - room} more (each has its cf: error: line above)")
    for line in lines:
        err.print(Text(line, style="red" if line.startswith("failed") else ""), soft_wrap=True)
