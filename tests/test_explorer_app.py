"""Every explorer page in AppTest against the suite's real Neo4j, seeded with a small 6G chain."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from kg.explorer.safe import JOINER, unescape
from tests.conftest import count_all
from tests.explorer_seed import (
    HOSTILE_DIRECTIVE,
    HOSTILE_IMG,
    HOSTILE_LINK,
    HOSTILE_MATH,
    HOSTILE_MD_IMG,
    MD_CHAIN,
    seed,
)

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO / "kg" / "explorer" / "pages"
TIMEOUT = 60


@pytest.fixture(scope="module")
def seeded(session_graph):  # noqa: ANN001 - fixture from conftest
    from tests.conftest import wipe

    wipe(session_graph)
    seed(session_graph)
    yield session_graph


def page(name: str) -> AppTest:
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=TIMEOUT)
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += (
        [s.value for s in at.subheader] + [str(e.value) for e in at.error] + [w.value for w in at.warning]
    )
    parts += [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def html_blocks(at: AppTest) -> str:
    """What the page drew: st.html bodies, component frames and the chain map's SVG."""
    parts = [str(h.proto.body) for h in at.get("html")]
    parts += [str(f.proto.srcdoc) for f in at.get("iframe")]
    parts += [json.loads(c.proto.json)["svg"] for c in components(at, "kg_chain_pick")]
    return "\n".join(parts)


def shows_literally(source: str, name: str) -> None:
    """Markdown ``source`` renders as exactly ``name``: no image, link or HTML, and nothing left
    unescaped for Streamlit's own passes (``:red[…]`` directives, ``:material/…:`` icons, ``$$`` maths)."""
    rendered = MarkdownIt("commonmark").renderInline(source)
    assert "<img" not in rendered and "<a " not in rendered, rendered
    assert html.unescape(rendered).replace(JOINER, "") == name, (rendered, name)
    assert not re.search(r"(?<!\\)[:$\[\]!<>()]", source), source


def components(at: AppTest, name: str) -> list:
    return [c for c in at.get("bidi_component") if c.proto.component_name == name]


def graphs(at: AppTest) -> list[dict]:
    """The interactive graph views' data (nodes and relationships as sent to neo4j-viz)."""
    return [json.loads(c.proto.json) for c in components(at, "neo4j_viz_graph")]


def test_app_declares_the_seven_pages_and_opens_on_overview(seeded) -> None:  # noqa: ANN001
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "总览" in texts(at)


def test_overview_shows_figures_gap_summary_and_sample_badge(seeded) -> None:  # noqa: ANN001
    at = page("overview").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert "示例数据" in texts(at)
    summary = at.dataframe[-1].value
    row = summary[summary["产业链"] == "6G"].iloc[0]
    assert (row["断链"], row["弱链"], row["强链"], row["环节合计"]) == (1, 1, 2, 4)


def test_overview_says_how_many_local_firms_are_unlinked(seeded) -> None:  # noqa: ANN001
    def one(cypher: str) -> int:
        return seeded.driver.execute_query(cypher, database_=seeded.database).records[0][0]

    local = one("MATCH (e:Enterprise {district: '松江区'}) RETURN count(e)")
    unlinked = one(
        "MATCH (e:Enterprise {district: '松江区'}) WHERE NOT EXISTS { (e)-[:IN_SEGMENT]->() } RETURN count(e)"
    )
    assert local > 0
    at = page("overview").run()
    assert not at.exception, at.exception
    assert f"本地企业 {local:,} 家，其中 {unlinked:,} 家未挂链" in texts(at)

    in_chain = one(
        "MATCH (e:Enterprise {district: '松江区'})-[:IN_CHAIN]->(:IndustryChain {uid: '6G'}) RETURN count(e)"
    )
    off_map = one(
        "MATCH (e:Enterprise {district: '松江区'})-[:IN_CHAIN]->(c:IndustryChain {uid: '6G'}) "
        "WHERE NOT EXISTS { (e)-[:IN_SEGMENT]->(:ChainSegment)-[:PART_OF]->(c) } RETURN count(e)"
    )
    at = page("chain_map").run()
    assert at.selectbox(key="chain").value == "6G"
    assert f"本链本地企业 {in_chain:,} 家，其中 {off_map:,} 家未挂链" in texts(at)


def test_overview_tier_chart_lists_every_tier_in_rank_order(seeded) -> None:  # noqa: ANN001
    import json

    from kg.graph.schema import load_schema

    at = page("overview").run()
    assert not at.exception, at.exception
    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert len(charts) == 2, "local enterprises by tier, and certifications per year"
    ranked = [t.name for t in sorted(load_schema().tiers, key=lambda t: (-t.rank, t.name))]
    assert len(ranked) == 11
    for spec in charts:
        colour = spec["encoding"]["color"]
        assert colour["scale"]["domain"][:11] == ranked  # colours are assigned in rank order
        assert colour["scale"]["scheme"] == "viridis"  # a sequential scale: order reads as order
    tiers = charts[0]["encoding"]["color"]
    assert "values" not in tiers.get("legend", {})  # the legend shows the whole domain
    assert tiers["scale"]["domain"] == [*ranked, "无资质"]
    assert charts[1]["encoding"]["color"]["legend"]["values"] == ranked


def test_chain_map_draws_statuses_and_lists_a_segment(seeded) -> None:  # noqa: ANN001
    at = page("chain_map").run()
    assert not at.exception, at.exception
    svg = html_blocks(at)
    assert 'data-status="断链"' in svg and 'data-status="强链"' in svg and 'data-status="弱链"' in svg
    assert "&lt;img src=x onerror=alert(1)&gt;" in svg and "<img" not in svg
    assert "示例数据" in texts(at)
    at.segmented_control[0].set_value("基站").run()
    assert not at.exception
    assert "基站（中游 · 断链）" in texts(at)
    frames = [df.value for df in at.dataframe]
    targets = [f for f in frames if "名称" in f.columns and "苏州丙通信设备有限公司" in set(f["名称"])]
    assert targets, "the outside firm is listed as a 补链 target"
    at.segmented_control[0].set_value("射频芯片").run()
    firms = [f for f in (df.value for df in at.dataframe) if "企业" in f.columns]
    assert set(firms[0]["企业"]) == {"上海甲射频科技有限公司", HOSTILE_IMG}


def test_gaps_table_filters_and_downloads_neutralised(seeded) -> None:  # noqa: ANN001
    at = page("gaps").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert len(table) == 4 and set(table["状态"]) == {"断链", "弱链", "强链"}
    assert "苏州丙通信设备有限公司" in " ".join(table["补链目标"])
    at.multiselect[0].set_value(["断链"]).run()
    assert list(at.dataframe[0].value["环节"]) == ["基站"]
    at.text_input[0].set_value("苏州").run()
    assert list(at.dataframe[0].value["环节"]) == ["基站"]
    at.text_input[0].set_value("没有这个词").run()
    assert len(at.dataframe[0].value) == 0
    assert [b.proto.label for b in at.get("download_button")] == ["下载 CSV", "下载 Excel"]


def test_download_cells_never_start_a_formula() -> None:
    import io

    import openpyxl

    from kg.explorer.downloads import csv_bytes, excel_bytes

    rows = [{"名称": '=HYPERLINK("http://x")', "数": 3}, {"名称": "+1", "数": 4}]
    csv = csv_bytes(rows).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "\n'+1," in csv
    sheet = openpyxl.load_workbook(io.BytesIO(excel_bytes(rows))).active
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")' and sheet["A2"].data_type == "s"
    assert sheet["B3"].value == 4


def test_network_page_draws_and_lists(seeded) -> None:  # noqa: ANN001
    at = page("network").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    # the first view is one chain; the whole district is one choice away
    assert at.selectbox(key="net-chain").value == "6G"
    at.selectbox(key="net-chain").set_value("全部").run()
    assert not at.exception, at.exception
    (drawn,) = graphs(at)
    assert "东华大学" in {n["caption"].lstrip("◆◇") for n in drawn["nodes"]}  # ◆ marks a broker
    assert all(re.fullmatch(r"[A-Za-z]+:.+", n["id"]) for n in drawn["nodes"])  # keyed Label:uid
    at.selectbox(key="net-community-None").set_value(1).run()  # a filter, no recomputation
    assert not at.exception, at.exception
    (one,) = graphs(at)
    assert 0 < len(one["nodes"]) < len(drawn["nodes"])
    # unknown partners have their own tab (未掌握 is not "none"), and an empty tab says why
    assert [t.label for t in at.tabs][-6:] == [
        "关键中介（桥梁）",
        "无科研伙伴的高企",
        "科研伙伴未掌握",
        "对接建议",
        "社区",
        "跨群连接",
    ]
    assert "暂无" not in texts(at)


def test_profile_search_and_expand(seeded) -> None:  # noqa: ANN001
    at = page("profile").run()
    at.text_input[0].set_value("甲射频").run()
    assert not at.exception, at.exception
    options = at.selectbox[0].options
    assert any("上海甲射频科技有限公司" in o for o in options)
    at.selectbox[0].set_value(next(o for o in options if o.startswith("上海甲射频科技有限公司"))).run()
    (drawn,) = graphs(at)
    assert "上海甲射频科技" in {n["caption"] for n in drawn["nodes"]}
    assert len(drawn["nodes"]) > 1 and drawn["relationships"]
    # clicking, expanding and walking the neighbourhood are driven in tests/test_explorer_browser.py
    # Lucene syntax in the box is text, not an error
    at.text_input[0].set_value('(" AND [').run()
    assert not at.exception and not at.error


def test_console_runs_read_only_and_refuses_writes(seeded) -> None:  # noqa: ANN001
    before = count_all(seeded)
    at = page("console").run()
    at.text_area[0].set_value(
        "MATCH (e:Enterprise)-[r:IN_SEGMENT]->(s:ChainSegment {chain: '6G'}) RETURN e, r, s"
    )
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert "返回 6 行" in " ".join(s.value for s in at.success)
    (drawn,) = graphs(at)
    assert len(drawn["relationships"]) == 6
    at.text_area[0].set_value("CREATE (:Enterprise {uid: 'X', name: 'X'})")
    at.button[0].click().run()
    assert len(at.error) == 1 and "\n" not in at.error[0].value
    assert count_all(seeded) == before
    assert not any(b.label == "重试" for b in at.button)  # a refusal cannot be fixed by retrying
    line = unescape(at.error[0].value)
    # the read-only runner names what is not a read (its plan operator), e.g. 此语句包含非只读操作 Create
    assert line.startswith("已拒绝：") and "非只读操作" in line, line


def test_console_named_query_form(seeded) -> None:  # noqa: ANN001
    at = page("console").run()
    at.selectbox[0].set_value("segment_enterprises").run()
    assert "某产业链一个环节里的企业" in texts(at)
    seg = next(t for t in at.text_input if t.label.startswith("环节"))
    seg.set_value("终端设备")
    next(b for b in at.button if b.label == "运行命名查询").click().run()
    assert not at.exception, at.exception
    frame = at.dataframe[-1].value
    assert list(frame.columns)[:3] == ["企业", "统一社会信用代码", "所在区"]
    assert "示例数据" in texts(at)  # both firms of 终端设备 are sample rows
    assert set(frame["企业"]) == {
        "上海丁智能终端有限公司",
        "</script><script>alert(1)</script>终端公司",
    }


def test_briefing_page_builds_escaped_preview(seeded) -> None:  # noqa: ANN001
    at = page("briefing").run()
    assert not at.exception, at.exception
    iframe = html_blocks(at)
    assert "6G 产业链简报" in iframe and "示例数据" in iframe
    assert "&lt;img src=x" in iframe and "<img" not in iframe and "<script" not in iframe
    assert "http://" not in iframe and "https://" not in iframe


def test_cached_results_follow_data_changes(seeded) -> None:  # noqa: ANN001
    def enterprises(at: AppTest) -> str:
        return next(m.value for m in at.metric if m.label == "企业")

    at = page("overview").run()
    before = enterprises(at)
    seeded.driver.execute_query(
        "CREATE (:Enterprise {uid: 'E-new', name: '上海新来科技有限公司', district: '松江区', sample: true})",
        database_=seeded.database,
    )
    try:
        at.run()
        assert int(enterprises(at)) == int(before) + 1
    finally:
        seeded.driver.execute_query(
            "MATCH (e:Enterprise {uid: 'E-new'}) DETACH DELETE e", database_=seeded.database
        )


def test_console_refusals_are_one_chinese_line_without_retry(seeded) -> None:  # noqa: ANN001
    at = page("console").run()
    for query, said in [
        ("MATCH (n) DETACH DELETE n", "非只读操作"),  # the runner's own Chinese line
        ("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "LOAD CSV"),
        ("MATCH (n) RETURN n; MATCH (m) RETURN m", "一次只能运行一条语句"),
        ("MATCH (n RETURN n", ""),
    ]:
        at.text_area[0].set_value(query)
        at.button[0].click().run()
        assert not at.exception, at.exception
        assert len(at.error) == 1, query
        line = unescape(at.error[0].value)
        assert line.startswith("已拒绝：") and said in line, line
        assert "\n" not in line and line.endswith("控制台只运行只读查询，数据未做任何改动。"), line
        assert not any(b.label == "重试" for b in at.button)
        assert not at.dataframe, "the previous result is dropped when a new run is refused"


def test_the_red_teams_doubling_query_ten_times_leaves_the_console_answering(seeded) -> None:  # noqa: ANN001
    """It used to end the JVM each time, and six runs in ten minutes ended supervision too."""
    from kg.config import load_settings
    from kg.graph import server

    settings = load_settings()
    jvm = server.status(settings, probe=False).pid
    killer = "WITH 'xxxxxxxxxxxxxxxx' AS a " + "WITH a + a AS a " * 30 + "RETURN size(a) AS n"
    at = page("console").run()
    for _ in range(10):
        at.text_area[0].set_value(killer)
        at.button[0].click().run()
        assert not at.exception, at.exception
        assert len(at.error) == 1 and "成倍增长" in unescape(at.error[0].value)
    at.text_area[0].set_value("MATCH (e:Enterprise {uid: 'E1'}) RETURN e.name AS name")
    at.button[0].click().run()
    assert not at.error and at.dataframe[0].value["name"].tolist()
    assert server.status(settings, probe=False).pid == jvm  # the same JVM answered throughout


def test_console_keeps_only_the_last_result_and_does_not_rerun_it(seeded) -> None:  # noqa: ANN001
    at = page("console").run()
    at.text_area[0].set_value("MATCH (e:Enterprise {uid: 'E1'}) RETURN e.name AS name")
    at.button[0].click().run()
    assert list(at.dataframe[0].value["name"]) == ["上海甲射频科技有限公司"]
    held = at.session_state["console_result"]["result"]
    assert [r["name"] for r in held.rows] == ["上海甲射频科技有限公司"]
    seeded.driver.execute_query(
        "MATCH (e:Enterprise {uid: 'E1'}) SET e.name = '改名后'", database_=seeded.database
    )
    try:
        at.number_input[0].set_value(300).run()  # any other interaction redraws, it does not re-run
        assert list(at.dataframe[0].value["name"]) == ["上海甲射频科技有限公司"]
        at.button[0].click().run()
        assert list(at.dataframe[0].value["name"]) == ["改名后"]
    finally:
        seeded.driver.execute_query(
            "MATCH (e:Enterprise {uid: 'E1'}) SET e.name = '上海甲射频科技有限公司'",
            database_=seeded.database,
        )


def test_console_pipeline_candidates_default_to_the_local_district(seeded) -> None:  # noqa: ANN001
    at = page("console").run()
    at.selectbox[0].set_value("pipeline_candidates").run()
    district = next(t for t in at.text_input if t.label.startswith("所在区"))
    assert district.value == "松江区"
    # as in `kg pipeline`: candidates need no key segment or research partner here, outside firms excluded
    next(c for c in at.checkbox if c.label.startswith("须在关键环节")).uncheck()
    next(c for c in at.checkbox if c.label.startswith("须有科研伙伴")).uncheck()
    next(b for b in at.button if b.label == "运行命名查询").click().run()
    assert not at.exception, at.exception
    frame = at.dataframe[-1].value
    assert "苏州丙通信设备有限公司" not in set(frame["名称"])
    assert set(frame["所在区"]) == {"松江区"}


def test_profile_table_is_in_chinese_with_sample_badge_and_source(seeded) -> None:  # noqa: ANN001
    at = page("profile").run()
    at.text_input[0].set_value("乙光电").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    props = dict(zip(table["属性"], table["值"], strict=True))
    assert props["类型"] == "企业" and props["企业名称"] == "上海乙光电有限公司"
    assert props["统一社会信用代码"] == "E3" and props["所在区"] == "松江区"
    assert props["成立年份"] == "未掌握"
    assert props["示例数据"] == "是" and props["来源"] == "tests/explorer_seed.py"
    assert not {"uid", "depth", "sample", "name", "id", "search_text", "import_id"} & set(props)
    assert not any(str(v) in ("True", "False") for v in props.values())
    badges = [m.value for m in at.markdown if "示例数据" in m.value]
    assert len(badges) == 1 and badges == [at.markdown[0].value]  # one badge, above the table
    at.text_input[0].set_value("甲射频").run()
    first = next(o for o in at.selectbox[0].options if o.startswith("上海甲射频科技"))
    at.selectbox[0].set_value(first).run()
    props = dict(zip(at.dataframe[0].value["属性"], at.dataframe[0].value["值"], strict=True))
    assert props["示例数据"] == "否"


def test_hostile_markdown_names_show_as_literal_text(seeded) -> None:  # noqa: ANN001
    at = page("chain_map").run()
    at.selectbox(key="chain").set_value(MD_CHAIN).run()
    assert not at.exception, at.exception
    control = at.segmented_control[0]
    labels = list(control.options)  # as the browser gets them (format_func applied)
    for label, name in zip(labels, [HOSTILE_MD_IMG, HOSTILE_MATH], strict=True):
        shows_literally(label.rsplit("·", 1)[0], name)
    control.set_value(HOSTILE_MD_IMG).run()
    assert not at.exception, at.exception
    heading = at.subheader[0].value
    shows_literally(heading.split("（")[0], HOSTILE_MD_IMG)
    firms = next(df.value for df in at.dataframe if "企业" in df.value.columns)
    assert list(firms["企业"]) == [HOSTILE_LINK]  # tables show plain text as it is

    at = page("profile").run()
    for needle, name in [("点我", HOSTILE_LINK), ("官方认证", HOSTILE_DIRECTIVE)]:
        at.text_input[0].set_value(needle).run()
        assert not at.exception, at.exception
        assert f"{name}（企业）" in at.selectbox[0].options  # select options are plain text
        at.selectbox[0].set_value(f"{name}（企业）").run()
        # the centre's name is shown with st.text (plain text; the heading is now 当前中心), and no
        # Markdown element on the page carries the raw name
        assert at.subheader[0].value == "当前中心"
        assert at.text[0].value == f"{name}（企业）"
        assert name not in texts(at)
        props = dict(zip(at.dataframe[0].value["属性"], at.dataframe[0].value["值"], strict=True))
        assert props["企业名称"] == name

    at = page("gaps").run()
    at.selectbox(key="gap-chain").set_value(MD_CHAIN).run()
    assert set(at.dataframe[0].value["环节"]) == {HOSTILE_MD_IMG, HOSTILE_MATH}


def test_leaving_the_console_drops_its_result(seeded) -> None:  # noqa: ANN001
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.session_state["console_result"] = {"refused": "已拒绝：示例。"}
    at.run()
    assert not at.exception, at.exception
    assert "console_result" not in at.session_state  # the app opened on 总览, not the console
