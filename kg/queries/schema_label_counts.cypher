// title: 图谱结构·节点数 / Nodes per label
// description: How many nodes carry each of the given labels (the explorer passes the schema's labels). Used by the 图谱结构 view.
// param: labels: list
UNWIND $labels AS label
CALL (label) {
  MATCH (n:$(label))
  RETURN count(n) AS n
}
RETURN label, n
ORDER BY label
