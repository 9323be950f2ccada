// title: 断链分析·科研支撑 / Gap analysis: research support per segment
// description: Universities, institutes and experts sharing a technology field with each segment, and workstations whose stationed experts do; grouped by kind, most shared fields first, with the first max_names of each kind.
// param: chain: str = null
// param: max_names: int = 100
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
