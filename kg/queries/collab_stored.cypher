// title: 已存储的合作网络分析 / Stored collaboration analysis
// description: kg analyse 为全区（scope "*"）或某条产业链（scope = 产业链 uid）存储的合作网络分析结果，带计算时的数据版本、科研伙伴未掌握的企业和各项空结果的原因；没有存储时无结果行。
// param: scope: str = "*"
// label: scope: 范围
// label: version: 数据版本
// label: at: 计算时间
// label: seconds: 计算耗时
// label: method: 中介度算法
// label: keys: 节点
// label: names: 名称
// label: labels: 类型
// label: tiers: 最高梯度
// label: local: 本地
// label: samples: 示例数据
// label: chains_json: 所属产业链
// label: community: 社区
// label: betweenness: 中介度
// label: degree: 度
// label: edge_a: 边起点
// label: edge_b: 边终点
// label: edge_weight: 边权重
// label: edge_kinds: 边类型
// label: result_json: 分析结果
// label: partners_unknown_json: 科研伙伴未掌握的企业
// label: empty_reasons_json: 空结果说明
MATCH (a:CollabAnalysis {uid: $scope})
RETURN a.version AS version, a.at AS at, a.seconds AS seconds, a.method AS method,
       a.keys AS keys, a.names AS names, a.labels AS labels, a.tiers AS tiers, a.local AS local,
       a.samples AS samples, a.chains_json AS chains_json, a.community AS community,
       a.betweenness AS betweenness, a.degree AS degree,
       a.edge_a AS edge_a, a.edge_b AS edge_b, a.edge_weight AS edge_weight, a.edge_kinds AS edge_kinds,
       a.result_json AS result_json,
       a.partners_unknown_json AS partners_unknown_json, a.empty_reasons_json AS empty_reasons_json
