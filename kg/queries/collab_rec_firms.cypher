// title: 产学研推荐·企业 / Recommendation input: local enterprises and their fields
// description: 本地企业（可限一条产业链、梯度等级不低于 min_rank）及其技术领域（自身与所在环节的）、产业链和最高梯度等级（导入时维护的 top_rank；无资质为 0）。用于 kg collab 的对接建议。结果为一行：firms 每项为 [标识, 名称, 技术领域, 产业链, 梯度等级, 示例数据]。
// param: chain: str = null
// param: local_district: str = @local_district
// param: min_rank: int = 0
// label: chain: 产业链
// label: local_district: 本地区
// label: min_rank: 最低梯度等级
// label: firms: 企业（标识、名称、技术领域、产业链、梯度等级、示例数据）
// a chain's firms gathered once from the chain (two index look-ups), then one list look-up per
// local firm instead of two sub-queries
CALL () {
  MATCH (:IndustryChain {uid: $chain})<-[:IN_CHAIN]-(e:Enterprise) RETURN e
  UNION
  MATCH (:ChainSegment {chain: $chain})<-[:IN_SEGMENT]-(e:Enterprise) RETURN e
}
WITH collect(e) AS chained
MATCH (e:Enterprise {district: $local_district})
WHERE ($chain IS NULL OR e IN chained)
  AND ($min_rank <= 0 OR e.top_rank >= $min_rank)
// each firm's ties are walked once per kind (the segments serve both fields and chains); the
// highest tier is the derived top_rank the import maintains
WITH e, [(e)-[:IN_SEGMENT]->(s:ChainSegment) | s] AS segments
WITH e, segments,
     [(e)-[:HAS_FIELD]->(f:TechField) | f.uid] +
     reduce(acc = [], s IN segments | acc + [(s)-[:HAS_FIELD]->(f:TechField) | f.uid]) AS fields
WHERE size(fields) > 0
// one row holding a list per firm, [uid, name, fields, chains, rank, sample]: tens of thousands of
// firms decode far faster than as records
RETURN collect([e.uid, e.name, fields,
                [(e)-[:IN_CHAIN]->(c:IndustryChain) | c.uid] + [s IN segments | s.chain],
                coalesce(e.top_rank, 0), coalesce(e.sample, false)]) AS firms
