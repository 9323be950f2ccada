// title: 时间对比·环节变化事实 / Comparison of two years: dated facts per segment
// description: 某产业链（为空 = 全部）各环节的本地企业中，在 year_from 之后、year_to 及以前成立、获得资质认定或开始合作的事实——正是这些事实让环节状态在两个年份之间发生变化。
// param: chain: str = null
// param: local_district: str = @local_district
// param: year_from: int = 2023
// param: year_to: int = 2025
// label: chain: 产业链
// label: local_district: 本地区
// label: year_from: 起始年份
// label: year_to: 截止年份
// label: segment_uid: 环节标识
// label: segment: 环节
// label: name: 企业
// label: founded_year: 成立年份
// label: kind: 事实类型
// label: year: 年份
// label: tier: 梯度
// label: partner: 合作方
// label: type: 合作类型
// label: sample: 示例数据
MATCH (c:IndustryChain)<-[:PART_OF]-(s:ChainSegment)<-[:IN_SEGMENT]-(e:Enterprise)
WHERE ($chain IS NULL OR c.uid = $chain) AND coalesce(e.district = $local_district, false)
CALL (e) {
  MATCH (e) WHERE e.founded_year > $year_from AND e.founded_year <= $year_to
  RETURN 'founded' AS kind, e.founded_year AS year, null AS tier, null AS partner, null AS type
  UNION
  MATCH (e)-[r:CERTIFIED]->(t:Tier) WHERE r.year > $year_from AND r.year <= $year_to
  RETURN 'certified' AS kind, r.year AS year, t.name AS tier, null AS partner, null AS type
  UNION
  MATCH (e)-[r:COLLABORATES_WITH]-(x) WHERE r.year > $year_from AND r.year <= $year_to
  RETURN 'collaboration' AS kind, r.year AS year, null AS tier, x.name AS partner, r.type AS type
}
RETURN c.uid AS chain, s.uid AS segment_uid, s.name AS segment, e.uid AS uid, e.name AS name,
       e.founded_year AS founded_year, kind, year, tier, partner, type,
       coalesce(e.sample, false) AS sample
ORDER BY segment_uid, year, kind, name, uid, tier, partner
