// title: 产学研推荐·企业 / Recommendation input: local enterprises and their fields
// description: Local enterprises (optionally of one chain, with a tier rank >= min_rank) with their technology fields (own and their segments') and chains. Used by kg collab's recommendations.
// param: chain: str = null
// param: local_district: str = @local_district
// param: min_rank: int = 0
MATCH (e:Enterprise {district: $local_district})
WHERE ($chain IS NULL
       OR EXISTS { (e)-[:IN_CHAIN]->(:IndustryChain {uid: $chain}) }
       OR EXISTS { (e)-[:IN_SEGMENT]->(:ChainSegment {chain: $chain}) })
  AND ($min_rank <= 0 OR EXISTS { (e)-[:CERTIFIED]->(t:Tier) WHERE t.rank >= $min_rank })
WITH e, [(e)-[:HAS_FIELD]->(f:TechField) | f.uid] +
        [(e)-[:IN_SEGMENT]->(:ChainSegment)-[:HAS_FIELD]->(f:TechField) | f.uid] AS fields
WHERE size(fields) > 0
RETURN e.uid AS uid, e.name AS name, fields,
       [(e)-[:IN_CHAIN]->(c:IndustryChain) | c.uid] + [(e)-[:IN_SEGMENT]->(s:ChainSegment) | s.chain] AS chains,
       coalesce(e.sample, false) AS sample
