// title: 合作网络节点 / Collaboration network nodes
// description: 给定内部标识的机构属性：类型、标识、名称、是否本地、所属产业链（企业按 IN_CHAIN 及其环节所属链）、示例数据标记、最高梯度（仅企业；无资质时为空）和技术领域（企业自身及其所在环节的领域，高校、院所自身及所属专家的领域，专家自身的领域；用于按实际方向为协同社区命名）。结果为一行：nodes 每项为 [内部标识, 类型, 标识, 名称, 本地, 示例数据, 产业链, 最高梯度, 技术领域]。
// param: ids: list
// param: local_district: str = @local_district
// label: ids: 节点内部标识
// label: local_district: 本地区
// label: nodes: 节点（内部标识、类型、标识、名称、本地、示例数据、产业链、最高梯度、技术领域）
UNWIND $ids AS id
MATCH (n)
WHERE elementId(n) = id
// the highest tier is the derived top_tier the import maintains (computed here only for a node
// written without derived facts)
WITH id, n, CASE WHEN n.top_rank IS NOT NULL THEN n.top_tier ELSE
       reduce(best = null, t IN [(n)-[:CERTIFIED]->(x:Tier) | x] |
         CASE WHEN best IS NULL OR t.rank > best.rank OR (t.rank = best.rank AND t.name < best.name)
              THEN t ELSE best END).name END AS tier
// one row holding a list per node (far cheaper to decode than a record per node):
// [id, label, uid, name, local, sample, chains, tier, fields] — the fields in the same pass over
// each node (a second query matching 100k uids cost more than the whole walk)
RETURN collect([id, [l IN labels(n) WHERE l IN ['Enterprise', 'University', 'ResearchInstitute', 'Expert']][0],
                n.uid, n.name, coalesce(n.district = $local_district, false), coalesce(n.sample, false),
                [(n)-[:IN_CHAIN]->(c:IndustryChain) | c.uid] + [(n)-[:IN_SEGMENT]->(s:ChainSegment) | s.chain],
                tier,
                [(n)-[:HAS_FIELD]->(f:TechField) | f.name] +
                [(n)-[:IN_SEGMENT]->(:ChainSegment)-[:HAS_FIELD]->(f:TechField) | f.name] +
                [(n)<-[:AFFILIATED_WITH]-(:Expert)-[:HAS_FIELD]->(f:TechField) | f.name]]) AS nodes
