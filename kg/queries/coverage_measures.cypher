// title: 政策措施覆盖 / What each policy measure supports
// description: 每条政策措施支持的产业链、梯度和载体类型。
MATCH (m:Measure)
OPTIONAL MATCH (m)-[:PART_OF]->(p:Policy)
RETURN p.uid AS policy, m.uid AS uid, m.no AS no, coalesce(m.title, m.name) AS title,
       m.section_no AS section_no, m.section_title AS section,
       [(m)-[:SUPPORTS]->(c:IndustryChain) | c.uid] AS chains,
       [(m)-[:SUPPORTS]->(t:Tier) | t.name] AS tiers,
       [(m)-[:SUPPORTS]->(k:CarrierType) | k.name] AS carrier_types,
       coalesce(m.sample, false) AS sample
ORDER BY policy, no, uid
