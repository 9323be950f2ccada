// title: 技术领域的相关主体 / Who works on a technology field
// description: Segments, universities, institutes, experts, enterprises and consortia that carry a technology field.
// param: field: str
MATCH (f:TechField {uid: $field})<-[:HAS_FIELD]-(n)
RETURN labels(n)[0] AS label, n.name AS name, n.uid AS uid, coalesce(n.sample, false) AS sample
ORDER BY label, name, uid
