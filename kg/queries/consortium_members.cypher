// title: 创新联合体成员 / Consortium members
// description: Members of each consortium (or the one named): leader first, then by kind and name, with the chains it serves.
// param: consortium: str = null
MATCH (k:Consortium)<-[:MEMBER_OF]-(m)
WHERE $consortium IS NULL OR k.name = $consortium OR k.uid = $consortium
RETURN k.name AS consortium, k.focus AS focus, m.name AS member, labels(m)[0] AS label,
       EXISTS { (m)-[:LEADS]->(k) } AS leader,
       [(k)-[:SERVES]->(c:IndustryChain) | c.uid] AS chains, coalesce(k.sample, false) AS sample
ORDER BY consortium, leader DESC, label, member
