// title: 无科研伙伴的高新企业 / High-tech firms with no research partner
// description: Local enterprises at tier rank high_tech_rank or above with no collaboration, consortium or workstation tie to a university, institute or expert.
// param: chain: str = null
// param: local_district: str = @local_district
// param: high_tech_rank: int = @high_tech_rank
MATCH (e:Enterprise {district: $local_district})
WHERE EXISTS { (e)-[:CERTIFIED]->(t:Tier) WHERE t.rank >= $high_tech_rank }
  AND ($chain IS NULL
       OR EXISTS { (e)-[:IN_CHAIN]->(:IndustryChain {uid: $chain}) }
       OR EXISTS { (e)-[:IN_SEGMENT]->(:ChainSegment {chain: $chain}) })
  AND NOT EXISTS { (e)-[:COLLABORATES_WITH]-(r) WHERE r:University OR r:ResearchInstitute OR r:Expert }
  AND NOT EXISTS { (e)-[:MEMBER_OF|LEADS]->(:Consortium)<-[:MEMBER_OF]-(r)
                   WHERE r:University OR r:ResearchInstitute }
  AND NOT EXISTS { (e)<-[:HOSTED_BY]-(:Workstation)<-[:STATIONED_AT]-(:Expert) }
WITH e, reduce(best = null, t IN [(e)-[:CERTIFIED]->(x:Tier) | x] |
       CASE WHEN best IS NULL OR t.rank > best.rank OR (t.rank = best.rank AND t.name < best.name)
            THEN t ELSE best END) AS top
RETURN e.uid AS uid, e.name AS name, top.name AS tier, top.rank AS rank,
       [(e)-[:IN_CHAIN]->(c:IndustryChain) | c.uid] + [(e)-[:IN_SEGMENT]->(s:ChainSegment) | s.chain] AS chains,
       [(e)-[:IN_SEGMENT]->(s:ChainSegment) | s.name] AS segments,
       COUNT { (e)-[:COLLABORATES_WITH]-(:Enterprise) } AS enterprise_ties,
       coalesce(e.sample, false) AS sample
ORDER BY rank DESC, name, uid
