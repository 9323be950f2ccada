// title: 合作网络原始联系 / Collaboration network raw ties
// description: 协同网络分析读取的原始联系，每类一对平行列表（第 i 项为一条关系的两端内部标识）：合作（主体—主体）、创新联合体成员（成员—联合体）、进站（专家—工作站）、工作站依托（工作站—企业）、专家所属单位（专家—单位）；给定产业链时另给出该链的企业（members）。加权联系表（collab_edges 的结果：合作次数、同属联合体个数、经工作站的专家—企业、所属单位）由 kg collab 在本机按这些列表算出，与 collab_edges 相同（有测试对照）：服务器只按关系类型扫描，不做分组。结果为一行。
// param: chain: str = null
// label: chain: 产业链
// label: members: 该链企业
// label: collab_a: 合作主体A
// label: collab_b: 合作主体B
// label: member_a: 联合体成员
// label: member_k: 联合体
// label: station_x: 进站专家
// label: station_w: 进站工作站
// label: host_w: 工作站
// label: host_e: 依托企业
// label: affil_x: 专家
// label: affil_b: 所属单位
CALL () {
  MATCH (e:Enterprise)-[:IN_CHAIN]->(:IndustryChain {uid: $chain}) RETURN e
  UNION
  MATCH (e:Enterprise)-[:IN_SEGMENT]->(:ChainSegment {chain: $chain}) RETURN e
}
WITH collect(elementId(e)) AS members
CALL () {
  MATCH (a)-[:COLLABORATES_WITH]->(b) RETURN collect(elementId(a)) AS collab_a, collect(elementId(b)) AS collab_b
}
CALL () {
  MATCH (a)-[:MEMBER_OF]->(k:Consortium) RETURN collect(elementId(a)) AS member_a, collect(elementId(k)) AS member_k
}
CALL () {
  MATCH (x:Expert)-[:STATIONED_AT]->(w:Workstation)
  RETURN collect(elementId(x)) AS station_x, collect(elementId(w)) AS station_w
}
CALL () {
  MATCH (w:Workstation)-[:HOSTED_BY]->(e:Enterprise) RETURN collect(elementId(w)) AS host_w, collect(elementId(e)) AS host_e
}
CALL () {
  MATCH (x:Expert)-[:AFFILIATED_WITH]->(b) RETURN collect(elementId(x)) AS affil_x, collect(elementId(b)) AS affil_b
}
RETURN members, collab_a, collab_b, member_a, member_k, station_x, station_w, host_w, host_e, affil_x, affil_b
