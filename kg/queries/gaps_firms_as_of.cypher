// title: 断链分析·某年末环节企业分层 / Gap analysis as of a year: firms per segment by locality and top tier
// description: 与“断链分析·环节企业分层”相同，但按 as_of_year 年底的图谱计算：该年之后成立的企业不计入，该年之后的资质认定与合作不计入；没有年份的事实始终计入。每组列前 max_names 家。
// param: chain: str = null
// param: local_district: str = @local_district
// param: as_of_year: int = 2025
// param: max_names: int = 100
// label: chain: 产业链
// label: local_district: 本地区
// label: as_of_year: 截至年份
// label: max_names: 名单上限
// label: segment_uid: 环节标识
// label: local: 本地
// label: tier: 梯度
// label: rank: 梯度等级
// label: count: 数量
// label: firms: 企业
// label: sample: 示例数据
MATCH (c:IndustryChain)<-[:PART_OF]-(s:ChainSegment)<-[:IN_SEGMENT]-(e:Enterprise)
WHERE ($chain IS NULL OR c.uid = $chain) AND (e.founded_year IS NULL OR e.founded_year <= $as_of_year)
WITH e, collect(s.uid) AS segs
CALL (e) {
  OPTIONAL MATCH (e)-[r:CERTIFIED]->(x:Tier)
  WHERE r.year IS NULL OR r.year <= $as_of_year
  WITH x ORDER BY x.rank DESC, x.name
  RETURN head(collect(x)) AS top
}
WITH e, segs, top.name AS tier, coalesce(top.rank, 0) AS rank,
     coalesce(e.district = $local_district, false) AS local,
     COUNT { (e)-[w:COLLABORATES_WITH]-() WHERE w.year IS NULL OR w.year <= $as_of_year } AS collaborations
ORDER BY rank DESC, collaborations DESC, e.name, e.uid
UNWIND segs AS segment_uid
WITH segment_uid, local, tier, rank,
     collect({uid: e.uid, name: e.name, tier: tier, rank: rank, collaborations: collaborations,
              district: e.district, sample: coalesce(e.sample, false)}) AS firms
RETURN segment_uid, local, tier, rank, size(firms) AS count,
       firms[0..$max_names] AS firms, any(f IN firms WHERE f.sample) AS sample
ORDER BY segment_uid, local DESC, rank DESC, tier
