"""简报导出: one-page briefings of a chain map or the network as PNG, self-contained HTML and PDF."""

from __future__ import annotations

import streamlit as st

from kg.explorer import export, ui
from kg.explorer.briefing import render_briefing_html
from kg.explorer.cached import briefing

st.title("简报导出")
c1, c2 = st.columns(2)
with c1:
    kind = st.radio(
        "简报内容",
        ["chain", "network"],
        horizontal=True,
        format_func=lambda v: {"chain": "产业链图谱", "network": "协同网络"}[v],
    )
with c2:
    chain = ui.chain_picker(allow_all=kind == "network", key="brief-chain")

b = briefing(kind, chain)
html = render_briefing_html(b)
ui.sample_badge(b.sample)
name = f"简报-{chain or '全区'}-{'产业链' if kind == 'chain' else '协同网络'}"

d1, d2, d3 = st.columns(3)
d1.download_button("下载 HTML", html.encode("utf-8"), f"{name}.html", "text/html")
if d2.button("生成 PNG"):
    st.session_state["brief_png"] = (html, ui.run(export.export, html, "png"))
if d3.button("生成 PDF（单页）", type="primary"):
    st.session_state["brief_pdf"] = (html, ui.run(export.export, html, "pdf"))
png, pdf = st.session_state.get("brief_png"), st.session_state.get("brief_pdf")
if png and png[0] == html:
    d2.download_button("下载 PNG", png[1], f"{name}.png", "image/png")
if pdf and pdf[0] == html:
    d3.download_button("下载 PDF", pdf[1], f"{name}.pdf", "application/pdf")

st.subheader("预览")
# The briefing is built only from escaped text and holds no script; the iframe only displays it.
# Shrunk to the column (the page itself is 1600 px wide, as printed); downloads are unscaled.
preview = html.replace("</head>", "<style>.page{zoom:0.6}</style></head>", 1)
st.iframe(preview, height=760)
