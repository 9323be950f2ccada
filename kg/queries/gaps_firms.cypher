// title: 断链分析·环节企业分层 / Gap analysis: firms per segment by locality and top tier
// description: 每个环节的企业按本地 / 区外及最高梯度分组，组内按梯度、合作数、名称排序，每组列前 max_names 家。读取导入时维护的派生字段（top_tier、top_rank、collaborations），即当前状态；截至某年的统计见 gaps_firms_as_of。kg gaps 和产业链图谱使用。
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
// as_of_year must be null here (the derived facts are the current state); gaps.segment_data sends a
// year to gaps_firms_as_of instead.
MATCH (c:IndustryChain)<-[:PART_OF]-(s:ChainSegment)
WHERE ($chain IS NULL OR c.uid = $chain) AND $as_of_year IS NULL
MATCH (s)<-[:IN_SEGMENT]-(e:Enterprise)
WITH s.uid AS segment_uid, coalesce(e.district = $local_district, false) AS local,
     e.top_tier AS tier, coalesce(e.top_rank, 0) AS rank, collect(e) AS all_firms
// each group's best max_names by a top-k (LIMIT) instead of sorting every (segment, firm) pair
CALL (all_firms, tier, rank) {
  UNWIND all_firms AS e
  WITH e, coalesce(e.collaborations, 0) AS collaborations
  ORDER BY collaborations DESC, e.name, e.uid
  LIMIT $max_names
  RETURN collect({uid: e.uid, name: e.name, tier: tier, rank: rank, collaborations: collaborations,
                  district: e.district, sample: coalesce(e.sample, false)}) AS firms
}
RETURN segment_uid, local, tier, rank, size(all_firms) AS count, firms,
       any(f IN all_firms WHERE f.sample) AS sample
ORDER BY segment_uid, local DESC, rank DESC, tier
