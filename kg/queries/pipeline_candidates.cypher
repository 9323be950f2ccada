// title: 梯度培育·升级候选 / Tier pipeline: upgrade candidates
// description: Enterprises whose highest tier rank is between min_rank and max_rank (nothing above yet), optionally required to be in a key segment and to have a research partner (collaboration, consortium or workstation tie to a university, institute or expert). Strongest first.
// param: district: str = null
// param: min_rank: int = 3
// param: max_rank: int = 3
// param: require_key_segment: bool = true
// param: require_research_partner: bool = true
MATCH (e:Enterprise)
WHERE $district IS NULL OR e.district = $district
WITH e, reduce(best = null, c IN [(e)-[r:CERTIFIED]->(t:Tier) | {name: t.name, rank: t.rank, year: r.year}] |
       CASE WHEN best IS NULL OR c.rank > best.rank OR (c.rank = best.rank AND c.name < best.name)
            THEN c ELSE best END) AS top
WHERE top IS NOT NULL AND top.rank >= $min_rank AND top.rank <= $max_rank
WITH e, top, [(e)-[:IN_SEGMENT]->(s:ChainSegment) WHERE s.key_segment | s.chain + '/' + s.name] AS key_segments
WHERE NOT $require_key_segment OR size(key_segments) > 0
WITH e, top, key_segments,
     [(e)-[:COLLABORATES_WITH]-(r) WHERE r:University OR r:ResearchInstitute OR r:Expert | r.name] +
     [(e)-[:MEMBER_OF|LEADS]->(:Consortium)<-[:MEMBER_OF]-(r) WHERE r:University OR r:ResearchInstitute | r.name] +
     [(e)<-[:HOSTED_BY]-(:Workstation)<-[:STATIONED_AT]-(r:Expert) | r.name] AS partners
WHERE NOT $require_research_partner OR size(partners) > 0
RETURN e.uid AS uid, e.name AS name, e.district AS district, top.name AS tier, top.rank AS rank,
       top.year AS since, key_segments, partners AS research_partners,
       [(e)-[:IN_CHAIN]->(c:IndustryChain) | c.uid] AS chains,
       COUNT { (e)-[:COLLABORATES_WITH]-() } AS collaborations, coalesce(e.sample, false) AS sample
ORDER BY size(partners) DESC, collaborations DESC, since, name, uid
