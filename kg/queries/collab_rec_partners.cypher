// title: 产学研推荐·科研方 / Recommendation input: research partners and the gaps they could serve
// description: Universities, institutes and experts with their technology fields, and which of the given gap segments (uids of 断链/弱链 segments) share a field with them.
// param: gap_segments: list = []
MATCH (p)-[:HAS_FIELD]->(:TechField)
WHERE p:University OR p:ResearchInstitute OR p:Expert
WITH DISTINCT p
RETURN p.uid AS uid, p.name AS name,
       [l IN labels(p) WHERE l IN ['University', 'ResearchInstitute', 'Expert']][0] AS label,
       [(p)-[:HAS_FIELD]->(f:TechField) | f.uid] AS fields,
       [(p)-[:HAS_FIELD]->(:TechField)<-[:HAS_FIELD]-(g:ChainSegment) WHERE g.uid IN $gap_segments | g.uid] AS gaps,
       coalesce(p.sample, false) AS sample
