// title: 名称全文检索 / Full-text search by name
// description: 用中日韩全文索引 entity_names 检索所有主体的名称和别名（Lucene 语法；中文边输入边匹配）。
// param: text: str
// param: limit: int = 20
// label: text: 检索词
// label: limit: 上限
// label: label: 类型
// label: name: 名称
// label: uid: 标识
// label: score: 匹配度
// label: sample: 示例数据
CALL db.index.fulltext.queryNodes('entity_names', $text) YIELD node, score
RETURN labels(node)[0] AS label, node.name AS name, node.uid AS uid, round(score, 3) AS score,
       coalesce(node.sample, false) AS sample
ORDER BY score DESC, name, uid
LIMIT $limit
