// title: 名称全文检索 / Full-text search by name
// description: Search names and aliases of every entity with the CJK full-text index entity_names (Lucene syntax; Chinese matches as you type).
// param: text: str
// param: limit: int = 20
CALL db.index.fulltext.queryNodes('entity_names', $text) YIELD node, score
RETURN labels(node)[0] AS label, node.name AS name, node.uid AS uid, round(score, 3) AS score,
       coalesce(node.sample, false) AS sample
ORDER BY score DESC, name, uid
LIMIT $limit
