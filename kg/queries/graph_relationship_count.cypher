// title: 关系数量 / Relationships
// description: How many relationships the graph holds and how many of them are illustrative sample data.
MATCH ()-[r]->()
RETURN count(r) AS n, sum(CASE WHEN r.sample THEN 1 ELSE 0 END) AS sample
