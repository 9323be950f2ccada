// title: 合作网络边表 / Collaboration network edge list
// description: 机构之间的加权联系：合作、同属创新联合体、工作站（依托企业—进站专家）和专家所属单位。端点为内部标识（见 collab_orgs）；结果为一行，每条联系占四列同一位置：a（主体A）、b（主体B）、kind（类别）、weight（强度）。给定产业链时只取与该链企业相连的联系及其专家的所属单位。kg collab 按 collab_ties 的原始关系在本机算出同一张表（服务器不必分组，快三倍）。
// param: chain: str = null
// label: chain: 产业链
// label: a: 主体A
// label: b: 主体B
// label: kind: 类别
// label: weight: 强度
// the chain's enterprises, and the experts who collaborate with one or work at a workstation one
// hosts, gathered once: each tie is then kept by two list look-ups instead of five sub-queries
CALL () {
  MATCH (e:Enterprise)-[:IN_CHAIN]->(:IndustryChain {uid: $chain}) RETURN e
  UNION
  MATCH (e:Enterprise)-[:IN_SEGMENT]->(:ChainSegment {chain: $chain}) RETURN e
}
WITH collect(e) AS members
WITH members, COLLECT {
  UNWIND members AS e
  MATCH (e)-[:COLLABORATES_WITH]-(x:Expert)
  RETURN x
  UNION
  UNWIND members AS e
  MATCH (x:Expert)-[:STATIONED_AT]->(:Workstation)-[:HOSTED_BY]->(e)
  RETURN x
} AS experts
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
WITH a, b, kind, weight, members, experts
WHERE $chain IS NULL OR a IN members OR b IN members OR (kind = 'affiliation' AND a IN experts)
// one row of four parallel lists (the i-th tie is a[i], b[i], kind[i], weight[i]): 200k ties
// decode in a fraction of the time 200k records — or 200k small lists — take in the driver
RETURN collect(elementId(a)) AS a, collect(elementId(b)) AS b, collect(kind) AS kind, collect(weight) AS weight
