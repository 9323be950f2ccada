"""Names for collaboration communities, so a reader sees what a group is rather than "社区3".

Kept in its own module because the naming rule is a matter of wording that evolves separately
from the kernels that find the communities.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any


def community_name(members: Sequence[Mapping[str, Any]], *, fallback: str = "社区") -> str:
    """ "<dominant chain>·<best-connected member>等", e.g. "6G·锐康科技等".

    ``members`` are mappings with ``name``, ``chains`` (list) and ``degree`` (ties in the
    network). The dominant chain is the most frequent among members (ties broken by name); the
    best-connected member has the highest degree (ties broken by name). A group with no chain is
    named after its hub alone, an empty group after ``fallback``.
    """
    if not members:
        return fallback
    chains = Counter(c for m in members for c in (m.get("chains") or []))
    hub = min(members, key=lambda m: (-(m.get("degree") or 0), str(m.get("name") or "")))
    hub_name = str(hub.get("name") or "").strip() or fallback
    suffix = "等" if len(members) > 1 else ""
    if not chains:
        return f"{hub_name}{suffix}"
    dominant = min(chains.items(), key=lambda x: (-x[1], x[0]))[0]
    return f"{dominant}·{hub_name}{suffix}"
