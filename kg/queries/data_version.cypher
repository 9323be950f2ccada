// title: 数据版本 / Data version
// description: The latest import run, every import run applied so far, and the node and relationship counts (stored analysis results not counted): a cheap fingerprint that changes whenever an import of new files changes the data (the explorer keys its caches on it; stored analyses are stamped with it). Re-importing the same files keeps it.
MATCH (n)
WITH count(n) AS all_nodes
CALL () { MATCH (a:CollabAnalysis) RETURN count(a) AS analyses }
CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
CALL () {
  OPTIONAL MATCH (run:ImportRun)
  WITH run ORDER BY run.at DESC, run.uid DESC
  RETURN head(collect(run.uid)) AS run, collect(run.uid) AS runs
}
RETURN run, runs, all_nodes - analyses AS nodes, rels
