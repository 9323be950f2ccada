"""The interactive views' data on a real Neo4j: what 协同网络, 主体画像, the console graph and
图谱结构 draw, keyed by uid, and where the view puts it."""

from __future__ import annotations

import pytest

from kg.analyses import store
from kg.explorer import graphdata, graphreads, graphview
from kg.graph.readonly import run_read_only
from kg.graph.schema import load_schema
from tests.fixtures_graph import Eco

BIG = 55  # a community larger than the 50 members the old page kept per community
TWIN = "同名科技有限公司"


def ecosystem() -> Eco:
    eco = Eco()
    eco.chain(
        "6G", [("射频芯片", "上游", 1, ["射频"]), ("基站", "中游", 2, ["通信"])], [("射频芯片", "基站")]
    )
    big = [
        eco.enterprise(f"B{i:02d}", segments=("6G/射频芯片",), name=TWIN if i == 7 else None)
        for i in range(BIG)
    ]
    for i, a in enumerate(big):  # a clique: one community, whatever the seed
        for b in big[i + 1 :]:
            eco.collab(a, b)
    small = [eco.enterprise(f"S{i}", segments=("6G/基站",), name=TWIN if i == 2 else None) for i in range(6)]
    for i, a in enumerate(small):
        for b in small[i + 1 :]:
            eco.collab(a, b)
    uni = eco.university("U1", ("通信",))
    eco.collab(small[0], uni)
    eco.collab(uni, big[0])  # the one tie between the two groups, through the university
    return eco


@pytest.fixture(scope="module")
def net_graph(session_graph):  # noqa: ANN001
    graph = ecosystem().load_into(session_graph)
    store.refresh(graph)
    return graph


@pytest.fixture(scope="module")
def view(net_graph):  # noqa: ANN001
    return graphreads.analysed_network(net_graph, "6G")


def test_every_drawn_node_has_its_analysed_community_by_uid(view) -> None:  # noqa: ANN001
    twins = [n for n in view.nodes if n.name == TWIN]
    assert len(twins) == 2 and twins[0].key != twins[1].key
    assert twins[0].community != twins[1].community, "same name, different communities"
    largest = max(view.communities, key=lambda c: c.size)
    assert largest.size > 50

    drawing = graphdata.network_drawing(view)
    analysed = {n.key: n for n in view.nodes}
    assert {v.id for v in drawing.nodes} == set(analysed)
    for v in drawing.nodes:
        n = analysed[v.id]
        assert v.group == ("" if n.community is None else str(n.community)), v.id
        assert v.properties["社区"] == graphdata.community_label(n)
        assert v.colour == graphdata.community_colour(n.community)
    members = [v for v in drawing.nodes if v.group == str(largest.id)]
    assert len(members) == largest.size
    assert any(label.endswith(f"（{largest.size}）") for label in drawing.legend)


def test_a_community_filter_keeps_exactly_its_members_and_expansion_adds_partners(view) -> None:  # noqa: ANN001
    small = min(view.communities, key=lambda c: c.size)
    drawn = graphdata.network_drawing(view, community=small.id)
    assert {v.id for v in drawn.nodes} == {n.key for n in view.nodes if n.community == small.id}
    assert drawn.shown == small.size and not drawn.aggregated

    inside = {v.id for v in drawn.nodes}
    bridge = next(e.a if e.a in inside else e.b for e in view.edges if (e.a in inside) != (e.b in inside))
    grown = graphdata.network_drawing(view, community=small.id, expanded=[bridge])
    added = {v.id for v in grown.nodes} - inside
    assert added and grown.expanded_added == len(added)
    partners = {r["名称"] for r in graphdata.partners(view, bridge)}
    assert {n.name for n in view.nodes if n.key in added} <= partners


def test_beyond_the_cap_the_view_is_one_node_per_community_and_says_so(view) -> None:  # noqa: ANN001
    drawn = graphdata.network_drawing(view, max_nodes=20)
    assert drawn.aggregated and "已按社区聚合" in drawn.note
    sizes = {v.id: int(v.properties["主体数"]) for v in drawn.nodes}
    assert sum(sizes.values()) == len(view.nodes)
    for c in view.communities:
        assert sizes[f"community:{c.id}"] == c.size


def test_layout_fits_the_frame_and_is_the_same_every_time(view) -> None:  # noqa: ANN001
    drawing = graphdata.network_drawing(view)
    spec = graphview.build(drawing.nodes, drawing.edges)
    again = graphview.build(drawing.nodes, drawing.edges)
    assert spec.positions == again.positions and spec.zoom == again.zoom
    frame = {"x": 0.0, "y": 0.0, "width": float(graphview.DEFAULT_WIDTH), "height": float(spec.height)}
    for v in spec.nodes:
        x, y = graphview.screen_point(spec, v.id, frame)
        assert 0 <= x <= frame["width"] and 0 <= y <= frame["height"], v.id
    points = sorted(spec.positions.values())
    assert len(set(points)) == len(points), "no two nodes on the same spot"


def test_2000_nodes_lay_out_quickly() -> None:
    import time

    from tests.test_explorer_browser import big_graph

    nodes, edges = big_graph(graphview.MAX_INTERACTIVE_NODES)
    t = time.perf_counter()
    spec = graphview.build(nodes, edges)
    assert time.perf_counter() - t < 20
    assert len(spec.positions) == graphview.MAX_INTERACTIVE_NODES


def test_profile_neighbourhood_and_console_records(net_graph) -> None:  # noqa: ANN001
    hood = graphreads.neighbourhood(net_graph, "S0", "Enterprise")
    nodes, edges = graphdata.merge_hoods([hood])
    vnodes, vedges, legend = graphdata.neighbourhood_graph(nodes, edges, str(hood["center"]))
    assert {v.id for v in vnodes} == {str(n["id"]) for n in nodes}
    centre = next(v for v in vnodes if v.id == str(hood["center"]))
    assert centre.size == max(v.size for v in vnodes)
    assert "合作" in {e.caption for e in vedges}  # relationship types under their Chinese names
    uni = next(n for n in nodes if n["uid"] == "U1")
    more, _ = graphdata.merge_hoods([hood, graphreads.neighbourhood(net_graph, "U1", "University")])
    assert len(more) > len(nodes) and any(n["uid"] == "B00" for n in more)
    assert uni["label"] == "University"

    result = run_read_only(
        net_graph, "MATCH (e:Enterprise {uid: 'S0'})-[r:COLLABORATES_WITH]-(x) RETURN e, r, x", {}
    )
    found = graphdata.record_graph(result.records)
    assert len(found.nodes) == 7 and len(found.edges) == 6
    start = next(nid for nid, n in found.nodes.items() if n["uid"] == "U1")
    added = graphdata.add_neighbours(found, graphreads.neighbours(net_graph, start))
    assert added == 2  # B00, the university's one partner outside the result, and its field 通信
    assert {"B00", "通信"} <= {n["name"] for n in found.nodes.values()}
    vnodes, _, _ = graphdata.record_drawing(found, load_schema())
    s0 = next(v for v in vnodes if v.properties.get("名称") == "S0")
    assert s0.properties["类型"] == "企业" and s0.properties["所在区"] == "松江区"
    assert s0.properties["示例数据"] == "否"


def test_schema_counts_equal_the_graph(net_graph) -> None:  # noqa: ANN001
    labels, rels = graphreads.schema_counts(net_graph)
    counts = {r["label"]: r["n"] for r in labels}
    assert counts["Enterprise"] == BIG + 6 and counts["University"] == 1
    collab = sum(r["n"] for r in rels if r["type"] == "COLLABORATES_WITH")
    with net_graph.driver.session(database=net_graph.database) as session:
        real = session.run("MATCH ()-[r:COLLABORATES_WITH]->() RETURN count(r) AS n").single()["n"]
    assert collab == real
    vnodes, vedges, _ = graphdata.schema_drawing(labels, rels, load_schema())
    assert next(v for v in vnodes if v.id == "Enterprise").caption == f"企业 {BIG + 6}"
    assert all(e.caption for e in vedges)


def test_schema_pair_counts_from_the_count_store_equal_counting_each_pair(net_graph) -> None:  # noqa: ANN001
    """图谱结构 reads the count store and deduces each pair; walking every pair gives the same."""
    from kg import querylib

    schema = load_schema()
    labels = [label for label, node in schema.nodes.items() if not node.internal]
    pairs = [
        {"type": t, "source": a, "target": b}
        for t, rel in schema.relationships.items()
        for a, b in rel.pairs
        if a in labels and b in labels
    ]
    walked = querylib.fetch(net_graph, "schema_rel_counts", pairs=pairs)
    assert [r for r in walked if r["type"] == "COLLABORATES_WITH" and r["n"]], "the fixture has ties to count"
    got_labels, got_rels = graphreads.schema_counts(net_graph)
    assert got_rels == walked
    assert got_labels == querylib.fetch(net_graph, "schema_label_counts", labels=labels)


def test_the_count_store_query_covers_every_label_and_type_of_the_schema(net_graph) -> None:  # noqa: ANN001
    from kg import querylib

    store = querylib.fetch(net_graph, "schema_count_store")[0]
    schema = load_schema()
    labels = {label for label, node in schema.nodes.items() if not node.internal}
    assert {r["label"] for r in store["nodes"]} == labels
    have = {(r["type"], r["source"], r["target"]) for r in store["relationships"]}
    for t, rel in schema.relationships.items():
        for a, b in rel.pairs:
            if a in labels and b in labels:
                assert {(t, None, None), (t, a, None), (t, None, b)} <= have, (t, a, b)


def _same_views(graph, view, max_nodes: int = graphview.MAX_INTERACTIVE_NODES) -> int:  # noqa: ANN001
    """Every view 协同网络 can open — the scope, each community, each with a node expanded —
    drawn from the stored pieces equals the same view drawn from the whole network; so do the
    partners of every node. Returns how many views were compared."""
    from kg.analyses import netpieces

    def part(community: int | None, expanded: tuple[str, ...] = ()) -> object:
        return netpieces.network_part(graph, "6G", community, expanded, max_nodes=max_nodes)

    compared = 0
    for community in [None, *(c.id for c in view.communities)]:
        whole = graphdata.network_drawing(view, community=community, max_nodes=max_nodes)
        assert graphdata.network_drawing(part(community), community=community, max_nodes=max_nodes) == whole
        compared += 1
        if whole.aggregated:
            continue
        for v in whole.nodes:  # expand each drawn node, then one of the partners it brought in
            grown = part(community, (v.id,))
            expected = graphdata.network_drawing(
                view, community=community, expanded=[v.id], max_nodes=max_nodes
            )
            got = graphdata.network_drawing(grown, community=community, expanded=[v.id], max_nodes=max_nodes)
            assert got == expected, (community, v.id)
            assert graphdata.partners(grown, v.id) == graphdata.partners(view, v.id)
            added = sorted({n.id for n in expected.nodes} - {n.id for n in whole.nodes})
            if added:
                twice = (v.id, added[0])
                assert graphdata.network_drawing(
                    part(community, twice), community=community, expanded=twice, max_nodes=max_nodes
                ) == graphdata.network_drawing(view, community=community, expanded=twice, max_nodes=max_nodes)
            compared += 1
    return compared


def test_the_page_reads_only_pieces_and_they_draw_what_the_whole_network_draws(
    net_graph, view, monkeypatch
) -> None:  # noqa: ANN001
    from kg.analyses import netpieces
    from kg.querylib import fetch

    start = graphreads.network_start(net_graph, "6G")
    assert not start.nodes and not start.stale and not start.missing and not start.message
    assert start.total_nodes == len(view.nodes) and start.communities == view.communities
    assert start.sample == any(n.sample for n in view.nodes)
    assert _same_views(net_graph, view) > len(view.nodes)
    # the first view of a scope too big to draw is its stored summary: no organisation is read
    summary = netpieces.network_part(net_graph, "6G", max_nodes=20)
    assert not summary.nodes and summary.summary is not None
    assert graphdata.network_drawing(summary, max_nodes=20) == graphdata.network_drawing(view, max_nodes=20)
    assert _same_views(net_graph, view, max_nodes=20)

    # small parts: a community spans several, partners lie in other parts
    stored = store.load(net_graph, "6G")
    monkeypatch.setattr(netpieces, "PART_SIZE", 4)
    try:
        netpieces.save(net_graph, stored.raw, stored.result, stored.version, "6G")
        parts = fetch(net_graph, "net_pieces", uids=[f"net_part:6G/{i}" for i in range(100)])
        assert len(parts) == -(-len(view.nodes) // 4)
        assert _same_views(net_graph, view) > len(view.nodes)
    finally:
        monkeypatch.undo()
        netpieces.save(net_graph, stored.raw, stored.result, stored.version, "6G")
    assert (
        len(fetch(net_graph, "net_pieces", uids=[f"net_part:6G/{i}" for i in range(100)])) == 1
    )  # none left

    # a database analysed before the pieces existed: the page cuts the stored analysis on the spot
    net_graph.driver.execute_query(
        "MATCH (s:StoredResult) WHERE (s.scope = '6G' OR s.scope STARTS WITH '6G/') "
        "AND s.analysis STARTS WITH 'net_' "
        "DETACH DELETE s",
        database_=net_graph.database,
    )
    try:
        assert not fetch(net_graph, "net_pieces", uids=["net_start:6G"])
        assert graphreads.network_start(net_graph, "6G").communities == view.communities
        assert _same_views(net_graph, view, max_nodes=20)
    finally:
        store.refresh(net_graph, ["6G"], district=False)
    assert fetch(net_graph, "net_pieces", uids=["net_start:6G"])


def test_stale_pieces_are_shown_and_say_how_to_refresh(net_graph, view) -> None:  # noqa: ANN001
    """Data written since the analysis: 协同网络 still draws the stored pieces, marked stale."""
    run = net_graph.driver.execute_query
    run("CREATE (:Enterprise {uid: 'X-NEW', name: '新增企业'})", database_=net_graph.database)
    try:
        start = graphreads.network_start(net_graph, "6G")
        assert start.stale and "kg analyse" in start.message
        assert start.communities == view.communities and start.total_nodes == len(view.nodes)
        part = graphreads.network_part(net_graph, "6G", None, ())
        assert graphdata.network_drawing(part) == graphdata.network_drawing(view)
    finally:
        run("MATCH (e:Enterprise {uid: 'X-NEW'}) DELETE e", database_=net_graph.database)
    assert not graphreads.network_start(net_graph, "6G").stale


def test_the_page_lists_show_what_the_stored_analysis_shows(net_graph, view) -> None:  # noqa: ANN001
    """The trimmed lists 协同网络 reads give the same six tables and the same recommendations
    per node as the whole stored analysis."""
    from kg.analyses import netpieces
    from kg.explorer import tables

    trimmed, full = graphreads.network_lists(net_graph, "6G"), graphreads.collaboration(net_graph, "6G")
    for key, columns in tables.COLLAB_COLUMNS.items():
        assert set(columns) <= set(netpieces.LIST_FIELDS[key]), key  # nothing the page shows is dropped
        assert tables.collab_table(key, trimmed[key]) == tables.collab_table(key, full[key]), key
    assert trimmed["empty_reasons"] == full["empty_reasons"]
    assert full["recommendations"] and full["communities"] and full["brokers"]
    for node in view.nodes:
        mine = graphdata.recommended_partners(trimmed["recommendations"], node)
        assert mine == graphdata.recommended_partners(full["recommendations"], node)


def test_packed_discs_never_overlap_and_sit_where_the_spiral_first_finds_room() -> None:
    """Groups (a district summarised into hundreds of communities) are packed without overlap,
    each at the first angle of the first ring where it fits — the same places as trying every
    angle one by one."""
    import math
    import random

    rng = random.Random(3)
    discs = [(f"d{i}", rng.choice([36.0, 36.0, rng.uniform(20.0, 300.0)])) for i in range(150)]
    placed = graphview._pack(discs)
    assert placed == graphview._pack(list(reversed(discs)))  # order of the input does not matter
    gap = graphview.SPACING * 0.8
    radius = dict(discs)
    names = sorted(radius, key=lambda n: (-radius[n], n))
    for i, a in enumerate(names):
        for b in names[:i]:
            apart = math.hypot(placed[a][0] - placed[b][0], placed[a][1] - placed[b][1])
            assert apart >= radius[a] + radius[b] + gap, (a, b)
    # one by one, as the spiral goes: no earlier angle on its ring, nor any smaller ring, had room
    for i, name in enumerate(names[1:40], start=1):
        r, before = radius[name], names[:i]
        dist = radius[names[0]] + r + gap
        while True:
            spot = next(
                (
                    (dist * math.cos(a), dist * math.sin(a))
                    for a in graphview._ANGLES
                    if all(
                        math.hypot(dist * math.cos(a) - placed[b][0], dist * math.sin(a) - placed[b][1])
                        >= radius[b] + r + gap
                        for b in before
                    )
                ),
                None,
            )
            if spot is not None:
                break
            dist += gap
        assert spot == placed[name], name
