// title: 产学研推荐·已有关系 / Recommendation input: existing enterprise–research ties
// description: Pairs of a local enterprise and a university, institute or expert already tied by collaboration, consortium co-membership or a workstation (these pairs are never recommended).
// param: local_district: str = @local_district
CALL () {
  MATCH (e:Enterprise {district: $local_district})-[:COLLABORATES_WITH]-(p)
  WHERE p:University OR p:ResearchInstitute OR p:Expert
  RETURN e, p
  UNION
  MATCH (e:Enterprise {district: $local_district})-[:MEMBER_OF|LEADS]->(:Consortium)<-[:MEMBER_OF]-(p)
  WHERE p:University OR p:ResearchInstitute
  RETURN e, p
  UNION
  MATCH (e:Enterprise {district: $local_district})<-[:HOSTED_BY]-(:Workstation)<-[:STATIONED_AT]-(p:Expert)
  RETURN e, p
}
RETURN e.uid AS enterprise,
       [l IN labels(p) WHERE l IN ['University', 'ResearchInstitute', 'Expert']][0] + ':' + p.uid AS partner
