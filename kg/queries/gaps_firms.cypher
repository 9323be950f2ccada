// title: 断链分析·环节企业分层 / Gap analysis: firms per segment by locality and top tier
// description: 每个环节的企业按本地 / 区外及最高梯度分组（只计 as_of_year 及以前的认定；为空 = 全部），组内按梯度、合作数、名称排序，每组列前 max_names 家。kg gaps 和产业链图谱使用。
// param: chain: str = null
// param: local_district: str = @local_district
// param: as_of_year: int = null
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
// Each firm's top tier and collaboration count are computed once, then fanned out to its segments.
MATCH (c:IndustryChain)<-[:PART_OF]-(s:ChainSegment)<-[:IN_SEGMENT]-(e:Enterprise)
WHERE $chain IS NULL OR c.uid = $chain
WITH e, collect(s.uid) AS segs
CALL (e) {
  OPTIONAL MATCH (e)-[r:CERTIFIED]->(x:Tier)
  WHERE $as_of_year IS NULL OR r.year IS NULL OR r.year <= $as_of_year
  WITH x ORDER BY x.rank DESC, x.name
  RETURN head(collect(x)) AS top
}
WITH e, segs, top.name AS tier, coalesce(top.rank, 0) AS rank,
     coalesce(e.district = $local_district, false) AS local,
     COUNT { (e)-[:COLLABORATES_WITH]-() } AS collaborations
ORDER BY rank DESC, collaborations DESC, e.name, e.uid
UNWIND segs AS segment_uid
WITH segment_uid, local, tier, rank,
     collect({uid: e.uid, name: e.name, tier: tier, rank: rank, collaborations: collaborations,
              district: e.district, sample: coalesce(e.sample, false)}) AS firms
RETURN segment_uid, local, tier, rank, size(firms) AS count,
       firms[0..$max_names] AS firms, any(f IN firms WHERE f.sample) AS sample
ORDER BY segment_uid, local DESC, rank DESC, tier
