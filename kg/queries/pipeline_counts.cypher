// title: 梯度培育·逐年认定数 / Tier pipeline: certifications per tier per year
// description: 各梯度每年认定的企业数（默认只看本地企业，与 kg pipeline 一致；district 为空 = 所有区；chain 给定时只计该产业链的企业）。
// param: district: str = @local_district
// param: chain: str = null
// label: district: 所在区
// label: chain: 产业链（为空 = 全部）
// label: year: 年份
// label: tier: 梯度
// label: rank: 梯度等级
// label: count: 数量
// label: sample: 示例数据
MATCH (e:Enterprise)-[r:CERTIFIED]->(t:Tier)
WHERE r.year IS NOT NULL AND ($district IS NULL OR e.district = $district)
      AND ($chain IS NULL OR EXISTS { (e)-[:IN_CHAIN]->(:IndustryChain {uid: $chain}) })
RETURN r.year AS year, t.name AS tier, t.rank AS rank, count(DISTINCT e) AS count,
       any(x IN collect(coalesce(e.sample, false) OR coalesce(r.sample, false)) WHERE x) AS sample
ORDER BY year, rank, tier
