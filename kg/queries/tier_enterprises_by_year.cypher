// title: 某年获评某梯度的企业 / Enterprises certified at a tier in a year
// description: Enterprises whose certification at the tier carries the given year (year null = every year).
// param: tier: str = "高新技术企业"
// param: year: int = null
// param: local_district: str = @local_district
MATCH (e:Enterprise)-[r:CERTIFIED]->(t:Tier {name: $tier})
WHERE $year IS NULL OR r.year = $year
RETURN r.year AS year, e.name AS enterprise, e.credit_code AS credit_code,
       coalesce(e.district = $local_district, false) AS local, coalesce(e.sample, false) AS sample
ORDER BY year, enterprise, credit_code
