// title: 产学研推荐·科研方 / Recommendation input: research partners and the gaps they could serve
// description: Universities, institutes and experts with their technology fields — a university's or institute's own fields plus those of its affiliated experts (each with the experts it comes through) — the organisation an expert belongs to, and which of the given gap segments (uids of 断链/弱链 segments) share a field with them.
// param: gap_segments: list = []
CALL () {
  MATCH (p)-[:HAS_FIELD]->(:TechField)
  WHERE p:University OR p:ResearchInstitute OR p:Expert
  RETURN p
  UNION
  MATCH (:TechField)<-[:HAS_FIELD]-(:Expert)-[:AFFILIATED_WITH]->(p)
  WHERE p:University OR p:ResearchInstitute
  RETURN p
}
WITH p,
     [(p)-[:HAS_FIELD]->(f:TechField) | f.uid] AS own,
     [(p)<-[:AFFILIATED_WITH]-(x:Expert)-[:HAS_FIELD]->(f:TechField) |
        {field: f.uid, expert: x.name, sample: coalesce(x.sample, false)}] AS via
WITH p, own, via, own + [v IN via | v.field] AS all_fields
RETURN p.uid AS uid, p.name AS name,
       [l IN labels(p) WHERE l IN ['University', 'ResearchInstitute', 'Expert']][0] AS label,
       own AS fields, via,
       [(p)-[:AFFILIATED_WITH]->(a) | a.name] AS affiliations,
       [(g:ChainSegment)-[:HAS_FIELD]->(f:TechField) WHERE g.uid IN $gap_segments AND f.uid IN all_fields | g.uid] AS gaps,
       coalesce(p.sample, false) AS sample
