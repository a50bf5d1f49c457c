"""The renderers as pure functions of a result's JSON form (no pipeline, no terminal)."""
from __future__ import annotations

import html
import json
import re

from rich.console import Console

from cf.cli import render, styled

TRICKY = "Leaders [the council] agreed :smile: that 5 < 6 & *most* plans_are good."


def doc(**summary_overrides) -> dict:
    summary = {
        "headline": "Children in care in Anytown receive effective support",
        "lead": "Children in care in Anytown receive effective support, Ofsted has said.",
        "paragraphs": ['"Leaders know their services well," said the report.'],
        "findings_intro": "Inspectors highlighted:",
        "findings": [
            {"text": "Social workers know their children well.", "label": "strength", "score": 0.8, "page": 2},
            {"text": TRICKY, "label": "strength", "score": 0.4, "page": 3},
            {"text": "Recording is not consistently good.", "label": "weakness", "score": -0.5, "page": 3},
        ],
        "strengths": [
            {"text": "Social workers know their children well.", "score": 0.8, "page": 2, "cues": ["know well"]},
        ],
        "weaknesses": [{"text": "Plans are too variable.", "score": -0.6, "page": 4, "cues": []}],
        "however": ["However, plans are too variable."],
        "recommendations": ["the quality of plans"],
        "recommendation_sentence": "In order to improve practice, Anytown should improve the quality of plans.",
        "quotes": ["Leaders know their services well."],
        "closing": None,
        "link_title": "Focused visit to Anytown local authority children's services",
        "text": "",
    }
    summary.update(summary_overrides)
    return {
        "schema_version": 1,
        "source": {"path": "anytown.pdf", "sha256": "0" * 64, "pages": 6, "engine": "pdfminer"},
        "document": {"kind": "focused_visit", "title": "Focused visit to Anytown", "local_authority": "Anytown",
                     "published": "2024-01-02", "visit_start": None, "visit_end": None, "inspectors": [],
                     "judgements": {}, "monitoring_visit_number": None},
        "summary": summary,
        "warnings": [],
        "sentences": [{"text": TRICKY, "section": "Findings", "page": 3, "label": "strength",
                       "lean": "strength", "score": 0.4, "cues": ["agreed"]}],
    }


def test_story_parts_follow_the_house_order():
    kinds = [k for k, _ in render.story_parts(doc()["summary"])]
    assert kinds == ["headline", "paragraph", "paragraph", "intro", "strength", "strength", "weakness",
                     "paragraph", "paragraph", "link"]


def test_plain_text_prefers_the_composers_own_draft():
    assert render.render_text(doc(text="The draft.\n\n")) == "The draft.\n"
    built = render.render_text(doc())
    assert built.startswith("Children in care in Anytown receive effective support\n\n")
    assert f"- {TRICKY}\n" in built and "However, plans are too variable." in built


def test_markdown_escapes_the_letters_text_and_lists_findings():
    md = render.render_markdown(doc())
    assert md.startswith("# Children in care in Anytown")
    assert r"Leaders \[the council\] agreed :smile: that 5 \< 6 & \*most\* plans\_are good." in md
    assert re.search(r"^Inspectors highlighted:\n\n- Social workers", md, re.M)
    assert md.rstrip().endswith("*Focused visit to Anytown local authority children's services*")


def test_html_is_an_escaped_fragment_without_blockquote():
    out = render.render_html(doc())
    assert out.startswith("<h2>Children in care in Anytown receive effective support</h2>\n")
    assert "<blockquote" not in out and "<html" not in out and "<body" not in out
    assert out.count("<li>") == 3 and out.count("<ul>") == 1 and out.count("</ul>") == 1
    assert f"<li>{html.escape(TRICKY, quote=False)}</li>" in out
    assert "<p>However, plans are too variable.</p>" in out
    # Every tag is one the fragment means to use: the letter's own < and & are escaped.
    assert set(re.findall(r"</?([a-z0-9]+)", out)) == {"h2", "p", "ul", "li"}


def test_json_is_sorted_and_loses_nothing():
    d = render.for_output(doc(), explain=False)
    text = render.render_json(d)
    assert json.loads(text) == d
    assert text == json.dumps(d, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    assert "sentences" not in d and d["status"] == "ok"
    assert "sentences" in render.for_output(doc(), explain=True)
    line = render.render_jsonl(d)
    assert line.count("\n") == 1 and json.loads(line) == d


def test_error_object_keeps_the_contract_shape():
    err = render.error_object("bad.pdf", "not a PDF", "NotAPdf")
    assert err["source"]["path"] == "bad.pdf" and err["error"] == "not a PDF"
    assert err["status"] == "error" and err["schema_version"] == 1


def test_terminal_rendering_keeps_square_brackets_and_colours_findings():
    console = Console(force_terminal=True, color_system="truecolor", width=100, record=True)
    console.print(styled.story(doc(), explain=True))
    plain = console.export_text(styles=False, clear=False)
    assert "[the council]" in plain and ":smile:" in plain
    assert "😄" not in plain
    styled_out = console.export_text(styles=True)
    assert "\x1b[" in styled_out  # coloured
    assert "Anytown · focused visit · published 2024-01-02" in plain
    assert "How each sentence was read" in plain


def test_expand_walks_folders_in_order_and_keeps_problems(tmp_path):
    from cf.cli.inputs import expand

    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/z.PDF", "b/a.md", "a.txt", "notes.docx", ".secret.txt", ".hidden/x.pdf", "README.md"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "empty").mkdir()
    items = expand([str(tmp_path), "-", str(tmp_path / "empty"), str(tmp_path / "gone.pdf")])
    names = [(i.path.replace(str(tmp_path), "T"), i.problem) for i in items]
    assert names == [
        ("T/a.txt", None), ("T/b/a.md", None), ("T/b/z.PDF", None), ("-", None),
        ("T/empty", "no PDF, .txt or .md files in this folder"), ("T/gone.pdf", "no such file or folder"),
    ]
    assert items[3].stem == "stdin" and items[2].stem == "z"


def test_output_planner_names_files_after_inputs_without_clashes(tmp_path):
    from cf.cli.output import Planner

    planner = Planner(tmp_path / "out", batch=True, extension=".md", force=False)
    planner.prepare()
    paths = [planner.path_for(stem) for stem in ("letter", "letter", "other")]
    assert [p.name for p in paths] == ["letter.md", "letter-2.md", "other.md"]
    single = Planner(tmp_path / "one.html", batch=False, extension=".html", force=False)
    assert single.path_for("anything") == tmp_path / "one.html"


# --------------------------------------------------------------------------- Markdown, rendered
# What a writer's Markdown tool shows must be the letter's text as written: checked with a
# CommonMark renderer (markdown-it-py, which Rich depends on).

def _shown_by_markdown(source: str) -> str:
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(source)
    assert "<pre>" not in rendered and "<code>" not in rendered, rendered
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())


def test_markdown_keeps_a_tilde_fence_and_entities_as_written():
    # Issue 18, 14: a sentence opening with ~~~ made a code block of the rest of the draft;
    # `&amp;` and `&#60;b&#62;` rendered as `&` and `<b>`.
    sentence = "~~~ Leaders &amp; managers &#60;b&#62; know ~~most~~ &copy; children well."
    md = render.render_markdown(doc(findings=[{"text": sentence, "label": "strength", "page": 1}],
                                    lead="~~~ A lead.", paragraphs=["1. Numbered", "    indented"]))
    shown = _shown_by_markdown(md)
    assert sentence in shown and "~~~ A lead." in shown and "1. Numbered" in shown, shown
    assert "Focused visit to Anytown" in shown  # nothing after the fence was swallowed


from hypothesis import given, settings  # noqa: E402  (with the property it serves)
from hypothesis import strategies as st  # noqa: E402

# Pieces of Markdown syntax, joined at random: the escaped text must come out unchanged.
PIECES = list("ab1 #*_~`&;<>[]()!|=+-.:\\") + ["&amp;", "&#60;", "&#x3c;", "~~~", "```", "1.",
                                                 "2)", "    ", "<b>", "http://x.y", "---", "***"]
MARKUP = st.lists(st.sampled_from(PIECES), min_size=1, max_size=16).map(lambda p: "".join(p).strip())


@settings(max_examples=300, deadline=None, derandomize=True)
@given(MARKUP)
def test_markdown_escaping_shows_any_text_as_written(text):
    if not text:
        return
    for prefix in ("", "- "):
        assert _shown_by_markdown(prefix + render.md_escape(text)) == " ".join(text.split())
