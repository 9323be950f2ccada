// title: 产学研对接推荐 / Recommended enterprise–research pairs
// description: Local enterprises (tier rank >= min_rank) and universities, institutes or experts that share technology fields (the enterprise's own fields and its segments' fields) but have no collaboration, consortium or workstation tie yet. score = field_weight × shared fields + gap_weight if the partner carries a field of a gap segment (gap_segments: 断链/弱链 segment uids) of the enterprise's chains. Best first.
// param: chain: str = null
// param: local_district: str = "松江区"
// param: min_rank: int = 0
// param: gap_segments: list = []
// param: field_weight: float = 1.0
// param: gap_weight: float = 2.0
// param: limit: int = 50
MATCH (e:Enterprise {district: $local_district})
WHERE ($chain IS NULL
       OR EXISTS { (e)-[:IN_CHAIN]->(:IndustryChain {uid: $chain}) }
       OR EXISTS { (e)-[:IN_SEGMENT]->(:ChainSegment {chain: $chain}) })
  AND ($min_rank <= 0 OR EXISTS { (e)-[:CERTIFIED]->(t:Tier) WHERE t.rank >= $min_rank })
WITH e, [(e)-[:HAS_FIELD]->(f:TechField) | f] +
        [(e)-[:IN_SEGMENT]->(:ChainSegment)-[:HAS_FIELD]->(f:TechField) | f] AS fields,
     [(e)-[:IN_CHAIN]->(c:IndustryChain) | c.uid] + [(e)-[:IN_SEGMENT]->(s:ChainSegment) | s.chain] AS chains
UNWIND fields AS f
WITH DISTINCT e, chains, f
MATCH (f)<-[:HAS_FIELD]-(p)
WHERE p:University OR p:ResearchInstitute OR p:Expert
WITH e, chains, p, collect(f.name) AS shared
WHERE NOT EXISTS { (e)-[:COLLABORATES_WITH]-(p) }
  AND NOT EXISTS { (e)-[:MEMBER_OF|LEADS]->(:Consortium)<-[:MEMBER_OF]-(p) }
  AND NOT EXISTS { (e)<-[:HOSTED_BY]-(:Workstation)<-[:STATIONED_AT]-(p) }
WITH e, p, shared,
     [(p)-[:HAS_FIELD]->(:TechField)<-[:HAS_FIELD]-(g:ChainSegment)
        WHERE g.uid IN $gap_segments AND g.chain IN chains | g.uid] AS gaps
WITH e, p, shared, gaps,
     $field_weight * size(shared) + CASE WHEN size(gaps) > 0 THEN $gap_weight ELSE 0.0 END AS score
ORDER BY score DESC, e.name, p.name, e.uid, p.uid
LIMIT $limit
RETURN e.uid AS enterprise_uid, e.name AS enterprise, p.uid AS partner_uid, p.name AS partner,
       [l IN labels(p) WHERE l IN ['University', 'ResearchInstitute', 'Expert']][0] AS partner_label,
       shared, gaps, score,
       coalesce(e.sample, false) OR coalesce(p.sample, false) AS sample
