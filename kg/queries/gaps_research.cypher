// title: 断链分析·科研支撑 / Gap analysis: research support per segment
// description: Universities, institutes and experts sharing a technology field with each segment — their own field (with its source) or, for a university or institute, a field of an affiliated expert — and workstations whose stationed experts have one; grouped by kind, most shared fields first, with the first max_names of each kind and, per field, up to max_via experts it comes through.
// param: chain: str = null
// param: max_names: int = 100
// param: max_via: int = 5
MATCH (c:IndustryChain)<-[:PART_OF]-(s:ChainSegment)-[:HAS_FIELD]->(f:TechField)
WHERE $chain IS NULL OR c.uid = $chain
CALL (f) {
  MATCH (f)<-[h:HAS_FIELD]-(r)
  WHERE r:University OR r:ResearchInstitute OR r:Expert
  RETURN r, h.source AS source, coalesce(h.sample, false) AS sample, null AS via
  UNION
  MATCH (f)<-[:HAS_FIELD]-(x:Expert)-[:STATIONED_AT]->(r:Workstation)
  RETURN r, null AS source, coalesce(x.sample, false) AS sample, x AS via
  UNION
  MATCH (f)<-[:HAS_FIELD]-(x:Expert)-[:AFFILIATED_WITH]->(r)
  WHERE r:University OR r:ResearchInstitute
  RETURN r, null AS source, coalesce(x.sample, false) AS sample, x AS via
}
WITH s, r, f, source, sample, via
ORDER BY via.name, via.uid
WITH s, r, f, collect(DISTINCT source) AS sources, any(b IN collect(sample) WHERE b) AS sample,
     any(v IN collect(via IS NULL) WHERE v) AS direct,
     [v IN collect(via) | {name: v.name, uid: v.uid, sample: coalesce(v.sample, false)}] AS via
ORDER BY f.name
WITH s, r,
     collect({field: f.name, direct: direct, sources: sources, via_count: size(via),
              via: via[0..$max_via]}) AS matches,
     collect(f.name) AS fields, any(b IN collect(sample) WHERE b) AS sample
WITH s, r, matches, fields, sample,
     [l IN labels(r) WHERE l IN ['University', 'ResearchInstitute', 'Expert', 'Workstation']][0] AS kind
ORDER BY size(fields) DESC, r.name, r.uid
WITH s, kind, collect({uid: r.uid, name: r.name, kind: kind, fields: fields, matches: matches,
                       source: r.source,
                       affiliations: [(r)-[:AFFILIATED_WITH]->(a) | a.name],
                       sample: coalesce(r.sample, false) OR sample}) AS partners
RETURN s.uid AS segment_uid, kind, size(partners) AS count, partners[0..$max_names] AS partners,
       any(p IN partners WHERE p.sample) AS sample
ORDER BY segment_uid, kind
