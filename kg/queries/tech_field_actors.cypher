// title: 技术领域的相关主体 / Who works on a technology field
// description: 某技术领域里的企业、高校、院所、专家和环节。
// param: field: str
// label: field: 技术领域
// label: label: 类型
// label: name: 名称
// label: uid: 标识
// label: sample: 示例数据
MATCH (f:TechField {uid: $field})<-[:HAS_FIELD]-(n)
RETURN labels(n)[0] AS label, n.name AS name, n.uid AS uid, coalesce(n.sample, false) AS sample
ORDER BY label, name, uid
