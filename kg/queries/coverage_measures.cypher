// title: 政策措施覆盖 / What each policy measure supports
// description: Every measure with its section, full text and SUPPORTS links (target, the sentence of the measure that justifies the link, the kinds of support, the chains it is limited to), and the local enterprises and carriers it concerns: enterprises in a supported chain, tier, key segment or consortium, or hosting a supported workstation; carriers of a supported carrier type (first max_names names of each, counts complete).
// param: district: str = null
// param: max_names: int = 200
MATCH (m:Measure)
OPTIONAL MATCH (m)-[:PART_OF]->(p:Policy)
CALL (m) {
  OPTIONAL MATCH (m)-[r:SUPPORTS]->(t)
  WITH r, t ORDER BY labels(t)[0], t.uid
  RETURN [x IN collect({label: labels(t)[0], uid: t.uid, name: coalesce(t.name, t.uid),
          sentence: r.sentence, kinds: coalesce(r.kinds, []), scope: coalesce(r.scope, [])}) WHERE x.uid IS NOT NULL] AS supports
}
CALL (m) {
  CALL (m) {
    MATCH (m)-[:SUPPORTS]->()<-[:IN_CHAIN|CERTIFIED|IN_SEGMENT|MEMBER_OF]-(e:Enterprise)
    RETURN e
    UNION
    MATCH (m)-[:SUPPORTS]->(:Workstation)-[:HOSTED_BY]->(e:Enterprise)
    RETURN e
  }
  WITH DISTINCT e
  WHERE $district IS NULL OR e.district = $district
  WITH e ORDER BY e.name, e.uid
  RETURN count(e) AS enterprise_count, collect(e.name)[0..$max_names] AS enterprises,
         any(x IN collect(coalesce(e.sample, false)) WHERE x) AS enterprises_sample
}
CALL (m) {
  OPTIONAL MATCH (m)-[:SUPPORTS]->(:CarrierType)<-[:OF_TYPE]-(k:Carrier)
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
