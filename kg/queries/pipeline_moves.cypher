// title: 梯度培育·升级 / Tier pipeline: upward moves by year
// description: 升级：企业在 Y 年获得的梯度高于它 Y 年之前的最高梯度。按年份、原梯度和新梯度计数，列出前 max_names 家企业（默认只看本地企业，与 kg pipeline 一致；chain 给定时只计该产业链的企业）。
// param: district: str = @local_district
// param: chain: str = null
// param: max_names: int = 50
// label: district: 所在区
// label: chain: 产业链（为空 = 全部）
// label: max_names: 名单上限
// label: year: 年份
// label: from_tier: 原梯度
// label: from_rank: 原梯度等级
// label: to_tier: 新梯度
// label: to_rank: 新梯度等级
// label: count: 数量
// label: enterprises: 企业
// label: sample: 示例数据
MATCH (e:Enterprise)-[r2:CERTIFIED]->(t2:Tier)
WHERE r2.year IS NOT NULL AND ($district IS NULL OR e.district = $district)
      AND ($chain IS NULL OR EXISTS { (e)-[:IN_CHAIN]->(:IndustryChain {uid: $chain}) })
WITH e, r2.year AS year, t2,
     reduce(best = null, c IN [(e)-[r1:CERTIFIED]->(t1:Tier) WHERE r1.year < r2.year | t1] |
       CASE WHEN best IS NULL OR c.rank > best.rank OR (c.rank = best.rank AND c.name < best.name)
            THEN c ELSE best END) AS before
WITH e, year, before, t2
WHERE before IS NOT NULL AND before.rank < t2.rank
WITH year, before, t2, e ORDER BY e.name, e.uid
RETURN year, before.name AS from_tier, before.rank AS from_rank, t2.name AS to_tier,
       t2.rank AS to_rank, count(e) AS count, collect(e.name)[0..$max_names] AS enterprises,
       any(x IN collect(coalesce(e.sample, false)) WHERE x) AS sample
ORDER BY year, from_rank, to_rank, from_tier, to_tier
