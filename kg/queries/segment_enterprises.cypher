// title: 环节内企业 / Enterprises in a segment
// description: Who works in one segment of a chain: local (松江区) firms first, then by highest tier and name.
// param: chain: str = "6G"
// param: segment: str
// param: local_district: str = @local_district
MATCH (s:ChainSegment {chain: $chain})<-[:IN_SEGMENT]-(e:Enterprise)
WHERE s.name = $segment
WITH e, reduce(best = null, t IN [(e)-[:CERTIFIED]->(x:Tier) | x] |
       CASE WHEN best IS NULL OR t.rank > best.rank OR (t.rank = best.rank AND t.name < best.name)
            THEN t ELSE best END) AS top
RETURN e.name AS enterprise, e.credit_code AS credit_code, e.district AS district,
       coalesce(e.district = $local_district, false) AS local,
       top.name AS top_tier, coalesce(top.rank, 0) AS rank, coalesce(e.sample, false) AS sample
ORDER BY local DESC, rank DESC, enterprise, credit_code
