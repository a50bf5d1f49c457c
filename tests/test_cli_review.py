"""`cf review` without a browser: the page as HTML (escaping, CSP, control characters, which
sentences the draft uses) and the command (files, index, --force, opening the browser).

The page's behaviour in a real browser is tested in test_review_browser.py."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import webbrowser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cf.cli import review_cmd, review_page
from cf.cli.app import app
from conftest import EXAMPLES, ROOT

runner = CliRunner()
TXT = EXAMPLES / "southwark-2019-02-07.txt"
PDF = EXAMPLES / "southwark-2019-02-07.pdf"
MONITORING = ROOT / "tests" / "data" / "monitoring-visit.txt"
HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)> & "quotes" \u2028'


def cf(*args: object, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


@pytest.fixture(scope="module")
def southwark() -> dict:
    result = runner.invoke(app, ["summarise", str(PDF), "--format", "json", "--explain", "--no-cache"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def hostile_doc(southwark: dict) -> dict:
    doc = json.loads(json.dumps(southwark))
    doc["document"]["title"] = HOSTILE
    doc["document"]["local_authority"] = HOSTILE
    doc["document"]["inspectors"] = [{"name": HOSTILE, "role": HOSTILE, "lead": True}]
    doc["warnings"] = [HOSTILE]
    doc["source"]["path"] = HOSTILE
    doc["sentences"][3]["text"] = HOSTILE
    doc["sentences"][3]["cues"] = [HOSTILE]
    doc["summary"]["findings"][0]["text"] = HOSTILE
    return doc


# ---------------------------------------------------------------- the page as HTML


def inline(page: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}(?: [^>]*)?>(.*?)</{tag}>", page, re.S)


def test_untrusted_text_is_escaped_everywhere(southwark):
    page = review_page.render_page(hostile_doc(southwark))
    assert "<img" not in page and "alert(1)</script>" not in page
    assert page.count("<script") == 2  # the data block and the page's own code
    data = inline(page, "script")[0]
    assert "<" not in data and "\u2028" not in data  # cannot close its element or break a line
    assert json.loads(data)["sentences"][3]["text"] == HOSTILE  # and still reads back exactly
    assert html_escaped(HOSTILE) in page  # the letter, the header: as text


def html_escaped(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def test_the_csp_allows_only_the_pages_own_script_and_style(southwark):
    page = review_page.render_page(southwark)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    policy = policy.replace("&#x27;", "'")
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    code = [s for s in inline(page, "script") if not s.startswith("{")]
    assert directives["script-src"] == f"'sha256-{digest(code[0])}'"
    assert directives["style-src"] == f"'sha256-{digest(inline(page, 'style')[0])}'"
    assert "unsafe" not in policy and "http" not in policy
    assert not re.search(r"<[^>]+ (?:style|on\w+)=", page)  # no inline styles or handlers to allow


def digest(code: str) -> str:
    return base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()


def test_control_characters_never_reach_the_page(southwark):
    doc = json.loads(json.dumps(southwark))
    doc["sentences"][0]["text"] = "Bell\x07 escape\x1b[31m null\x00 next-line\x85 tab\tok\ud800."
    doc["document"]["local_authority"] = "Any\x0ctown\x9b"
    page = review_page.render_page(doc)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]", page)
    assert "Bell escape[31m null next-line tab\tok." in page
    page.encode("utf-8")  # no lone surrogate left to stop it being written


def test_the_draft_is_linked_to_the_letter_sentences_it_uses(southwark):
    draft = review_page.draft_data(southwark)
    texts = [s["text"] for s in southwark["sentences"]]
    for finding in draft["findings"]:
        assert finding["sids"], finding["text"]
        assert " ".join(texts[i] for i in finding["sids"]) == finding["text"]
    assert draft["lead"]["sids"] and draft["headline"]["sids"] == draft["lead"]["sids"]
    quote = [p for p in draft["paragraphs"] if p["role"] == "quote"]
    assert len(quote) == 1 and [texts[i] for i in quote[0]["sids"]] == southwark["summary"]["quotes"][:1]
    however = draft["however"][0]
    assert len(however["sids"]) >= 1
    assert all(texts[i][1:] in however["text"] for i in however["sids"])
    assert len(draft["recommendation"]["sids"]) == len(southwark["summary"]["recommendations"])


def test_a_sentence_repeated_in_the_letter_links_to_the_one_on_the_findings_page():
    sentences = [{"text": "Plans are reviewed regularly by managers.", "page": 1},
                 {"text": "Plans are reviewed regularly by managers.", "page": 3}]
    assert review_page.Finder(sentences).within("Plans are reviewed regularly by managers.", 3) == [1]
    assert review_page.Finder(sentences).within("Plans are reviewed regularly by managers.") == [0]


def test_names_keep_their_capital_after_however(southwark):
    proper = review_page.proper_words(southwark["sentences"], "Southwark")
    assert "Southwark" in proper and "They" not in proper and "The" not in proper


def test_letter_keeps_its_sections_bullets_and_pages(southwark):
    page = review_page.render_page(southwark)
    letter = page[page.index('id="letter"'):]
    for heading in ("Overview", "Findings", "What needs to improve"):
        assert f"<h3>{heading}" in letter
    assert "<li>" in letter and 'class="page-mark"' in letter
    assert len(re.findall(r'class="s lab-', letter)) == len(southwark["sentences"])


def test_dates_are_written_out_in_british_style():
    assert review_page.long_date("2019-02-07") == "7 February 2019"
    assert review_page.date_range("2019-01-15", "2019-01-16") == "15 to 16 January 2019"
    assert review_page.date_range("2019-01-30", "2019-02-01") == "30 January 2019 to 1 February 2019"


# ---------------------------------------------------------------- the command


def test_review_help_has_examples():
    result = cf("review", "--help")
    assert result.exit_code == 0
    assert "cf review letter.pdf" in result.stdout and "--no-open" in result.stdout


def test_one_document_to_a_named_file(tmp_path):
    out = tmp_path / "page.html"
    result = cf("review", TXT, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{out}\n"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    again = cf("review", TXT, "-o", out)
    assert again.exit_code == 1 and "already exists" in again.stderr and "--force" in again.stderr
    assert cf("review", TXT, "-o", out, "--force").exit_code == 0


def test_several_documents_give_a_page_each_and_an_index(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "southwark.txt").write_bytes(TXT.read_bytes())
    (folder / "index.txt").write_bytes(MONITORING.read_bytes())  # must not take the index's name
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    out = tmp_path / "out"
    result = cf("review", folder, "-o", out, "--jobs", "1")
    assert result.exit_code == 1  # one input failed; the others are still written
    assert "cf: error:" in result.stderr and "broken.pdf" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["index-2.html", "index.html", "southwark.html"]
    assert result.stdout == f"{out / 'index.html'}\n"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="southwark.html"' in index and 'href="index-2.html"' in index
    assert "Southwark" in index and "Tower Hamlets" in index and "Monitoring visit" in index
    assert "broken.pdf" in index and "Failed" in index
    assert "<script" not in index


def test_opens_the_page_when_there_is_a_display(tmp_path, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    monkeypatch.setattr(review_cmd.tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(review_cmd.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    result = cf("review", TXT)
    assert result.exit_code == 0, result.stderr
    page = Path(result.stdout.strip())
    assert page.parent.parent == tmp_path and page.name == "southwark-2019-02-07.html"
    assert opened == [page.as_uri()]

    assert cf("review", TXT, "--no-open").exit_code == 0
    assert cf("review", TXT, "-o", tmp_path / "named.html").exit_code == 0
    assert len(opened) == 1  # neither --no-open nor -o opens a browser


def test_no_display_no_browser(tmp_path, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    monkeypatch.setattr(review_cmd.tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(review_cmd.sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    result = cf("review", TXT)
    assert result.exit_code == 0 and opened == []
    assert Path(result.stdout.strip()).is_file()
    assert "no display" in result.stderr


def test_standard_input_and_a_failed_document(tmp_path):
    out = tmp_path / "stdin.html"
    result = cf("review", "-", "-o", out, input=TXT.read_bytes())
    assert result.exit_code == 0 and out.is_file()
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = cf("review", bad, "-o", tmp_path / "empty.html")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"cf: error: {bad}:")
    assert not (tmp_path / "empty.html").exists()
