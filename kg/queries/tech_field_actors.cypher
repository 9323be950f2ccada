// title: 技术领域的相关主体 / Who works on a technology field
// description: 某技术领域里的企业、高校、院所、专家和环节。
// param: field: str
// label: field: 技术领域
// label: label: 类型
// label: name: 名称
// label: uid: 标识
// label: sample: 示例数据
// asks: {field}[领域|方向][有谁|有哪些|谁|哪些|主体|单位|机构]
// asks: [做|从事|研究]{field}的有[谁|哪些|有谁]
// answer: 「{field}」技术领域共有{n}个相关主体：{names:name}
// empty: 图谱中未掌握「{field}」技术领域的主体
MATCH (f:TechField {uid: $field})<-[:HAS_FIELD]-(n)
RETURN labels(n)[0] AS label, n.name AS name, n.uid AS uid, coalesce(n.sample, false) AS sample
ORDER BY label, name, uid
