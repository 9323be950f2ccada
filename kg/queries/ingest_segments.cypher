// title: 已有产业链环节 / Segments an import can refer to
// description: 全部产业链环节及所属产业链（环节在其产业链内按名称匹配）。
// label: uid: 标识
// label: name: 名称
// label: chain: 产业链
MATCH (s:ChainSegment)-[:PART_OF]->(c:IndustryChain)
RETURN c.uid AS chain, s.uid AS uid, s.name AS name
