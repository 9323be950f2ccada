"""End to end: `streamlit run app.py` on the default dataset, driven in headless Chromium.

Fails on any browser console error or any request that leaves localhost. Saves screenshots of
产业链图谱 and 简报导出 and of the exported PDF's page into docs/screenshots/.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from kg.explorer.export import CHROMIUM_FLAGS, chromium_path

REPO = Path(__file__).resolve().parents[1]
SHOTS = REPO / "docs" / "screenshots"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
NETWORK_REF = re.compile(r"https?://|(?:src|href)\s*=\s*[\"']?//", re.I)

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def default_data(session_graph):  # noqa: ANN001
    from kg.dataset.default import load_default
    from tests.conftest import wipe

    wipe(session_graph)
    load_default(session_graph)
    return session_graph


@pytest.fixture(scope="module")
def app_url(default_data, kg_env, tmp_path_factory):  # noqa: ANN001
    port = free_port()
    # A file, not a pipe: a full pipe would block the server once its log passes 64 KB.
    log_path = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    log = log_path.open("w")
    env = dict(os.environ, **kg_env)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://localhost:{port}"
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
        print(log_path.read_text()[-3000:])


def test_explorer_in_headless_chromium(app_url: str, default_data, tmp_path: Path) -> None:  # noqa: ANN001
    from playwright.sync_api import expect, sync_playwright

    from kg.explorer import views

    view, _gaps = views.chain_view(default_data, "6G")
    segment_names = [s.name for s in view.segments]
    assert segment_names, "the default dataset has a 6G chain"

    SHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    outside: list[str] = []

    def on_request(request) -> None:  # noqa: ANN001
        parsed = urlparse(request.url)
        if parsed.scheme in ("data", "blob", "about"):
            return
        if parsed.hostname not in LOCAL_HOSTS:
            outside.append(request.url)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
        context = browser.new_context(viewport={"width": 1440, "height": 1800}, accept_downloads=True)
        context.on("request", on_request)
        context.on(
            "response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None
        )
        page = context.new_page()
        page.on(
            "console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None
        )
        page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
        page.set_default_timeout(90_000)
        expect.set_options(timeout=90_000)  # assertions have their own 5 s default
        started = time.monotonic()

        def mark(step: str) -> None:
            print(f"{time.monotonic() - started:6.1f}s {step}")

        # 1 总览 (then the sidebar, as a user does: deep links make Streamlit probe <page>/_stcore/health)
        page.goto(app_url)
        expect(page.get_by_text("松江科创知识图谱 · 总览")).to_be_visible()
        expect(page.get_by_text("示例数据").first).to_be_visible()
        expect(page.get_by_text("各产业链断链 / 弱链 / 强链")).to_be_visible()
        page.wait_for_timeout(1000)
        page.screenshot(path=str(SHOTS / "1-overview.png"), full_page=True)
        mark("总览")

        # 2 产业链图谱: the map, then a broken segment's lists
        page.get_by_role("link", name="产业链图谱").click()
        chain_map = page.frame_locator("iframe").first.locator("svg.kg-chain")
        expect(chain_map).to_be_visible()
        expect(chain_map).to_contain_text(segment_names[0])
        broken = [s for s in view.segments if s.status == "断链"] or view.segments
        page.get_by_role("radio", name=f"{broken[0].name}·{broken[0].status}").click()
        expect(
            page.get_by_text(f"{broken[0].name}（{broken[0].position} · {broken[0].status}）")
        ).to_be_visible()
        expect(page.get_by_text("补链目标（区外企业）")).to_be_visible()
        page.wait_for_timeout(500)
        page.screenshot(path=str(SHOTS / "2-chain-map.png"), full_page=True)
        mark("产业链图谱")

        # 4 协同网络
        page.get_by_role("link", name="协同网络").click()
        expect(page.frame_locator("iframe").first.locator("svg.kg-network")).to_be_visible()
        expect(page.get_by_role("tab", name="关键中介（桥梁）")).to_be_visible()
        page.wait_for_timeout(500)
        page.screenshot(path=str(SHOTS / "4-network.png"), full_page=True)
        mark("协同网络")

        # 5 主体画像: results appear while typing (no Enter)
        page.get_by_role("link", name="主体画像").click()
        page.get_by_label("搜索企业、高校、专家、工作站、联合体、载体…").press_sequentially("垣信", delay=80)
        expect(page.get_by_text("上海垣信卫星科技有限公司").first).to_be_visible()
        expect(page.frame_locator("iframe").first.locator("svg.kg-network")).to_be_visible()
        mark("主体画像")

        # 6 Cypher 控制台: the default query returns rows and a graph
        page.get_by_role("link", name="Cypher 控制台").click()
        page.get_by_role("button", name="运行", exact=True).click()
        expect(page.get_by_text(re.compile(r"返回 \d+ 行"))).to_be_visible()
        expect(page.frame_locator("iframe").first.locator("svg.kg-network")).to_be_visible()
        mark("控制台")

        # 7 简报导出: PDF, PNG and HTML downloads
        page.get_by_role("link", name="简报导出").click()
        expect(page.get_by_role("button", name="下载 HTML")).to_be_visible()
        page.get_by_role("button", name="生成 PDF（单页）").click()
        expect(page.get_by_role("button", name="下载 PDF")).to_be_visible()
        page.get_by_role("button", name="生成 PNG").click()
        expect(page.get_by_role("button", name="下载 PNG")).to_be_visible()
        files = {}
        for label, suffix in (("下载 PDF", "pdf"), ("下载 HTML", "html"), ("下载 PNG", "png")):
            with page.expect_download() as info:
                page.get_by_role("button", name=label).click()
            files[suffix] = tmp_path / f"briefing.{suffix}"
            info.value.save_as(files[suffix])
        page.wait_for_timeout(500)
        page.screenshot(path=str(SHOTS / "7-briefing.png"), full_page=True)
        mark("简报导出")
        browser.close()

    assert not outside, outside
    assert not errors, errors

    html = files["html"].read_text(encoding="utf-8")
    assert "6G 产业链简报" in html and all(name in html for name in segment_names)
    assert not NETWORK_REF.search(html) and "<script" not in html

    pdf = files["pdf"]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"WenQuanYi|NotoSansCJK", fonts), fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "6G" in text and broken[0].name in text
    assert b"http://" not in pdf.read_bytes() and b"https://" not in pdf.read_bytes()
    assert files["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    (SHOTS / "7-briefing-export.png").write_bytes(files["png"].read_bytes())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-singlefile", str(pdf), str(SHOTS / "7-briefing-pdf")], check=True
    )
