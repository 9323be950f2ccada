// title: 按状态列出环节 / Segments by gap status
// description: 一条产业链（为空 = 全部）中状态为 status（断链、弱链或强链；为空 = 全部）的环节，附本地企业数和其中高新及以上企业数。状态规则与 kg gaps 相同：没有本地企业为断链；本地企业不多于 weak_max_local 家、或没有高新及以上企业为弱链；其余为强链。读取导入时维护的派生字段 top_rank。
// param: chain: str = null
// param: status: str = null
// param: weak_max_local: int = 1
// param: local_district: str = @local_district
// param: high_tech_rank: int = @high_tech_rank
// label: chain: 产业链
// label: status: 状态
// label: weak_max_local: 弱链本地企业上限
// label: local_district: 本地区
// label: high_tech_rank: 高新梯度等级
// label: segment: 环节
// label: position: 位置
// label: local_count: 本地企业数
// label: high_tech_count: 高新及以上企业数
// label: sample: 示例数据
// asks: {chain}有哪些{status}环节
// asks: {chain}的{status}在哪
// asks: {status}环节有哪些
// asks: 哪些环节是{status}
// answer: {chain|全部产业链}共有{n}个{status|}环节：{names:segment}
MATCH (c:IndustryChain)<-[:PART_OF]-(s:ChainSegment)
WHERE $chain IS NULL OR c.uid = $chain
CALL (s) {
  OPTIONAL MATCH (s)<-[:IN_SEGMENT]-(e:Enterprise {district: $local_district})
  RETURN count(e) AS local_count,
         count(CASE WHEN coalesce(e.top_rank, 0) >= $high_tech_rank THEN e END) AS high_tech_count
}
WITH c, s, local_count, high_tech_count,
     CASE WHEN local_count = 0 THEN '断链'
          WHEN local_count <= $weak_max_local OR high_tech_count = 0 THEN '弱链'
          ELSE '强链' END AS status
WHERE $status IS NULL OR status = $status
RETURN c.uid AS chain, s.name AS segment, status, s.position AS position, local_count, high_tech_count,
       coalesce(s.sample, false) AS sample
ORDER BY chain,
         CASE s.position WHEN '上游' THEN 0 WHEN '中游' THEN 1 WHEN '下游' THEN 2 ELSE 3 END,
         s.order, segment
