// title: 梯度培育·升级 / Tier pipeline: upward moves by year
// description: An upward move is a certification in year Y at a tier ranked above the enterprise's highest tier certified before Y. Counted by year, from-tier and to-tier, with the first max_names enterprises.
// param: district: str = null
// param: max_names: int = 50
MATCH (e:Enterprise)-[r2:CERTIFIED]->(t2:Tier)
WHERE r2.year IS NOT NULL AND ($district IS NULL OR e.district = $district)
WITH e, r2.year AS year, t2,
     reduce(best = null, c IN [(e)-[r1:CERTIFIED]->(t1:Tier) WHERE r1.year < r2.year | t1] |
       CASE WHEN best IS NULL OR c.rank > best.rank OR (c.rank = best.rank AND c.name < best.name)
            THEN c ELSE best END) AS before
WITH e, year, before, t2
WHERE before IS NOT NULL AND before.rank < t2.rank
WITH year, before, t2, e ORDER BY e.name, e.uid
RETURN year, before.name AS from_tier, before.rank AS from_rank, t2.name AS to_tier,
       t2.rank AS to_rank, count(e) AS count, collect(e.name)[0..$max_names] AS enterprises,
       any(x IN collect(coalesce(e.sample, false)) WHERE x) AS sample
ORDER BY year, from_rank, to_rank, from_tier, to_tier
