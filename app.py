"""松江科创知识图谱 explorer: this file only declares the pages (run: streamlit run app.py)."""

import streamlit as st

st.set_page_config(page_title="松江科创知识图谱", page_icon="🔗", layout="wide")

PAGES = "kg/explorer/pages"
st.navigation(
    [
        st.Page(f"{PAGES}/overview.py", title="总览", icon="📊", default=True),
        st.Page(f"{PAGES}/chain_map.py", title="产业链图谱", icon="🗺️", url_path="chain"),
        st.Page(f"{PAGES}/gaps.py", title="断链补链", icon="🧩", url_path="gaps"),
        st.Page(f"{PAGES}/network.py", title="协同网络", icon="🕸️", url_path="network"),
        st.Page(f"{PAGES}/profile.py", title="主体画像", icon="🔎", url_path="profile"),
        st.Page(f"{PAGES}/console.py", title="Cypher 控制台", icon="⌨️", url_path="console"),
        st.Page(f"{PAGES}/briefing.py", title="简报导出", icon="📄", url_path="briefing"),
    ]
).run()
