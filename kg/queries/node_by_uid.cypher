// title: 按 uid 查节点 / A node by uid
// description: 标识为给定值的节点（标识在同一类型内唯一；label 可缩小范围）。
// param: uid: str
// param: label: str = null
// label: uid: 标识
// label: label: 类型
// label: id: 内部标识
// label: labels: 类型
// label: name: 名称
// label: sample: 示例数据
MATCH (n)
WHERE n.uid = $uid AND ($label IS NULL OR $label IN labels(n)) AND NOT n:ImportRun
RETURN elementId(n) AS id, labels(n) AS labels, n.uid AS uid, n.name AS name,
       coalesce(n.sample, false) AS sample
ORDER BY labels[0], uid
LIMIT 5
