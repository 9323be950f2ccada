// title: 园区内企业 / Enterprises in a park
// description: 位于某园区的企业，附其产业链和最高梯度。
// param: park: str
// label: park: 园区
// label: enterprise: 企业
// label: top_tier: 最高梯度
// label: rank: 梯度等级
// label: chains: 产业链
// label: sample: 示例数据
// asks: {park}有哪些[企业|公司]
// asks: {park}[里|内|有][企业|公司|哪些|多少|几家|名单]
// answer: {park}共有{n}家企业：{names:enterprise}
// empty: 图谱中未掌握位于{park}的企业
MATCH (p:Park)<-[:LOCATED_IN]-(e:Enterprise)
WHERE p.name = $park OR p.uid = $park
WITH p, e, reduce(best = null, t IN [(e)-[:CERTIFIED]->(x:Tier) | x] |
       CASE WHEN best IS NULL OR t.rank > best.rank OR (t.rank = best.rank AND t.name < best.name)
            THEN t ELSE best END) AS top
RETURN p.name AS park, e.name AS enterprise, top.name AS top_tier, coalesce(top.rank, 0) AS rank,
       [(e)-[:IN_CHAIN]->(c:IndustryChain) | c.uid] AS chains, coalesce(e.sample, false) AS sample
ORDER BY rank DESC, enterprise
