// title: 断链分析·环节 / Gap analysis: segments
// description: 一条产业链（为空 = 全部）的每个环节：位置、顺序、是否关键、技术领域及上下游环节。kg gaps 使用。
// param: chain: str = null
// label: chain: 产业链
// label: segment_uid: 环节标识
// label: segment: 环节
// label: position: 位置
// label: order: 顺序
// label: key_segment: 关键环节
// label: sample: 示例数据
// label: fields: 技术领域
// label: upstream: 上游
// label: downstream: 下游
MATCH (c:IndustryChain)<-[:PART_OF]-(s:ChainSegment)
WHERE $chain IS NULL OR c.uid = $chain
RETURN c.uid AS chain, s.uid AS segment_uid, s.name AS segment, s.position AS position,
       s.order AS order, coalesce(s.key_segment, false) AS key_segment,
       coalesce(s.sample, false) AS sample,
       [(s)-[:HAS_FIELD]->(f:TechField) | f.name] AS fields,
       [(u:ChainSegment)-[:FEEDS]->(s) | u.uid] AS upstream,
       [(s)-[:FEEDS]->(d:ChainSegment) | d.uid] AS downstream
ORDER BY chain,
         CASE s.position WHEN '上游' THEN 0 WHEN '中游' THEN 1 WHEN '下游' THEN 2 ELSE 3 END,
         s.order, segment
