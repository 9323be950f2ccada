// title: 已存储的断链补链分析 / Stored gap analysis
// description: 每次导入后（kg analyse）按默认阈值为全部产业链（scope "*"）和每条产业链存储的断链补链结果，带计算时的数据版本；没有存储时无结果行。
// param: scope: str = "*"
// label: scope: 范围
// label: version: 数据版本
// label: at: 计算时间
// label: rows_json: 分析结果
MATCH (g:GapAnalysis {uid: $scope})
RETURN g.version AS version, g.at AS at, g.rows_json AS rows_json
