// title: 已存储的合作网络分析结果列表 / Stored collaboration result lists
// description: kg analyse 为全区（scope "*"）或某条产业链存储的合作网络分析的结果列表（关键中介、社区、无科研伙伴的高企、跨链连接、对接建议）、科研伙伴未掌握的企业和空结果说明，带数据版本；不含逐个主体的网络数据（协同网络页面只需这些列表）。
// param: scope: str = "*"
// label: scope: 范围
// label: version: 数据版本
// label: at: 计算时间
// label: result_json: 分析结果
// label: partners_unknown_json: 科研伙伴未掌握的企业
// label: empty_reasons_json: 空结果说明
MATCH (a:CollabAnalysis {uid: $scope})
RETURN a.version AS version, a.at AS at, a.result_json AS result_json,
       a.partners_unknown_json AS partners_unknown_json, a.empty_reasons_json AS empty_reasons_json
