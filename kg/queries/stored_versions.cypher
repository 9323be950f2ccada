// title: 已存储结果的数据版本 / Data versions of stored results
// description: 一个范围（* 为全区，或产业链名）的合作网络分析及给定的已存储分析结果（uid = 分析名:范围）各自计算时的数据版本，不读结果本身；kg analyse 据此判断哪些范围已是当前版本、无需重算。合作网络分析一行的 uid 为 collab:范围。
// param: scope: str = "*"
// param: uids: list = ["chain_gaps:*", "tier_counts:*"]
// label: scope: 范围
// label: uids: 结果
// label: uid: 结果
// label: version: 数据版本
MATCH (s:StoredResult)
WHERE s.uid IN $uids
RETURN s.uid AS uid, s.version AS version
UNION ALL
MATCH (a:CollabAnalysis {uid: $scope})
RETURN 'collab:' + a.uid AS uid, a.version AS version
