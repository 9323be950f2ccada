// title: 各类节点数量 / Nodes per label
// description: How many nodes of each label the graph holds and how many of them are illustrative sample data (import bookkeeping excluded).
CALL () { MATCH (n) WHERE NOT n:ImportRun RETURN labels(n)[0] AS label, count(*) AS n,
                 sum(CASE WHEN n.sample THEN 1 ELSE 0 END) AS sample }
RETURN label, n, sample ORDER BY n DESC
