// title: 机构的合作关系 / Collaborations of an organisation
// description: 一家企业、高校、院所或专家（按标识、信用代码或完整名称匹配）的全部合作，含类型、年份和项目。
// param: organisation: str
// label: organisation: 机构
// label: partner: 合作方
// label: partner_label: 合作方类型
// label: type: 类型
// label: year: 年份
// label: project: 项目
// label: sample: 示例数据
// asks: 跟{organisation:university|institute|firm}[合作|合作过|有合作]的[企业|单位|机构|谁|哪些|有谁|伙伴|公司]
// asks: {organisation:university|institute|firm}[和谁|跟谁|与谁|同谁|合作方|合作伙伴|合作过|有合作|的合作]
// answer: {organisation}共有{n}条合作记录，合作方：{names:partner}
// empty: 图谱中未掌握{organisation}的合作记录
MATCH (o)
WHERE (o:Enterprise OR o:University OR o:ResearchInstitute OR o:Expert)
  AND (o.uid = $organisation OR o.name = $organisation OR o.credit_code = $organisation)
MATCH (o)-[r:COLLABORATES_WITH]-(p)
RETURN o.name AS organisation, p.name AS partner, labels(p)[0] AS partner_label,
       r.type AS type, r.year AS year, r.project AS project,
       coalesce(r.sample, false) AS sample
ORDER BY year, partner, project
