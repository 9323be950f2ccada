"""`kg snapshot`: one-page briefings as PNG, self-contained HTML and PDF, offline, legible on A4."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar

from kg.explorer.export import CHROMIUM_FLAGS, chromium_path
from tests.conftest import run_kg, wipe
from tests.explorer_seed import HOSTILE_IMG, HOSTILE_SCRIPT, seed

NETWORK_REF = re.compile(r"https?://|(?:src|href)\s*=\s*[\"']?//", re.I)
MIN_PT = 7.0


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_chars(path: Path) -> list[LTChar]:
    """Every glyph on the (single) page, with its font size in pt and its font name."""
    out: list[LTChar] = []

    def walk(obj: object) -> None:
        if isinstance(obj, LTChar):
            out.append(obj)
        for child in getattr(obj, "_objs", None) or []:
            walk(child)

    for page in extract_pages(str(path)):
        walk(page)
    return out


def assert_print_legible(path: Path, names: list[str]) -> None:
    """One A4 page; every glyph ≥ 7 pt in a named, embedded TrueType font; ``names`` printed whole."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    assert re.search(r"^Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)", info, re.M), info
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all("Type 3" not in r and "[none]" not in r for r in rows), fonts
    assert all(re.search(r"\+WenQuanYiZenHei\s+CID TrueType\s+Identity-H\s+yes", r) for r in rows), fonts
    chars = pdf_chars(path)
    small = sorted({(round(c.size, 2), c.get_text()) for c in chars if c.size < MIN_PT})
    assert not small, small[:20]
    text = "".join(c.get_text() for c in chars)
    for name in names:
        assert name in text, name
    assert b"http://" not in path.read_bytes() and b"https://" not in path.read_bytes()


def quarters_ink(path: Path) -> list[float]:
    """Share of non-white pixels in each quarter of the page (top-left, top-right, bottom-left,
    bottom-right), from a 20 dpi greyscale rendering."""
    pgm = subprocess.run(
        ["pdftoppm", "-gray", "-r", "20", "-singlefile", str(path)], capture_output=True, check=True
    ).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    assert header, pgm[:20]
    w, h = int(header.group(1)), int(header.group(2))
    pixels = pgm[header.end() :]
    inked = [0, 0, 0, 0]
    for y in range(h):
        for x in range(w):
            if pixels[y * w + x] < 235:
                inked[(2 if y >= h / 2 else 0) + (1 if x >= w / 2 else 0)] += 1
    return [n / (w * h / 4) for n in inked]


def open_offline(path: Path) -> dict[str, object]:
    """Open an exported file from disk in headless Chromium; every non-file request is recorded
    and aborted, console errors and dialogs are recorded."""
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})

            def route(r) -> None:  # noqa: ANN001
                if r.request.url.startswith("file://"):
                    r.continue_()
                else:
                    requests.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(path.as_uri())
            page.locator(".kg-graph canvas").first.wait_for(state="visible", timeout=20_000)
            page.wait_for_timeout(1500)
            # the graph's own details panel lists what is drawn (names rendered as text)
            page.get_by_role("button", name="Toggle graph details panel").click()
            page.wait_for_timeout(800)
            panel = page.locator(".kg-graph").inner_text()
            found = page.evaluate(
                """() => ({
                    canvases: document.querySelectorAll('.kg-graph canvas').length,
                    imgs: document.querySelectorAll('img[src="x"]').length,
                    scripts: [...document.scripts].map(s => s.type || 'classic'),
                    text: document.body.innerText,
                })"""
            )
        finally:
            browser.close()
    return {"requests": requests, "errors": errors, "dialogs": dialogs, "panel": panel, **found}


def test_chain_snapshot_in_three_formats(graph, kg_env, tmp_path: Path) -> None:  # noqa: ANN001
    seed(graph)
    html, pdf, png = tmp_path / "6g.html", tmp_path / "6g.pdf", tmp_path / "6g.png"
    for fmt, out in (("html", html), ("pdf", pdf), ("png", png)):
        done = run_kg(
            "snapshot", "--view", "chain", "--chain", "6G", "--format", fmt, "--out", str(out), env=kg_env
        )
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 1000

    page = html.read_text(encoding="utf-8")
    for name in ("6G 产业链简报", "射频芯片", "基站", "终端设备", "苏州丙通信设备有限公司", "示例数据"):
        assert name in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img" not in page and "<script" not in page and "<link" not in page
    assert not NETWORK_REF.search(page)

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"WenQuanYi|NotoSansCJK|NotoSerifCJK", fonts), fonts
    text = pdf_text(pdf)
    for name in ("6G", "射频芯片", "断链", "补链"):
        assert name in text
    raw = pdf.read_bytes()
    assert b"http://" not in raw and b"https://" not in raw
    # firm names on the map print whole (legal form dropped) at ≥ 7 pt
    assert_print_legible(pdf, ["上海甲射频科技", "苏州丙通信设备", "射频芯片", "终端设备"])

    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_network_snapshot_is_interactive_offline_and_inert(graph, kg_env, tmp_path: Path) -> None:  # noqa: ANN001
    seed(graph)
    out = tmp_path / "net.html"
    done = run_kg("snapshot", "--view", "network", "--format", "html", "--out", str(out), env=kg_env)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "协同网络简报" in page and "东华大学" in page
    # its caption describes the interactive graph, not the printed picture's blocks and ①②③
    assert "颜色 = 协同社区（见图例），圆越大中介度越高" in page
    assert "分块" not in page and "① 为中介度最高者" not in page
    assert HOSTILE_IMG not in page and HOSTILE_SCRIPT not in page
    # The NVL bundle is inline (its code holds URL strings, e.g. React's error links, that are
    # never requested); what counts is what the browser does with the file:
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=", page, re.I)
    seen = open_offline(out)
    assert seen["requests"] == [] and seen["errors"] == [] and seen["dialogs"] == [], seen
    assert seen["canvases"] >= 1 and seen["imgs"] == 0
    assert seen["scripts"] == ["module", "application/json"], seen["scripts"]
    # the hostile firm of a recommended pair is shown as text
    assert "<img src=x onerror=alert(1)>科技 ↔ 张三" in str(seen["text"])
    # the interactive graph holds the analysed organisations, hostile names as plain text
    assert re.search(r"Nodes \(6\)", str(seen["panel"])), seen["panel"]
    assert HOSTILE_IMG in str(seen["panel"]) and HOSTILE_SCRIPT in str(seen["panel"]), seen["panel"]

    pdf = tmp_path / "net.pdf"
    done = run_kg("snapshot", "--view", "network", "--format", "pdf", "--out", str(pdf), env=kg_env)
    assert done.returncode == 0, done.stderr
    assert_print_legible(pdf, ["协同网络简报", "东华大学", "关键中介", "协同社区"])


def test_bad_arguments_and_a_graph_without_chains(graph, kg_env, tmp_path: Path) -> None:  # noqa: ANN001
    wiped = run_kg("snapshot", "--view", "chain", "--out", str(tmp_path / "none.pdf"), env=kg_env)
    assert wiped.returncode == 1, wiped.stderr
    assert len(wiped.stderr.strip().splitlines()) == 1 and "没有产业链" in wiped.stderr
    assert "Traceback" not in wiped.stderr and not (tmp_path / "none.pdf").exists()

    seed(graph)
    bad = run_kg(
        "snapshot",
        "--view",
        "chain",
        "--chain",
        "7G",
        "--format",
        "pdf",
        "--out",
        str(tmp_path / "x.pdf"),
        env=kg_env,
    )
    assert bad.returncode == 1 and "7G" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()
    wrong = run_kg("snapshot", "--view", "map", "--out", str(tmp_path / "y.pdf"), env=kg_env)
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    # without --chain the chain view briefs the graph's first chain
    first = run_kg("snapshot", "--format", "html", "--out", str(tmp_path / "first.html"), env=kg_env)
    assert first.returncode == 0, first.stderr
    assert "6G 产业链简报" in (tmp_path / "first.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_default_dataset_briefings_fill_a_legible_a4_page(session_graph, kg_env, tmp_path: Path) -> None:  # noqa: ANN001
    """What a leader prints: the default 6G chain and the whole district's network."""
    from kg.dataset.default import load_default

    wipe(session_graph)
    load_default(session_graph)
    chain, network = tmp_path / "chain.pdf", tmp_path / "network.pdf"
    for view, out in (("chain", chain), ("network", network)):
        done = run_kg("snapshot", "--view", view, "--format", "pdf", "--out", str(out), env=kg_env)
        assert done.returncode == 0, done.stderr
    assert_print_legible(chain, ["6G 产业链简报", "太赫兹芯片", "断链补链清单"])
    assert_print_legible(network, ["全区 协同网络简报", "关键中介", "推荐对接", "无科研伙伴的高企"])
    for pdf in (chain, network):
        ink = quarters_ink(pdf)
        assert min(ink) > 0.04, (pdf.name, ink)  # no quarter of the page left empty
    # the drawn network is the analysed one: each node's community, by key, is the analysis' own
    from kg.analyses.collab import collaboration
    from kg.explorer.snapshot import analysed_network

    net = analysed_network(session_graph, None)
    for community in collaboration(session_graph, None)["communities"]:
        members = sorted(n.name for n in net.nodes if n.community == community["id"])
        assert len(members) == community["size"]
        assert sorted(community["members"]) == members[: len(community["members"])]
    assert len({n.key for n in net.nodes}) == len(net.nodes)
    # the network picture names its communities (no "社区N（size）" blobs) and its top broker
    text = pdf_text(network)
    # (communities carry the analysis' names, kg.analyses.naming: "6G·射频与微波器件（锐康等）")
    biggest = sorted(collaboration(session_graph, None)["communities"], key=lambda c: -c["size"])[:6]
    assert all(c["name"].split("（")[0] in text for c in biggest), [c["name"] for c in biggest]
    assert not re.search(r"社区\d+（", text)
    assert re.search(r"①\s*\S+", text)
