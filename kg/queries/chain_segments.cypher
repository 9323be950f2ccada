// title: 产业链环节（上游→下游） / A chain's segments in order
// description: 一条产业链的环节，按上游 → 中游 → 下游及顺序排列，附上游环节和技术领域。
// param: chain: str = "6G"
// param: position: str = null
// label: chain: 产业链
// label: segment: 环节
// label: position: 位置
// label: order: 顺序
// label: key_segment: 关键环节
// label: fed_by: 上游环节
// label: tech_fields: 技术领域
// label: enterprises: 企业
// asks: {chain}有哪些环节
// asks: {chain}[上下游|产业链结构|链条|图谱|结构|组成|分哪几段]
// asks: {chain}的{position}有哪些[环节]
// asks: {chain}{position}[是什么|有什么|是哪些|有哪些]
// answer: {chain}产业链{position|}共有{n}个环节：{names:segment}
// empty: 图谱中未掌握{chain}产业链{position|}的环节
MATCH (c:IndustryChain {uid: $chain})<-[:PART_OF]-(s:ChainSegment)
WHERE $position IS NULL OR s.position = $position
RETURN s.name AS segment, s.position AS position, s.order AS order,
       coalesce(s.key_segment, false) AS key_segment,
       [(u:ChainSegment)-[:FEEDS]->(s) | u.name] AS fed_by,
       [(s)-[:HAS_FIELD]->(f:TechField) | f.name] AS tech_fields,
       COUNT { (s)<-[:IN_SEGMENT]-(:Enterprise) } AS enterprises
ORDER BY CASE s.position WHEN '上游' THEN 0 WHEN '中游' THEN 1 WHEN '下游' THEN 2 ELSE 3 END,
         s.order, s.name
