// title: 断链分析·环节本地企业计数 / Gap analysis: local firms per segment (counts only)
// description: 一条产业链（为空 = 全部）每个环节的本地企业数及其中最高梯度等级不低于 high_tech_rank 的企业数，读取导入时维护的派生字段 top_rank。只需断链/弱链判断、不需名单时使用（协同网络分析的对接建议）。
// param: chain: str = null
// param: local_district: str = @local_district
// param: high_tech_rank: int = @high_tech_rank
// label: chain: 产业链
// label: local_district: 本地区
// label: high_tech_rank: 高新梯度等级
// label: segment_uid: 环节标识
// label: segment: 环节
// label: local_count: 本地企业数
// label: high_tech_count: 高新及以上企业数
MATCH (c:IndustryChain)<-[:PART_OF]-(s:ChainSegment)
WHERE $chain IS NULL OR c.uid = $chain
CALL (s) {
  OPTIONAL MATCH (s)<-[:IN_SEGMENT]-(e:Enterprise {district: $local_district})
  RETURN count(e) AS local_count,
         count(CASE WHEN coalesce(e.top_rank, 0) >= $high_tech_rank THEN e END) AS high_tech_count
}
RETURN c.uid AS chain, s.uid AS segment_uid, s.name AS segment, local_count, high_tech_count
ORDER BY chain, segment_uid
