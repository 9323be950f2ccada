// title: 创新联合体成员 / Consortium members
// description: 每个创新联合体（或指定的一个）的成员：牵头企业在前，再按类型和名称，附其服务的产业链。
// param: consortium: str = null
// label: consortium: 创新联合体
// label: focus: 方向
// label: member: 成员
// label: label: 类型
// label: leader: 牵头
// label: chains: 产业链
// label: sample: 示例数据
// asks: [创新联合体|联合体][成员|有哪些|哪些|名单|都有谁]
// asks: {consortium}[成员|有哪些|有谁|都有谁]
// answer: {consortium|创新联合体}共{n}条成员记录：{names:member}
// empty: 图谱中未掌握{consortium|创新联合体}的成员
MATCH (k:Consortium)<-[:MEMBER_OF]-(m)
WHERE $consortium IS NULL OR k.name = $consortium OR k.uid = $consortium
RETURN k.name AS consortium, k.focus AS focus, m.name AS member, labels(m)[0] AS label,
       EXISTS { (m)-[:LEADS]->(k) } AS leader,
       [(k)-[:SERVES]->(c:IndustryChain) | c.uid] AS chains, coalesce(k.sample, false) AS sample
ORDER BY consortium, leader DESC, label, member
