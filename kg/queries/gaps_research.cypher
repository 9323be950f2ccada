// title: 断链分析·科研支撑 / Gap analysis: research support per segment
// description: 与每个环节共享技术领域的高校、院所、专家——自身的领域（附来源），或高校、院所所属专家的领域——以及进站专家共享领域的工作站；按类型分组，共享领域多的在前，每类列前 max_names 个，每个领域最多列 max_via 位经由的专家。
// param: chain: str = null
// param: max_names: int = 100
// param: max_via: int = 5
// label: chain: 产业链
// label: max_names: 名单上限
// label: max_via: 经由专家上限
// label: segment_uid: 环节标识
// label: kind: 类别
// label: count: 数量
// label: partners: 科研方
// label: sample: 示例数据
// Read from the research side (universities, institutes, experts: a few thousand) and joined to
// the segments' fields afterwards: a field node is shared with every enterprise of that field, so
// expanding from it would visit every firm's HAS_FIELD tie.
MATCH (c:IndustryChain)<-[:PART_OF]-(s:ChainSegment)-[:HAS_FIELD]->(f:TechField)
WHERE $chain IS NULL OR c.uid = $chain
WITH collect([s, f]) AS pairs, collect(DISTINCT f) AS wanted
CALL (wanted) {
  MATCH (r) WHERE r:University OR r:ResearchInstitute OR r:Expert
  WITH r, wanted
  MATCH (r)-[h:HAS_FIELD]->(f:TechField)
  WHERE f IN wanted
  RETURN f, r, h.source AS source, coalesce(h.sample, false) AS sample, null AS via
  UNION
  MATCH (x:Expert)
  WITH x, wanted
  MATCH (x)-[:HAS_FIELD]->(f:TechField)
  WHERE f IN wanted
  MATCH (x)-[:STATIONED_AT]->(r:Workstation)
  RETURN f, r, null AS source, coalesce(x.sample, false) AS sample, x AS via
  UNION
  MATCH (x:Expert)
  WITH x, wanted
  MATCH (x)-[:HAS_FIELD]->(f:TechField)
  WHERE f IN wanted
  MATCH (x)-[:AFFILIATED_WITH]->(r)
  WHERE r:University OR r:ResearchInstitute
  RETURN f, r, null AS source, coalesce(x.sample, false) AS sample, x AS via
}
WITH pairs, f, collect({r: r, source: source, sample: sample, via: via}) AS found
WITH pairs, collect({f: f, found: found}) AS by_field
UNWIND pairs AS pair
WITH pair[0] AS s, pair[1] AS f, by_field
UNWIND [x IN by_field WHERE x.f = f][0].found AS hit
WITH s, hit.r AS r, f, hit.source AS source, hit.sample AS sample, hit.via AS via
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
// the partner maps are built only for the listed max_names, each with the organisations it
// belongs to: an expert's university or institute, a workstation's host enterprise
WITH s, kind, collect({r: r, fields: fields, matches: matches, sample: coalesce(r.sample, false) OR sample})
     AS found
CALL (found, kind) {
  UNWIND found[0..$max_names] AS p
  WITH p, p.r AS r
  RETURN collect({uid: r.uid, name: r.name, kind: kind, fields: p.fields, matches: p.matches,
                  source: r.source, affiliations: [(r)-[:AFFILIATED_WITH|HOSTED_BY]->(a) | a.name],
                  sample: p.sample}) AS partners
}
RETURN s.uid AS segment_uid, kind, size(found) AS count, partners, any(p IN found WHERE p.sample) AS sample
ORDER BY segment_uid, kind
