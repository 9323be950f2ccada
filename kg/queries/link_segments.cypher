// title: 挂链·环节词表 / Linking: segment vocabulary
// description: 每个环节的关键词（产品与技术）及技术领域：挂链建议匹配的词表。
// label: uid: 环节标识
// label: chain: 产业链
// label: segment: 环节
// label: keywords: 关键词
// label: fields: 技术领域
MATCH (s:ChainSegment)-[:PART_OF]->(c:IndustryChain)
RETURN s.uid AS uid, c.uid AS chain, s.name AS segment, coalesce(s.keywords, []) AS keywords,
       [(s)-[:HAS_FIELD]->(f:TechField) | f.name] AS fields
ORDER BY uid
