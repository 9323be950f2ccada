// title: 梯度培育·升级候选 / Tier pipeline: upgrade candidates
// description: 最高梯度等级在 min_rank 与 max_rank 之间（尚未更高）的企业，可要求位于关键环节、且有科研伙伴（与高校、院所或专家有合作、联合体或工作站联系）。实力强的在前。默认只看本地企业，与 kg pipeline 一致。
// param: district: str = @local_district
// param: min_rank: int = @high_tech_rank
// param: max_rank: int = @high_tech_rank
// param: require_key_segment: bool = true
// param: require_research_partner: bool = true
// label: district: 所在区
// label: min_rank: 最低梯度等级
// label: max_rank: 最高梯度等级
// label: require_key_segment: 须在关键环节
// label: require_research_partner: 须有科研伙伴
// label: uid: 标识
// label: name: 名称
// label: tier: 梯度
// label: rank: 梯度等级
// label: since: 获评年份
// label: key_segments: 关键环节
// label: research_partners: 科研伙伴
// label: chains: 产业链
// label: collaborations: 合作数
// label: sample: 示例数据
// the derived highest rank (top_rank, indexed, kept by the importer) picks the firms that can
// qualify; their highest tier is then read from their certifications as before
MATCH (e:Enterprise)
WHERE e.top_rank >= $min_rank AND e.top_rank <= $max_rank AND ($district IS NULL OR e.district = $district)
WITH e, reduce(best = null, c IN [(e)-[r:CERTIFIED]->(t:Tier) | {name: t.name, rank: t.rank, year: r.year}] |
       CASE WHEN best IS NULL OR c.rank > best.rank OR (c.rank = best.rank AND c.name < best.name)
            THEN c ELSE best END) AS top
WHERE top IS NOT NULL AND top.rank >= $min_rank AND top.rank <= $max_rank
WITH e, top, [(e)-[:IN_SEGMENT]->(s:ChainSegment) WHERE s.key_segment | s.chain + '/' + s.name] AS key_segments
WHERE NOT $require_key_segment OR size(key_segments) > 0
WITH e, top, key_segments,
     [(e)-[:COLLABORATES_WITH]-(r) WHERE r:University OR r:ResearchInstitute OR r:Expert | r.name] +
     [(e)-[:MEMBER_OF|LEADS]->(:Consortium)<-[:MEMBER_OF]-(r) WHERE r:University OR r:ResearchInstitute | r.name] +
     [(e)<-[:HOSTED_BY]-(:Workstation)<-[:STATIONED_AT]-(r:Expert) | r.name] AS partners
WHERE NOT $require_research_partner OR size(partners) > 0
RETURN e.uid AS uid, e.name AS name, e.district AS district, top.name AS tier, top.rank AS rank,
       top.year AS since, key_segments, partners AS research_partners,
       [(e)-[:IN_CHAIN]->(c:IndustryChain) | c.uid] AS chains,
       COUNT { (e)-[:COLLABORATES_WITH]-() } AS collaborations, coalesce(e.sample, false) AS sample
ORDER BY size(partners) DESC, collaborations DESC, since, name, uid
