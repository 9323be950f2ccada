// title: 产业链一览 / Industry chains
// description: 每条产业链的环节数、企业数（全部 / 本地）和服务载体数。
// param: local_district: str = @local_district
// label: local_district: 本地区
// label: chain: 产业链
// label: segments: 环节
// label: enterprises: 企业
// label: local_enterprises: 本地企业
// label: carriers: 创新载体
// asks: 有哪些[产业链]
// asks: [产业链][一览|有几条|多少条|都有哪些|有哪些|列表|概况]
// answer: 图谱中共有{n}条产业链：{names:chain}
MATCH (c:IndustryChain)
RETURN c.uid AS chain,
       COUNT { (c)<-[:PART_OF]-(:ChainSegment) } AS segments,
       COUNT { (c)<-[:IN_CHAIN]-(:Enterprise) } AS enterprises,
       COUNT { (c)<-[:IN_CHAIN]-(e:Enterprise) WHERE e.district = $local_district } AS local_enterprises,
       COUNT { (c)<-[:SERVES]-(:Carrier) } AS carriers
ORDER BY chain
