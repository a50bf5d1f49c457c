"""Make docs/review.png, README's picture of `cf review`, from the bundled Southwark example.

    python docs/screenshot.py        # needs the test extra (Playwright) and Chromium

The page is written with `cf review` and photographed in headless Chromium at 1200x750, with
the draft's findings in view and one sentence's score and cues showing."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = Path("examples") / "southwark-2019-02-07.pdf"  # relative: the page shows this path
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "review.html"
        subprocess.run([str(Path(sys.executable).with_name("cf")), "review", str(EXAMPLE), "-o", str(page_file),
                        "--no-cache", "-q"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(Path(tmp) / "profile"), executable_path=chromium, headless=True, args=FLAGS,
                viewport={"width": 1200, "height": 750})
            page = context.new_page()
            page.goto(page_file.as_uri())
            page.wait_for_selector("#story li")
            # The letter at its findings, the draft at its list.
            page.evaluate("window.scrollTo(0, document.querySelector('#letter .part:nth-of-type(4)').offsetTop - 8)")
            page.evaluate("document.getElementById('draft').scrollTop = document.getElementById('d-intro').offsetTop - 260")
            sentence = page.locator("#letter .lab-mixed").nth(1)
            sentence.hover()
            page.screenshot(path=str(ROOT / "docs" / "review.png"))
            context.close()


if __name__ == "__main__":
    main()
