// title: 合作网络边表 / Collaboration network edge list
// description: Weighted ties between organisations: collaborations, consortium co-membership, workstation (host enterprise – stationed expert) and expert affiliations. Endpoints are element ids (see collab_nodes). With a chain, only ties touching that chain's enterprises, plus the affiliations of experts tied to them. Used by kg collab.
// param: chain: str = null
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
RETURN elementId(a) AS a, elementId(b) AS b, kind, weight
