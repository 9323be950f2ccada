"""The interactive views' reads, cached until the data version changes (``ui.cached``)."""

from __future__ import annotations

from kg.explorer import graphreads
from kg.explorer.ui import cached

network_start = cached(graphreads.network_start, "正在读取协同网络…")
network_part = cached(graphreads.network_part, "正在读取协同网络…")
network_lists = cached(graphreads.network_lists, "正在读取协同分析…")
neighbourhood = cached(graphreads.neighbourhood)
neighbours = cached(graphreads.neighbours)
schema_counts = cached(graphreads.schema_counts)
