"""What a batch tells stderr at the end (issue 19, 7 and 8): the table when it fits, every
column whole in a log, a summary past a screenful; and one count of strengths, weaknesses
and mixed sentences, the same in the table, the review page and the JSON."""
from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from cf.cli.app import app

from conftest import EXAMPLES

runner = CliRunner()
TXT = EXAMPLES / "southwark-2019-02-07.txt"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def cf(*args, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


def _batch(tmp_path, empties: int, long_name: bool = False):
    folder = tmp_path / "letters"
    folder.mkdir()
    good = "southwark-" + "focused-visit-letter-" * 8 + "2019.txt" if long_name else "southwark.txt"
    (folder / good).write_bytes(TXT.read_bytes())
    for n in range(empties):
        (folder / f"empty-{n:02}.txt").write_bytes(b"")
    return folder, good


def test_a_log_gets_every_row_on_one_line_with_every_column_whole(tmp_path):
    folder, good = _batch(tmp_path, 2, long_name=True)
    result = cf("summarise", folder, "--jobs", "1", "--format", "jsonl")  # stderr: not a terminal
    header = next(ln for ln in result.stderr.splitlines() if "authority" in ln)
    assert [c.strip() for c in header.strip("|").split("|")] == \
        ["file", "authority", "kind", "strengths", "weaknesses", "mixed", "status"]
    (row,) = [ln for ln in result.stderr.splitlines() if good in ln]
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[0] == str(folder / good) and cells[1:3] == ["Southwark", "focused_visit"]
    assert all(c.isdigit() for c in cells[3:6]) and cells[6] == "ok", cells
    assert "failed: the file is empty" in result.stderr


def test_past_a_screenful_a_terminal_gets_a_summary_not_a_table(tmp_path):
    folder, _ = _batch(tmp_path, 14)
    out = tmp_path / "drafts.jsonl"
    result = cf("summarise", folder, "--jobs", "1", "-o", out,
                env={"TTY_COMPATIBLE": "1", "LINES": "15", "COLUMNS": "100"})
    assert result.exit_code == 1
    report = [ANSI.sub("", ln) for ln in result.stderr.splitlines() if "cf: error" not in ln]
    report = [ln for ln in report if ln.strip()]
    assert not any("authority" in ln for ln in report), "no table"
    assert "1 of 15 done (0 from the cache), 14 failed" in report
    assert "  by kind: 1 focused visit" in report
    assert f"  output: {out} (one JSON line per input)" in report
    assert "failed (14):" in report
    assert len(report) < 15, report
    assert sum("the file is empty" in ln for ln in report) >= 3, "the failures are listed"


def test_strengths_weaknesses_and_mixed_are_counted_once_and_the_same_everywhere(tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_bytes(TXT.read_bytes())
    batch = cf("summarise", folder, "--jobs", "1", "--format", "json", "--explain")
    doc = json.loads(batch.stdout)[0]
    lists = {name: len(doc["summary"][name]) for name in ("strengths", "weaknesses", "mixed")}
    # Each sentence under its label, in one list at most.
    by_label = {label: sum(s["label"] == label for s in doc["sentences"]) for label in ("strength", "weakness", "mixed")}
    assert list(lists.values()) == list(by_label.values()), (lists, by_label)
    texts = [f["text"] for name in lists for f in doc["summary"][name]]
    assert len(texts) == len(set(texts))
    row = next(ln for ln in batch.stderr.splitlines() if "a.txt" in ln)
    assert [c.strip() for c in row.strip("|").split("|")][3:6] == [str(n) for n in lists.values()]

    review = cf("review", folder, "-o", tmp_path / "review", "--jobs", "1")
    assert review.exit_code == 0, review.stderr
    page = (tmp_path / "review" / "a.html").read_text(encoding="utf-8")
    for label, n in zip(("Strength", "Weakness", "Mixed"), lists.values(), strict=True):
        assert re.search(rf">{label}</span> {n}</li>", page), (label, n)
    index = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    for label, n in zip(("Strengths", "Weaknesses", "Mixed"), lists.values(), strict=True):
        assert f'data-label="{label}">{n}</td>' in index, (label, n)
