// title: 合作网络节点 / Collaboration network nodes
// description: Attributes of the organisations with the given element ids: label, uid, name, local flag, chains (enterprises: IN_CHAIN and their segments' chains), sample flag, highest tier (enterprises; null when uncertified).
// param: ids: list
// param: local_district: str = "松江区"
UNWIND $ids AS id
MATCH (n)
WHERE elementId(n) = id
RETURN id,
       [l IN labels(n) WHERE l IN ['Enterprise', 'University', 'ResearchInstitute', 'Expert']][0] AS label,
       n.uid AS uid, n.name AS name, coalesce(n.district = $local_district, false) AS local,
       coalesce(n.sample, false) AS sample,
       [(n)-[:IN_CHAIN]->(c:IndustryChain) | c.uid] + [(n)-[:IN_SEGMENT]->(s:ChainSegment) | s.chain] AS chains,
       reduce(best = null, t IN [(n)-[:CERTIFIED]->(x:Tier) | x] |
         CASE WHEN best IS NULL OR t.rank > best.rank OR (t.rank = best.rank AND t.name < best.name)
              THEN t ELSE best END).name AS tier
