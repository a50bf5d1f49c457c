"""The project's own documents (issue 19, 1 and 2): README tells a new user how to run cf,
names JSON fields that exist, and points to the project's own docs/, never to files a clone
does not have; docs/ is in the project's words, not the site's."""
from __future__ import annotations

import json
import re
import subprocess

import pytest

from cf.models import contract

from conftest import ROOT, SHARED

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = {name: (ROOT / "docs" / name).read_text(encoding="utf-8") for name in ("design.md", "style.md", "writers.md")}


def tracked(*suffixes: str) -> list[str]:
    names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return [n for n in names if n.endswith(suffixes)]


def test_readme_says_how_to_run_cf_before_its_first_bare_cf_command():
    activate = README.index("source .venv/bin/activate")
    first_bare = re.search(r"^ {4}cf ", README, re.M)
    assert first_bare is not None and activate < first_bare.start(), "activate .venv first, or call .venv/bin/cf"
    assert ".venv/bin/cf" in README[:activate + 400]


def test_the_project_points_to_its_own_docs_not_to_the_wider_folder():
    """What a clone reads (README, docs, the package, CHANGELOG) never sends the reader to
    ../shared's design, style or research notes, which a clone does not have."""
    gone = re.compile(r"(?:\.\./shared/)?(?:DESIGN|STYLE|RESEARCH)\.md|shared/stories/README")
    offenders = [name for name in tracked(".py", ".md", ".toml")
                 if not name.startswith(("tests/", "benchmarks/"))
                 and gone.search((ROOT / name).read_text(encoding="utf-8"))]
    assert offenders == []
    for doc in DOCS:
        assert f"docs/{doc}" in README


def test_readme_and_docs_name_only_json_fields_that_exist():
    known = set(contract.FIELDS) | {f"{k}.{inner}" for k, spec in (("document.judgements", contract.JUDGEMENTS),) for inner in spec}
    for text in (README, *DOCS.values()):
        named = set(re.findall(r"`((?:source|document|summary)\.[a-z_.]+)`", text))
        assert named <= known, named - known


@pytest.mark.needs_corpus
def test_docs_do_not_copy_the_sites_stories():
    """The stories are the site's text: docs/ describes what writers do in the project's own
    words and quotes none of their headlines, leads or bullets (Ofsted's sentences aside)."""
    stories = [json.loads(line) for line in (SHARED / "stories" / "stories.jsonl").open(encoding="utf-8")]
    theirs = {s["headline"] for s in stories if s.get("headline")} | {s["lead"] for s in stories if s.get("lead")}
    text = " ".join(DOCS.values())
    copied = [t for t in theirs if t and t.rstrip(".") in text]
    assert copied == []
