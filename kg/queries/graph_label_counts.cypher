// title: 各类节点数量 / Nodes per label
// description: 图谱中每类节点的数量及其中示例数据的数量（不计导入记录）。
// label: label: 类型
// label: n: 数量
// label: sample: 示例数据数量
CALL () { MATCH (n) WHERE NOT n:ImportRun RETURN labels(n)[0] AS label, count(*) AS n,
                 sum(CASE WHEN n.sample THEN 1 ELSE 0 END) AS sample }
RETURN label, n, sample ORDER BY n DESC
