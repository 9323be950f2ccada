// title: 政策覆盖对象 / Chains, tiers and carrier types with their measures
// description: 每条产业链、每个梯度和每类载体：涉及多少企业或载体，以及支持它的措施编号。
CALL () {
  MATCH (c:IndustryChain)
  RETURN 'chain' AS kind, c.uid AS name, null AS rank,
         COUNT { (c)<-[:IN_CHAIN]-(:Enterprise) } AS subjects,
         [(c)<-[:SUPPORTS]-(m:Measure) | m.no] AS measures
  UNION ALL
  MATCH (t:Tier)
  RETURN 'tier' AS kind, t.name AS name, t.rank AS rank,
         COUNT { (t)<-[:CERTIFIED]-(:Enterprise) } AS subjects,
         [(t)<-[:SUPPORTS]-(m:Measure) | m.no] AS measures
  UNION ALL
  MATCH (k:CarrierType)
  RETURN 'carrier_type' AS kind, k.name AS name, null AS rank,
         COUNT { (k)<-[:OF_TYPE]-(:Carrier) } AS subjects,
         [(k)<-[:SUPPORTS]-(m:Measure) | m.no] AS measures
}
RETURN kind, name, rank, subjects, measures
ORDER BY kind, rank, name
