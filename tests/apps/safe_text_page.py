"""A page that shows hostile names in every Markdown-interpreting Streamlit element through
``kg.explorer.safe.md`` (driven by tests/test_explorer_safe_browser.py; needs no database)."""

from __future__ import annotations

import streamlit as st

from kg.explorer.safe import md
from tests.explorer_seed import HOSTILE_NAMES as NAMES

for i, name in enumerate(NAMES):
    with st.container(key=f"case-{i}"):
        st.title(md(name))
        st.subheader(md(name), help=md(name))
        st.markdown(md(name))
        st.caption(md(name))
        st.info(md(name))
        st.error(md(name))
        st.button(md(name), key=f"button-{i}")
        st.metric(md(name), 1)
        st.radio(md(name), [name], format_func=md, key=f"radio-{i}")
        st.segmented_control(md(name), [name], format_func=md, key=f"seg-{i}")
        with st.expander(md(name)):
            st.write("…")
        st.tabs([md(name)])
