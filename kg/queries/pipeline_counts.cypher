// title: 梯度培育·逐年认定数 / Tier pipeline: certifications per tier per year
// description: Enterprises certified at each tier in each year (district null = all districts).
// param: district: str = null
MATCH (e:Enterprise)-[r:CERTIFIED]->(t:Tier)
WHERE r.year IS NOT NULL AND ($district IS NULL OR e.district = $district)
RETURN r.year AS year, t.name AS tier, t.rank AS rank, count(DISTINCT e) AS count,
       any(x IN collect(coalesce(e.sample, false) OR coalesce(r.sample, false)) WHERE x) AS sample
ORDER BY year, rank, tier
