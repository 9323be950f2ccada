// title: 产业链环节（上游→下游） / A chain's segments in order
// description: The segments of one chain, upstream → midstream → downstream then by order, with their upstream feeders and technology fields.
// param: chain: str = "6G"
MATCH (c:IndustryChain {uid: $chain})<-[:PART_OF]-(s:ChainSegment)
RETURN s.name AS segment, s.position AS position, s.order AS order,
       coalesce(s.key_segment, false) AS key_segment,
       [(u:ChainSegment)-[:FEEDS]->(s) | u.name] AS fed_by,
       [(s)-[:HAS_FIELD]->(f:TechField) | f.name] AS tech_fields,
       COUNT { (s)<-[:IN_SEGMENT]-(:Enterprise) } AS enterprises
ORDER BY CASE s.position WHEN '上游' THEN 0 WHEN '中游' THEN 1 WHEN '下游' THEN 2 ELSE 3 END,
         s.order, s.name
