"""协同网络: the analysed collaboration network, interactive — click an organisation for its details,
expand its neighbours, filter by community or chain without recomputing the analysis.

The page reads the scope's stored pieces, never the whole network: the header (communities,
status), then only what the view draws (``network_part``: a community, expanded nodes' partners,
or the scope summarised by community), and a clicked node's partners on demand."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.explorer import graphdata, graphview, tables, ui
from kg.explorer.graphcache import network_lists, network_part, network_start
from kg.explorer.safe import md

PROFILE_PAGE = "kg/explorer/pages/profile.py"

st.title("协同网络")
c1, c2 = st.columns([2, 3])
with c1:
    chain = ui.chain_picker(allow_all=True, key="net-chain")
view = network_start(chain)
communities = {c.id: c for c in view.communities}
pending = st.session_state.pop("net-community-pending", None)
if pending in communities:  # a click on an aggregated community node asked for it
    st.session_state[f"net-community-{chain}"] = pending
with c2:
    community = st.selectbox(
        "社区（只看一个社区；不重新计算）",
        [None, *communities],
        format_func=lambda c: (
            "全部社区" if c is None else f"社区{c}·{communities[c].name}（{communities[c].size}）"
        ),
        key=f"net-community-{chain}",
    )
ui.sample_badge(view.sample)
if view.missing or view.stale:
    st.warning(view.message or "协同分析结果不是当前数据版本的结果：运行 `kg analyse` 更新后再看。")
if not view.total_nodes:
    st.info("当前范围内没有合作关系。")
    st.stop()

scope = f"{chain or '全部'}-{community}"
expanded: list[str] = st.session_state.setdefault(f"net-expanded-{scope}", [])
shown = network_part(chain, community, tuple(expanded))
drawing = graphdata.network_drawing(shown, community=community, expanded=expanded)
if drawing.aggregated:
    st.warning(drawing.note)
else:
    st.caption(
        f"显示 {drawing.shown} 个主体、{len(drawing.edges)} 条关系（分析范围共 {view.total_nodes} 个主体）。"
        f"颜色 = 社区，大小 = 中介中心度，{graphdata.BROKER_MARK} = 关键中介，"
        f"{graphdata.ISOLATE_MARK} = 无科研伙伴的高企；点击节点查看详情，双击展开其合作伙伴。"
    )

left, right = st.columns([3, 1])
with left:
    spec = graphview.build(drawing.nodes, drawing.edges, legend=drawing.legend)
    click = graphview.show(spec, key=f"net-{scope}")
by_key = {n.key: n for n in shown.nodes}
chosen = by_key.get(click.node_id or "")
if click.double and chosen and chosen.key not in expanded:
    expanded.append(chosen.key)
    st.rerun()

with right:
    st.markdown("**主体详情**")
    if click.node_id and click.node_id.startswith("community:"):
        cid = int(click.node_id.split(":", 1)[1])
        st.text(f"社区{cid}" + (f"·{communities[cid].name}" if cid in communities else ""))
        if cid in communities and st.button("只看这个社区", type="primary"):
            st.session_state["net-community-pending"] = cid
            st.rerun()
    elif chosen is None:
        st.caption(
            "在图中点击一个主体，这里显示它的名称、类型、梯度、产业链、社区、中介中心度、合作伙伴和推荐对接对象。"
        )
    else:
        st.text(chosen.name)
        facts = {
            "类型": graphdata.kind_zh(chosen.label),
            "资质梯度": chosen.tier or graphdata.UNKNOWN,
            "产业链": "、".join(chosen.chains) or graphdata.UNKNOWN,
            "社区": graphdata.community_label(chosen),
            "中介中心度": f"{chosen.betweenness:.4f}",
            "关键中介": "是" if chosen.broker else "否",
            "无科研伙伴的高企": "是" if chosen.isolate else "否",
        }
        if chosen.label == "Enterprise":
            facts["本地企业"] = "是" if chosen.local else "否"
        st.text("\n".join(f"{k}：{v}" for k, v in facts.items()))  # names are text, never markdown
        b1, b2 = st.columns(2)
        if b1.button("展开合作伙伴", disabled=chosen.key in expanded, type="primary"):
            expanded.append(chosen.key)
            st.rerun()
        if b2.button("收起全部", disabled=not expanded):
            expanded.clear()
            st.rerun()
        st.page_link(
            PROFILE_PAGE, label="查看主体画像 →", query_params={"uid": chosen.uid, "label": chosen.label}
        )
if drawing.expanded_added:
    st.caption(f"已展开 {len(expanded)} 个主体，新加入 {drawing.expanded_added} 个合作伙伴。")

if chosen is not None:
    p1, p2 = st.columns(2)
    with p1:
        around = shown if chosen.key in expanded else network_part(chain, community, (*expanded, chosen.key))
        rows = graphdata.partners(around, chosen.key)
        st.markdown(f"**合作伙伴（{len(rows)}）**")
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        else:
            st.caption("分析网络中没有它的合作关系。")
    with p2:
        recs = graphdata.recommended_partners(network_lists(chain).get("recommendations") or [], chosen)
        st.markdown(f"**推荐对接（{len(recs)}）**")
        if recs:
            st.dataframe(pd.DataFrame(recs), hide_index=True, width="stretch")
        else:
            st.caption("当前没有针对它的对接推荐。")

collab = network_lists(chain)
reasons = collab.get("empty_reasons") or {}
TABS = {
    "brokers": "关键中介（桥梁）",
    "isolates": "无科研伙伴的高企",
    "partners_unknown": "科研伙伴未掌握",
    "recommendations": "对接建议",
    "communities": "社区",
    "bridges": "跨群连接",
}
for tab, key in zip(st.tabs(list(TABS.values())), TABS, strict=True):
    with tab:
        if key == "isolates":
            st.caption(
                "只列已导入名单表明没有科研伙伴的高企；图谱未掌握其合作情况的企业见「科研伙伴未掌握」。"
            )
        if key == "partners_unknown":
            st.caption("这些高企的科研合作情况图谱中未掌握（没有导入过其合作名单），不能视为“无科研伙伴”。")
        rows = tables.collab_table(key, collab.get(key) or [])
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        else:
            st.caption(md(reasons.get(key) or "当前范围内没有此类结果。"))
