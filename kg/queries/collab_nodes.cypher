// title: 合作网络节点 / Collaboration network nodes
// description: 给定内部标识的机构属性：类型、标识、名称、是否本地、所属产业链（企业按 IN_CHAIN 及其环节所属链）、示例数据标记、最高梯度（仅企业；无资质时为空）。
// param: ids: list
// param: local_district: str = @local_district
// label: ids: 节点内部标识
// label: local_district: 本地区
// label: id: 内部标识
// label: label: 类型
// label: uid: 标识
// label: name: 名称
// label: local: 本地
// label: sample: 示例数据
// label: chains: 产业链
UNWIND $ids AS id
MATCH (n)
WHERE elementId(n) = id
RETURN id,
       [l IN labels(n) WHERE l IN ['Enterprise', 'University', 'ResearchInstitute', 'Expert']][0] AS label,
       n.uid AS uid, n.name AS name, coalesce(n.district = $local_district, false) AS local,
       coalesce(n.sample, false) AS sample,
       [(n)-[:IN_CHAIN]->(c:IndustryChain) | c.uid] + [(n)-[:IN_SEGMENT]->(s:ChainSegment) | s.chain] AS chains,
       reduce(best = null, t IN [(n)-[:CERTIFIED]->(x:Tier) | x] |
         CASE WHEN best IS NULL OR t.rank > best.rank OR (t.rank = best.rank AND t.name < best.name)
              THEN t ELSE best END).name AS tier
