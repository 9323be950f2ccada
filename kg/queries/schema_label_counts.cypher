// title: 图谱结构·节点数 / Nodes per label
// description: 给定各类节点（浏览器传入 schema 的类型列表）的数量。图谱结构页使用。
// param: labels: list
// label: labels: 节点类型列表
// label: label: 类型
// label: n: 数量
UNWIND $labels AS label
CALL (label) {
  MATCH (n:$(label))
  RETURN count(n) AS n
}
RETURN label, n
ORDER BY label
