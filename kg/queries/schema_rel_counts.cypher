// title: 图谱结构·关系数 / Relationships per type and end labels
// description: 每种关系类型在每对节点类型之间的数量；pairs 为 {type, source, target} 列表（浏览器传入 schema 的关系端点）。图谱结构页使用。
// param: pairs: list
// label: pairs: 关系端点列表
// label: type: 关系类型
// label: source: 起点类型
// label: target: 终点类型
// label: pair: 端点
// label: n: 数量
UNWIND $pairs AS pair
CALL (pair) {
  MATCH (:$(pair.source))-[r:$(pair.type)]->(:$(pair.target))
  RETURN count(r) AS n
}
RETURN pair.type AS type, pair.source AS source, pair.target AS target, n
ORDER BY type, source, target
