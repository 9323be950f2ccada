// title: 合作网络边表 / Collaboration network edge list
// description: Weighted ties between organisations: collaborations, consortium co-membership, workstation (host enterprise – stationed expert) and expert affiliations. With a chain, only ties touching that chain's enterprises, plus the affiliations of experts tied to them. Used by kg collab.
// param: chain: str = null
// param: local_district: str = "松江区"
CALL () {
  MATCH (a)-[r:COLLABORATES_WITH]->(b)
  RETURN a, b, 'collaboration' AS kind, count(r) AS weight
  UNION ALL
  MATCH (a)-[:MEMBER_OF]->(k:Consortium)<-[:MEMBER_OF]-(b)
  WHERE elementId(a) < elementId(b)
  RETURN a, b, 'consortium' AS kind, count(DISTINCT k) AS weight
  UNION ALL
  MATCH (a:Expert)-[:STATIONED_AT]->(w:Workstation)-[:HOSTED_BY]->(b:Enterprise)
  RETURN a, b, 'workstation' AS kind, count(DISTINCT w) AS weight
  UNION ALL
  MATCH (a:Expert)-[:AFFILIATED_WITH]->(b)
  RETURN a, b, 'affiliation' AS kind, count(*) AS weight
}
WITH a, b, kind, weight
WHERE $chain IS NULL
   OR EXISTS { (a:Enterprise)-[:IN_CHAIN]->(:IndustryChain {uid: $chain}) }
   OR EXISTS { (a:Enterprise)-[:IN_SEGMENT]->(:ChainSegment {chain: $chain}) }
   OR EXISTS { (b:Enterprise)-[:IN_CHAIN]->(:IndustryChain {uid: $chain}) }
   OR EXISTS { (b:Enterprise)-[:IN_SEGMENT]->(:ChainSegment {chain: $chain}) }
   OR (kind = 'affiliation' AND (
         EXISTS { MATCH (a)-[:COLLABORATES_WITH]-(e:Enterprise)
                  WHERE EXISTS { (e)-[:IN_CHAIN]->(:IndustryChain {uid: $chain}) }
                     OR EXISTS { (e)-[:IN_SEGMENT]->(:ChainSegment {chain: $chain}) } }
         OR EXISTS { MATCH (a)-[:STATIONED_AT]->(:Workstation)-[:HOSTED_BY]->(e:Enterprise)
                     WHERE EXISTS { (e)-[:IN_CHAIN]->(:IndustryChain {uid: $chain}) }
                        OR EXISTS { (e)-[:IN_SEGMENT]->(:ChainSegment {chain: $chain}) } }))
WITH a, b, kind, weight,
     [l IN labels(a) WHERE l IN ['Enterprise', 'University', 'ResearchInstitute', 'Expert']][0] AS a_label,
     [l IN labels(b) WHERE l IN ['Enterprise', 'University', 'ResearchInstitute', 'Expert']][0] AS b_label
RETURN a_label + ':' + a.uid AS a_key, a_label, a.name AS a_name,
       coalesce(a.district = $local_district, false) AS a_local, coalesce(a.sample, false) AS a_sample,
       [(a)-[:IN_CHAIN]->(c:IndustryChain) | c.uid] + [(a)-[:IN_SEGMENT]->(s:ChainSegment) | s.chain] AS a_chains,
       b_label + ':' + b.uid AS b_key, b_label, b.name AS b_name,
       coalesce(b.district = $local_district, false) AS b_local, coalesce(b.sample, false) AS b_sample,
       [(b)-[:IN_CHAIN]->(c:IndustryChain) | c.uid] + [(b)-[:IN_SEGMENT]->(s:ChainSegment) | s.chain] AS b_chains,
       kind, weight
ORDER BY a_key, b_key, kind
