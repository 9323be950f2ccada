// title: 无科研伙伴的高新企业 / High-tech firms with no research partner
// description: 最高梯度等级（导入时维护的派生字段 top_rank / top_tier）不低于 high_tech_rank 的本地企业中，与高校、院所、专家没有任何合作、联合体或工作站联系的企业。partners_known 表示这种“没有”是否已知：企业属示例层（示例名单列出其全部联系），或某份已导入名单列出过它的合作、联合体或工作站；否则图谱对其科研伙伴未掌握。结果为一行：firms 每项为 [标识, 名称, 梯度, 梯度等级, 产业链, 环节, 企业间合作, 伙伴已知, 来源, 示例数据]，按梯度等级从高到低、名称排序。
// param: chain: str = null
// param: local_district: str = @local_district
// param: high_tech_rank: int = @high_tech_rank
// label: chain: 产业链
// label: local_district: 本地区
// label: high_tech_rank: 高新梯度等级
// label: firms: 企业（标识、名称、梯度、梯度等级、产业链、环节、企业间合作、伙伴已知、来源、示例数据）
MATCH (e:Enterprise {district: $local_district})
WHERE e.top_tier IS NOT NULL AND e.top_rank >= $high_tech_rank
  AND ($chain IS NULL
       OR EXISTS { (e)-[:IN_CHAIN]->(:IndustryChain {uid: $chain}) }
       OR EXISTS { (e)-[:IN_SEGMENT]->(:ChainSegment {chain: $chain}) })
  AND NOT EXISTS { (e)-[:COLLABORATES_WITH]-(r) WHERE r:University OR r:ResearchInstitute OR r:Expert }
  AND NOT EXISTS { (e)-[:MEMBER_OF|LEADS]->(:Consortium)<-[:MEMBER_OF]-(r)
                   WHERE r:University OR r:ResearchInstitute }
  AND NOT EXISTS { (e)<-[:HOSTED_BY]-(:Workstation)<-[:STATIONED_AT]-(:Expert) }
WITH e ORDER BY e.top_rank DESC, e.name, e.uid
// one row of one list per firm (ten thousand records decode several times slower):
// [uid, name, tier, rank, chains, segments, enterprise_ties, partners_known, source, sample]
RETURN collect([e.uid, e.name, e.top_tier, e.top_rank,
       [(e)-[:IN_CHAIN]->(c:IndustryChain) | c.uid] + [(e)-[:IN_SEGMENT]->(s:ChainSegment) | s.chain],
       [(e)-[:IN_SEGMENT]->(s:ChainSegment) | s.name],
       COUNT { (e)-[:COLLABORATES_WITH]-(:Enterprise) },
       coalesce(e.sample, false)
         OR EXISTS { (e)-[:COLLABORATES_WITH]-() }
         OR EXISTS { (e)-[:MEMBER_OF|LEADS]->(:Consortium) }
         OR EXISTS { (e)<-[:HOSTED_BY]-(:Workstation) },
       e.source,
       coalesce(e.sample, false)]) AS firms
