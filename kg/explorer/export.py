"""Briefing HTML → PNG / one-page PDF with the system's headless Chromium (no download, no network).

Playwright drives ``/usr/bin/chromium``; every request other than the page itself is aborted, so a
briefing can never reach out. The work runs in its own thread because Playwright's sync API must
not run inside an asyncio loop (Streamlit's script thread may have one).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kg.errors import KgError

FORMATS = ("png", "html", "pdf")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A4 landscape at 96 dpi minus 8 mm (30.24 px) margins on each side, rounded down, less 2 px that
# Chromium's page breaking needs: a page up to this size prints on one page at scale 1.
PDF_PRINTABLE = (1123 - 61 - 2, 794 - 61 - 2)


# Sections marked data-fill give up their last rows until the page fits the printable height.
FIT_FILLERS = """(limit) => {
  const page = document.querySelector('.page');
  for (const body of [...document.querySelectorAll('section[data-fill] tbody')].reverse()) {
    while (page.scrollHeight > limit && body.rows.length) body.deleteRow(-1);
    if (!body.rows.length) body.closest('section').remove();
  }
}"""
MEASURE_PAGE = (
    "(() => { const p = document.querySelector('.page'); return [p.scrollWidth, p.scrollHeight]; })()"
)


class ExportError(KgError):
    """A briefing could not be turned into PNG or PDF."""


def chromium_path() -> str:
    """The browser to print with: ``KG_CHROMIUM`` or Debian's chromium."""
    path = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise ExportError(f"Chromium not found at {path}; run scripts/install-system-deps.sh")
    return path


def export(html: str, fmt: str) -> bytes:
    """The briefing in ``fmt`` (png, html or pdf) as bytes."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "html":
        return html.encode("utf-8")
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_render, html, fmt).result()


def _render(html: str, fmt: str) -> bytes:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    try:
        with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile, sync_playwright() as pw:
            browser = pw.chromium.launch_persistent_context(
                profile,
                executable_path=chromium_path(),
                args=CHROMIUM_FLAGS,
                headless=True,
                viewport={"width": 1660, "height": 1000},
                device_scale_factor=2 if fmt == "png" else 1,
                offline=True,
            )
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort())
                page.set_content(html, wait_until="load")
                page.evaluate("document.fonts.ready.then(() => true)")
                page.evaluate(FIT_FILLERS, PDF_PRINTABLE[1])
                if fmt == "png":
                    return page.locator(".page").screenshot(type="png")
                width, height = page.evaluate(MEASURE_PAGE)
                # A briefing laid out at the printable size prints at scale 1 (its px are final);
                # anything larger is shrunk to fit the one page.
                scale = max(0.1, min(1.0, PDF_PRINTABLE[0] / width, PDF_PRINTABLE[1] / height))
                return page.pdf(
                    format="A4",
                    landscape=True,
                    print_background=True,
                    prefer_css_page_size=True,
                    scale=scale,
                    margin={"top": "8mm", "bottom": "8mm", "left": "8mm", "right": "8mm"},
                )
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise ExportError(f"Chromium could not render the briefing: {str(exc).splitlines()[0]}") from exc
