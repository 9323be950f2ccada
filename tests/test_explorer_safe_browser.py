"""Names are only text, in a real browser: hostile names shown through ``safe.md`` in every
Markdown-interpreting element render as their literal text — no image fetched, no link, no
colour directive, no icon, no KaTeX, no HTML (issue 15, point 5)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from kg.explorer.export import CHROMIUM_FLAGS, chromium_path
from kg.explorer.safe import JOINER
from tests.explorer_seed import HOSTILE_NAMES as NAMES
from tests.test_explorer_browser import LOCAL_HOSTS, free_port

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "tests" / "apps" / "safe_text_page.py"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page_url(tmp_path_factory):  # noqa: ANN001
    port = free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(PAGE),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start: {log_path.read_text()}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_hostile_names_render_as_literal_text_in_every_element(page_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    requests: list[str] = []
    errors: list[str] = []

    def on_request(request) -> None:  # noqa: ANN001
        parsed = urlparse(request.url)
        if parsed.scheme in ("data", "blob", "about"):
            return
        if parsed.hostname not in LOCAL_HOSTS or parsed.port != urlparse(page_url).port:
            requests.append(request.url)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
        context = browser.new_context(viewport={"width": 1200, "height": 1600})
        context.on("request", on_request)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.set_default_timeout(60_000)
        page.goto(page_url)
        last = page.locator(f".st-key-case-{len(NAMES) - 1}")
        expect(last.get_by_role("tab")).to_be_visible(timeout=60_000)
        page.wait_for_timeout(1500)  # let any lazily loaded plugin (KaTeX, emoji) arrive

        for i, name in enumerate(NAMES):
            case = page.locator(f".st-key-case-{i}")
            shown = {
                "title": case.locator("h1").first.inner_text(),
                "subheader": case.locator("h3").first.inner_text(),
                "markdown": case.get_by_test_id("stMarkdown").nth(1).inner_text(),
                "caption": case.get_by_test_id("stCaptionContainer").first.inner_text(),
                "info": case.get_by_test_id("stAlertContentInfo").inner_text(),
                "error": case.get_by_test_id("stAlertContentError").inner_text(),
                "button": case.get_by_test_id("stButton").inner_text(),
                "metric": case.get_by_test_id("stMetricLabel").inner_text(),
                "radio option": case.get_by_test_id("stRadio").locator("label").last.inner_text(),
                "segment": case.get_by_test_id("stButtonGroup").locator("button").inner_text(),
                "expander": case.get_by_test_id("stExpander")
                .locator("summary")
                .get_by_test_id("stMarkdownContainer")
                .inner_text(),
                "tab": case.get_by_role("tab").inner_text(),
            }
            for element, text in shown.items():
                assert text.strip().replace(JOINER, "") == name, (element, text, name)
            assert case.locator("img").count() == 0, name
            # headings carry Streamlit's own "#anchor" links; nothing else may link anywhere
            assert case.locator("a[href]:not([href^='#'])").count() == 0, name
            texts = case.get_by_test_id("stMarkdownContainer")  # what the names were drawn into
            assert texts.count() >= 12, name
            assert texts.locator(".katex").count() == 0, name
            assert texts.get_by_test_id("stIconMaterial").count() == 0, name
            assert texts.locator("b, i, span[style*='color'], span[class*='olor']").count() == 0, name
        browser.close()

    assert requests == [], requests
    assert errors == [], errors
