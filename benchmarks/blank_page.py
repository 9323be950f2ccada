"""The trivial Streamlit page the explorer's pages are compared with."""

import streamlit as st

st.title("空白页")
st.write("基准")
