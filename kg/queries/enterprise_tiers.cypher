// title: 企业资质历程 / An enterprise's certification history
// description: 一家企业（按标识、信用代码或完整名称匹配）逐年获得的梯度资质。
// param: enterprise: str
// label: enterprise: 企业
// label: tier: 梯度
// label: rank: 梯度等级
// label: year: 年份
// label: sample: 示例数据
// asks: {enterprise:firm}[资质|梯度|认定|荣誉|称号|是不是高企|是高企吗|什么级别]
// answer: {enterprise}共有{n}项资质认定：{names:tier}
// empty: 图谱中未掌握{enterprise}的资质认定
MATCH (e:Enterprise)-[r:CERTIFIED]->(t:Tier)
WHERE e.uid = $enterprise OR e.credit_code = $enterprise OR e.name = $enterprise
RETURN e.name AS enterprise, t.name AS tier, t.rank AS rank, r.year AS year,
       coalesce(r.sample, false) AS sample
ORDER BY year, rank, tier
