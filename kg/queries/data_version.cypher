// title: 数据版本 / Data version
// description: 最近一次导入、已应用的全部导入及节点、关系总数（不计存储的分析结果）：数据一变就变的指纹（浏览器按它刷新缓存，存储的分析结果以它标记版本）。重复导入同一批文件不改变它。
MATCH (n)
WITH count(n) AS all_nodes
CALL () { MATCH (a:CollabAnalysis) RETURN count(a) AS collab }
CALL () { MATCH (a:StoredResult) RETURN count(a) AS gaps }
CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
CALL () {
  OPTIONAL MATCH (run:ImportRun)
  WITH run ORDER BY run.at DESC, run.uid DESC
  RETURN head(collect(run.uid)) AS run, collect(run.uid) AS runs
}
RETURN run, runs, all_nodes - collab - gaps AS nodes, rels
