// title: 工作站进站专家 / Experts of a workstation
// description: 每个工作站（或指定的一个）的依托企业和进站专家。
// param: workstation: str = null
// label: workstation: 工作站
// label: host: 依托企业
// label: expert: 专家
// label: title: 标题
// label: affiliation: 所属单位
// label: sample: 示例数据
// asks: [工作站|院士站][专家|院士|有哪些|哪些|名单]
// asks: {workstation}[专家|院士|有谁|有哪些]
// answer: {workstation|院士（专家）工作站}共{n}条进站记录：{names:expert}
// empty: 图谱中未掌握{workstation|工作站}的进站专家
MATCH (w:Workstation)
WHERE $workstation IS NULL OR w.name = $workstation OR w.uid = $workstation
OPTIONAL MATCH (w)-[:HOSTED_BY]->(h:Enterprise)
OPTIONAL MATCH (x:Expert)-[:STATIONED_AT]->(w)
OPTIONAL MATCH (x)-[:AFFILIATED_WITH]->(a)
RETURN w.name AS workstation, h.name AS host, x.name AS expert, x.title AS title,
       a.name AS affiliation, coalesce(w.sample, false) AS sample
ORDER BY workstation, expert
