// title: 产学研推荐·已有关系 / Recommendation input: existing enterprise–research ties
// description: 本地企业与高校、院所、专家之间已有合作、同属联合体或工作站联系的配对（这些配对不再推荐）。结果为一行：ties 每项为 [企业标识, 合作方（类型:标识）]。
// param: local_district: str = @local_district
// label: local_district: 本地区
// label: ties: 已有关系（企业、合作方）
CALL () {
  // from the research side: a few thousand organisations and experts, not every local firm
  MATCH (p) WHERE p:University OR p:ResearchInstitute OR p:Expert
  WITH p
  MATCH (p)-[:COLLABORATES_WITH]-(e:Enterprise {district: $local_district})
  RETURN e, p
  UNION
  MATCH (e:Enterprise {district: $local_district})-[:MEMBER_OF|LEADS]->(:Consortium)<-[:MEMBER_OF]-(p)
  WHERE p:University OR p:ResearchInstitute
  RETURN e, p
  UNION
  MATCH (e:Enterprise {district: $local_district})<-[:HOSTED_BY]-(:Workstation)<-[:STATIONED_AT]-(p:Expert)
  RETURN e, p
}
// one row holding every pair as [enterprise uid, "Label:uid" of the partner]
RETURN collect([e.uid, [l IN labels(p) WHERE l IN ['University', 'ResearchInstitute', 'Expert']][0] + ':' + p.uid])
       AS ties
