"""The terminal, injected: one object carries both consoles and decides what is styled.

Consoles are built when a command runs (never at import), so Rich resolves sys.stdout and
sys.stderr lazily and test runners capture them."""
from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console

from cf.summarise.control_chars import escape


@dataclass
class Terminal:
    out: Console  # stdout: the product
    err: Console  # stderr: progress, errors, the batch table
    quiet: bool = False

    @classmethod
    def create(cls, no_color: bool = False, quiet: bool = False) -> "Terminal":
        # NO_COLOR is honoured by Rich itself; --no-color adds to it.
        out = Console(no_color=no_color or None, highlight=False, emoji=False, markup=False)
        err = Console(stderr=True, no_color=no_color or None, highlight=False, emoji=False,
                      markup=False)
        return cls(out=out, err=err, quiet=quiet)

    @property
    def styled(self) -> bool:
        """Rich rendering on stdout only when it is a terminal."""
        return self.out.is_terminal

    def write(self, text: str) -> None:
        """Plain output: exactly these characters, no wrapping, no styling, flushed."""
        stream = self.out.file
        stream.write(text)
        stream.flush()

    def error(self, source: str | None, what: str) -> None:
        """`cf: error: <file>: <what>` on stderr (always shown, even with --quiet)."""
        self._line(_message("error", source, what), "red")

    def warn(self, source: str | None, what: str) -> None:
        if not self.quiet:
            self._line(_message("warning", source, what), "yellow")

    def _line(self, text: str, style: str) -> None:
        if self.err.is_terminal:
            self.err.print(text, style=style, soft_wrap=True, markup=False, emoji=False,
                           highlight=False)
        else:
            self.err.file.write(text + "\n")
            self.err.file.flush()


def _message(level: str, source: str | None, what: str) -> str:
    """One line, whatever a file's name or a message holds: controls shown as `\\xNN`."""
    prefix = f"cf: {level}: {escape(source)}: " if source else f"cf: {level}: "
    return prefix + escape(what)
