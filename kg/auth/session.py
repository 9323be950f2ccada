"""Editor sessions in the explorer: sign in, expiry, sign out (Streamlit session state only).

A session ends after ``IDLE_SECONDS`` without a page run or ``MAX_SECONDS`` in all, and at once
when the account is removed or loses the editor role (checked on every run). The password is read
from the form, checked and dropped: it is never kept in the session or shown.

Failed sign-ins are throttled per account name and source (kg.auth.throttle). The source is the
client's address as Streamlit sees it; on loopback (``make run``, or a reverse proxy on this
machine) Streamlit gives none, and the browser session stands in for it.
"""

from __future__ import annotations

import secrets
import time

import streamlit as st

from kg.auth import accounts
from kg.explorer.safe import md

KEY = "editor_session"
SOURCE_KEY = "sign-in-source"
IDLE_SECONDS = 30 * 60
MAX_SECONDS = 8 * 60 * 60


def current_editor() -> str | None:
    """The signed-in editor's account name, or None (expired sessions are ended here)."""
    sess = st.session_state.get(KEY)
    if not sess:
        return None
    now = time.time()
    expired = now - sess["seen"] > IDLE_SECONDS or now - sess["since"] > MAX_SECONDS
    if expired or accounts.role_of(sess["name"]) != "editor":
        st.session_state.pop(KEY, None)
        st.session_state["editor_notice"] = "登录已过期，请重新登录" if expired else "账户已停用"
        return None
    sess["seen"] = now
    return str(sess["name"])


def _source() -> str:
    """Who is signing in, for the throttle: the client's address, else this browser session."""
    address = st.context.ip_address  # None on loopback
    if isinstance(address, str) and address:  # (AppTest hands out a stand-in object)
        return f"ip:{address}"
    if SOURCE_KEY not in st.session_state:
        st.session_state[SOURCE_KEY] = secrets.token_hex(16)
    return f"session:{st.session_state[SOURCE_KEY]}"


def require_editor(task: str) -> str:
    """The signed-in editor's name; else, for a viewer, one line on what needs an editor account
    (``task``, e.g. "导入、预览和撤销名单"), the sign-in form, and the end of the page."""
    editor = current_editor()
    if editor is None:
        st.caption(f"{task}需要编辑账户（管理员用 kg users add 名称 --role editor 创建）。")
        sign_in_form()
        st.stop()
    return editor


def sign_out() -> None:
    st.session_state.pop(KEY, None)


def sign_in_form() -> None:
    """The sign-in form; on success the page reruns signed in."""
    notice = st.session_state.pop("editor_notice", None)
    if notice:
        st.info(notice)
    with st.form("sign-in", clear_on_submit=True):
        name = st.text_input("账户名", key="sign-in-name")
        password = st.text_input("密码", type="password", key="sign-in-password")
        submitted = st.form_submit_button("登录", type="primary")
    if not submitted:
        return
    try:
        account = accounts.sign_in(name.strip(), password, source=_source())
    except accounts.SignInRefused as exc:
        st.error(md(str(exc)))
        return
    if account.role != "editor":
        st.error("该账户没有导入数据的权限")
        return
    now = time.time()
    st.session_state[KEY] = {"name": account.name, "since": now, "seen": now}
    st.rerun()
