// title: 协同网络·成员技术领域 / Technology fields of network members
// description: 组织的技术领域（给定 uids；为空 = 全部企业、高校、院所和专家）：企业自身及其所在环节的领域，高校、院所自身及所属专家的领域，专家自身的领域。用于按实际方向为协同社区命名。结果为一行：organisations 每项为 [类型, 标识, 技术领域]。
// param: uids: list = null
// label: uids: 组织标识
// label: organisations: 组织（类型、标识、技术领域）
CALL () {
  MATCH (n:Enterprise) WHERE $uids IS NULL OR n.uid IN $uids RETURN n
  UNION
  MATCH (n:University) WHERE $uids IS NULL OR n.uid IN $uids RETURN n
  UNION
  MATCH (n:ResearchInstitute) WHERE $uids IS NULL OR n.uid IN $uids RETURN n
  UNION
  MATCH (n:Expert) WHERE $uids IS NULL OR n.uid IN $uids RETURN n
}
// one row holding a list per organisation: [label, uid, fields]
RETURN collect([[l IN labels(n) WHERE l IN ['Enterprise', 'University', 'ResearchInstitute', 'Expert']][0],
                n.uid,
                [(n)-[:HAS_FIELD]->(f:TechField) | f.name] +
                [(n)-[:IN_SEGMENT]->(:ChainSegment)-[:HAS_FIELD]->(f:TechField) | f.name] +
                [(n)<-[:AFFILIATED_WITH]-(:Expert)-[:HAS_FIELD]->(f:TechField) | f.name]]) AS organisations
