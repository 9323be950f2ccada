// title: 数据版本 / Data version
// description: 最近一次导入及节点、关系总数：数据一变就变的指纹（浏览器按它刷新缓存）。
MATCH (n)
WITH count(n) AS nodes
CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
OPTIONAL MATCH (run:ImportRun)
WITH nodes, rels, run ORDER BY run.at DESC, run.uid DESC
RETURN head(collect(run.uid)) AS run, nodes, rels
