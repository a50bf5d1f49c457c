"""`cf review`: a review page per document (and an index for several), opened in the browser.

The run is `cf summarise`'s (inputs, cache, workers, atomic output files, the batch table):
only the rendering differs, and every page goes to a file. Without -o the pages go to a new
temporary folder, like `go tool cover -html`, and the page (or the index) is opened in the
default browser when there is a display to open it on."""
from __future__ import annotations

import os
import sys
import tempfile
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cf.cli import review_page
from cf.cli.cache import Options
from cf.cli.exit_codes import ExitCode
from cf.cli.inputs import describe_os_error, expand
from cf.cli.output import OutputExists, OutputRefused, Planner, input_identities, write_atomic
from cf.cli.summarise_cmd import Request, Session, is_batch, open_cache, start
from cf.cli.terminal import Terminal

INDEX = "index"


@dataclass
class ReviewSession(Session):
    """A summarise run whose documents are rendered as review pages."""

    def _render_plain(self, doc: dict[str, Any]) -> str:
        return review_page.render_page(doc, self.options.style)

    def _manifest(self) -> None:
        """No manifest: the index page lists every input, and why one failed."""


def run_review(req: Request, open_page: bool, term: Terminal | None = None) -> int:
    term = term or Terminal.create(no_color=req.no_color, quiet=req.quiet)
    style = start(req, term)
    if style is None:
        return ExitCode.USAGE

    batch = is_batch(req.paths)
    target = req.output if req.output is not None else Path(tempfile.mkdtemp(prefix="cf-review-"))
    planner = Planner(target, batch or req.output is None, ".html", req.force)
    index = planner.path_for(INDEX) if batch else None  # reserved first: no page takes its name
    inputs = expand(req.paths)
    planner.protect = input_identities(inputs)
    try:
        planner.prepare()
    except OSError as e:
        term.error(str(target), f"cannot write here: {describe_os_error(e)}")
        return ExitCode.FAILED
    session = ReviewSession(req, term, Options(style, req.engine, req.max_pages),
                            open_cache(req, term), inputs, batch, planner)
    code = session.go()

    show = index if index is not None else _only_page(session)
    if index is not None and not _write_index(session, index, req.force, term):
        code = ExitCode.FAILED
        show = None
    if show is None:
        return code
    term.write(f"{show}\n")  # the page to open: for a script, or a terminal with no browser
    if open_page:
        _open(show, term)
    return code


def _only_page(session: Session) -> Path | None:
    outcome = session.done.get(0)
    return session.targets.get(0) if outcome is not None and outcome.ok else None


def _write_index(session: Session, index: Path, force: bool, term: Terminal) -> bool:
    rows = []
    for i, item in enumerate(session.inputs):
        outcome = session.done.get(i)
        doc = outcome.doc if outcome is not None else None
        ok = doc is not None
        page = session.targets.get(i)
        rows.append({
            "path": item.path,
            "href": os.path.relpath(page, index.parent) if ok and page else None,
            "doc": doc,
            "error": (outcome.error if outcome is not None else "not done") if not ok else None,
        })
    try:
        write_atomic(index, review_page.render_index(rows), force, session.planner.protect if session.planner else frozenset())
    except (OutputExists, OutputRefused) as e:
        term.error(None, str(e))
        return False
    except OSError as e:
        term.error(str(index), f"cannot write it: {describe_os_error(e)}")
        return False
    return True


def display_available() -> bool:
    """A browser can be shown: always on macOS and Windows; on other systems, an X11 or
    Wayland session (without one, webbrowser would fall back to a text browser in the terminal)."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _open(page: Path, term: Terminal) -> None:
    if not display_available():
        term.warn(None, "no display to open the page on; open the file above in a browser")
        return
    if not webbrowser.open(page.resolve().as_uri()):
        term.warn(None, "could not start a browser; open the file above in one")
