"""挂链审核: editors review the segment suggestions of one chain — accept or reject each, with evidence.

Suggestions are computed when the page is shown and are 待确认: nothing is counted until accepted.
Accepting is an import (recorded in 数据导入's history with the editor, undoable there); a rejection
is remembered outside the graph so the pair is not suggested again (kg/analyses/linkreview.py).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.analyses.linkreview import Link, LinkRefused, accept, reject, status_preview, suggestions
from kg.auth import session
from kg.explorer import ui
from kg.explorer.safe import md
from kg.graph.writelock import WriterBusy
from kg.ingest.model import ImportRejected

st.title("挂链审核")
editor = session.require_editor("审核挂链建议")
st.caption(f"已登录：{md(editor)}（编辑）。接受的挂链作为一次导入记录，可在“数据导入”页撤销。")

chain = ui.chain_picker()
min_score = st.slider("得分不低于", 0.4, 1.0, 0.4, 0.05, key="link-min-score")
g = ui.graph()
result = ui.run(suggestions, g, chain, min_score=min_score)
rows = result.suggestions
st.caption(
    f"有经营范围或主营产品的企业 {result.firms_with_text} 家，其中 {result.firms_suggested} 家有挂链建议。"
    "以下均为建议（待确认），接受前不计入环节企业数、断链判定和任何简报。"
)
if not rows:
    st.info(f"{md(chain)} 目前没有待确认的挂链建议。")
    st.stop()

frame = pd.DataFrame(
    [
        {
            "接受": False,
            "拒绝": False,
            "企业": s.name,
            "统一社会信用代码": s.credit_code or "",
            "环节": s.segment,
            "名次": s.rank,
            "得分": round(s.score, 3),
            "依据": s.evidence_text(),
            "状态": "待确认",
        }
        for s in rows
    ]
)
edited = st.data_editor(
    frame,
    hide_index=True,
    disabled=[c for c in frame.columns if c not in ("接受", "拒绝")],
    key=f"link-review-{chain}-{min_score}",
)
picked_accept = [rows[i] for i in edited.index[edited["接受"] & ~edited["拒绝"]]]
picked_reject = [rows[i] for i in edited.index[edited["拒绝"] & ~edited["接受"]]]
firsts = [s for s in rows if s.rank == 1]
with st.expander("接受全部首选建议后，各环节状态将如何变化（预览，尚未写入）"):
    preview = ui.run(status_preview, g, chain, firsts)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "环节": p["segment"],
                    "当前状态": p["status"],
                    "接受后": p["status_after"],
                    "本地企业": f"{p['local_count']} → {p['local_after']}",
                    "高新及以上": f"{p['high_tech_count']} → {p['high_tech_after']}",
                }
                for p in preview
            ],
            columns=["环节", "当前状态", "接受后", "本地企业", "高新及以上"],
        ),
        hide_index=True,
        key="link-preview",
    )
c1, c2, c3 = st.columns(3)
bulk = c3.button(f"接受全部首选建议（{len(firsts)} 条，得分 ≥ {min_score:.2f}）", key="accept-all")
if bulk or c1.button(
    f"接受选中的 {len(picked_accept)} 条", type="primary", disabled=not picked_accept, key="accept"
):
    links = [Link(s.uid, s.segment_uid) for s in (firsts if bulk else picked_accept)]
    try:
        reports = accept(g, links, editor, recorded_as=f"editor:{editor}")
    except (LinkRefused, WriterBusy) as exc:
        st.error(md(str(exc)))
        st.stop()
    except ImportRejected as exc:
        st.error(md("；".join(p.reason for p in exc.problems if p.level == "error")))
        st.stop()
    except ui.FAILURES as exc:
        ui.fail(exc)
    st.cache_data.clear()
    created = sum(r.relationships_created for r in reports)
    st.success(f"已接受 {len(links)} 条挂链（新建 {created} 条关系），已记入导入记录，可在“数据导入”页撤销。")
if c2.button(f"拒绝选中的 {len(picked_reject)} 条", disabled=not picked_reject, key="reject"):
    try:
        new = reject(g, [Link(s.uid, s.segment_uid) for s in picked_reject], f"editor:{editor}")
    except LinkRefused as exc:
        st.error(md(str(exc)))
        st.stop()
    except ui.FAILURES as exc:
        ui.fail(exc)
    st.success(f"已拒绝 {len(new)} 条建议：不再提出。")
