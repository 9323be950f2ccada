// title: 示例数据占比 / How much of the graph is sample data
// description: 标记为示例（虚构）数据的节点和关系数，与总数对照。
CALL () { MATCH (n) WHERE n.sample = true RETURN count(n) AS sample_nodes }
CALL () { MATCH ()-[r]->() WHERE r.sample = true RETURN count(r) AS sample_relationships }
RETURN sample_nodes, sample_relationships, COUNT { () } AS nodes, COUNT { ()-->() } AS relationships
