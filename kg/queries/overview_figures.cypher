// title: 关键数字 / Key figures
// description: 企业数（全部、本地、本地按最高梯度：导入时维护的派生字段 top_tier）、产业链、环节、载体、工作站、联合体、高校、院所、专家及示例节点数。
// param: local_district: str = @local_district
// label: local_district: 本地区
// label: enterprises: 企业
// label: local_enterprises: 本地企业
// label: local_by_tier: 本地企业按梯度
// label: chains: 产业链
// label: segments: 环节
// label: carriers: 创新载体
// label: workstations: 院士（专家）工作站
// label: consortia: 创新联合体
// label: universities: 高校
// label: institutes: 科研院所
// label: experts: 专家
// label: collaborations: 合作数
// label: measures: 政策措施
CALL () {
  MATCH (e:Enterprise {district: $local_district})
  WITH e.top_tier AS tier, CASE WHEN e.top_tier IS NULL THEN null ELSE e.top_rank END AS rank, count(*) AS n
  ORDER BY rank DESC, tier
  RETURN collect({tier: tier, rank: rank, count: n}) AS local_by_tier
}
RETURN COUNT { (:Enterprise) } AS enterprises,
       COUNT { (:Enterprise {district: $local_district}) } AS local_enterprises,
       local_by_tier,
       COUNT { (:IndustryChain) } AS chains,
       COUNT { (:ChainSegment) } AS segments,
       COUNT { (:Carrier) } AS carriers,
       COUNT { (:Workstation) } AS workstations,
       COUNT { (:Consortium) } AS consortia,
       COUNT { (:University) } AS universities,
       COUNT { (:ResearchInstitute) } AS institutes,
       COUNT { (:Expert) } AS experts,
       COUNT { ()-[:COLLABORATES_WITH]->() } AS collaborations,
       COUNT { (:Measure) } AS measures
