// title: 断链分析·科研支撑 / Gap analysis: research support per segment
// description: 与每个环节共享技术领域的高校、院所、专家，以及进站专家共享领域的工作站；按类型分组，共享领域多的在前，每类列前 max_names 个。
// param: chain: str = null
// param: max_names: int = 100
// label: chain: 产业链
// label: max_names: 名单上限
// label: segment_uid: 环节标识
// label: kind: 类别
// label: count: 数量
// label: partners: 科研方
// label: sample: 示例数据
MATCH (c:IndustryChain)<-[:PART_OF]-(s:ChainSegment)-[:HAS_FIELD]->(f:TechField)
WHERE $chain IS NULL OR c.uid = $chain
CALL (f) {
  MATCH (f)<-[:HAS_FIELD]-(r)
  WHERE r:University OR r:ResearchInstitute OR r:Expert
  RETURN r
  UNION
  MATCH (f)<-[:HAS_FIELD]-(:Expert)-[:STATIONED_AT]->(r:Workstation)
  RETURN r
}
WITH s, r, collect(DISTINCT f.name) AS fields
WITH s, r, fields,
     [l IN labels(r) WHERE l IN ['University', 'ResearchInstitute', 'Expert', 'Workstation']][0] AS kind
ORDER BY size(fields) DESC, r.name, r.uid
WITH s, kind, collect({uid: r.uid, name: r.name, kind: kind, fields: fields,
                       sample: coalesce(r.sample, false)}) AS partners
RETURN s.uid AS segment_uid, kind, size(partners) AS count, partners[0..$max_names] AS partners,
       any(p IN partners WHERE p.sample) AS sample
ORDER BY segment_uid, kind
