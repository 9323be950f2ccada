// title: 产业链上的企业 / Enterprises of a chain
// description: 属于某条产业链（IN_CHAIN，或在其某个环节）的企业：本地企业在前，再按最高梯度（导入时维护的派生字段 top_tier / top_rank）和名称；附其在该链的环节。
// param: chain: str
// param: local_district: str = @local_district
// label: chain: 产业链
// label: local_district: 本地区
// label: enterprise: 企业
// label: district: 所在区
// label: local: 本地
// label: top_tier: 最高梯度
// label: segments: 环节
// label: sample: 示例数据
// asks: {chain}[产业链|链上|链]有哪些[企业|公司|厂商|厂家]
// asks: {chain}有多少[企业|公司|家]
// asks: {chain}[企业|公司]名单
// answer: {chain}产业链共有{n}家企业：{names:enterprise}
// empty: 图谱中未掌握{chain}产业链的企业
CALL () {
  MATCH (e:Enterprise)-[:IN_CHAIN]->(:IndustryChain {uid: $chain}) RETURN e
  UNION
  MATCH (e:Enterprise)-[:IN_SEGMENT]->(:ChainSegment {chain: $chain}) RETURN e
}
RETURN e.name AS enterprise, e.district AS district, coalesce(e.district = $local_district, false) AS local,
       e.top_tier AS top_tier, [(e)-[:IN_SEGMENT]->(s:ChainSegment {chain: $chain}) | s.name] AS segments,
       coalesce(e.sample, false) AS sample
ORDER BY local DESC, coalesce(e.top_rank, 0) DESC, enterprise
