// title: 节点邻居 / Neighbours of nodes
// description: 给定内部标识的节点周围一跳的关系，按邻居名称取前 limit 条。浏览器的关系图使用。
// param: ids: list
// param: limit: int = 200
// label: ids: 节点内部标识
// label: limit: 上限
// label: from_id: 起点内部标识
// label: id: 内部标识
// label: labels: 类型
// label: uid: 标识
// label: name: 名称
// label: sample: 示例数据
// label: rel_id: 关系内部标识
// label: type: 类型
// label: start: 起点
// label: end: 终点
// label: rel_sample: 关系为示例数据
// label: year: 年份
MATCH (a)-[r]-(b)
WHERE elementId(a) IN $ids AND NOT b:ImportRun
WITH a, r, b ORDER BY b.name, b.uid, type(r), elementId(r)
LIMIT $limit
RETURN elementId(a) AS from_id, elementId(b) AS id, labels(b) AS labels, b.uid AS uid,
       b.name AS name, coalesce(b.sample, false) AS sample, elementId(r) AS rel_id, type(r) AS type,
       elementId(startNode(r)) AS start, elementId(endNode(r)) AS end,
       coalesce(r.sample, false) AS rel_sample, r.year AS year
