"""`cf inspect`: how a document is read (kind, metadata, sections with their sentence counts,
warnings), as text or JSON."""
from __future__ import annotations

from collections import Counter
from typing import Any

from cf.cli.cache import Options
from cf.cli.exit_codes import ExitCode
from cf.cli.inputs import STDIN, expand
from cf.cli.render import error_object, json_source, to_json
from cf.cli.runner import Limits, Outcome, quieten_libraries, run_each
from cf.cli.terminal import Terminal
from cf.models import Style
from cf.summarise.control_chars import escape, strip


def inspect_documents(paths: list[str], fmt: str, engine: str, max_pages: int,
                      no_color: bool, quiet: bool, debug: bool, limits: Limits | None = None) -> int:
    """Each document read in a bounded worker, as `cf summarise` reads it (the same limits
    and messages); the inspections printed in input order."""
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

    def done(outcome: Outcome) -> None:
        obj = _inspection(term, outcome, debug)
        objects.append(obj)
        if obj["status"] == "ok" and fmt == "text":
            _write_inspection(term, obj, after_another=len(objects) > 1)

    run_each(expand(paths), inspect_work, Options(Style(), engine, max_pages), limits or Limits(),
             debug, done)
    if fmt == "json":
        out = objects if is_batch(paths) else (objects[0] if objects else {})
        term.write(to_json(out) + "\n")
    return ExitCode.FAILED if any(o["status"] == "error" for o in objects) else ExitCode.OK


def inspect_work(data: bytes, path: str, options: Options) -> dict[str, Any]:
    """What a worker does for `cf inspect`."""
    return inspect_one(data, path, options.engine, options.max_pages)


def _inspection(term: Terminal, outcome: Outcome, debug: bool) -> dict[str, Any]:
    """One input's inspection, or its error object; its warnings or error reported."""
    if outcome.doc is None:
        what = outcome.error or "failed"
        term.error(outcome.path, what)
        if outcome.traceback and debug:
            term.err.file.write(outcome.traceback)
        return error_object(outcome.path, what, outcome.error_type)
    for warning in outcome.doc["warnings"]:
        term.warn(outcome.path, warning)
    return outcome.doc


def _write_inspection(term: Terminal, obj: dict[str, Any], after_another: bool) -> None:
    if after_another:
        term.write("\n")
    if term.styled:
        _styled_inspect(term, obj)
    else:
        term.write(inspect_text(obj))


def inspect_one(data: bytes, path: str, engine: str, max_pages: int | None) -> dict[str, Any]:
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
