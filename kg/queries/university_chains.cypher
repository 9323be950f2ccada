// title: 高校院所与产业链 / Which university or institute works with which chain
// description: 高校和科研院所通过合作企业所连到的产业链，附企业数（chain 可限一条）。
// param: chain: str = null
// label: chain: 产业链
// label: organisation: 机构
// label: label: 类型
// label: via: 经由
// label: enterprise_count: 企业数
// label: enterprises: 企业
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
