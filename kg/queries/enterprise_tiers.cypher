// title: 企业资质历程 / An enterprise's certification history
// description: The tiers an enterprise holds, by year (matched by uid, credit code or exact name).
// param: enterprise: str
MATCH (e:Enterprise)-[r:CERTIFIED]->(t:Tier)
WHERE e.uid = $enterprise OR e.credit_code = $enterprise OR e.name = $enterprise
RETURN e.name AS enterprise, t.name AS tier, t.rank AS rank, r.year AS year,
       coalesce(r.sample, false) AS sample
ORDER BY year, rank, tier
