// title: 图谱结构·某类起点的关系 / Relationships of one type from one label, by end label
// description: 从某类节点出发的某种关系，按终点类型计数（需要逐条查看的少数情形：计数存储推不出每对端点的数量时，图谱结构页从关系最少的起点类型查）。
// param: label: str = "University"
// param: type: str = "COLLABORATES_WITH"
// label: label: 起点类型
// label: type: 关系类型
// label: target: 终点类型
// label: n: 数量
MATCH (:$($label))-[r:$($type)]->(b)
RETURN labels(b)[0] AS target, count(r) AS n
ORDER BY target
