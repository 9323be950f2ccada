// title: 产业链环节（上游→下游） / A chain's segments in order
// description: 一条产业链的环节，按上游 → 中游 → 下游及顺序排列，附上游环节和技术领域。
// param: chain: str = "6G"
// label: chain: 产业链
// label: segment: 环节
// label: position: 位置
// label: order: 顺序
// label: key_segment: 关键环节
// label: fed_by: 上游环节
// label: tech_fields: 技术领域
// label: enterprises: 企业
MATCH (c:IndustryChain {uid: $chain})<-[:PART_OF]-(s:ChainSegment)
RETURN s.name AS segment, s.position AS position, s.order AS order,
       coalesce(s.key_segment, false) AS key_segment,
       [(u:ChainSegment)-[:FEEDS]->(s) | u.name] AS fed_by,
       [(s)-[:HAS_FIELD]->(f:TechField) | f.name] AS tech_fields,
       COUNT { (s)<-[:IN_SEGMENT]-(:Enterprise) } AS enterprises
ORDER BY CASE s.position WHEN '上游' THEN 0 WHEN '中游' THEN 1 WHEN '下游' THEN 2 ELSE 3 END,
         s.order, s.name
