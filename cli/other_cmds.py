"""`cf inspect` (how a document is read) and `cf score` (sentences, one per line, or a
document's sentences in place)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from cf.cli.exit_codes import ExitCode, internal_error
from cf.cli.inputs import STDIN, Input, InputError, describe_os_error, expand, read
from cf.cli.limits import DEFAULT_MAX_INPUT_MB, MB
from cf.cli.render import error_object, json_source, to_json
from cf.cli.runner import quieten_libraries
from cf.cli.terminal import Terminal
from cf.summarise.control_chars import escape, strip
from cf.summarise.limits import DEFAULT_MAX_PAGES

# ---------------------------------------------------------------- cf inspect


def inspect_documents(paths: list[str], fmt: str, engine: str, max_pages: int,
                      no_color: bool, quiet: bool, debug: bool,
                      max_input: int | None = DEFAULT_MAX_INPUT_MB * MB) -> int:
    from cf.cli.summarise_cmd import is_batch

    term = Terminal.create(no_color=no_color, quiet=quiet)
    if not debug:
        quieten_libraries()
    if paths.count(STDIN) > 1:
        term.error(None, "standard input (-) can be given only once")
        return ExitCode.USAGE
    from cf.cli.config import engine_problem

    problem = engine_problem(engine)
    if problem:
        term.error(None, problem)
        return ExitCode.USAGE
    objects: list[dict[str, Any]] = []
    failed = False
    for item in expand(paths):
        obj = _inspect_item(term, item, engine, max_pages, max_input, debug)
        objects.append(obj)
        if obj["status"] == "error":
            failed = True
            continue
        for warning in obj["warnings"]:
            term.warn(item.path, warning)
        if fmt == "text":
            _write_inspection(term, obj, after_another=len(objects) > 1)
    if fmt == "json":
        out = objects if is_batch(paths) else (objects[0] if objects else {})
        term.write(to_json(out) + "\n")
    return ExitCode.FAILED if failed else ExitCode.OK


def _inspect_item(term: Terminal, item: Input, engine: str, max_pages: int, max_input: int | None,
                  debug: bool) -> dict[str, Any]:
    """One input's inspection, or its error object (the error reported on the way)."""
    try:
        if item.problem:
            raise LookupError(item.problem)
        return inspect_one(read(item, max_input), item.path, engine, max_pages)
    except Exception as e:
        if debug:
            raise
        what = _what(e)
        term.error(item.path, what)
        # the same error_type as `cf summarise` gives for the same input
        kind = "NoInput" if item.problem else "OSError" if isinstance(e, OSError) else type(e).__name__
        return error_object(item.path, what, kind)


def _write_inspection(term: Terminal, obj: dict[str, Any], after_another: bool) -> None:
    if after_another:
        term.write("\n")
    if term.styled:
        _styled_inspect(term, obj)
    else:
        term.write(inspect_text(obj))


def _what(e: Exception) -> str:
    from cf.summarise.errors import DocumentError

    if isinstance(e, (DocumentError, LookupError, InputError)):
        return str(e)
    if isinstance(e, OSError):
        return describe_os_error(e)
    return internal_error(e)


def inspect_one(data: bytes, path: str, engine: str, max_pages: int) -> dict[str, Any]:
    """Kind, metadata, sections with block and sentence counts, warnings (a JSON object)."""
    from cf.models import Result, Summary
    from cf.summarise.analyse import analyse
    from cf.summarise.pipeline import read_letter

    letter = read_letter(data, path, engine=engine, max_pages=max_pages)
    sentences = analyse(letter)
    # The section of each block, by its position in Letter.blocks().
    section_of = [i for i, s in enumerate(letter.sections) for _ in s.blocks]
    counts = Counter(section_of[s.block_index] for s in sentences if s.block_index < len(section_of))
    base = Result(letter=letter, sentences=[], summary=Summary(headline="", lead="")).to_dict()
    return {
        "schema_version": base["schema_version"],
        "status": "ok",
        "source": json_source(base["source"]),
        "document": base["document"],
        "sections": [
            {"heading": s.heading, "role": getattr(s, "role", None), "page": s.page,
             "blocks": len(s.blocks), "sentences": counts[i]}
            for i, s in enumerate(letter.sections)
        ],
        "sentences": len(sentences),
        "warnings": base["warnings"],
    }


def _previous(previous: dict[str, Any] | None) -> str | None:
    """'2018, judged good' as the document states it."""
    if not previous:
        return None
    parts = [str(previous["year"])] if previous.get("year") else []
    if previous.get("overall_effectiveness"):
        parts.append(f"judged {previous['overall_effectiveness']}")
    return ", ".join(parts) or None


def inspect_text(obj: dict[str, Any]) -> str:
    src, d = obj["source"], obj["document"]
    lines = [escape(src["path"]), ""]
    pages = f", {src['pages']} pages" if src.get("pages") else ""
    rows = [
        ("kind", d["kind"]), ("title", d["title"]), ("authority", d["local_authority"]),
        ("published", d["published"]), ("visit", _span(d["visit_start"], d["visit_end"])),
        ("monitoring visit", d["monitoring_visit_number"]), ("focus", d.get("focus")),
        ("last inspection", _previous(d.get("previous"))),
        ("inspectors", "; ".join(_inspector(i) for i in d["inspectors"])),
        ("read with", f"{src['engine']}{pages}"),
    ]
    rows += [(k.replace("_", " "), v) for k, v in d["judgements"].items() if v]
    lines += [f"  {k + ':':<23}{v}" for k, v in rows if v not in (None, "")]
    lines += ["", f"  sections ({len(obj['sections'])}, {obj['sentences']} sentences):"]
    for s in obj["sections"]:
        page = f"p{s['page']}" if s.get("page") else "  "
        heading = s["heading"] or "(no heading)"
        role = f"  [{s['role']}]" if s.get("role") and s["role"] != "other" else ""
        lines.append(f"    {page:>4}  {s['sentences']:>3} sentences  {s['blocks']:>3} blocks  {heading}{role}")
    if obj["warnings"]:
        lines += ["", "  warnings:"] + [f"    {w}" for w in obj["warnings"]]
    return strip("\n".join(lines)) + "\n"


def _styled_inspect(term: Terminal, obj: dict[str, Any]) -> None:
    from rich.text import Text

    text = inspect_text(obj)
    first, _, rest = text.partition("\n")
    term.out.print(Text(first, style="bold"), soft_wrap=True)
    term.out.print(Text(rest.rstrip("\n")), soft_wrap=True)


def _span(start: str | None, end: str | None) -> str | None:
    if start and end and start != end:
        return f"{start} to {end}"
    return start or end


def _inspector(i: dict[str, Any]) -> str:
    name: str = i["name"]
    role = f" ({i['role']})" if i.get("role") else ""
    return name + role + (" [lead]" if i.get("lead") else "")


# ---------------------------------------------------------------- cf score


@dataclass(frozen=True)
class ScoreRequest:
    path: str
    fmt: str
    document: bool = False  # judge a text file's sentences in place, not one a line
    engine: str = "pdfminer"
    max_pages: int = DEFAULT_MAX_PAGES


def score_lines(request: ScoreRequest, no_color: bool, debug: bool) -> int:
    """`cf score`: one row per input line, or per sentence of a document (a PDF, or text
    with --document) judged in place with its section, as the draft judges it."""
    from cf.cli.config import engine_problem

    term = Terminal.create(no_color=no_color)
    if not debug:
        quieten_libraries()
    problem = engine_problem(request.engine)
    if problem:
        term.error(None, problem)
        return ExitCode.USAGE
    try:
        rows = _rows_to_score(request)
    except (OSError, InputError, UnicodeDecodeError) as e:
        term.error(request.path, _unreadable(e))
        return ExitCode.FAILED
    except Exception as e:
        if debug:
            raise
        term.error(request.path, _what(e))
        return ExitCode.FAILED
    _write_score_rows(term, rows, request.fmt)
    return ExitCode.OK


def _rows_to_score(request: ScoreRequest) -> list[dict[str, Any]]:
    """The input's rows: its sentences in place (a document), else one per line."""
    from cf.summarise.extract import is_pdf

    path = request.path
    data = read(Input(path))
    if request.document or is_pdf(data) or path.lower().endswith(".pdf"):
        return document_rows(data, path, request.engine, request.max_pages)
    # A line is scored, and shown, without control characters (escape sequences too).
    return score_rows([strip(line) for line in decode(data).splitlines()])


def _unreadable(e: OSError | InputError | UnicodeDecodeError) -> str:
    if isinstance(e, OSError):
        return describe_os_error(e)
    if isinstance(e, UnicodeDecodeError):
        return "not UTF-8 or UTF-16 text"
    return str(e)


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


def document_rows(data: bytes, path: str, engine: str, max_pages: int) -> list[dict[str, Any]]:
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
