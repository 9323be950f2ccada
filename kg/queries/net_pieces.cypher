// title: 协同网络的存储分片 / Stored pieces of the collaboration network view
// description: kg analyse 为协同网络页面按范围切分存储的结果（net_start:范围 为概要：社区、规模与社区间联系；net_part:范围/序号 为按社区排列的主体及其全部联系），带计算时的数据版本；页面只读取当前视图需要的分片。
// param: uids: list = ["net_start:6G"]
// label: uids: 分片
// label: uid: 分片
// label: version: 数据版本
// label: at: 计算时间
// label: rows_json: 内容
MATCH (s:StoredResult)
WHERE s.uid IN $uids
RETURN s.uid AS uid, s.version AS version, s.at AS at, s.rows_json AS rows_json
ORDER BY uid
