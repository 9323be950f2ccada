// title: 已存储的分析结果 / Stored analysis result
// description: 每次导入后（kg analyse）按默认设置存储的全区分析结果（uid = 分析名:范围，如 chain_gaps:*、chain_gaps:6G、segment_statuses:*、tier_counts:*），带计算时的数据版本；没有存储时无结果行。
// param: uid: str = "chain_gaps:*"
// label: uid: 结果
// label: version: 数据版本
// label: at: 计算时间
// label: rows_json: 分析结果
MATCH (s:StoredResult {uid: $uid})
RETURN s.version AS version, s.at AS at, s.rows_json AS rows_json
