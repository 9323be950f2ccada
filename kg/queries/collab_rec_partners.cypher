// title: 产学研推荐·科研方 / Recommendation input: research partners and the gaps they could serve
// description: 高校、科研院所和专家及其技术领域，以及给定缺口环节（断链/弱链环节标识）中与其共享技术领域的环节。
// param: gap_segments: list = []
// label: gap_segments: 缺口环节标识
// label: uid: 标识
// label: name: 名称
// label: label: 类型
// label: fields: 技术领域
// label: gaps: 可服务缺口
// label: sample: 示例数据
MATCH (p)-[:HAS_FIELD]->(:TechField)
WHERE p:University OR p:ResearchInstitute OR p:Expert
WITH DISTINCT p
RETURN p.uid AS uid, p.name AS name,
       [l IN labels(p) WHERE l IN ['University', 'ResearchInstitute', 'Expert']][0] AS label,
       [(p)-[:HAS_FIELD]->(f:TechField) | f.uid] AS fields,
       [(p)-[:HAS_FIELD]->(:TechField)<-[:HAS_FIELD]-(g:ChainSegment) WHERE g.uid IN $gap_segments | g.uid] AS gaps,
       coalesce(p.sample, false) AS sample
