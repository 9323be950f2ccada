// title: 产学研推荐·牵头联合体中的科研方 / Recommendation input: research members of consortia a local firm leads
// description: 本地企业牵头（LEADS）的创新联合体中作为成员的高校、院所：这些配对已有联系，不再推荐。其余已有关系（合作、同属联合体、工作站）由合作网络边表得出（kg.analyses.collabread）。结果为一行：ties 每项为 [企业标识, 合作方（类型:标识）]。
// param: local_district: str = @local_district
// label: local_district: 本地区
// label: ties: 已有关系（企业、合作方）
// from the consortia (a few thousand), not from every local firm
MATCH (k:Consortium)<-[:LEADS]-(e:Enterprise {district: $local_district})
MATCH (k)<-[:MEMBER_OF]-(p)
WHERE p:University OR p:ResearchInstitute
RETURN collect([e.uid, [l IN labels(p) WHERE l IN ['University', 'ResearchInstitute']][0] + ':' + p.uid]) AS ties
