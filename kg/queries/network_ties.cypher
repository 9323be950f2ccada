// title: 协同关系边表 / Collaboration ties
// description: 谁与谁相连：合作、联合体成员与牵头、工作站依托与进站、专家所属单位；可只取一端在某产业链（IN_CHAIN 或 SERVES）的联系；最多 max_edges 条。浏览器的网络图使用。
// param: chain: str = null
// param: max_edges: int = 20000
// label: chain: 产业链
// label: max_edges: 关系上限
// label: a: 主体A
// label: a_uid: A 标识
// label: a_name: 主体A名称
// label: a_label: A 类型
// label: b: 主体B
// label: b_uid: B 标识
// label: b_name: 主体B名称
// label: b_label: B 类型
// label: rel: 关系
// label: detail: 详情
// label: sample: 示例数据
MATCH (a)-[r:COLLABORATES_WITH|MEMBER_OF|LEADS|HOSTED_BY|STATIONED_AT|AFFILIATED_WITH]->(b)
WHERE $chain IS NULL
   OR EXISTS { (a)-[:IN_CHAIN|SERVES]->(:IndustryChain {uid: $chain}) }
   OR EXISTS { (b)-[:IN_CHAIN|SERVES]->(:IndustryChain {uid: $chain}) }
RETURN elementId(a) AS a, a.uid AS a_uid, a.name AS a_name, labels(a)[0] AS a_label,
       elementId(b) AS b, b.uid AS b_uid, b.name AS b_name, labels(b)[0] AS b_label,
       type(r) AS rel, r.type AS detail,
       coalesce(a.sample, false) OR coalesce(b.sample, false) OR coalesce(r.sample, false) AS sample
LIMIT $max_edges
