// title: 服务产业链的创新载体 / Carriers serving a chain
// description: 服务某条产业链的孵化器、科技园、加速器、概念验证中心、中试基地和平台（chain 为空 = 全部产业链）。
// param: chain: str = null
// label: chain: 产业链
// label: carrier: 创新载体
// label: type: 类型
// label: parks: 园区
// label: sample: 示例数据
// asks: {chain}有哪些[载体|孵化器|加速器|中试基地|概念验证|科技园|平台]
// asks: 服务{chain}的[载体|孵化器|加速器|中试基地|概念验证|科技园|平台]
// answer: 服务{chain}产业链的创新载体共{n}个：{names:carrier}
// empty: 图谱中未掌握服务{chain}产业链的创新载体
MATCH (k:Carrier)-[:SERVES]->(c:IndustryChain)
WHERE $chain IS NULL OR c.uid = $chain
RETURN c.uid AS chain, k.name AS carrier,
       coalesce(k.type, head([(k)-[:OF_TYPE]->(t:CarrierType) | t.name])) AS type,
       [(k)-[:LOCATED_IN]->(p:Park) | p.name] AS parks, coalesce(k.sample, false) AS sample
ORDER BY chain, type, carrier
