// title: 服务产业链的创新载体 / Carriers serving a chain
// description: 服务某条产业链的孵化器、科技园、加速器、概念验证中心、中试基地和平台（chain 为空 = 全部产业链）。
// param: chain: str = null
// label: chain: 产业链
// label: carrier: 创新载体
// label: type: 类型
// label: parks: 园区
// label: sample: 示例数据
MATCH (k:Carrier)-[:SERVES]->(c:IndustryChain)
WHERE $chain IS NULL OR c.uid = $chain
RETURN c.uid AS chain, k.name AS carrier,
       coalesce(k.type, head([(k)-[:OF_TYPE]->(t:CarrierType) | t.name])) AS type,
       [(k)-[:LOCATED_IN]->(p:Park) | p.name] AS parks, coalesce(k.sample, false) AS sample
ORDER BY chain, type, carrier
