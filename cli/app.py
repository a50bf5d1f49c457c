"""The `cf` command: thin Typer functions that parse options, call the pipeline and render.

Nothing heavy is imported at module level: `cf --help` must not load spaCy or pdfminer."""
from __future__ import annotations

import functools
import math
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from cf.cli.exit_codes import ExitCode, epilog, internal_error
from cf.cli.usage import Command, Group
from cf.summarise.limits import DEFAULT_MAX_INPUT_MB, DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT, MB

if TYPE_CHECKING:
    from cf.cli.runner import Limits

app = typer.Typer(
    cls=Group,
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Turn Ofsted letters and reports on children's services into news-story drafts.\n\n"
    "Examples:\n\n\b\n  cf summarise letter.pdf\n  cf summarise letters/ --format jsonl > drafts.jsonl\n  cf summarise --help",
    epilog=epilog(),
)



class Format(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"
    jsonl = "jsonl"


class InspectFormat(StrEnum):
    text = "text"
    json = "json"


class ScoreFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class Engine(StrEnum):
    pdfminer = "pdfminer"
    pdfium = "pdfium"


def _debug_requested(kwargs: dict[str, Any]) -> bool:
    return bool(kwargs.get("debug")) or os.environ.get("CF_DEBUG", "") not in ("", "0")


def handled(func: Callable[..., None]) -> Callable[..., None]:
    """The one top-level handler: Ctrl-C is 130; anything unexpected is one line, exit 1.

    With --debug the exception is re-raised (a traceback, for a bug report)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            func(*args, **kwargs)
        except (typer.Exit, typer.BadParameter, typer.Abort):
            raise
        except KeyboardInterrupt:
            sys.stderr.write("cf: interrupted\n")
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except BrokenPipeError:
            # The reader went away (`cf ... | head`): stop quietly, as other Unix tools do.
            _silence_stdout()
            raise typer.Exit(ExitCode.FAILED) from None
        except Exception as e:
            if _debug_requested(kwargs):
                raise
            sys.stderr.write(f"cf: error: {_describe_unexpected(e)}\n")
            raise typer.Exit(ExitCode.FAILED) from None

    return wrapper


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test runner): nothing to protect


def _describe_unexpected(e: BaseException) -> str:
    if isinstance(e, OSError):
        name = f"{e.filename}: " if e.filename else ""
        return f"{name}{e.strerror or e}"
    return internal_error(e)


def _timeout(value: float) -> float:
    """0 and inf both mean no limit; NaN is no number of seconds."""
    if math.isnan(value):
        raise typer.BadParameter("not a number of seconds")
    return 0.0 if math.isinf(value) else value


def _version_callback(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"cf {version('cf')}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", help="Print cf's version and exit.", is_eager=True,
        callback=_version_callback,
    ),
) -> None:
    """Turn Ofsted letters and reports on children's services into news-story drafts."""


# ---------------------------------------------------------------- shared options

OPT_ENGINE = typer.Option(Engine.pdfminer, "--engine", metavar="ENGINE", help="PDF engine: pdfminer or pdfium (faster; needs `pip install 'cf[fast]'`).", case_sensitive=False)
OPT_MAX_PAGES = typer.Option(DEFAULT_MAX_PAGES, "--max-pages", min=1, metavar="N", help="Refuse PDFs with more pages than this.")
OPT_MAX_INPUT = typer.Option(DEFAULT_MAX_INPUT_MB, "--max-input-mb", min=0, metavar="MB", help="Refuse inputs larger than this many megabytes (0: no limit).")
OPT_TIMEOUT = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=0, callback=_timeout, metavar="SECONDS", show_default=False, help=f"Stop a document after this many seconds (0 or inf: no limit) [default: {DEFAULT_TIMEOUT:g}].")
OPT_MAX_MEMORY = typer.Option(DEFAULT_MAX_MEMORY_MB, "--max-memory-mb", min=0, metavar="MB", help="Memory one document may take in its worker, beyond the worker's start-up size (0: no limit).")
OPT_NO_COLOR = typer.Option(False, "--no-color", help="No colour on the terminal (NO_COLOR is honoured too).")
OPT_QUIET = typer.Option(False, "--quiet", "-q", help="No progress, warnings or batch table on stderr (errors still shown).")
OPT_DEBUG = typer.Option(False, "--debug", help="Show a traceback for unexpected errors.")


class NoOptionFromAWildcard(Command):
    """A command that writes files: `cf summarise *` in a folder holding files named
    `--force` and `-o` would read those names as options and write the next file's draft
    over the one after. A word read as an option that is also the name of a file here is a
    usage error, which names `--` (after it, every word is a file)."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]  # (Typer's own Context)
        for word in args:
            if word == "--":
                break
            if word.startswith("-") and word != "-" and os.path.lexists(word):
                raise typer.BadParameter(
                    f"{word!r} would be read as an option, but it is also the name of a file "
                    f"in this folder: if a wildcard put it there, write -- before the file "
                    f"names (cf {ctx.info_name} -- *), or ./* for the wildcard",
                    ctx=ctx, param_hint="PATH")
        return super().parse_args(ctx, args)


# ---------------------------------------------------------------- cf summarise


@app.command(
    cls=NoOptionFromAWildcard,
    epilog="Examples:\n\n\b\n"
    "  cf summarise letter.pdf\n"
    "  cf summarise letter.pdf --format html -o story.html\n"
    "  cf summarise letters/ --format jsonl > drafts.jsonl\n"
    "  pdftotext letter.pdf - | cf summarise -\n\n" + epilog(),
)
@handled
def summarise(
    paths: list[str] = typer.Argument(..., metavar="PATH", help="PDF, .txt or .md files, folders (searched recursively), or - for standard input."),
    fmt: Format | None = typer.Option(None, "--format", "-f", metavar="FORMAT", help="text (styled on a terminal, plain in a pipe), markdown, html (a fragment for a CMS), json, or jsonl (one object per line, as each finishes) [default: text, or what the -o file's extension says].", case_sensitive=False, show_default=False),
    output: str | None = typer.Option(None, "--output", "-o", metavar="FILE|FOLDER", help="Write to this file (its extension chooses the format: .txt, .md, .html, .json or .jsonl; for several inputs it holds what standard output would) or into this folder (a name ending in /: one file per input, and cf-manifest.jsonl listing them). - is standard output."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing output files."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, metavar="N", help="Worker processes for a batch, at most one per core [default: number of cores]."),
    timeout: float = OPT_TIMEOUT,
    explain: bool = typer.Option(False, "--explain", help="Show how every sentence was read (label, score, cues); in JSON, a `sentences` list."),
    style: Path | None = typer.Option(None, "--style", metavar="FILE", help="House style TOML file [default: style.toml in the config folder, else built in]."),
    engine: Engine = OPT_ENGINE,
    max_pages: int = OPT_MAX_PAGES,
    max_input_mb: int = OPT_MAX_INPUT,
    max_memory_mb: int = OPT_MAX_MEMORY,
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the result cache."),
    no_color: bool = OPT_NO_COLOR,
    quiet: bool = OPT_QUIET,
    debug: bool = OPT_DEBUG,
) -> None:
    """Draft a news story from each letter or report."""
    from cf.cli.output import extension_problem, output_target
    from cf.cli.summarise_cmd import Request, run

    try:
        target, folder = output_target(output)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="'-o' / '--output'") from None
    problem = extension_problem(target, folder) if target is not None else None
    if problem:
        raise typer.BadParameter(problem, param_hint="'-o' / '--output'")
    request = Request(
        paths=paths, fmt=fmt.value if fmt else format_for(target), output=target, output_folder=folder,
        force=force, jobs=jobs, timeout=timeout or None, explain=explain, style_file=style,
        engine=engine.value, max_pages=max_pages, max_input=max_input_mb * MB or None,
        max_memory=max_memory_mb * MB or None, use_cache=not no_cache, no_color=no_color,
        quiet=quiet, debug=debug,
    )
    raise typer.Exit(run(request))


# ---------------------------------------------------------------- cf review


@app.command(
    cls=NoOptionFromAWildcard,
    epilog="Examples:\n\n\b\n"
    "  cf review letter.pdf\n"
    "  cf review letter.pdf -o review.html\n"
    "  cf review letters/ -o reviews/ --no-open\n\n" + epilog(),
)
@handled
def review(
    paths: list[str] = typer.Argument(..., metavar="FILE", help="PDF, .txt or .md files, folders (searched recursively), or - for standard input."),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="FILE|FOLDER", help="Write the page to this file (one input) or the pages and index.html into this folder (several) [default: a new temporary folder]."),
    no_open: bool = typer.Option(False, "--no-open", help="Do not open the page in the browser (it is not opened with -o either)."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing pages."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, metavar="N", help="Worker processes for a batch [default: number of cores]."),
    timeout: float = OPT_TIMEOUT,
    style: Path | None = typer.Option(None, "--style", metavar="FILE", help="House style TOML file [default: style.toml in the config folder, else built in]."),
    engine: Engine = OPT_ENGINE,
    max_pages: int = OPT_MAX_PAGES,
    max_input_mb: int = OPT_MAX_INPUT,
    max_memory_mb: int = OPT_MAX_MEMORY,
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the result cache."),
    no_color: bool = OPT_NO_COLOR,
    quiet: bool = OPT_QUIET,
    debug: bool = OPT_DEBUG,
) -> None:
    """Check a draft against its letter in the browser: every sentence marked, picks editable.

    Writes one self-contained HTML page per document (an index.html too for several) and
    prints the path of the page to open."""
    from cf.cli.review_cmd import run_review
    from cf.cli.summarise_cmd import Request

    request = Request(
        paths=paths, fmt="html", output=output, force=force, jobs=jobs,
        timeout=timeout or None, explain=True, style_file=style, engine=engine.value,
        max_pages=max_pages, max_input=max_input_mb * MB or None, max_memory=max_memory_mb * MB or None,
        use_cache=not no_cache, no_color=no_color, quiet=quiet, debug=debug,
    )
    raise typer.Exit(run_review(request, open_page=output is None and not no_open))


# ---------------------------------------------------------------- cf inspect


@app.command(cls=Command, epilog="Example:\n\n\b\n  cf inspect letter.pdf --format json\n\n" + epilog())
@handled
def inspect(
    paths: list[str] = typer.Argument(..., metavar="FILE", help="PDF, .txt or .md files, folders, or - for standard input."),
    fmt: InspectFormat = typer.Option(InspectFormat.text, "--format", "-f", metavar="FORMAT", help="text or json.", case_sensitive=False),
    engine: Engine = OPT_ENGINE,
    max_pages: int = OPT_MAX_PAGES,
    max_input_mb: int = OPT_MAX_INPUT,
    timeout: float = OPT_TIMEOUT,
    max_memory_mb: int = OPT_MAX_MEMORY,
    no_color: bool = OPT_NO_COLOR,
    quiet: bool = OPT_QUIET,
    debug: bool = OPT_DEBUG,
) -> None:
    """Show how cf reads a document: kind, metadata, sections with sentence counts, warnings."""
    from cf.cli.inspect_cmd import inspect_documents

    raise typer.Exit(inspect_documents(paths, fmt.value, engine.value, max_pages, no_color, quiet, debug,
                                       _limits(timeout, max_input_mb, max_memory_mb)))


# ---------------------------------------------------------------- cf score


@app.command(
    cls=Command,
    epilog="Examples:\n\n\b\n"
    "  echo 'Leaders have made good progress.' | cf score -\n"
    "  cf score sentences.txt --format jsonl\n"
    "  cf score letter.pdf --format jsonl      # every sentence as the draft judges it\n"
    "  cf score letter.txt --document\n\n" + epilog(),
)
@handled
def score(
    path: str = typer.Argument(..., metavar="FILE|-", help="A text file (or - for standard input) with one sentence per line, or a document: a PDF, or text with --document."),
    fmt: ScoreFormat = typer.Option(ScoreFormat.text, "--format", "-f", metavar="FORMAT", help="text (a table on a terminal, tab-separated in a pipe), json or jsonl (one object per input line, blank lines included; for a document, one per sentence, with its section and page).", case_sensitive=False),
    document: bool = typer.Option(False, "--document", "-d", help="Read a text file as one document, not one sentence a line: its sentences are judged in place, with their sections, as `cf summarise` judges them. A PDF is always a document."),
    engine: Engine = OPT_ENGINE,
    max_pages: int = OPT_MAX_PAGES,
    max_input_mb: int = OPT_MAX_INPUT,
    timeout: float = OPT_TIMEOUT,
    max_memory_mb: int = OPT_MAX_MEMORY,
    no_color: bool = OPT_NO_COLOR,
    debug: bool = OPT_DEBUG,
) -> None:
    """Score sentences, one per line, or a whole document's: label, lean, score and the cues behind it."""
    from cf.cli.score_cmd import ScoreRequest, score_lines

    request = ScoreRequest(path, fmt.value, document, engine.value, max_pages,
                           _limits(timeout, max_input_mb, max_memory_mb))
    raise typer.Exit(score_lines(request, no_color, debug))


def _limits(timeout: float, max_input_mb: int, max_memory_mb: int) -> Limits:
    """The options' limits on one document (0: none), for a command that reads in workers."""
    from cf.cli.runner import Limits

    return Limits(timeout or None, max_input_mb * MB or None, max_memory_mb * MB or None)


def format_for(output: Path | None) -> str:
    """No --format: `-o story.html` means html (a file's extension), otherwise text."""
    if output is not None and not output.is_dir():
        from cf.cli.output import FORMAT_OF_EXTENSION

        return FORMAT_OF_EXTENSION.get(output.suffix.lower(), "text")
    return "text"


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("cf: interrupted\n")
        sys.exit(ExitCode.INTERRUPTED)
    except Exception as e:  # a last resort: the commands handle their own errors
        if "--debug" in sys.argv or _debug_requested({}):
            raise
        sys.stderr.write(f"cf: error: {_describe_unexpected(e)}\n")
        sys.exit(ExitCode.FAILED)
