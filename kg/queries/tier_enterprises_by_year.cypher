// title: 某年获评某梯度的企业 / Enterprises certified at a tier in a year
// description: 某梯度在某年认定的企业，本地在前。
// param: tier: str = "高新技术企业"
// param: year: int = null
// param: local_district: str = @local_district
// label: tier: 梯度
// label: year: 年份
// label: local_district: 本地区
// label: enterprise: 企业
// label: credit_code: 统一社会信用代码
// label: local: 本地
// label: sample: 示例数据
MATCH (e:Enterprise)-[r:CERTIFIED]->(t:Tier {name: $tier})
WHERE $year IS NULL OR r.year = $year
RETURN r.year AS year, e.name AS enterprise, e.credit_code AS credit_code,
       coalesce(e.district = $local_district, false) AS local, coalesce(e.sample, false) AS sample
ORDER BY year, enterprise, credit_code
