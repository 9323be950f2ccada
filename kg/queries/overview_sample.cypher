// title: 是否含示例数据 / Whether the graph holds sample data
// description: 图谱中是否有标记为示例（虚构）数据的节点或关系：找到第一个即停止，不统计全部。
// label: sample_present: 含示例数据
RETURN EXISTS { MATCH (n) WHERE n.sample = true } OR EXISTS { MATCH ()-[r]->() WHERE r.sample = true }
       AS sample_present
