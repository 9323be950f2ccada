// title: 支持某梯度的政策措施 / Measures that support a tier
// description: 与某企业梯度关联的政策措施（tier 为空 = 每个梯度及其措施）。
// param: tier: str = null
// label: tier: 梯度
// label: rank: 梯度等级
// label: measure_no: 措施编号
// label: measure: 政策措施
// label: section: 章节
// asks: 哪些[政策|措施]支持{tier}
// asks: {tier}有哪些[政策|措施|扶持|支持|补贴|奖励]
// answer: 支持{tier}的政策措施共{n}条：{names:measure}
// empty: 图谱中未掌握支持{tier}的政策措施
MATCH (m:Measure)-[:SUPPORTS]->(t:Tier)
WHERE $tier IS NULL OR t.name = $tier
RETURN t.name AS tier, t.rank AS rank, m.no AS measure_no, coalesce(m.title, m.name) AS measure,
       m.section_title AS section
ORDER BY rank, tier, measure_no
