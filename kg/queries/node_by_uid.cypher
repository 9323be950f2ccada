// title: 按 uid 查节点 / A node by uid
// description: Nodes whose uid is the given one (uids are unique per label; label narrows it).
// param: uid: str
// param: label: str = null
MATCH (n)
WHERE n.uid = $uid AND ($label IS NULL OR $label IN labels(n)) AND NOT n:ImportRun
RETURN elementId(n) AS id, labels(n) AS labels, n.uid AS uid, n.name AS name,
       coalesce(n.sample, false) AS sample
ORDER BY labels[0], uid
LIMIT 5
