// title: 高校院所与产业链 / Which university or institute works with which chain
// description: Universities and institutes tied to a chain's enterprises by collaboration or consortium, with the enterprises behind each tie (chain null = all chains).
// param: chain: str = null
MATCH (r)
WHERE r:University OR r:ResearchInstitute
CALL (r) {
  MATCH (r)-[:COLLABORATES_WITH]-(e:Enterprise)
  RETURN e, 'collaboration' AS via
  UNION
  MATCH (r)-[:MEMBER_OF]->(:Consortium)<-[:MEMBER_OF|LEADS]-(e:Enterprise)
  RETURN e, 'consortium' AS via
}
MATCH (e)-[:IN_CHAIN]->(c:IndustryChain)
WHERE $chain IS NULL OR c.uid = $chain
WITH r, c, collect(DISTINCT via) AS via, collect(DISTINCT e.name) AS enterprises
RETURN r.name AS organisation, labels(r)[0] AS label, c.uid AS chain, via,
       size(enterprises) AS enterprise_count, enterprises
ORDER BY chain, enterprise_count DESC, organisation
