// title: 政策措施覆盖 / What each policy measure supports
// description: 每条政策措施：所属部分、全文、支持关系（对象、作为依据的措施原文句子、支持方式、限定产业链），以及涉及的本地企业（所在产业链、梯度、关键环节、创新联合体被支持，或依托被支持的工作站）和载体（类型被支持）；各列前 max_names 个名称，数量完整。with_subjects 为 false 时不统计涉及的企业与载体（断链补链只需支持关系）。
// param: district: str = @local_district
// param: max_names: int = 200
// param: with_subjects: bool = true
// label: district: 所在区
// label: max_names: 名单上限
// label: with_subjects: 统计涉及企业与载体（false：只要措施与支持关系，涉及数与名单为空）
// label: policy: 政策文件
// label: no: 序号
// label: title: 标题
// label: text: 全文
// label: section: 部分
// label: supports: 支持关系
// label: enterprise_count: 涉及企业数
// label: enterprises: 涉及企业
// label: carrier_count: 涉及载体数
// label: carriers: 涉及载体
// label: sample: 示例数据
MATCH (m:Measure)
OPTIONAL MATCH (m)-[:PART_OF]->(p:Policy)
CALL (m) {
  OPTIONAL MATCH (m)-[r:SUPPORTS]->(t)
  WITH r, t ORDER BY labels(t)[0], t.uid
  RETURN [x IN collect({label: labels(t)[0], uid: t.uid, name: coalesce(t.name, t.uid),
          sentence: r.sentence, kinds: coalesce(r.kinds, []), scope: coalesce(r.scope, [])}) WHERE x.uid IS NOT NULL] AS supports
}
CALL (m) {
  CALL (m) {  // UNION: each concerned firm once
    MATCH (m)-[:SUPPORTS]->()<-[:IN_CHAIN|CERTIFIED|IN_SEGMENT|MEMBER_OF]-(e:Enterprise)
    WHERE $with_subjects AND ($district IS NULL OR e.district = $district)
    RETURN e
    UNION
    MATCH (m)-[:SUPPORTS]->(:Workstation)-[:HOSTED_BY]->(e:Enterprise)
    WHERE $with_subjects AND ($district IS NULL OR e.district = $district)
    RETURN e
  }
  // names and flags only, sorted once: holding every concerned node in one list exceeded a 3 GB
  // server's transaction memory at 100k enterprises
  WITH e.name AS name, e.uid AS uid, coalesce(e.sample, false) AS sample ORDER BY name, uid
  RETURN count(*) AS enterprise_count, collect(name)[0..$max_names] AS enterprises,
         any(x IN collect(sample) WHERE x) AS enterprises_sample
}
CALL (m) {
  OPTIONAL MATCH (m)-[:SUPPORTS]->(:CarrierType)<-[:OF_TYPE]-(k:Carrier)
  WHERE $with_subjects
  WITH DISTINCT k ORDER BY k.name, k.uid
  RETURN count(k) AS carrier_count, collect(k.name)[0..$max_names] AS carriers,
         any(x IN collect(coalesce(k.sample, false)) WHERE x) AS carriers_sample
}
RETURN p.uid AS policy, m.uid AS uid, m.no AS no, coalesce(m.title, m.name) AS title, m.text AS text,
       m.section_no AS section_no, m.section_title AS section, supports,
       [s IN supports WHERE s.label = 'IndustryChain' | s.uid] AS chains,
       [s IN supports WHERE s.label = 'Tier' | s.name] AS tiers,
       [s IN supports WHERE s.label = 'CarrierType' | s.name] AS carrier_types,
       [s IN supports WHERE s.label = 'Consortium' | s.name] AS consortia,
       [s IN supports WHERE s.label = 'Workstation' | s.name] AS workstations,
       [s IN supports WHERE s.label = 'ChainSegment' | s.uid] AS key_segments,
       enterprise_count, enterprises, carrier_count, carriers,
       coalesce(m.sample, false) OR enterprises_sample OR carriers_sample AS sample
ORDER BY policy, no, uid
