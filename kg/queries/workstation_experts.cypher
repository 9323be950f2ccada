// title: 工作站进站专家 / Experts of a workstation
// description: Each workstation (or the one named), its host enterprise and stationed experts with their affiliations.
// param: workstation: str = null
MATCH (w:Workstation)
WHERE $workstation IS NULL OR w.name = $workstation OR w.uid = $workstation
OPTIONAL MATCH (w)-[:HOSTED_BY]->(h:Enterprise)
OPTIONAL MATCH (x:Expert)-[:STATIONED_AT]->(w)
OPTIONAL MATCH (x)-[:AFFILIATED_WITH]->(a)
RETURN w.name AS workstation, h.name AS host, x.name AS expert, x.title AS title,
       a.name AS affiliation, coalesce(w.sample, false) AS sample
ORDER BY workstation, expert
