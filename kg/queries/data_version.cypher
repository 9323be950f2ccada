// title: 数据版本 / Data version
// description: The latest import run and the node and relationship counts: a cheap fingerprint that changes whenever an import changes the data (the explorer keys its caches on it).
MATCH (n)
WITH count(n) AS nodes
CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
OPTIONAL MATCH (run:ImportRun)
WITH nodes, rels, run ORDER BY run.at DESC, run.uid DESC
RETURN head(collect(run.uid)) AS run, nodes, rels
