// title: 问答词表 / Vocabulary of the questions
// description: kg ask 识别问题中名称所用的词表，全部取自图谱：产业链、环节（附所属产业链）、梯度、园区、街镇、高校、科研院所、企业（附别名）、技术领域、政策措施（附序号）、工作站和创新联合体。每行为 [类型, 参数取值, 名称, 别名, 所属产业链, 示例数据]；新导入的产业链、企业不需改代码即可识别。
// label: kind: 类型
// label: key: 参数取值
// label: name: 名称
// label: aliases: 别名
// label: chain: 所属产业链
// label: sample: 示例数据
CALL () {
  MATCH (c:IndustryChain)
  RETURN 'chain' AS kind, c.uid AS key, coalesce(c.name, c.uid) AS name, coalesce(c.aliases, []) AS aliases,
         null AS chain, coalesce(c.sample, false) AS sample
  UNION ALL
  MATCH (s:ChainSegment)
  RETURN 'segment' AS kind, s.name AS key, s.name AS name, coalesce(s.aliases, []) AS aliases,
         s.chain AS chain, coalesce(s.sample, false) AS sample
  UNION ALL
  MATCH (t:Tier)
  RETURN 'tier' AS kind, t.name AS key, t.name AS name, coalesce(t.aliases, []) AS aliases,
         null AS chain, false AS sample
  UNION ALL
  MATCH (p:Park)
  RETURN 'park' AS kind, p.name AS key, p.name AS name, coalesce(p.aliases, []) AS aliases,
         null AS chain, coalesce(p.sample, false) AS sample
  UNION ALL
  MATCH (e:Enterprise) WHERE e.town IS NOT NULL
  RETURN DISTINCT 'town' AS kind, e.town AS key, e.town AS name, [] AS aliases, null AS chain, false AS sample
  UNION ALL
  MATCH (u:University)
  RETURN 'university' AS kind, u.name AS key, u.name AS name, coalesce(u.aliases, []) AS aliases,
         null AS chain, coalesce(u.sample, false) AS sample
  UNION ALL
  MATCH (r:ResearchInstitute)
  RETURN 'institute' AS kind, r.name AS key, r.name AS name, coalesce(r.aliases, []) AS aliases,
         null AS chain, coalesce(r.sample, false) AS sample
  UNION ALL
  MATCH (e:Enterprise)
  RETURN 'firm' AS kind, e.uid AS key, e.name AS name, coalesce(e.aliases, []) AS aliases,
         null AS chain, coalesce(e.sample, false) AS sample
  UNION ALL
  MATCH (f:TechField)
  RETURN 'field' AS kind, f.uid AS key, coalesce(f.name, f.uid) AS name, coalesce(f.aliases, []) AS aliases,
         null AS chain, coalesce(f.sample, false) AS sample
  UNION ALL
  MATCH (m:Measure)
  RETURN 'measure' AS kind, toString(m.no) AS key, coalesce(m.title, m.name) AS name, [] AS aliases,
         null AS chain, false AS sample
  UNION ALL
  MATCH (w:Workstation)
  RETURN 'workstation' AS kind, w.name AS key, w.name AS name, coalesce(w.aliases, []) AS aliases,
         null AS chain, coalesce(w.sample, false) AS sample
  UNION ALL
  MATCH (k:Consortium)
  RETURN 'consortium' AS kind, k.name AS key, k.name AS name, coalesce(k.aliases, []) AS aliases,
         null AS chain, coalesce(k.sample, false) AS sample
}
RETURN kind, key, name, aliases, chain, sample
