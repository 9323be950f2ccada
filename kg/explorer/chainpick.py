"""The chain map as a clickable picture: the SVG from ``kg.explorer.render`` in a Streamlit
Components v2 element whose segments report a click back to Python.

Components v2 mounts in the page (a shadow root, no iframe, not the deprecated v1 components API). The markup
is set with ``innerHTML``: it is built by the renderer from escaped text and holds no script, so
names stay text; the segment name comes back from the ``data-segment`` attribute.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import streamlit as st

_JS = """
export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  const root = parentElement.querySelector(".kg-chainpick");
  if (root.dataset.svg !== data.svg) {
    root.dataset.svg = data.svg;
    root.innerHTML = data.svg;
  }
  root.querySelectorAll("g.kg-seg").forEach((g) => {
    g.style.cursor = "pointer";
    g.onclick = () => setTriggerValue("segment", g.getAttribute("data-segment"));
  });
}
"""
_CSS = (
    ".kg-chainpick svg{display:block;max-width:100%;height:auto}.kg-seg:hover rect{filter:brightness(0.96)}"
)


@lru_cache(maxsize=1)
def _component() -> Any:
    return st.components.v2.component(
        "kg_chain_pick", html='<div class="kg-chainpick"></div>', js=_JS, css=_CSS
    )


def clicked_segment(key: str) -> str | None:
    """The segment clicked on the map with ``key`` in the click that caused this rerun (else None).

    Read it before drawing the controls that should follow the click."""
    state = st.session_state.get(key)
    value = state.get("segment") if isinstance(state, dict) or hasattr(state, "get") else None
    return value if isinstance(value, str) else None


def chain_map(svg: str, *, key: str) -> str | None:
    """Show the map; returns the segment clicked in this rerun (None otherwise)."""
    result = _component()(key=key, data={"svg": svg}, on_segment_change=lambda: None)
    value = getattr(result, "segment", None)
    return value if isinstance(value, str) else None
