// title: 断链分析·某年末环节企业分层 / Gap analysis as of a year: firms per segment by locality and top tier
// description: Like gaps_firms, as the graph stood at the end of as_of_year: enterprises founded (founded_year) after that year are left out, certifications and collaborations dated after it do not count. Undated facts count (the graph does not know when they began). Grouped by local or outside and highest tier, best first, with the first max_names of each group.
// param: chain: str = null
// param: local_district: str = "松江区"
// param: as_of_year: int = 2025
// param: max_names: int = 100
MATCH (c:IndustryChain)<-[:PART_OF]-(s:ChainSegment)<-[:IN_SEGMENT]-(e:Enterprise)
WHERE ($chain IS NULL OR c.uid = $chain) AND (e.founded_year IS NULL OR e.founded_year <= $as_of_year)
WITH e, collect(s.uid) AS segs
CALL (e) {
  OPTIONAL MATCH (e)-[r:CERTIFIED]->(x:Tier)
  WHERE r.year IS NULL OR r.year <= $as_of_year
  WITH x ORDER BY x.rank DESC, x.name
  RETURN head(collect(x)) AS top
}
WITH e, segs, top.name AS tier, coalesce(top.rank, 0) AS rank,
     coalesce(e.district = $local_district, false) AS local,
     COUNT { (e)-[w:COLLABORATES_WITH]-() WHERE w.year IS NULL OR w.year <= $as_of_year } AS collaborations
ORDER BY rank DESC, collaborations DESC, e.name, e.uid
UNWIND segs AS segment_uid
WITH segment_uid, local, tier, rank,
     collect({uid: e.uid, name: e.name, tier: tier, rank: rank, collaborations: collaborations,
              district: e.district, sample: coalesce(e.sample, false)}) AS firms
RETURN segment_uid, local, tier, rank, size(firms) AS count,
       firms[0..$max_names] AS firms, any(f IN firms WHERE f.sample) AS sample
ORDER BY segment_uid, local DESC, rank DESC, tier
