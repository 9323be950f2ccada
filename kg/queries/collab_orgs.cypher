// title: 合作网络机构 / Collaboration network organisations
// description: 协同网络分析读取的机构：给定内部标识的机构以及给定产业链的本地企业（全区所有机构见 collab_orgs_all）。每个机构一次读出类型、标识、名称、是否本地、示例数据标记、最高梯度及等级（导入时维护的派生字段 top_tier / top_rank；无派生字段时按资质现算）和它直接连到的产业链、环节、技术领域的内部标识（由 collab_reference 对照成产业链和领域）。结果为一行：orgs 每项为 [内部标识, 类型, 标识, 名称, 本地, 示例数据, 最高梯度, 梯度等级, 产业链/环节/领域内部标识]。kg collab 使用。
// param: ids: list = null
// param: chain: str = null
// param: local_district: str = @local_district
// label: ids: 节点内部标识
// label: chain: 产业链
// label: local_district: 本地区
// label: orgs: 机构（内部标识、类型、标识、名称、本地、示例数据、最高梯度、梯度等级、关联内部标识）
CALL () {
  UNWIND coalesce($ids, []) AS id
  MATCH (n) WHERE elementId(n) = id
  RETURN n
  UNION
  MATCH (:IndustryChain {uid: $chain})<-[:IN_CHAIN]-(n:Enterprise {district: $local_district})
  RETURN n
  UNION
  MATCH (:ChainSegment {chain: $chain})<-[:IN_SEGMENT]-(n:Enterprise {district: $local_district})
  RETURN n
}
// the highest tier is the derived top_tier the import maintains (computed here only for a node
// written without derived facts)
WITH n, CASE WHEN n.top_rank IS NOT NULL THEN n.top_tier ELSE
       reduce(best = null, t IN [(n)-[:CERTIFIED]->(x:Tier) | x] |
         CASE WHEN best IS NULL OR t.rank > best.rank OR (t.rank = best.rank AND t.name < best.name)
              THEN t ELSE best END).name END AS tier
// one row holding a list per organisation (far cheaper to decode than a record each); its chains,
// segments and fields in ONE walk over its relationships, as internal ids the reference maps
// resolve (walking them per kind, and on through each segment, cost several times more)
RETURN collect([elementId(n), [l IN labels(n) WHERE l IN ['Enterprise', 'University', 'ResearchInstitute', 'Expert']][0],
                n.uid, n.name, coalesce(n.district = $local_district, false), coalesce(n.sample, false),
                tier, n.top_rank,
                [(n)-[:IN_CHAIN|IN_SEGMENT|HAS_FIELD]->(x) | elementId(x)]]) AS orgs
