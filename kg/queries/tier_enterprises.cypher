// title: 某梯度的企业 / Enterprises at a tier
// description: 获得某梯度资质的企业（每家一行，附认定年份）；year 给定时只看该年认定的，chain 给定时只看该产业链的企业；默认只看本地企业（district 为空 = 所有区）。
// param: tier: str
// param: year: int = null
// param: chain: str = null
// param: district: str = @local_district
// label: tier: 梯度
// label: year: 认定年份
// label: chain: 产业链
// label: district: 所在区
// label: enterprise: 企业
// label: years: 认定年份
// label: chains: 产业链
// label: sample: 示例数据
// asks: 有多少家{tier}
// asks: {tier}有哪些
// asks: {tier}[名单|清单|都有谁|有谁|哪些|哪几家|多少|几家|数量]
// asks: {year}年认定了多少{tier}
// asks: {year}年的{tier}[有哪些|哪些|名单|多少|几家|都有谁|有谁]
// asks: {chain}有哪些{tier}
// asks: {chain}{tier}[有哪些|哪些|名单|多少|几家|都有谁|有谁]
// asks: {chain}{year}年的{tier}[有哪些|哪些|名单|多少|几家]
// answer: {chain|}{year|}本地{tier}共{n}家：{names:enterprise}
// empty: 图谱中未掌握{chain|}{year|}本地{tier}的认定记录
MATCH (e:Enterprise)-[r:CERTIFIED]->(t:Tier {name: $tier})
WHERE ($year IS NULL OR r.year = $year) AND ($district IS NULL OR e.district = $district)
  AND ($chain IS NULL OR EXISTS { (e)-[:IN_CHAIN]->(:IndustryChain {uid: $chain}) }
       OR EXISTS { (e)-[:IN_SEGMENT]->(:ChainSegment {chain: $chain}) })
WITH e, collect(DISTINCT r.year) AS years, any(x IN collect(coalesce(r.sample, false)) WHERE x) AS rsample
RETURN e.name AS enterprise, years, [(e)-[:IN_CHAIN]->(c:IndustryChain) | c.uid] AS chains,
       coalesce(e.sample, false) OR rsample AS sample
ORDER BY enterprise
