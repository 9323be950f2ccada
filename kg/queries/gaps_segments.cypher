// title: 断链分析·环节 / Gap analysis: segments
// description: Every segment of a chain (all chains when chain is null) with position, order, key flag, technology fields and FEEDS neighbours. Used by kg gaps.
// param: chain: str = null
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
