// title: 合作网络参考表 / Collaboration network reference maps
// description: 产业链、环节和技术领域（内部标识、类型、标识、名称、环节所属产业链），各环节的技术领域，以及高校、院所经所属专家的技术领域——几百行；协同网络分析按内部标识把它们与各机构的直接关系（collab_orgs）对照，不必逐个机构再走环节和专家。结果为一行：refs 每项为 [内部标识, 类型, 标识, 名称, 所属产业链]；segment_fields 每项为 [环节内部标识, 领域内部标识]；expert_fields 每项为 [机构内部标识, 领域内部标识]。kg collab 使用。
// label: refs: 产业链、环节与技术领域（内部标识、类型、标识、名称、所属产业链）
// label: segment_fields: 环节的技术领域
// label: expert_fields: 经所属专家的技术领域
MATCH (x) WHERE x:IndustryChain OR x:ChainSegment OR x:TechField
WITH collect([elementId(x), [l IN labels(x) WHERE l IN ['IndustryChain', 'ChainSegment', 'TechField']][0],
              x.uid, x.name, x.chain]) AS refs
RETURN refs,
       COLLECT {
         MATCH (s:ChainSegment)-[:HAS_FIELD]->(f:TechField) RETURN [elementId(s), elementId(f)]
       } AS segment_fields,
       COLLECT {
         MATCH (o)<-[:AFFILIATED_WITH]-(:Expert)-[:HAS_FIELD]->(f:TechField) RETURN [elementId(o), elementId(f)]
       } AS expert_fields
