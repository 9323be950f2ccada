"""End to end: `streamlit run app.py` on the default dataset plus an imported list of hostile names,
driven in headless Chromium.

Every graph view is clicked where the node is drawn: positions are computed in Python
(``kg.explorer.graphview.build``, seeded) and the test rebuilds the same drawing from the same
reads to know where to click. Fails on any browser console error, any dialog (a name that ran as
script) or any request that leaves localhost. Saves a screenshot of each interactive page, and of
the exported PDF, into docs/screenshots/. Visits 政策对照 and 梯度培育 too.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from kg.explorer.export import CHROMIUM_FLAGS, chromium_path
from tests.ingest_helpers import ENTERPRISE_HEADER, code, write_csv

REPO = Path(__file__).resolve().parents[1]
SHOTS = REPO / "docs" / "screenshots"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
NETWORK_REF = re.compile(r"https?://|(?:src|href)\s*=\s*[\"']?//", re.I)
HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "[点我](javascript:alert(1))",
]
COLLAB_HEADER = ["甲方", "乙方", "合作类型", "年份"]

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hostile_lists(folder: Path) -> list[Path]:
    """Three local 6G firms with hostile names, tied to each other and to two universities."""
    row = dict.fromkeys(ENTERPRISE_HEADER, "")
    rows = []
    for i, name in enumerate(HOSTILE):
        r = dict(row, 统一社会信用代码=code(9100 + i), 企业名称=name, 所在区="松江区", 产业链="6G")
        r["环节"] = "射频芯片"
        r["资质"] = "高新技术企业(2024)"
        rows.append([r[h] for h in ENTERPRISE_HEADER])
    firms = write_csv(folder / "企业名单-hostile.csv", ENTERPRISE_HEADER, rows)
    ties = [
        [HOSTILE[0], HOSTILE[1], "联合研发", 2024],
        [HOSTILE[1], HOSTILE[2], "联合研发", 2024],
        [HOSTILE[0], "东华大学", "联合研发", 2024],
        [HOSTILE[2], "上海工程技术大学", "技术转让", 2025],
    ]
    return [firms, write_csv(folder / "合作关系-hostile.csv", COLLAB_HEADER, ties)]


@pytest.fixture(scope="module")
def default_data(session_graph, tmp_path_factory):  # noqa: ANN001
    from kg.dataset.default import load_default
    from kg.ingest.api import import_files
    from tests.conftest import wipe

    wipe(session_graph)
    load_default(session_graph)
    import_files(session_graph, hostile_lists(tmp_path_factory.mktemp("hostile")))  # refreshes analyses
    return session_graph


def start_streamlit(script: str, env: dict[str, str], log_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    # A file, not a pipe: a full pipe would block the server once its log passes 64 KB.
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
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
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc, url
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not start: {log_path.read_text()}")
        time.sleep(0.5)


def stop(proc: subprocess.Popen, log_path: Path) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    print(log_path.read_text()[-3000:])


@pytest.fixture(scope="module")
def app_url(default_data, kg_env, tmp_path_factory):  # noqa: ANN001
    log_path = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    proc, url = start_streamlit("app.py", dict(os.environ, **kg_env), log_path)
    try:
        yield url
    finally:
        stop(proc, log_path)


class Watch:
    """Everything the browser must not do: console errors, HTTP errors, dialogs, outside requests."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []

    def attach(self, context, page) -> None:  # noqa: ANN001
        def on_request(request) -> None:  # noqa: ANN001
            parsed = urlparse(request.url)
            if parsed.scheme in ("data", "blob", "about"):
                return
            if parsed.hostname not in LOCAL_HOSTS:
                self.outside.append(request.url)

        def on_dialog(dialog) -> None:  # noqa: ANN001
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        context.on("request", on_request)
        context.on(
            "response", lambda r: self.errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None
        )
        page.on(
            "console",
            lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("dialog", on_dialog)

    def check(self) -> None:
        assert not self.dialogs, self.dialogs
        assert not self.outside, self.outside
        assert not self.errors, self.errors


def graph_frame(page, index: int = 0):  # noqa: ANN001, ANN201
    """Scroll the ``index``-th graph view into sight; its canvas and bounding box, once the frame
    has settled (a rerun may replace the view while we look)."""
    canvas = page.locator("[data-neo4j-viz-ndl] canvas").nth(index)
    last = None
    for _ in range(40):
        canvas.wait_for(state="visible")
        try:
            canvas.evaluate("c => c.closest('[data-neo4j-viz-ndl]').scrollIntoView({block: 'center'})")
        except Exception:  # noqa: BLE001 - replaced between the wait and the call; look again
            page.wait_for_timeout(300)
            continue
        page.wait_for_timeout(700)  # the renderer draws after the frame settles
        box = canvas.bounding_box()
        if box and box["width"] > 0 and box == last:
            return canvas, box
        last = box
    raise AssertionError("the graph view did not settle")


def nav(page, title: str) -> None:  # noqa: ANN001
    """Open a page from the sidebar, as a user does (deep links make Streamlit probe
    <page>/_stcore/health, and a page may hold links of the same name)."""
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=title, exact=True).click()


def clickable(spec, box, candidates: list[str]) -> str:  # noqa: ANN001
    """The first candidate drawn well inside the canvas, clear of the widget's overlays
    (legend bottom-left, buttons in the corners)."""
    from kg.explorer.graphview import screen_point

    for node_id in candidates:
        x, y = screen_point(spec, node_id, box)
        inside = (
            box["x"] + 60 < x < box["x"] + box["width"] - 60
            and box["y"] + 60 < y < box["y"] + box["height"] - 60
        )
        legend = x < box["x"] + 240 and y > box["y"] + box["height"] - 330
        if inside and not legend:
            return node_id
    raise AssertionError("no candidate node is drawn clear of the overlays")


def click_node(page, spec, box, node_id: str) -> None:  # noqa: ANN001
    """Click where ``node_id`` is drawn; first fold the widget's legend away if it covers that
    point, as a user would (its width follows the community names, so no fixed margin is safe)."""
    from kg.explorer.graphview import screen_point

    x, y = screen_point(spec, node_id, box)
    legends = page.get_by_role("button", name="Legend", exact=True)
    for i in range(legends.count()):
        lb = legends.nth(i).bounding_box()
        if (
            lb
            and box["y"] <= lb["y"] <= box["y"] + box["height"]
            and lb["x"] - 8 <= x <= lb["x"] + lb["width"] + 8
            and y >= lb["y"] - 8
        ):
            page.get_by_role("button", name="Toggle legend", exact=True).nth(i).click()
            page.wait_for_timeout(500)
            break
    page.mouse.click(x, y)


def test_explorer_in_headless_chromium(app_url: str, default_data, tmp_path: Path) -> None:  # noqa: ANN001
    from playwright.sync_api import expect, sync_playwright

    from kg.explorer import graphdata, graphreads, graphview, reads, views
    from kg.graph.readonly import run_read_only
    from kg.graph.schema import load_schema

    view, _gaps = views.chain_view(default_data, "6G")
    segment_names = [s.name for s in view.segments]
    assert segment_names, "the default dataset has a 6G chain"

    SHOTS.mkdir(parents=True, exist_ok=True)
    watch = Watch()
    timings: dict[str, float] = {}

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
        context = browser.new_context(viewport={"width": 1440, "height": 1100}, accept_downloads=True)
        page = context.new_page()
        watch.attach(context, page)
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

        # 2 产业链图谱: the map; the buttons select a segment, and so does a click on the map
        nav(page, "产业链图谱")
        chain_map = page.locator("svg.kg-chain")
        expect(chain_map).to_be_visible()
        expect(chain_map).to_contain_text(segment_names[0])
        expect(chain_map).to_contain_text(HOSTILE[0])  # an imported hostile name, drawn as text
        broken = [s for s in view.segments if s.status == "断链"] or view.segments
        page.get_by_role("radio", name=f"{broken[0].name}·{broken[0].status}").click()
        expect(
            page.get_by_text(f"{broken[0].name}（{broken[0].position} · {broken[0].status}）")
        ).to_be_visible()
        expect(page.get_by_text("补链目标（区外企业）")).to_be_visible()
        other = next(s for s in view.segments if s.name != broken[0].name)
        page.locator(f'g.kg-seg[data-segment="{other.name}"]').click()
        expect(page.get_by_text(f"{other.name}（{other.position} · {other.status}）")).to_be_visible()
        expect(page.get_by_role("radio", name=f"{other.name}·{other.status}")).to_be_checked()
        page.locator(f'g.kg-seg[data-segment="{broken[0].name}"]').click()
        expect(
            page.get_by_text(f"{broken[0].name}（{broken[0].position} · {broken[0].status}）")
        ).to_be_visible()
        page.set_viewport_size({"width": 1440, "height": 2000})  # the map and the lists under it
        page.wait_for_timeout(800)
        page.screenshot(path=str(SHOTS / "2-chain-map.png"), full_page=True)
        page.set_viewport_size({"width": 1440, "height": 1100})
        mark("产业链图谱")

        # 政策对照: the eleven measures, gaps with their measures, the 政策覆盖简报 as PDF
        nav(page, "政策对照")
        expect(page.get_by_text("十一条措施")).to_be_visible()
        expect(page.get_by_text("产业链缺口与对口措施")).to_be_visible()
        page.get_by_role("button", name="生成政策覆盖简报 PDF").click()
        expect(page.get_by_role("button", name="下载 PDF")).to_be_visible()
        page.wait_for_timeout(500)
        page.screenshot(path=str(SHOTS / "8-policy.png"), full_page=True)
        mark("政策对照")

        # 梯度培育: the rule, moves and candidates with reasons
        nav(page, "梯度培育")
        expect(page.get_by_text("升级候选规则（可调整）")).to_be_visible()
        expect(page.get_by_text("逐年晋级（原梯度 → 新梯度）")).to_be_visible()
        page.wait_for_timeout(1000)
        page.screenshot(path=str(SHOTS / "9-tiers.png"), full_page=True)
        mark("梯度培育")

        # 4 协同网络: the analysed 6G network; click a hostile-named firm, then expand a node into a
        # community view
        net = graphreads.analysed_network(default_data, "6G")
        t0 = time.monotonic()
        nav(page, "协同网络")
        canvas, box = graph_frame(page)
        timings["协同网络"] = time.monotonic() - t0
        drawing = graphdata.network_drawing(net)
        spec = graphview.build(drawing.nodes, drawing.edges, legend=drawing.legend)
        by_name = {n.name: n for n in net.nodes}
        assert all(name in by_name for name in HOSTILE), "the imported firms are in the analysed network"
        target = clickable(spec, box, [by_name[n].key for n in HOSTILE] + [n.id for n in spec.nodes])
        click_node(page, spec, box, target)
        firm = next(n for n in net.nodes if n.key == target)
        expect(page.get_by_text(firm.name, exact=True).first).to_be_visible()
        details = page.get_by_text(f"社区：{graphdata.community_label(firm)}", exact=False)
        expect(details.first).to_be_visible()
        expect(page.get_by_text(re.compile(r"^合作伙伴（\d+）$"))).to_be_visible()
        expect(page.get_by_text(re.compile(r"^推荐对接（\d+）$"))).to_be_visible()
        expect(page.get_by_role("link", name="查看主体画像 →")).to_be_visible()
        page.wait_for_timeout(800)
        page.screenshot(path=str(SHOTS / "4-network.png"))

        # a community view, then expand a member whose partners lie outside it
        adjacency: dict[str, set[str]] = {}
        for e in net.edges:
            adjacency.setdefault(e.a, set()).add(e.b)
            adjacency.setdefault(e.b, set()).add(e.a)
        community_of = {n.key: n.community for n in net.nodes}
        bridge = next(
            n
            for n in sorted(net.nodes, key=lambda n: (-n.betweenness, n.key))
            if n.community is not None
            and any(community_of.get(b) != n.community for b in adjacency.get(n.key, ()))
        )
        comm = next(c for c in net.communities if c.id == bridge.community)
        page.get_by_label("社区（只看一个社区；不重新计算）").click()
        page.get_by_role("option", name=f"社区{comm.id}·{comm.name}（{comm.size}）").click()
        in_comm = graphdata.network_drawing(net, community=comm.id)
        expect(page.get_by_text(f"显示 {in_comm.shown} 个主体", exact=False)).to_be_visible()
        canvas, box = graph_frame(page)
        spec = graphview.build(in_comm.nodes, in_comm.edges, legend=in_comm.legend)
        click_node(page, spec, box, clickable(spec, box, [bridge.key]))
        expect(page.get_by_text(bridge.name, exact=True).first).to_be_visible()
        page.get_by_role("button", name="展开合作伙伴").click()
        grown = graphdata.network_drawing(net, community=comm.id, expanded=[bridge.key])
        assert grown.shown > in_comm.shown
        expect(page.get_by_text(f"显示 {grown.shown} 个主体", exact=False)).to_be_visible()
        expect(page.get_by_text(f"新加入 {grown.expanded_added} 个合作伙伴", exact=False)).to_be_visible()
        mark("协同网络")

        # 5 主体画像: results appear while typing (no Enter); click a neighbour, expand it, walk to it
        nav(page, "主体画像")
        page.get_by_label("搜索企业、高校、专家、工作站、联合体、载体…").press_sequentially("垣信", delay=80)
        expect(page.get_by_text("上海垣信卫星科技有限公司").first).to_be_visible()
        hit = reads.search(default_data, "垣信", 20)[0]
        hood = graphreads.neighbourhood(default_data, hit["uid"], hit["label"])
        nodes, edges = graphdata.merge_hoods([hood])
        centre = str(hood["center"])
        vnodes, vedges, legend = graphdata.neighbourhood_graph(nodes, edges, centre)
        canvas, box = graph_frame(page)
        spec = graphview.build(vnodes, vedges, centre=centre, legend=legend)
        walkable = [str(n["id"]) for n in nodes if n.get("uid") and str(n["id"]) != centre]
        neighbour = next(n for n in nodes if str(n["id"]) == clickable(spec, box, walkable))
        click_node(page, spec, box, str(neighbour["id"]))
        expect(page.get_by_text(str(neighbour["name"]), exact=True).first).to_be_visible()
        page.get_by_role("button", name="展开邻居").click()
        more = graphdata.merge_hoods(
            [hood, graphreads.neighbourhood(default_data, neighbour["uid"], neighbour["label"])]
        )
        assert len(more[0]) > len(nodes)
        expect(page.get_by_text(f"{len(more[0])} 个节点，", exact=False)).to_be_visible()
        page.get_by_role("button", name="设为中心").click()
        expect(page.get_by_role("button", name="← 返回上一个中心")).to_be_visible()
        expect(page.get_by_text(re.compile("^浏览路径："))).to_be_visible()
        graph_frame(page)
        page.screenshot(path=str(SHOTS / "5-profile.png"))
        page.get_by_role("button", name="← 返回上一个中心").click()
        expect(page.get_by_text(f"{len(nodes)} 个节点，", exact=False)).to_be_visible()
        mark("主体画像")

        # 6 Cypher 控制台: the default query returns rows and a graph; a query for the hostile firms,
        # click one, expand it
        nav(page, "Cypher 控制台")
        page.get_by_role("button", name="运行", exact=True).click()
        expect(page.get_by_text(re.compile(r"返回 \d+ 行"))).to_be_visible()
        graph_frame(page)
        query = (
            "MATCH (e:Enterprise)-[r:COLLABORATES_WITH]-(x) "
            "WHERE e.name CONTAINS 'onerror' OR e.name CONTAINS '</script>' RETURN e, r, x"
        )
        page.get_by_label("Cypher", exact=True).fill(query)
        page.get_by_role("button", name="运行", exact=True).click()
        result = run_read_only(default_data, query, {}, limit=200, timeout=15.0)
        expect(page.get_by_text(f"返回 {len(result.rows)} 行", exact=True)).to_be_visible()
        found = graphdata.record_graph(result.records)
        vnodes, vedges, legend = graphdata.record_drawing(found, load_schema())
        expect(page.get_by_text(f"{len(vnodes)} 个节点，{len(vedges)} 条关系", exact=False)).to_be_visible()
        canvas, box = graph_frame(page)
        spec = graphview.build(vnodes, vedges, legend=legend)
        hostile_ids = [nid for nid, n in found.nodes.items() if n["name"] in HOSTILE]
        target = clickable(spec, box, hostile_ids)
        click_node(page, spec, box, target)
        expect(page.get_by_text(found.nodes[target]["name"], exact=True).first).to_be_visible()
        page.get_by_role("button", name="展开邻居").click()
        expect(page.get_by_text(re.compile(r"展开后新增 [1-9]\d* 个节点"))).to_be_visible()
        graph_frame(page)
        page.screenshot(path=str(SHOTS / "6-console.png"))
        mark("控制台")

        # 6b 图谱结构: labels and relationship types with counts; click a label
        nav(page, "图谱结构")
        labels, rels = graphreads.schema_counts(default_data)
        vnodes, vedges, _ = graphdata.schema_drawing(labels, rels, load_schema())
        canvas, box = graph_frame(page)
        spec = graphview.build(vnodes, vedges, by_group=False, spacing=140, height=700)
        click_node(page, spec, box, clickable(spec, box, ["Enterprise", *[n.id for n in vnodes]]))
        expect(page.get_by_text(re.compile(r"^\S+（[A-Za-z]+）：\d+ 个节点$"))).to_be_visible()
        page.screenshot(path=str(SHOTS / "6-schema.png"))
        mark("图谱结构")

        # 7 简报导出: PDF, PNG and HTML downloads
        nav(page, "简报导出")
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

    print("seconds to an interactive view:", timings)
    watch.check()

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


BIG_VIEW = """
import streamlit as st
from kg.explorer import graphview
from tests.test_explorer_browser import big_graph

st.set_page_config(layout="wide")
nodes, edges = big_graph({n})
spec = graphview.build(nodes, edges)
click = graphview.show(spec, key="big")
st.text(f"clicked: {{click.node_id}}")
"""


def big_graph(n: int) -> tuple[list, list]:
    """``n`` organisations in communities of 40 (each firm tied to its next three and a chord, a
    hub every tenth firm drawn bigger, as betweenness sizing does), communities chained."""
    from kg.explorer.graphview import NODE_MAX, NODE_MIN, VEdge, VNode, colour_for

    nodes = [
        VNode(
            id=f"Enterprise:{i}",
            caption=f"企业{i}",
            colour=colour_for(i // 40),
            size=NODE_MAX if i % 10 == 0 else NODE_MIN,
            group=str(i // 40),
        )
        for i in range(n)
    ]
    edges = []
    for i in range(n):
        base = i - i % 40
        for step in (1, 2, 3, 13):
            edges.append(VEdge(f"Enterprise:{i}", f"Enterprise:{base + (i % 40 + step) % 40}"))
    for c in range(n // 40 - 1):
        edges.append(VEdge(f"Enterprise:{c * 40}", f"Enterprise:{(c + 1) * 40 + 3}"))
    return nodes, edges


def test_a_view_of_2000_nodes_opens_in_seconds_and_answers_a_click(kg_env, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    from kg.explorer import graphview

    n = graphview.MAX_INTERACTIVE_NODES
    script = tmp_path / "big_view.py"
    script.write_text(textwrap.dedent(BIG_VIEW.format(n=n)), encoding="utf-8")
    env = dict(os.environ, **kg_env, PYTHONPATH=str(REPO))
    proc, url = start_streamlit(str(script), env, tmp_path / "streamlit.log")
    watch = Watch()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
            context = browser.new_context(viewport={"width": 1440, "height": 1000})
            page = context.new_page()
            watch.attach(context, page)
            page.goto(url)  # warm: the first load also starts the Python side
            page.locator("[data-neo4j-viz-ndl] canvas").first.wait_for(state="visible", timeout=120_000)
            t0 = time.monotonic()
            page.reload()
            canvas = page.locator("[data-neo4j-viz-ndl] canvas").first
            canvas.wait_for(state="visible", timeout=60_000)
            opened = time.monotonic() - t0
            page.wait_for_timeout(1500)
            nodes, edges = big_graph(n)
            spec = graphview.build(nodes, edges)
            box = canvas.bounding_box()
            target = clickable(spec, box, [v.id for v in nodes if v.size == graphview.NODE_MAX])
            # at 2,000 nodes in one frame a node is a dot: zoom in on it with the wheel, as a user
            # does (the renderer zooms about the pointer, so the node stays under it), then click
            x, y = graphview.screen_point(spec, target, box)
            page.mouse.move(x, y)
            for _ in range(4):
                page.mouse.wheel(0, -240)
                page.wait_for_timeout(250)
            page.wait_for_timeout(800)
            t1 = time.monotonic()
            page.mouse.click(x, y)
            expect(page.get_by_text(f"clicked: {target}", exact=True)).to_be_visible(timeout=30_000)
            answered = time.monotonic() - t1
            page.screenshot(path=str(tmp_path / "big.png"))
            browser.close()
    finally:
        stop(proc, tmp_path / "streamlit.log")
    print(f"{n} nodes: canvas after {opened:.1f} s, click answered after {answered:.1f} s")
    watch.check()
    # measured on the shared 2-core machine under load (see docs/explorer.md)
    assert opened < 30, opened
    assert answered < 20, answered
