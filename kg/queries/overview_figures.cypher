// title: 关键数字 / Key figures
// description: Counts of enterprises (all, local, local by highest tier: the derived top_tier the importer keeps), chains, segments, carriers, workstations, consortia, universities, institutes, experts and sample nodes.
// param: local_district: str = "松江区"
CALL () {
  MATCH (e:Enterprise {district: $local_district})
  WITH e.top_tier AS tier, CASE WHEN e.top_tier IS NULL THEN null ELSE e.top_rank END AS rank, count(*) AS n
  ORDER BY rank DESC, tier
  RETURN collect({tier: tier, rank: rank, count: n}) AS local_by_tier
}
RETURN COUNT { (:Enterprise) } AS enterprises,
       COUNT { (:Enterprise {district: $local_district}) } AS local_enterprises,
       local_by_tier,
       COUNT { (:IndustryChain) } AS chains,
       COUNT { (:ChainSegment) } AS segments,
       COUNT { (:Carrier) } AS carriers,
       COUNT { (:Workstation) } AS workstations,
       COUNT { (:Consortium) } AS consortia,
       COUNT { (:University) } AS universities,
       COUNT { (:ResearchInstitute) } AS institutes,
       COUNT { (:Expert) } AS experts,
       COUNT { ()-[:COLLABORATES_WITH]->() } AS collaborations,
       COUNT { (:Measure) } AS measures
