// title: 企业一度关系 / An enterprise's neighbourhood
// description: 一家企业（按信用代码、标识或完整名称匹配）一度范围内的一切：产业链、环节、梯度、园区、合作方、联合体、工作站。
// param: enterprise: str
// label: enterprise: 企业
// label: relationship: 关系
// label: direction: 方向
// label: label: 类型
// label: name: 名称
// label: year: 年份
// label: detail: 详情
// label: sample: 示例数据
// asks: {enterprise:firm}[关系|一度|邻居|关联|情况|画像|介绍|怎么样|概况|基本信息|相关]
// answer: {enterprise}一度范围内共有{n}条关系：{names:name}
// empty: 图谱中未掌握{enterprise}的任何关系
MATCH (e:Enterprise)
WHERE e.uid = $enterprise OR e.credit_code = $enterprise OR e.name = $enterprise
MATCH (e)-[r]-(n)
WHERE NOT n:ImportRun
RETURN e.name AS enterprise, type(r) AS relationship,
       CASE WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction,
       labels(n)[0] AS label, n.name AS name, r.year AS year, r.type AS detail,
       coalesce(n.sample, false) OR coalesce(r.sample, false) AS sample
ORDER BY relationship, label, name
