// title: 已有产业链环节 / Segments an import can refer to
// description: Every segment with its chain (segments are matched by name within their chain).
MATCH (s:ChainSegment)-[:PART_OF]->(c:IndustryChain)
RETURN c.uid AS chain, s.uid AS uid, s.name AS name
