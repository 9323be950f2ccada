// title: 协同网络·成员技术领域 / Technology fields of network members
// description: Technology fields of organisations (those with the given uids; null = every enterprise, university, institute and expert): an enterprise's own and its segments', a university's or institute's own and its affiliated experts', an expert's own. Used to name communities after what they are.
// param: uids: list = null
CALL () {
  MATCH (n:Enterprise) WHERE $uids IS NULL OR n.uid IN $uids RETURN n
  UNION
  MATCH (n:University) WHERE $uids IS NULL OR n.uid IN $uids RETURN n
  UNION
  MATCH (n:ResearchInstitute) WHERE $uids IS NULL OR n.uid IN $uids RETURN n
  UNION
  MATCH (n:Expert) WHERE $uids IS NULL OR n.uid IN $uids RETURN n
}
RETURN [l IN labels(n) WHERE l IN ['Enterprise', 'University', 'ResearchInstitute', 'Expert']][0] AS label,
       n.uid AS uid,
       [(n)-[:HAS_FIELD]->(f:TechField) | f.name] +
       [(n)-[:IN_SEGMENT]->(:ChainSegment)-[:HAS_FIELD]->(f:TechField) | f.name] +
       [(n)<-[:AFFILIATED_WITH]-(:Expert)-[:HAS_FIELD]->(f:TechField) | f.name] AS fields
