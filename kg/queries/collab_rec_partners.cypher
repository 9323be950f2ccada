// title: 产学研推荐·科研方 / Recommendation input: research partners and the gaps they could serve
// description: 高校、科研院所和专家及其技术领域——高校、院所的领域包括自身的和所属专家的（注明经哪位专家）——专家的所属单位，以及给定缺口环节（断链/弱链环节标识）中与其共享技术领域的环节。
// param: gap_segments: list = []
// label: gap_segments: 缺口环节标识
// label: uid: 标识
// label: name: 名称
// label: label: 类型
// label: fields: 技术领域
// label: gaps: 可服务缺口
// label: sample: 示例数据
CALL () {
  MATCH (p)-[:HAS_FIELD]->(:TechField)
  WHERE p:University OR p:ResearchInstitute OR p:Expert
  RETURN p
  UNION
  MATCH (:TechField)<-[:HAS_FIELD]-(:Expert)-[:AFFILIATED_WITH]->(p)
  WHERE p:University OR p:ResearchInstitute
  RETURN p
}
WITH collect(p) AS partners
// the gap segments' fields, gathered once (matched per partner, they were walked thousands of times)
CALL () {
  MATCH (g:ChainSegment)-[:HAS_FIELD]->(f:TechField)
  WHERE g.uid IN $gap_segments
  RETURN collect([g.uid, f.uid]) AS gap_fields
}
UNWIND partners AS p
WITH p, gap_fields,
     [(p)-[:HAS_FIELD]->(f:TechField) | f.uid] AS own,
     [(p)<-[:AFFILIATED_WITH]-(x:Expert)-[:HAS_FIELD]->(f:TechField) |
        {field: f.uid, expert: x.name, sample: coalesce(x.sample, false)}] AS via
WITH p, own, via, gap_fields, own + [v IN via | v.field] AS all_fields
RETURN p.uid AS uid, p.name AS name,
       [l IN labels(p) WHERE l IN ['University', 'ResearchInstitute', 'Expert']][0] AS label,
       own AS fields, via,
       [(p)-[:AFFILIATED_WITH]->(a) | a.name] AS affiliations,
       [x IN gap_fields WHERE x[1] IN all_fields | x[0]] AS gaps,
       coalesce(p.sample, false) AS sample
