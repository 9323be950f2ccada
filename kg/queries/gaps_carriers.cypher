// title: 断链分析·服务载体 / Gap analysis: carriers serving each chain
// description: Carriers with a SERVES tie to each chain, by name.
// param: chain: str = null
MATCH (c:IndustryChain)<-[:SERVES]-(k:Carrier)
WHERE $chain IS NULL OR c.uid = $chain
WITH c, k ORDER BY k.name, k.uid
RETURN c.uid AS chain,
       collect({uid: k.uid, name: k.name,
                type: coalesce(k.type, head([(k)-[:OF_TYPE]->(t:CarrierType) | t.name])),
                sample: coalesce(k.sample, false)}) AS carriers
ORDER BY chain
