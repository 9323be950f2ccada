"""松江科创知识图谱 explorer: this file only declares the pages (run: streamlit run app.py)."""

import streamlit as st

# No page_icon and no page icons: Streamlit turns them into favicons fetched from fonts.gstatic.com
# (material) or a CDN (emoji), which an offline intranet cannot reach.
st.set_page_config(page_title="松江科创知识图谱", layout="wide")

PAGES = "kg/explorer/pages"
page = st.navigation(
    [
        st.Page(f"{PAGES}/overview.py", title="总览", default=True),
        st.Page(f"{PAGES}/chain_map.py", title="产业链图谱", url_path="chain"),
        st.Page(f"{PAGES}/gaps.py", title="断链补链", url_path="gaps"),
        st.Page(f"{PAGES}/policy.py", title="政策对照", url_path="policy"),
        st.Page(f"{PAGES}/tiers.py", title="梯度培育", url_path="tiers"),
        st.Page(f"{PAGES}/network.py", title="协同网络", url_path="network"),
        st.Page(f"{PAGES}/profile.py", title="主体画像", url_path="profile"),
        st.Page(f"{PAGES}/console.py", title="Cypher 控制台", url_path="console"),
        st.Page(f"{PAGES}/schema.py", title="图谱结构", url_path="schema"),
        st.Page(f"{PAGES}/briefing.py", title="简报导出", url_path="briefing"),
        # Editors only: a viewer sees the sign-in form, never the upload (kg/auth/session.py).
        st.Page(f"{PAGES}/data_import.py", title="数据导入", url_path="import"),
        st.Page(f"{PAGES}/link_review.py", title="挂链审核", url_path="link-review"),
    ]
)
if page.url_path != "console":
    # The console keeps only its last result, and only while it is the page being shown.
    st.session_state.pop("console_result", None)
page.run()
