// title: 断链分析·环节企业分层 / Gap analysis: firms per segment by locality and top tier
// description: Enterprises of each segment grouped by local (district = local_district) or outside and by their highest tier (certifications up to as_of_year; null = all), best first — higher tier, more collaborations, name — with the first max_names of each group. Used by kg gaps and the chain map.
// param: chain: str = null
// param: local_district: str = @local_district
// param: as_of_year: int = null
// param: max_names: int = 100
// Each firm's top tier and collaboration count are computed once, then fanned out to its segments.
MATCH (c:IndustryChain)<-[:PART_OF]-(s:ChainSegment)<-[:IN_SEGMENT]-(e:Enterprise)
WHERE $chain IS NULL OR c.uid = $chain
WITH e, collect(s.uid) AS segs
CALL (e) {
  OPTIONAL MATCH (e)-[r:CERTIFIED]->(x:Tier)
  WHERE $as_of_year IS NULL OR r.year IS NULL OR r.year <= $as_of_year
  WITH x ORDER BY x.rank DESC, x.name
  RETURN head(collect(x)) AS top
}
WITH e, segs, top.name AS tier, coalesce(top.rank, 0) AS rank,
     coalesce(e.district = $local_district, false) AS local,
     COUNT { (e)-[:COLLABORATES_WITH]-() } AS collaborations
ORDER BY rank DESC, collaborations DESC, e.name, e.uid
UNWIND segs AS segment_uid
WITH segment_uid, local, tier, rank,
     collect({uid: e.uid, name: e.name, tier: tier, rank: rank, collaborations: collaborations,
              district: e.district, sample: coalesce(e.sample, false)}) AS firms
RETURN segment_uid, local, tier, rank, size(firms) AS count,
       firms[0..$max_names] AS firms, any(f IN firms WHERE f.sample) AS sample
ORDER BY segment_uid, local DESC, rank DESC, tier
