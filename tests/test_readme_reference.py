"""README's reference is written from the code, so it cannot drift (issue 19).

The blocks between `<!-- reference:NAME -->` and `<!-- /reference -->` in README.md (the
commands, each command's options, the exit codes, the JSON fields) are what this module
makes from the Typer app, cli/exit_codes.py and models/contract.py. When the code changes,
the test fails with the difference; regenerate the blocks and commit them:

    python -m pytest tests/test_readme_reference.py --update-readme
"""
from __future__ import annotations

import difflib
import re
from typing import Any

import pytest
from typer.main import get_command

from cf.cli.app import app
from cf.cli.exit_codes import MEANINGS
from cf.cli.usage import help_rows
from cf.models import contract

from conftest import EXAMPLES, ROOT

README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- reference:(?P<name>[\w ]+) -->\n)(?P<body>.*?)(<!-- /reference -->)", re.S)
COMMANDS = ("summarise", "review", "inspect", "score")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _contexts() -> tuple[Any, dict[str, Any]]:
    from typer._click import Context

    group = get_command(app)
    root = Context(group, info_name="cf")
    return root, {name: Context(group.commands[name], info_name=name, parent=root) for name in COMMANDS}


def commands_table() -> str:
    root, contexts = _contexts()
    rows = ["| command | what it does |", "|---|---|"]
    for name, ctx in contexts.items():
        usage = " ".join(ctx.command.collect_usage_pieces(ctx))
        what = (ctx.command.help or "").split("\n\n")[0].replace("\n", " ")
        rows.append(f"| `cf {name} {_cell(usage)}` | {_cell(what)} |")
    return "\n".join(rows)


def options_table(name: str) -> str:
    _, contexts = _contexts()
    ctx = contexts[name]
    arguments, options = help_rows(ctx.command, ctx)
    rows = ["| argument or option | meaning |", "|---|---|"]
    rows += [f"| `{_cell(flags)}` | {_cell(meaning)} |" for flags, meaning in arguments + options]
    return "\n".join(rows)


def exit_codes_table() -> str:
    rows = ["| code | meaning |", "|---|---|"]
    rows += [f"| {int(code)} | {_cell(meaning)} |" for code, meaning in MEANINGS.items()]
    return "\n".join(rows)


def spec_of(path: str) -> Any:
    if path in contract.EXTRA:
        return contract.EXTRA[path]
    spec: Any = contract.RESULT
    for part in path.split("."):
        spec = spec[part]
    return spec


def type_of(spec: Any) -> str:
    """A field's JSON type, from its spec: `string`, `integer | null`, `[{text, score}]`."""
    names = {str: "string", int: "integer", bool: "true or false", float: "number"}
    if isinstance(spec, dict):
        return "{" + ", ".join(spec) + "}"
    if isinstance(spec, list):
        return f"[{type_of(spec[0])}]"
    if isinstance(spec, tuple):
        if spec == contract.NUMBER:
            return "number"
        return " \\| ".join("null" if s is None else type_of(s) for s in spec)
    return names.get(spec, getattr(spec, "__name__", str(spec)))


def json_fields_table() -> str:
    rows = ["| field | type | what it holds |", "|---|---|---|"]
    rows += [f"| `{path}` | {type_of(spec_of(path))} | {_cell(what)} |" for path, what in contract.FIELDS.items()]
    return "\n".join(rows)


def blocks() -> dict[str, str]:
    made = {"commands": commands_table(), "exit codes": exit_codes_table(), "json fields": json_fields_table()}
    made.update({f"options {name}": options_table(name) for name in COMMANDS})
    return made


def regenerated(readme: str) -> str:
    made = blocks()
    return BLOCK.sub(lambda m: m[1] + made[m["name"]] + "\n" + m[4], readme)


def test_readme_reference_is_what_the_code_says(update_readme):
    readme = README.read_text(encoding="utf-8")
    assert sorted(m["name"] for m in BLOCK.finditer(readme)) == sorted(blocks()), "every block is in README once"
    fresh = regenerated(readme)
    if update_readme:
        README.write_text(fresh, encoding="utf-8")
        return
    if fresh != readme:
        diff = "".join(difflib.unified_diff(readme.splitlines(True), fresh.splitlines(True), "README.md", "from the code"))
        pytest.fail(f"README's reference has drifted from the code; run this file with --update-readme:\n{diff}")


def _flat(obj: dict[str, Any]) -> set[str]:
    """A result's fields, and one level into source, document and summary."""
    keys = set(obj)
    for part in ("source", "document", "summary"):
        keys |= {f"{part}.{k}" for k in obj.get(part) or {}}
    return keys


def test_every_field_of_a_real_result_and_of_the_contract_is_described():
    from cf.cli.render import for_output
    from cf.summarise.pipeline import summarise

    result = summarise((EXAMPLES / "southwark-2019-02-07.txt").read_bytes(), "southwark.txt")
    real = _flat(for_output(result.to_dict(explain=True), explain=True))
    specified = _flat(contract.RESULT) | set(contract.EXTRA)
    assert real | contract.SOMETIMES == specified == set(contract.FIELDS), \
        (real ^ set(contract.FIELDS), specified ^ set(contract.FIELDS))
    assert contract.problem(result.to_dict()) is None


def test_design_doc_names_the_contracts_fields():
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    skeleton = design.split("## The JSON contract", 1)[1]
    for path in contract.FIELDS:
        assert f'"{path.rsplit(".", 1)[-1]}"' in skeleton, path
