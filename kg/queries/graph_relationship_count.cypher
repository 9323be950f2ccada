// title: 关系数量 / Relationships
// description: 图谱中关系的总数及其中示例数据的数量。
// label: n: 数量
// label: sample: 示例数据数量
MATCH ()-[r]->()
RETURN count(r) AS n, sum(CASE WHEN r.sample THEN 1 ELSE 0 END) AS sample
