"""What the 政策对照 and 梯度培育 pages and the as-of choice show: cached analysis calls and the
Chinese-headed rows built from them.

Cached per data version through ``ui.cached``; names from the graph go into dataframes,
selectboxes and ``st.text`` (plain text), never into Markdown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import streamlit as st

from kg.analyses import coverage, pipeline, timeline
from kg.analyses import overview as overview_analysis
from kg.explorer import cached, export, ui, views
from kg.explorer.briefing import Briefing, Section, render_briefing_html
from kg.vocab import NO_DATA, label_zh

FIRST_YEAR = 2015
LATEST = "最新"


def as_of_years() -> list[int]:
    """The years offered by the as-of choice, latest first."""
    return list(range(dt.date.today().year, FIRST_YEAR - 1, -1))


def as_of_picker(key: str) -> int | None:
    """A 截至年份 choice: 最新 (everything) or the end of a year."""
    choice = st.selectbox(
        "截至年份",
        [LATEST, *as_of_years()],
        key=key,
        help="只计入该年底前成立的企业、该年及以前的资质认定与合作；无年份的事实始终计入。",
    )
    return None if choice == LATEST else int(choice)


def _candidates(graph: Any, min_rank: int, max_rank: int, key: bool, partner: bool) -> list[dict[str, Any]]:
    return pipeline.tier_candidates(
        graph, min_rank=min_rank, max_rank=max_rank, require_key_segment=key, require_research_partner=partner
    )


def _chain_view_as_of(graph: Any, chain: str, year: int) -> tuple[Any, list[dict[str, Any]]]:
    gaps = timeline.gaps_as_of(graph, chain, year)
    raw = overview_analysis.chain_map(graph, chain, gaps=gaps, as_of_year=year)
    return views.view_from_map(raw), gaps


policy_coverage = ui.cached(coverage.policy_coverage)
# the gaps and the measures that answer them (stored per chain), not whom the measures concern
policy_gaps = ui.cached(coverage.policy_gaps)


def _measure_supports(graph: Any) -> list[dict[str, Any]]:
    return coverage.policy_measures(graph, with_subjects=False)


policy_measures = ui.cached(coverage.policy_measures)
measure_supports = ui.cached(_measure_supports)  # the measures without whom they concern
_tier_candidates = ui.cached(_candidates)


def _tier_moves(graph: Any, chain: str | None) -> list[dict[str, Any]]:
    return pipeline.tier_moves(graph, chain=chain)


tier_moves = ui.cached(_tier_moves, "正在统计逐年晋级…")  # tier_moves(chain): None = the district
_gaps_as_of = ui.cached(timeline.gaps_as_of)
_chain_view = ui.cached(_chain_view_as_of)
compare = ui.cached(timeline.compare, "正在比较两个年份…")


def tier_candidates(
    *, min_rank: int, max_rank: int, require_key_segment: bool, require_research_partner: bool
) -> list[dict[str, Any]]:
    """The upgrade candidates under the page's rule (``pipeline.tier_candidates``)."""
    return _tier_candidates(min_rank, max_rank, require_key_segment, require_research_partner)


def gap_rows(chain: str | None, year: int | None) -> list[dict[str, Any]]:
    """The gap rows, as of ``year`` when given."""
    return cached.gap_rows(chain) if year is None else _gaps_as_of(chain, year)


def chain_view(chain: str, year: int | None) -> tuple[Any, list[dict[str, Any]]]:
    """The chain map view and its gap rows, as of ``year`` when given."""
    return cached.chain_view(chain) if year is None else _chain_view(chain, year)


# ---------------------------------------------------------------- rows for tables and downloads


def measure_rows(measures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "措施": f"（{cn(m['no'])}）",
            "部分": f"{cn(m['section_no'])}、{m['section']}" if m["section_no"] else NO_DATA,
            "标题": m["title"],
            "支持对象": supports_text(m),
            "涉及本地企业数": m["enterprise_count"],
            "涉及载体数": m["carrier_count"],
            "全文": m["text"] or NO_DATA,
        }
        for m in measures
    ]


def support_rows(m: dict[str, Any]) -> list[dict[str, Any]]:
    kinds = {
        **{
            label: label_zh(label, short=False)
            for label in ("IndustryChain", "Tier", "CarrierType", "Consortium", "Workstation")
        },
        "ChainSegment": "关键环节",
    }
    return [
        {
            "对象类型": kinds.get(s["label"], s["label"]),
            "对象": s["name"] if s["label"] != "ChainSegment" else s["uid"],
            "支持方式": "、".join(s["kinds"]) or NO_DATA,
            "依据原文": s["sentence"] or NO_DATA,
        }
        for s in m["supports"]
    ]


def supports_text(m: dict[str, Any]) -> str:
    parts = []
    for key, zh in (
        ("chains", "产业链"),
        ("tiers", "梯度"),
        ("carrier_types", "载体"),
        ("consortia", "联合体"),
        ("workstations", "工作站"),
        ("key_segments", "关键环节"),
    ):
        if m[key]:
            parts.append(f"{zh}：{'、'.join(m[key][:6])}{'等' if len(m[key]) > 6 else ''}")
    return "；".join(parts) or NO_DATA


def gap_policy_rows(gaps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "产业链": g["chain"],
            "环节": g["segment"],
            "关键环节": "是" if g["key_segment"] else "",
            "状态": g["status"],
            "所需支持": g["need"],
            "已有措施回应": "是" if g["addressed"] else "否（无措施回应）",
            "回应措施": "；".join(f"（{cn(m['no'])}）{m['title']}：{m['via']}" for m in g["measures"]) or "—",
            "相关但不对口的措施": "；".join(f"（{cn(m['no'])}）{'、'.join(m['kinds'])}" for m in g["related"])
            or "—",
            "判定依据": g["reason"],
            "示例数据": "是" if g["sample"] else "",
        }
        for g in gaps
    ]


def candidate_rows(candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "企业": c["name"],
            "当前梯度": c["tier"],
            "获评年份": c["since"] if c["since"] is not None else NO_DATA,
            "可冲刺": "、".join(c["next_tiers"]) or "—",
            "产业链": "、".join(c["chains"]) or NO_DATA,
            "关键环节": "、".join(c["key_segments"]) or "—",
            "科研合作伙伴": "、".join(c["research_partners"]) or "—",
            "理由": c["reason"],
            "示例数据": "是" if c["sample"] else "",
        }
        for c in candidates
    ]


def move_rows(moves: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "年份": str(m["year"]),
            "原梯度": m["from_tier"],
            "升至": m["to_tier"],
            "企业数": m["count"],
            "企业": "、".join(m["enterprises"]) + ("等" if m["count"] > len(m["enterprises"]) else ""),
        }
        for m in moves
    ]


def compare_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    a, b = result["year_a"], result["year_b"]
    return [
        {
            "环节": s["segment"],
            "位置": s["position"],
            f"{a}年状态": s["status_a"],
            f"{b}年状态": s["status_b"],
            "变化": s["change"] or "—",
            # the reasons: only facts that move the local or the high-tech count
            "原因·新成立本地企业": "、".join(f"{e['name']}（{e['founded_year']}）" for e in s["enterprises"])
            or "—",
            "原因·新获高企及以上资质": "、".join(
                f"{c['name']}·{c['tier']}（{c['year']}）" for c in s["certifications"]
            )
            or "—",
        }
        for s in result["segments"]
    ]


_CN = "零一二三四五六七八九十"


def cn(n: int | None) -> str:
    """1..99 → 一..九十九 (measure and section numbers)."""
    if n is None:
        return NO_DATA
    if n <= 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return f"{_CN[tens] if tens > 1 else ''}十{_CN[ones] if ones else ''}"


def show_measures(row: dict[str, Any], *, default_view: bool = False) -> None:
    """The measures that answer one 断链/弱链 row of ``chain_gaps`` (as of the year it was computed
    for), and the related ones, with their sentences. ``default_view``: the row is the current
    default analysis's (no as-of year), so its chain's stored coverage answers it."""
    if row.get("status") not in coverage.NEEDS:
        st.caption("该环节为强链，无需补链措施。")
        return
    stored = policy_gaps(row["chain"]) if default_view else []
    gap = next((g for g in stored if g["segment_uid"] == row["segment_uid"]), None)
    if gap is None:
        # the measures' supports alone: no second gap analysis, no list of the firms each concerns
        gap = coverage.gap_measures(row, measure_supports())
    if gap["addressed"]:
        # no imported name in these alerts: they render markdown
        st.success(f"该环节为{gap['status']}，需{gap['need']}：{len(gap['measures'])} 条措施对口。")
    else:
        st.error(f"该环节为{gap['status']}：没有措施给出所需的{gap['need']}支持。")
    rows = [
        {
            "措施": f"（{cn(m['no'])}）{m['title']}",
            "对口": "是" if m in gap["measures"] else "否（仅相关）",
            "如何覆盖": m["via"],
            "支持方式": "、".join(m["kinds"]) or NO_DATA,
            "依据原文": m["sentence"],
        }
        for m in (*gap["measures"], *gap["related"])
    ]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")


def show_comparison(chain: str) -> None:
    """Two years of one chain side by side: the segments whose status changed and why."""
    years = as_of_years()
    c1, c2 = st.columns(2)
    # default: three years back → last year (complete years), e.g. 2023 → 2025
    year_a = c1.selectbox("对比年份 A", years, index=min(3, len(years) - 1), key=f"cmp-a-{chain}")
    year_b = c2.selectbox("对比年份 B", years, index=min(1, len(years) - 1), key=f"cmp-b-{chain}")
    if year_a == year_b:
        st.caption("请选择两个不同的年份。")
        return
    result = compare(chain, year_a, year_b)
    filled, new = len(result["filled"]), len(result["new_gaps"])
    stronger = len(result["strengthened"])
    st.markdown(
        f"**{year_a} → {year_b}**：补上的断链 {filled} 个，弱链转强 {stronger} 个，新增断链/弱链 {new} 个"
    )
    for line in timeline.change_summary(result):
        st.text(line)
    st.dataframe(compare_rows(result), hide_index=True, width="stretch")
    if st.button(f"生成含 {year_a} → {year_b} 变化的产业链简报（PDF 单页）", key=f"cmp-pdf-{chain}"):
        html = render_briefing_html(with_changes(cached.briefing("chain", chain), result))
        st.session_state["cmp_pdf"] = ((chain, year_a, year_b), html, ui.run(export.export, html, "pdf"))
    made = st.session_state.get("cmp_pdf")
    if made and made[0] == (chain, year_a, year_b):
        name = f"简报-{chain}-{year_a}-{year_b}"
        d1, d2 = st.columns(2)
        d1.download_button("下载该简报 PDF", made[2], f"{name}.pdf", "application/pdf")
        d2.download_button("下载该简报 HTML", made[1].encode("utf-8"), f"{name}.html", "text/html")


def with_changes(briefing: Briefing, result: dict[str, Any]) -> Briefing:
    """The chain briefing with the comparison's changed segments as its 变化 section."""
    lines = timeline.change_summary(result) or ["各环节状态未变化。"]
    changes = Section(f"{result['year_a']} → {result['year_b']} 变化", items=lines)
    return dataclasses.replace(briefing, sections=[briefing.sections[0], changes, *briefing.sections[1:]])
