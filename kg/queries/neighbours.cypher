// title: 节点邻居 / Neighbours of nodes
// description: Relationships around the nodes with the given element ids (one hop), first `limit` by neighbour name. Used by the explorer's neighbourhood view.
// param: ids: list
// param: limit: int = 200
MATCH (a)-[r]-(b)
WHERE elementId(a) IN $ids AND NOT b:ImportRun
WITH a, r, b ORDER BY b.name, b.uid, type(r), elementId(r)
LIMIT $limit
RETURN elementId(a) AS from_id, elementId(b) AS id, labels(b) AS labels, b.uid AS uid,
       b.name AS name, coalesce(b.sample, false) AS sample, elementId(r) AS rel_id, type(r) AS type,
       elementId(startNode(r)) AS start, elementId(endNode(r)) AS end,
       coalesce(r.sample, false) AS rel_sample, r.year AS year
