// title: 是否含示例数据 / Whether the graph holds sample data
// description: 图谱中是否有标记为示例（虚构）数据的节点或关系：找到第一个即停止，不统计全部（没有示例数据时仍需看完全部节点和关系）。
// label: sample_present: 含示例数据
OPTIONAL MATCH (n) WHERE n.sample = true
WITH n LIMIT 1
OPTIONAL MATCH ()-[r]->() WHERE n IS NULL AND r.sample = true
WITH n, r LIMIT 1
RETURN n IS NOT NULL OR r IS NOT NULL AS sample_present
