// title: 服务产业链的创新载体 / Carriers serving a chain
// description: Incubators, science parks, accelerators, concept-verification centres, pilot bases and platforms that serve a chain (chain null = all).
// param: chain: str = null
MATCH (k:Carrier)-[:SERVES]->(c:IndustryChain)
WHERE $chain IS NULL OR c.uid = $chain
RETURN c.uid AS chain, k.name AS carrier,
       coalesce(k.type, head([(k)-[:OF_TYPE]->(t:CarrierType) | t.name])) AS type,
       [(k)-[:LOCATED_IN]->(p:Park) | p.name] AS parks, coalesce(k.sample, false) AS sample
ORDER BY chain, type, carrier
