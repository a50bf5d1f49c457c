"""`cf score`: sentences, one per line, or a document's sentences judged in place, each with
its label, lean, score and cues."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from cf.cli.cache import Options
from cf.cli.exit_codes import ExitCode
from cf.cli.inputs import STDIN, Input, InputError
from cf.cli.render import to_json
from cf.cli.runner import Limits, Outcome, quieten_libraries, run_each
from cf.cli.terminal import Terminal
from cf.models import Style
from cf.summarise.control_chars import strip
from cf.summarise.limits import DEFAULT_MAX_PAGES


@dataclass(frozen=True)
class ScoreRequest:
    path: str
    fmt: str
    document: bool = False  # judge a text file's sentences in place, not one a line
    engine: str = "pdfminer"
    max_pages: int | None = DEFAULT_MAX_PAGES
    limits: Limits = field(default_factory=Limits)


def score_lines(request: ScoreRequest, no_color: bool, debug: bool) -> int:
    """`cf score`: one row per input line, or per sentence of a document (a PDF, or text
    with --document) judged in place with its section, as the draft judges it. The input is
    read and judged in a bounded worker, as `cf summarise` reads a document."""
    from cf.cli.config import engine_problem

    term = Terminal.create(no_color=no_color)
    if not debug:
        quieten_libraries()
    problem = engine_problem(request.engine)
    if problem:
        term.error(None, problem)
        return ExitCode.USAGE
    item = Input(request.path) if request.path == STDIN or os.path.lexists(request.path) \
        else Input(request.path, "no such file or folder")
    outcomes: list[Outcome] = []
    run_each([item], score_document if request.document else score_input,
             Options(Style(), request.engine, request.max_pages), request.limits, debug, outcomes.append)
    (outcome,) = outcomes
    if outcome.doc is None:
        term.error(request.path, outcome.error or "failed")
        if debug and outcome.traceback:
            term.err.file.write(outcome.traceback)
        return ExitCode.FAILED
    _write_score_rows(term, outcome.doc["rows"], request.fmt)
    return ExitCode.OK


def score_input(data: bytes, path: str, options: Options) -> dict[str, Any]:
    """What a worker does for `cf score`: a PDF's sentences in place, else a row per line."""
    from cf.summarise.extract import is_pdf

    if is_pdf(data) or path.lower().endswith(".pdf"):
        return score_document(data, path, options)
    try:
        text = decode(data)
    except UnicodeDecodeError:
        raise InputError("not UTF-8 or UTF-16 text") from None
    # A line is scored, and shown, without control characters (escape sequences too).
    return {"rows": score_rows([strip(line) for line in text.splitlines()])}


def score_document(data: bytes, path: str, options: Options) -> dict[str, Any]:
    """What a worker does for `cf score --document` (and for a PDF)."""
    return {"rows": document_rows(data, path, options.engine, options.max_pages)}


def _write_score_rows(term: Terminal, rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "jsonl":
        for row in rows:
            term.write(to_json(row, indent=None) + "\n")
    elif fmt == "json":
        term.write(to_json(rows) + "\n")
    elif term.styled:
        term.out.print(score_table(rows))
    else:
        for row in rows:
            cues = ", ".join(row["cues"])
            where = f"{row['page'] or '-'}\t{row['section'] or '-'}\t" if "section" in row else ""
            term.write(f"{row['label']}\t{row['lean'] or '-'}\t{row['score']:+.2f}\t{where}{cues}\t{row['text']}\n")


def document_rows(data: bytes, path: str, engine: str, max_pages: int | None) -> list[dict[str, Any]]:
    """One row per sentence of the document, judged in place with its section: the labels
    `cf summarise` drafts from (its --explain sentences), numbered from 1."""
    from cf.summarise.analyse import analyse
    from cf.summarise.pipeline import read_letter

    letter = read_letter(data, path, engine=engine, max_pages=max_pages)
    return [{"line": n, "text": s.text, "label": s.assessment.label, "lean": s.assessment.lean,
             "score": round(float(s.assessment.score), 4), "cues": list(s.assessment.cues),
             "section": s.section, "page": s.page}
            for n, s in enumerate(analyse(letter), start=1)]


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def score_rows(lines: list[str]) -> list[dict[str, Any]]:
    """One row per input line, in order; blank lines are neutral so the counts match."""
    from cf.summarise.score import score_texts

    wanted = [i for i, line in enumerate(lines) if line.strip()]
    assessments = dict(zip(wanted, score_texts([lines[i].strip() for i in wanted]), strict=True))
    rows = []
    for i, line in enumerate(lines):
        a = assessments.get(i)
        rows.append({
            "line": i + 1,
            "text": line,
            "label": a.label if a else "neutral",
            "lean": a.lean if a else None,
            "score": round(float(a.score), 4) if a else 0.0,
            "cues": list(a.cues) if a else [],
        })
    return rows


def score_table(rows: list[dict[str, Any]]) -> Any:
    from rich.table import Table
    from rich.text import Text

    from cf.cli.styled import LABEL_STYLES

    table = Table(expand=True)
    placed = bool(rows) and "section" in rows[0]  # a document's sentences: page and section
    columns: list[tuple[str, dict[str, Any]]] = [("#", {"justify": "right"}), ("label", {}), ("lean", {}),
                                                 ("score", {"justify": "right"})]
    columns += [("page", {"justify": "right"}), ("section", {"ratio": 1})] if placed else []
    columns += [("sentence", {"ratio": 3}), ("cues", {"ratio": 1, "style": "dim"})]
    for name, kw in columns:
        table.add_column(name, **kw)
    for row in rows:
        style = LABEL_STYLES.get(row["label"], "")
        where: list[str | Text] = [str(row["page"] or ""), Text(row["section"] or "")] if placed else []
        table.add_row(str(row["line"]), Text(row["label"], style=style), Text(row["lean"] or ""),
                      f"{row['score']:+.2f}", *where, Text(row["text"], style=style),
                      Text(", ".join(row["cues"])))
    return table
