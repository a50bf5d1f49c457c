"""The `cf` Typer application. Provisional: see issue 4."""
from __future__ import annotations

import typer

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True)


@app.command()
def version() -> None:
    """Print cf's version."""
    from importlib.metadata import version as v

    typer.echo(v("cf"))


def main() -> None:
    app()
