"""Names are only text: neutralise what Streamlit's Markdown would interpret in an imported name.

Most Streamlit elements render their text as Markdown with Streamlit's directives — headings,
captions, messages, button and widget labels, tab and expander labels, metric labels, tooltips
(``help=``), and the options of radio / segmented_control / pills. A name such as
``![s](http://host/x.png)`` would make every viewer's browser fetch that address, and
``:red[…]``, ``:material/…:``, ``$$…$$`` or ``[点我](javascript:…)`` would style, spoof or link.
Wrap every imported value shown in those elements with :func:`md`
(tests/test_explorer_safe_browser.py checks each element in Chromium). Tables (``st.dataframe``),
``st.selectbox``/``st.multiselect`` options, ``st.text`` and ``st.code`` show plain text and need
no wrapping.
"""

from __future__ import annotations

import re
import string

# CommonMark lets a backslash escape any ASCII punctuation, so the character is shown as itself.
# Escaping every one (not a hand-picked few) also defeats Streamlit's own pre-passes: ``:material/``
# becomes ``\:material\/`` (no icon), ``$$`` becomes ``\$\$`` (no KaTeX), ``:red[`` no directive,
# ``&lt;`` no entity, and a ``:smile:`` shortcode no longer matches the emoji plugin's pattern.
_ESCAPE = {ord(ch): "\\" + ch for ch in string.punctuation}
# Line breaks, tabs and other control characters would start a heading, list or code block.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
# GFM turns bare addresses into links after escapes are resolved (``http\:\/\/x`` still links), so
# an invisible WORD JOINER breaks the pattern: before the ``:`` of http(s)://, the ``.`` of www.,
# and the ``@`` of an e-mail address. The text reads the same; only a copy holds U+2060.
JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=www)(?=\.)|(?=@)")


def md(value: object) -> str:
    """``value`` as Markdown source that renders exactly as its text (line breaks become spaces)."""
    text = "" if value is None else str(value)
    return _AUTOLINK.sub(JOINER, _CONTROL.sub(" ", text)).translate(_ESCAPE)


def unescape(source: str) -> str:
    """What :func:`md` source renders as (escapes resolved, joiners dropped); for tests."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", source).replace(JOINER, "")
