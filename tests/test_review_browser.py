"""`cf review`'s page in a real browser: Debian's Chromium, driven by Playwright.

Playwright's own browser download is not used: the system Chromium is launched headless
with a fresh profile. Without a Chromium these tests skip, unless CF_REQUIRE_BROWSER is set
(CI sets it, after installing one), when they fail."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cf.cli.app import app

import pdfgen
from conftest import EXAMPLES, NO_BROWSER, chromium_path

pytestmark = pytest.mark.needs_browser  # (conftest skips them without Chromium)

SOUTHWARK = EXAMPLES / "southwark-2019-02-07.pdf"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOSTILE = '<script>window.__pwned = "script"</script>'
HOSTILE_IMG = '<img src=x onerror="window.__pwned = \'onerror\'">'


@pytest.fixture(scope="module")
def browser_context():
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CF_REQUIRE_BROWSER"):
            pytest.fail("no Chromium found (apt-get install chromium), and CF_REQUIRE_BROWSER is set")
        pytest.skip(NO_BROWSER)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="cf-chromium-") as profile:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 800}, locale="en-GB",
        )
        try:
            yield context
        finally:
            context.close()


class Watched:
    """A page with everything it logs and requests recorded."""

    def __init__(self, context) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: Path) -> Watched:
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_selector("#story li")
        return self

    def close(self) -> None:
        self.page.close()


def review(tmp: Path, *paths: Path, name: str = "review.html") -> Path:
    out = tmp / name
    result = CliRunner().invoke(app, ["review", *map(str, paths), "-o", str(out), "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def southwark(tmp_path_factory):
    """The Southwark page and the JSON it was built from."""
    tmp = tmp_path_factory.mktemp("southwark")
    page = review(tmp, SOUTHWARK)
    result = CliRunner().invoke(app, ["summarise", str(SOUTHWARK), "--format", "json", "--explain", "--no-cache"])
    assert result.exit_code == 0
    return page, json.loads(result.stdout)


@pytest.fixture
def page(browser_context, southwark):
    watched = Watched(browser_context).open(southwark[0])
    yield watched
    watched.close()


def test_the_page_loads_with_no_errors_and_no_requests(page):
    page.page.wait_for_timeout(200)
    assert page.errors == []  # a blocked script or style (a wrong CSP hash) would log one here
    assert page.requests == [page.url]


def test_every_sentence_of_the_letter_is_present_and_marked(page, southwark):
    sentences = southwark[1]["sentences"]
    shown = page.page.eval_on_selector_all("#letter .s", """els => els.map(e => ({
        text: e.textContent, cls: e.className,
        symbol: getComputedStyle(e, '::before').content,
        background: getComputedStyle(e).backgroundColor}))""")
    assert len(shown) == len(sentences) > 70
    symbols: dict[str, set[str]] = {}
    for s, el in zip(sentences, shown, strict=True):
        assert el["text"] == s["text"]
        assert f"lab-{s['label']}" in el["cls"].split()
        assert el["symbol"] not in ("none", "normal", '""')  # a symbol, not colour alone
        symbols.setdefault(s["label"], set()).add(el["symbol"])
    # Each label has its own symbol, and the judged ones a background colour too.
    assert len({next(iter(v)) for v in symbols.values()}) == len(symbols) == 4
    assert all(len(v) == 1 for v in symbols.values())
    colours = {s["label"]: el["background"] for s, el in zip(sentences, shown, strict=True)}
    assert len({colours["strength"], colours["weakness"], colours["mixed"]}) == 3


def test_scores_and_cues_show_on_hover_and_on_keyboard_focus(page, southwark):
    sentences = southwark[1]["sentences"]
    i = next(k for k, s in enumerate(sentences) if s["cues"] and s["label"] == "weakness")
    page.page.hover(f"#s{i}")
    tip = page.page.locator("#tip")
    assert tip.is_visible()
    assert "Weakness" in tip.inner_text() and sentences[i]["cues"][0] in tip.inner_text()
    page.page.mouse.move(0, 0)
    assert not tip.is_visible()
    # Keyboard only: Tab reaches the letter's sentences, and focus shows the same details.
    page.page.focus("#copy-text")
    for _ in range(200):
        page.page.keyboard.press("Tab")
        if page.page.evaluate("document.activeElement.classList.contains('s')"):
            break
    focused = page.page.evaluate("Number(document.activeElement.dataset.i)")
    assert tip.is_visible() and f"page {sentences[focused]['page']}" in tip.inner_text()
    assert page.page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "tip"


def copied(page) -> str:
    return page.page.evaluate("navigator.clipboard.readText()")


def bullet_lines(text: str) -> list[str]:
    return [line[2:] for line in text.splitlines() if line.startswith("- ")]


def test_the_unedited_draft_copies_as_cfs_own_text(browser_context, page, southwark):
    browser_context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.page.click("#copy-text")
    page.page.wait_for_function("() => document.getElementById('status').textContent.startsWith('Copied')")
    assert copied(page) == southwark[1]["summary"]["text"]
    page.page.click("#copy-html")
    page.page.wait_for_function("() => document.getElementById('status').textContent.includes('HTML')")
    from cf.cli.render import render_html

    assert copied(page) == render_html(southwark[1])


def test_clicking_a_letter_sentence_adds_it_to_the_draft_in_letter_order(browser_context, page, southwark):
    browser_context.grant_permissions(["clipboard-read", "clipboard-write"])
    doc = southwark[1]
    sentences = doc["sentences"]
    in_draft = page.page.eval_on_selector_all("#letter .s.in-draft", "els => els.map(e => Number(e.dataset.i))")
    pick = next(i for i, s in enumerate(sentences)
                if s["label"] == "strength" and s["section"] == "Findings" and i not in in_draft)
    page.page.click(f"#s{pick}")
    assert pick in page.page.eval_on_selector_all("#letter .s.in-draft", "els => els.map(e => Number(e.dataset.i))")
    assert page.page.locator("#letter .used", has_text="finding").count() == len(doc["summary"]["findings"]) + 1
    page.page.click("#copy-text")
    page.page.wait_for_function("() => document.getElementById('status').textContent.startsWith('Copied')")
    text = copied(page)
    bullets = bullet_lines(text)
    assert sentences[pick]["text"] in bullets
    order = [next(i for i, s in enumerate(sentences) if s["text"] in b) for b in bullets]
    assert order == sorted(order)  # the letter's order, as cf keeps it
    assert [b for b in bullets if b != sentences[pick]["text"]] == [f["text"] for f in doc["summary"]["findings"]]
    # Clicking it again takes it out: the draft is cf's again.
    page.page.click(f"#s{pick}")
    page.page.click("#copy-text")
    page.page.wait_for_function("() => document.getElementById('status').textContent.startsWith('Copied')")
    assert copied(page) == doc["summary"]["text"]


def test_swapping_the_however_sentence_and_the_quote_keeps_the_draft_faithful(browser_context, page, southwark):
    browser_context.grant_permissions(["clipboard-read", "clipboard-write"])
    sentences = southwark[1]["sentences"]
    in_draft = page.page.eval_on_selector_all("#letter .s.in-draft", "els => els.map(e => Number(e.dataset.i))")
    weak = next(i for i, s in enumerate(sentences) if s["label"] == "weakness" and i not in in_draft
                and not s["text"].startswith("However"))
    strong = next(i for i, s in enumerate(sentences) if s["label"] == "strength" and i not in in_draft
                  and i != weak and s["section"] == "Findings")
    page.page.check("input[value=however]")
    page.page.click(f"#s{weak}")
    page.page.check("input[value=quote]")
    page.page.click(f"#s{strong}")
    first_finding = southwark[1]["summary"]["findings"][0]["text"]
    page.page.click("#story li .remove >> nth=0")
    page.page.click("#copy-text")
    page.page.wait_for_function("() => document.getElementById('status').textContent.startsWith('Copied')")
    text = copied(page)
    weak_text = sentences[weak]["text"]
    assert f"However, {weak_text[0].lower()}{weak_text[1:]}" in text
    assert f'"{sentences[strong]["text"].rstrip(".")}," said the report.' in text
    assert first_finding not in bullet_lines(text)
    assert_faithful(text)
    page.page.click("#reset")
    page.page.click("#copy-text")
    page.page.wait_for_function("() => document.getElementById('status').textContent.startsWith('Copied')")
    assert copied(page) == southwark[1]["summary"]["text"]


def assert_faithful(text: str) -> None:
    """Every sentence of the edited draft can be found in the letter (cf's own check)."""
    from cf.models import DraftFinding, Summary
    from cf.summarise import faithful
    from cf.summarise.pipeline import summarise

    letter = summarise(SOUTHWARK.read_bytes(), str(SOUTHWARK)).letter
    blocks = text.strip("\n").split("\n\n")
    bullets = [DraftFinding(b, "strength") for b in bullet_lines(text)]
    prose = [b for b in blocks[2:-1] if not b.startswith("- ") and not b.endswith(":")]
    summary = Summary(headline=blocks[0], lead=blocks[1], paragraphs=prose, findings=bullets,
                      link_title=blocks[-1])
    assert faithful.check(summary, letter) == []


def test_bullets_and_letter_sentences_link_both_ways(page):
    first = page.page.locator("#story li a.jump").first
    target = first.get_attribute("href")[1:]
    first.click()
    page.page.wait_for_function(f"() => document.activeElement.id === '{target}'")
    assert page.page.locator(f"#{target}").is_visible()
    badge = page.page.locator(f"#{target} + a.used")
    assert "finding 1" in badge.inner_text()
    badge.click()
    page.page.wait_for_function("() => document.activeElement.id === 'd-f0'")


def test_keyboard_alone_adds_a_finding(page, southwark):
    sentences = southwark[1]["sentences"]
    in_draft = page.page.eval_on_selector_all("#letter .s.in-draft", "els => els.map(e => Number(e.dataset.i))")
    pick = next(i for i, s in enumerate(sentences) if i not in in_draft and s["section"] == "Findings")
    before = page.page.locator("#story li").count()
    page.page.focus(f"#s{pick}")
    page.page.keyboard.press("Enter")
    assert page.page.locator("#story li").count() == before + 1
    assert "Added to the findings" in page.page.inner_text("#status")
    page.page.keyboard.press(" ")
    assert page.page.locator("#story li").count() == before


def test_screenshots_wide_and_narrow(browser_context, southwark, tmp_path):
    watched = Watched(browser_context).open(southwark[0])
    try:
        p = watched.page
        p.set_viewport_size({"width": 1280, "height": 800})
        p.screenshot(path=str(tmp_path / "review-1280x800.png"))
        draft, letter = (p.locator(sel).bounding_box() for sel in ("#draft", "#letter"))
        assert draft["x"] + draft["width"] <= letter["x"] + 1  # side by side
        p.set_viewport_size({"width": 400, "height": 800})
        p.screenshot(path=str(tmp_path / "review-400x800.png"))
        assert p.evaluate("document.documentElement.scrollWidth") <= 400  # nothing runs off the side
        draft, letter = (p.locator(sel).bounding_box() for sel in ("#draft", "#letter"))
        assert letter["y"] >= draft["y"] + draft["height"] - 1  # one column: the draft, then the letter
        assert watched.errors == []
    finally:
        watched.close()
    for name in ("review-1280x800.png", "review-400x800.png"):
        assert (tmp_path / name).stat().st_size > 10_000


def test_printed_the_controls_go_and_the_text_stays(page):
    page.page.emulate_media(media="print")
    try:
        assert not page.page.locator("#copy-text").is_visible()
        assert not page.page.locator(".mode").is_visible()
        assert page.page.locator("#story li").first.is_visible()
        assert page.page.locator("#letter .s").first.is_visible()
    finally:
        page.page.emulate_media(media="screen")


def hostile_pdf() -> bytes:
    lines = pdfgen.ofsted_like_lines()
    at = lines.index("# Findings") + 1
    lines[at:at] = [
        # the first findings claim may be the quote (an overview with nothing to quote): the
        # hostile sentences must be bullets, which a click takes out and puts back
        "Leaders have a clear and accurate understanding of the quality of practice.", "",
        f"Social workers visit children regularly and write {HOSTILE} in their records.", "",
        f"Children's views are sought well and {HOSTILE_IMG} is shown to them.", "",
    ]
    return pdfgen.text_pdf([lines])


def test_a_hostile_pdf_shows_its_markup_as_text(browser_context, tmp_path):
    pdf = tmp_path / "hostile.pdf"
    pdf.write_bytes(hostile_pdf())
    watched = Watched(browser_context)
    try:
        watched.open(review(tmp_path, pdf))
        p = watched.page
        letter = p.inner_text("#letter")
        assert HOSTILE in letter and HOSTILE_IMG in letter
        assert p.evaluate("window.__pwned") is None
        assert p.locator("img").count() == 0
        assert p.locator("script").count() == 2  # the page's data and its own code only
        def in_draft() -> bool:
            return any(HOSTILE in t for t in p.locator("#story li").all_inner_texts())

        assert in_draft()  # the draft (built by the page's script) shows it as text too
        hostile = p.locator("#letter .s", has_text="<script>").first
        hostile.click()
        assert not in_draft()
        hostile.click()  # and back, rebuilt from the letter's sentence
        assert in_draft()
        assert p.evaluate("window.__pwned") is None
        assert watched.errors == []
        assert watched.requests == [watched.url]
    finally:
        watched.close()


def test_the_index_of_several_documents_links_to_each_page(browser_context, tmp_path):
    folder = tmp_path / "reviews"
    result = CliRunner().invoke(app, ["review", str(SOUTHWARK), str(EXAMPLES / "lambeth-2023-08-01.pdf"),
                                      "-o", str(folder), "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    watched = Watched(browser_context)
    try:
        p = watched.page
        p.goto((folder / "index.html").as_uri())
        assert p.locator("tbody tr").count() == 2
        assert "Southwark" in p.inner_text("tbody") and "Lambeth" in p.inner_text("tbody")
        p.click("text=Focused visit to Southwark")
        p.wait_for_selector("#story li")
        assert p.url.endswith("southwark-2019-02-07.html")
        assert watched.errors == []
    finally:
        watched.close()
