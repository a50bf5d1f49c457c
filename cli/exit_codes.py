"""The one table of exit codes (documented in `cf --help` and README), and the one line that
reports an unexpected error (exit 1)."""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # every input was done
    FAILED = 1  # at least one input failed (the others were still done)
    USAGE = 2  # bad options, a bad style file, unknown command
    INTERRUPTED = 130  # Ctrl-C


MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "every input was done",
    ExitCode.FAILED: "some inputs failed (the others were still done and written)",
    ExitCode.USAGE: "usage error: an unknown command, option or format, a bad --style file, "
                    "an -o that cf will not write (in an input folder, naming an input, an "
                    "unknown extension), a file named like an option",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
}


def epilog() -> str:
    """The exit-code table for --help (one line per code)."""
    lines = [f"{int(code):>3}  {text}" for code, text in MEANINGS.items()]
    return "Exit codes:\n\n\b\n" + "\n".join(lines)  # \b: keep these lines as they are


def internal_error(e: BaseException) -> str:
    """What a bug says instead of a traceback: its type and message, and how to see more."""
    return f"internal error ({type(e).__name__}: {e}); run with --debug for details"
