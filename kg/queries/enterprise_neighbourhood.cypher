// title: 企业一度关系 / An enterprise's neighbourhood
// description: Everything one hop from an enterprise (matched by credit code, uid or exact name): chains, segments, tiers, parks, partners, consortia, workstations.
// param: enterprise: str
MATCH (e:Enterprise)
WHERE e.uid = $enterprise OR e.credit_code = $enterprise OR e.name = $enterprise
MATCH (e)-[r]-(n)
WHERE NOT n:ImportRun
RETURN e.name AS enterprise, type(r) AS relationship,
       CASE WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction,
       labels(n)[0] AS label, n.name AS name, r.year AS year, r.type AS detail,
       coalesce(n.sample, false) OR coalesce(r.sample, false) AS sample
ORDER BY relationship, label, name
