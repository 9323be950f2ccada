"""Display tables of the explorer: what a planner reads in the 协同网络 lists."""

from __future__ import annotations

from kg.explorer import tables


def test_locality_is_shown_for_enterprises_only() -> None:
    rows = tables.collab_table(
        "brokers",
        [
            {"name": "东华大学", "label": "University", "local": False, "betweenness": 0.3},
            {"name": "示例·甲公司", "label": "Enterprise", "local": True, "betweenness": 0.2},
            {"name": "示例·乙公司", "label": "Enterprise", "local": False, "betweenness": 0.1},
        ],
    )
    assert [r["本地"] for r in rows] == ["", "是", "否"]
    assert rows[0]["类型"] == "高校"
