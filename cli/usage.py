"""`--help` and usage errors written for a person.

Typer describes a parameter by its Python type (`PATH <list[str]>`, `-o <str>`), marks a
required argument `{PATH}`, and words a bad value as its validator does ("Value error, 'docx'
is not one of ...", "Input should be greater than or equal to 1"). The command classes here
show each parameter by its metavar alone and report a usage error as one line,
`cf: error: <what>`, with the usage line and where to find help after it (exit 2)."""
from __future__ import annotations

import difflib
import re
from typing import IO, Any

from typer._click import Context, HelpFormatter  # Typer's own copy of Click (Typer >= 0.26)
from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption, UsageError
from typer.core import TyperArgument, TyperCommand, TyperGroup

# How Typer's validators word a bad value, and how cf words it.
_REWORDED = [
    (re.compile(r"^(?:Value error, )?(.+?) is not one of (.+?)\.?$"), r"\1 is not one of \2"),
    (re.compile(r"^Input should be greater than or equal to (\S+)$"), r"must be \1 or more"),
    (re.compile(r"^Input should be less than or equal to (\S+)$"), r"must be \1 or less"),
    (re.compile(r"^Input should be a valid integer.*$"), "must be a whole number"),
    (re.compile(r"^Input should be a valid number.*$"), "must be a number"),
    (re.compile(r"^Value error, (.+)$"), r"\1"),
]


_RANGE = re.compile(r"x>=(\d+)")  # Typer's note of a number's range in --help


class PersonUsageError(UsageError):
    """A usage error shown as `cf: error: <what>`, then the usage line and where help is."""

    def show(self, file: IO[Any] | None = None) -> None:
        import sys

        out = file or sys.stderr
        out.write(f"cf: error: {self.message}\n")
        if self.ctx is not None:
            out.write(f"{self.ctx.get_usage()}\n")
            out.write(f"Run '{self.ctx.command_path} --help' for the options and examples.\n")


def for_a_person(error: UsageError) -> str:
    """The error in cf's words: the option's name first, no parser or validator jargon."""
    if isinstance(error, NoSuchOption):
        close = difflib.get_close_matches(error.option_name, sorted(error.possibilities or ()), n=1, cutoff=0.75)
        return f"no option {error.option_name}" + (f" (did you mean {close[0]}?)" if close else "")
    if isinstance(error, MissingParameter) and error.param is not None:
        name = error.param.metavar or error.param.name or "argument"
        return f"{name} is missing"
    if isinstance(error, BadParameter):
        return f"{_hint(error)}: {_reworded(error.message)}"
    message = error.message
    if m := re.match(r"^Option '(.+)' requires an argument\.?$", message):
        return f"{m[1]} needs a value"
    if m := re.match(r"^No such command '(.+)'\.?$", message):
        return f"no command '{m[1]}'"
    if m := re.match(r"^Got unexpected extra argument(?:s|\(s\))? \((.+)\)$", message):
        return f"more arguments than the command takes: {m[1]}"
    return message[:1].lower() + message[1:].rstrip(".")


def _hint(error: BadParameter) -> str:
    if error.param_hint is not None:
        hints = [error.param_hint] if isinstance(error.param_hint, str) else list(error.param_hint)
        return "/".join(h.strip("' ") for hint in hints for h in hint.split("/"))
    param = error.param
    if param is None:
        return "value"
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")] or list(getattr(param, "opts", []))
    return (param.metavar or param.name or "value") if isinstance(param, TyperArgument) else opts[0]


def _reworded(message: str) -> str:
    for pattern, words in _REWORDED:
        if m := pattern.match(message.strip()):
            return _unquote(m.expand(words))
    return message.rstrip(".")


def _unquote(text: str) -> str:
    return re.sub(r"'([^']*)'", r"\1", text)


class _PersonErrors:
    """Usage errors from parsing, or raised by the command itself, reworded (see above)."""

    def make_context(self, info_name: str | None, args: list[str], parent: Context | None = None,
                     **extra: Any) -> Context:
        # Parsing happens in here (a subclass's own parse_args too).
        try:
            return super().make_context(info_name, args, parent, **extra)  # type: ignore[misc, no-any-return]  # mixin: the command class's own
        except PersonUsageError:
            raise
        except UsageError as e:
            raise PersonUsageError(for_a_person(e), e.ctx) from None

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]  # mixin: the command class's own
        except PersonUsageError:
            raise
        except UsageError as e:
            raise PersonUsageError(for_a_person(e), e.ctx or ctx) from None

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]  # mixin: the command class's own
        except PersonUsageError:
            raise
        except UsageError as e:
            raise PersonUsageError(for_a_person(e), e.ctx or ctx) from None


class Command(_PersonErrors, TyperCommand):
    """A `cf` command: arguments shown by their metavar (`PATH...`), not their Python type."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = param.metavar or (param.name or "").upper()
                pieces.append(name + ("..." if param.nargs != 1 else ""))
        return pieces

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        arguments, options = help_rows(self, ctx)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def help_rows(command: TyperCommand, ctx: Context) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The command's arguments and options as --help lists them (and README's reference):
    (`PATH...`, its help) and (`-j, --jobs N`, its help with its default)."""
    arguments, options = [], []
    for param in command.get_params(ctx):
        if isinstance(param, TyperArgument):
            name = param.metavar or (param.name or "").upper()
            arguments.append((name + ("..." if param.nargs != 1 else ""), param.help or ""))
        elif (record := param.get_help_record(ctx)) is not None:
            options.append((record[0], _RANGE.sub(r"at least \1", record[1])))
    return arguments, options


class Group(_PersonErrors, TyperGroup):
    """The `cf` command group: an unknown command is reworded as the others are."""

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except UsageError as e:
            names = ", ".join(sorted(self.commands))
            raise PersonUsageError(f"{for_a_person(e)}; the commands are {names}", ctx) from None
