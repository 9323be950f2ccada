// title: 断链分析·服务载体 / Gap analysis: carriers serving each chain
// description: 与每条产业链有 SERVES 关系的载体，按名称排列。
// param: chain: str = null
// label: chain: 产业链
// label: carriers: 创新载体
MATCH (c:IndustryChain)<-[:SERVES]-(k:Carrier)
WHERE $chain IS NULL OR c.uid = $chain
WITH c, k ORDER BY k.name, k.uid
RETURN c.uid AS chain,
       collect({uid: k.uid, name: k.name,
                type: coalesce(k.type, head([(k)-[:OF_TYPE]->(t:CarrierType) | t.name])),
                sample: coalesce(k.sample, false)}) AS carriers
ORDER BY chain
