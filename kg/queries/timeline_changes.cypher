// title: 时间对比·环节变化事实 / Comparison of two years: dated facts per segment
// description: For the local enterprises (district = local_district) of each segment of a chain (null = all): those founded (founded_year), certified (CERTIFIED.year) or starting a collaboration (COLLABORATES_WITH.year) after year_from and up to year_to — the facts that can change a segment's status between the two years.
// param: chain: str = null
// param: local_district: str = "松江区"
// param: year_from: int = 2023
// param: year_to: int = 2025
MATCH (c:IndustryChain)<-[:PART_OF]-(s:ChainSegment)<-[:IN_SEGMENT]-(e:Enterprise)
WHERE ($chain IS NULL OR c.uid = $chain) AND coalesce(e.district = $local_district, false)
CALL (e) {
  MATCH (e) WHERE e.founded_year > $year_from AND e.founded_year <= $year_to
  RETURN 'founded' AS kind, e.founded_year AS year, null AS tier, null AS partner, null AS type
  UNION
  MATCH (e)-[r:CERTIFIED]->(t:Tier) WHERE r.year > $year_from AND r.year <= $year_to
  RETURN 'certified' AS kind, r.year AS year, t.name AS tier, null AS partner, null AS type
  UNION
  MATCH (e)-[r:COLLABORATES_WITH]-(x) WHERE r.year > $year_from AND r.year <= $year_to
  RETURN 'collaboration' AS kind, r.year AS year, null AS tier, x.name AS partner, r.type AS type
}
RETURN c.uid AS chain, s.uid AS segment_uid, s.name AS segment, e.uid AS uid, e.name AS name,
       e.founded_year AS founded_year, kind, year, tier, partner, type,
       coalesce(e.sample, false) AS sample
ORDER BY segment_uid, year, kind, name, uid, tier, partner
