"""`--help` and usage errors read as written for a person (issue 19, 9): every parameter by
its metavar, never its Python type; every usage error one `cf: error:` line in cf's words,
then the usage line, exit 2."""
from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from cf.cli.app import app

runner = CliRunner()
COMMANDS = ["summarise", "review", "inspect", "score"]
# What Typer, Click or a validator would print that a person should not have to read.
JARGON = re.compile(r"<\w[\w\[\], |.]*>|\{[A-Z|-]+\}|x>=|Value error|Input should|Possible options|"
                    r"is not one of '|Invalid value for|Got unexpected|Missing argument|No such")


def cf(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "100"}, prog_name="cf")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_each_parameter_by_its_metavar(command):
    result = cf(command, "--help")
    assert result.exit_code == 0
    assert not JARGON.search(result.stdout), JARGON.search(result.stdout)
    usage = result.stdout.splitlines()[0]
    assert re.fullmatch(rf"Usage: cf {command} \[OPTIONS\] (PATH\.\.\.|FILE\.\.\.|FILE\|-)", usage), usage
    options = result.stdout.split("Options:", 1)[1]
    for flag, metavar in (("--format", "FORMAT"), ("--engine", "ENGINE"), ("--max-pages", "N")):
        if flag in options:
            assert re.search(rf"{flag} {metavar}\b", options), (flag, options)


@pytest.mark.parametrize(("args", "said"), [
    (["summarise", "x.txt", "--bogus"], "no option --bogus"),
    (["summarise", "x.txt", "--forse"], "no option --forse (did you mean --force?)"),
    (["summarise", "x.txt", "--format", "docx"], "--format: docx is not one of text, markdown, html, json, jsonl"),
    (["summarise", "x.txt", "--engine", "foo"], "--engine: foo is not one of pdfminer, pdfium"),
    (["summarise", "x.txt", "--jobs", "0"], "--jobs: must be 1 or more"),
    (["summarise", "x.txt", "--jobs", "two"], "--jobs: must be a whole number"),
    (["summarise", "x.txt", "--timeout", "soon"], "--timeout: must be a number"),
    (["summarise", "x.txt", "--timeout", "-1"], "--timeout: must be 0 or more"),
    (["summarise", "x.txt", "-o"], "-o needs a value"),
    (["summarise", "x.txt", "-o", ""], "-o/--output: needs a file or folder name ('-' for standard output)"),
    (["summarise"], "PATH is missing"),
    (["score", "a.txt", "b.txt"], "more arguments than the command takes: b.txt"),
    (["inspect", "x.pdf", "--format", "yaml"], "--format: yaml is not one of text, json"),
    (["frobnicate"], "no command 'frobnicate'; the commands are inspect, review, score, summarise"),
])
def test_usage_errors_are_one_line_in_cfs_words(args, said):
    result = cf(*args)
    assert result.exit_code == 2, result.stderr
    first, *rest = result.stderr.splitlines()
    assert first == f"cf: error: {said}"
    assert rest[0].startswith("Usage: cf ") and "--help" in rest[1]
    assert not JARGON.search(result.stderr), result.stderr
