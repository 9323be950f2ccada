"""What the pages load, each cached until the data version changes (see ``ui.cached``).

Pages import these by name (``from kg.explorer.cached import chain_view``): a renamed reader breaks
the page at import, not at run time."""

from __future__ import annotations

from kg.explorer import reads, snapshot, views
from kg.explorer.ui import cached

chains = cached(reads.chains)
gap_rows = cached(reads.gap_rows)
segment_statuses = cached(reads.segment_statuses)
segment_enterprises = cached(reads.segment_enterprises)
key_figures = cached(reads.key_figures)
tier_counts = cached(reads.tier_counts)
search = cached(reads.search)
node_properties = cached(reads.node_properties)
chain_view = cached(views.chain_view)
briefing = cached(snapshot.briefing, "正在生成简报…")
