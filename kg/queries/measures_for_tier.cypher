// title: 支持某梯度的政策措施 / Measures that support a tier
// description: Policy measures linked to an enterprise tier (tier null = every tier with its measures).
// param: tier: str = null
MATCH (m:Measure)-[:SUPPORTS]->(t:Tier)
WHERE $tier IS NULL OR t.name = $tier
RETURN t.name AS tier, t.rank AS rank, m.no AS measure_no, coalesce(m.title, m.name) AS measure,
       m.section_title AS section
ORDER BY rank, tier, measure_no
